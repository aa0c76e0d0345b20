//! How an application arrived and which day counts as its receipt (条例第二十九条、第三十一条).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::{FieldError, Words};

string_enum! {
    /// The way an application reached the office.
    Channel {
        /// The online form (互联网渠道).
        Online = "online",
        /// E-mail: an internet channel, received as online.
        Email = "email",
        /// Handed in at the office (当面提交).
        InPerson = "in_person",
        /// Said at the office, which fills in the form for the applicant (第二十九条第一款);
        /// received that day, as in person.
        Oral = "oral",
        /// Post that is signed for (挂号信、EMS、快递).
        RegisteredPost = "registered_post",
        /// Ordinary letter, not signed for (平常信函).
        OrdinaryPost = "ordinary_post",
        /// The office's fax.
        Fax = "fax",
    }
}

impl Channel {
    /// How the interface names it.
    pub fn label(self) -> Words {
        match self {
            Self::Online => words!("网上申请", "Online"),
            Self::Email => words!("电子邮件", "E-mail"),
            Self::InPerson => words!("当面提交", "In person"),
            Self::Oral => words!(
                "口头提出（代为填写）",
                "Oral (form filled in by the office)"
            ),
            Self::RegisteredPost => words!("邮寄（需签收）", "Post, signed for"),
            Self::OrdinaryPost => words!("平常信函", "Ordinary post"),
            Self::Fax => words!("传真", "Fax"),
        }
    }
}

/// The dates the office records when an application arrives; which one fixes the receipt
/// depends on the channel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptFacts {
    /// The day it was handed in or said at the office.
    pub submitted_on: Option<NaiveDate>,
    /// The day the office signed for the post.
    pub signed_for_on: Option<NaiveDate>,
    /// The day the office confirmed receipt with the applicant (ordinary post, online,
    /// e-mail, fax).
    pub confirmed_on: Option<NaiveDate>,
}

/// The day the application counts as received (第三十一条), with the rule that fixed it.
pub fn receipt_date(
    channel: Channel,
    facts: &ReceiptFacts,
) -> Result<(NaiveDate, Words), FieldError> {
    let need = |date: Option<NaiveDate>, field: &str, what: Words| {
        date.ok_or_else(|| {
            FieldError::new(
                field,
                Words::new(
                    format!("请填写{}", what.zh),
                    format!("{} is required", what.en),
                ),
            )
        })
    };
    match channel {
        Channel::InPerson | Channel::Oral => {
            let date = need(
                facts.submitted_on,
                "submitted_on",
                words!("提交日期", "The date of submission"),
            )?;
            let label = channel.label();
            Ok((
                date,
                Words::new(
                    format!(
                        "{}：以提交之日 {date} 为收到申请之日（第三十一条第一项）",
                        label.zh
                    ),
                    format!(
                        "{}: received on the day it was submitted, {date} (Art. 31(1))",
                        label.en
                    ),
                ),
            ))
        }
        Channel::RegisteredPost => {
            let date = need(
                facts.signed_for_on,
                "signed_for_on",
                words!("签收日期", "The date the post was signed for"),
            )?;
            Ok((
                date,
                words!(
                    "邮寄：以签收之日 {date} 为收到申请之日（第三十一条第二项）",
                    "Post: received on the day it was signed for, {date} (Art. 31(2))"
                ),
            ))
        }
        Channel::OrdinaryPost => {
            let date = need(
                facts.confirmed_on,
                "confirmed_on",
                words!(
                    "与申请人确认收到的日期",
                    "The date receipt was confirmed with the applicant"
                ),
            )?;
            Ok((
                date,
                words!(
                    "平常信函：以与申请人确认之日 {date} 为收到申请之日（第三十一条第二项）",
                    "Ordinary post: received on the day receipt was confirmed with the applicant, {date} (Art. 31(2))"
                ),
            ))
        }
        Channel::Online | Channel::Email | Channel::Fax => {
            let date = need(
                facts.confirmed_on,
                "confirmed_on",
                words!("双方确认的日期", "The date both sides confirmed"),
            )?;
            let label = channel.label();
            Ok((
                date,
                Words::new(
                    format!(
                        "{}：以双方确认之日 {date} 为收到申请之日（第三十一条第三项）",
                        label.zh
                    ),
                    format!(
                        "{}: received on the day both sides confirmed, {date} (Art. 31(3))",
                        label.en
                    ),
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn each_channel_takes_its_own_date() {
        let facts = ReceiptFacts {
            submitted_on: Some(d("2026-09-01")),
            signed_for_on: Some(d("2026-09-02")),
            confirmed_on: Some(d("2026-09-03")),
        };
        let date = |c| receipt_date(c, &facts).expect("dated").0;
        assert_eq!(date(Channel::InPerson), d("2026-09-01"));
        assert_eq!(date(Channel::Oral), d("2026-09-01"));
        assert_eq!(date(Channel::RegisteredPost), d("2026-09-02"));
        for channel in [
            Channel::OrdinaryPost,
            Channel::Online,
            Channel::Email,
            Channel::Fax,
        ] {
            assert_eq!(date(channel), d("2026-09-03"), "{channel:?}");
        }
        assert_eq!(
            receipt_date(Channel::Oral, &facts).expect("dated").1.zh,
            "口头提出（代为填写）：以提交之日 2026-09-01 为收到申请之日（第三十一条第一项）"
        );
        assert_eq!(
            receipt_date(Channel::Fax, &facts).expect("dated").1.en,
            "Fax: received on the day both sides confirmed, 2026-09-03 (Art. 31(3))"
        );
    }

    #[test]
    fn a_missing_date_names_its_field() {
        let only_submitted = ReceiptFacts {
            submitted_on: Some(d("2026-09-01")),
            ..ReceiptFacts::default()
        };
        let error = receipt_date(Channel::RegisteredPost, &only_submitted).expect_err("missing");
        assert_eq!(error.field, "signed_for_on");
        assert_eq!(error.message.zh, "请填写签收日期");
        assert_eq!(
            receipt_date(Channel::Email, &only_submitted)
                .expect_err("missing")
                .field,
            "confirmed_on"
        );
        assert_eq!(
            receipt_date(Channel::InPerson, &ReceiptFacts::default())
                .expect_err("missing")
                .field,
            "submitted_on"
        );
    }
}
