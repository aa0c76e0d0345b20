//! Who applies (条例第二十九条): a citizen or an organisation, the kind of organisation as
//! the annual report counts it, and the identity document with its number checked.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::Words;

string_enum! {
    /// Whether the applicant is a person or an organisation.
    ApplicantKind {
        /// 公民 (自然人 in the annual report).
        Citizen = "citizen",
        /// 法人或者其他组织.
        Organisation = "organisation",
    }
}

impl ApplicantKind {
    /// How the interface names it.
    pub fn label(self) -> Words {
        match self {
            Self::Citizen => words!("公民", "Citizen"),
            Self::Organisation => words!("法人或者其他组织", "Legal person or other organisation"),
        }
    }
}

string_enum! {
    /// The kind of organisation, as the columns of table 三 of the annual report count them
    /// (国办公开办函〔2021〕30号).
    OrgKind {
        Business = "business",
        Research = "research",
        Nonprofit = "nonprofit",
        Legal = "legal",
        Other = "other",
    }
}

impl OrgKind {
    /// How the interface names it.
    pub fn label(self) -> Words {
        match self {
            Self::Business => words!("商业企业", "Business"),
            Self::Research => words!("科研机构", "Research institution"),
            Self::Nonprofit => words!("社会公益组织", "Non-profit organisation"),
            Self::Legal => words!("法律服务机构", "Legal services"),
            Self::Other => words!("其他", "Other"),
        }
    }
}

string_enum! {
    /// The identity document an application names.
    IdDocument {
        /// 居民身份证 (GB 11643-1999 number, checked).
        ResidentId = "resident_id",
        Passport = "passport",
        /// 港澳居民来往内地通行证.
        HkMacaoPermit = "hk_macao_permit",
        /// 台湾居民来往大陆通行证.
        TaiwanPermit = "taiwan_permit",
        /// 外国人永久居留身份证.
        ForeignPermanentResident = "foreign_permanent_resident",
        /// Any other document a person shows.
        Other = "other",
        /// 统一社会信用代码 (GB 32100-2015, checked): organisations only.
        CreditCode = "credit_code",
    }
}

impl IdDocument {
    /// How the interface names it.
    pub fn label(self) -> Words {
        match self {
            Self::ResidentId => words!("居民身份证", "Resident identity card"),
            Self::Passport => words!("护照", "Passport"),
            Self::HkMacaoPermit => words!(
                "港澳居民来往内地通行证",
                "Mainland travel permit for Hong Kong and Macao residents"
            ),
            Self::TaiwanPermit => words!(
                "台湾居民来往大陆通行证",
                "Mainland travel permit for Taiwan residents"
            ),
            Self::ForeignPermanentResident => {
                words!("外国人永久居留身份证", "Foreign permanent resident ID card")
            }
            Self::Other => words!("其他有效身份证件", "Other identity document"),
            Self::CreditCode => words!("统一社会信用代码", "Unified social credit code"),
        }
    }

    /// Whether an applicant of `kind` identifies with this document: organisations by
    /// their credit code, people by anything else.
    pub fn fits(self, kind: ApplicantKind) -> bool {
        (self == Self::CreditCode) == (kind == ApplicantKind::Organisation)
    }
}

/// The characters of a credit code, in the order of their values (GB 32100-2015).
const CREDIT_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// A checked identity number of a given document. Private: its `Debug` hides it, and
/// [`IdNumber::masked`] is what a page or a log shows. Read back, it is checked again
/// (the birth date against the latest date anyone types, as "today" is not known then).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StoredId")]
pub struct IdNumber {
    document: IdDocument,
    value: String,
}

/// The stored form of an [`IdNumber`], before it is checked again.
#[derive(Deserialize)]
struct StoredId {
    document: IdDocument,
    value: String,
}

impl TryFrom<StoredId> for IdNumber {
    type Error = Words;
    fn try_from(stored: StoredId) -> Result<Self, Words> {
        Self::parse(
            stored.document,
            &stored.value,
            crate::domain::text::LATEST_DATE,
        )
    }
}

impl std::fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never in a log line.
        write!(f, "IdNumber({}, …)", self.document.as_str())
    }
}

impl IdNumber {
    /// Checks `input` as a number of `document`; `today` bounds a birth date. Upper-case is
    /// the stored form (a resident ID's `x` becomes `X`).
    pub fn parse(document: IdDocument, input: &str, today: NaiveDate) -> Result<Self, Words> {
        let value = input.trim().to_ascii_uppercase();
        if value.is_empty() {
            return Err(words!("请填写证件号码", "The document number is required"));
        }
        match document {
            IdDocument::ResidentId => check_resident_id(&value, today)?,
            IdDocument::CreditCode => check_credit_code(&value)?,
            _ => check_other(&value)?,
        }
        Ok(Self { document, value })
    }

    /// The document the number belongs to.
    pub fn document(&self) -> IdDocument {
        self.document
    }

    /// The full number, for the letter to the applicant and nothing else.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The number with its middle hidden: `110105********123X`; a shorter number keeps a
    /// quarter of it at each end.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.value.chars().collect();
        let (head, tail) = if chars.len() >= 18 {
            (6, 4)
        } else {
            (chars.len() / 4, chars.len() / 4)
        };
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < head || i >= chars.len() - tail {
                    *c
                } else {
                    '*'
                }
            })
            .collect()
    }
}

fn check_resident_id(value: &str, today: NaiveDate) -> Result<(), Words> {
    let bytes = value.as_bytes();
    if bytes.len() != 18 {
        return Err(words!(
            "居民身份证号码应为 18 位（现为 {} 位）",
            "A resident ID number has 18 characters (this has {})",
            value.chars().count()
        ));
    }
    if !bytes[..17].iter().all(u8::is_ascii_digit) || !matches!(bytes[17], b'0'..=b'9' | b'X') {
        return Err(words!(
            "居民身份证号码前 17 位应为数字，最后一位为数字或 X",
            "A resident ID number is 17 digits and a final digit or X"
        ));
    }
    let birth = NaiveDate::parse_from_str(&value[6..14], "%Y%m%d").map_err(|_| {
        words!(
            "居民身份证号码中的出生日期 {} 不是有效日期",
            "The birth date {} in the resident ID number is not a real date",
            &value[6..14]
        )
    })?;
    if birth > today {
        return Err(words!(
            "居民身份证号码中的出生日期 {birth} 晚于今天",
            "The birth date {birth} in the resident ID number is in the future"
        ));
    }
    if birth.year() < 1900 {
        return Err(words!(
            "居民身份证号码中的出生日期 {birth} 早于 1900 年",
            "The birth date {birth} in the resident ID number is before 1900"
        ));
    }
    // GB 11643-1999: weights 2^(17-i) mod 11, check character from the sum mod 11.
    let sum: u32 = bytes[..17]
        .iter()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * ((1u32 << (17 - i)) % 11))
        .sum();
    let expected = b"10X98765432"[(sum % 11) as usize];
    if bytes[17] != expected {
        return Err(words!(
            "居民身份证号码校验位不符，请核对",
            "The check character of the resident ID number does not match; please check it"
        ));
    }
    Ok(())
}

fn check_credit_code(value: &str) -> Result<(), Words> {
    let values: Option<Vec<u32>> = value
        .chars()
        .map(|c| CREDIT_CHARS.find(c).map(|i| i as u32))
        .collect();
    if value.chars().count() != 18 {
        return Err(words!(
            "统一社会信用代码应为 18 位（现为 {} 位）",
            "A unified social credit code has 18 characters (this has {})",
            value.chars().count()
        ));
    }
    let Some(values) = values else {
        return Err(words!(
            "统一社会信用代码只含数字和大写字母（不含 I、O、S、V、Z）",
            "A unified social credit code has only digits and capital letters (no I, O, S, V, Z)"
        ));
    };
    let sum: u32 = values[..17]
        .iter()
        .zip(CREDIT_WEIGHTS)
        .map(|(v, w)| v * w)
        .sum();
    // GB 32100-2015: check = 31 - sum mod 31, where 31 is written 0.
    let check = (31 - sum % 31) % 31;
    if values[17] != check {
        return Err(words!(
            "统一社会信用代码校验位不符，请核对",
            "The check character of the unified social credit code does not match; please check it"
        ));
    }
    Ok(())
}

fn check_other(value: &str) -> Result<(), Words> {
    let len = value.chars().count();
    if !(4..=30).contains(&len) || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(words!(
            "证件号码应为 4–30 位字母、数字或 -",
            "A document number is 4–30 letters, digits or -"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 10, 9).expect("date")
    }

    fn zh(result: Result<IdNumber, Words>) -> String {
        result.expect_err("rejected").zh
    }

    #[test]
    fn valid_resident_ids_and_lower_case_x() {
        for number in [
            "11010519491231002X",
            "11010519491231002x",
            "110105198001011238",
            "440308199901011234",
        ] {
            let id = IdNumber::parse(IdDocument::ResidentId, number, today()).expect(number);
            assert_eq!(id.as_str(), number.to_ascii_uppercase());
        }
        let id = IdNumber::parse(IdDocument::ResidentId, " 11010519491231002x ", today())
            .expect("valid");
        assert_eq!(id.masked(), "110105********002X");
        assert_eq!(format!("{id:?}"), "IdNumber(resident_id, …)");
    }

    #[test]
    fn each_resident_id_rule_is_named() {
        let parse = |n: &str| IdNumber::parse(IdDocument::ResidentId, n, today());
        assert_eq!(zh(parse("")), "请填写证件号码");
        assert!(zh(parse("1101051949123100")).contains("18 位（现为 16 位）"));
        assert!(zh(parse("1101051949123100AX")).contains("前 17 位应为数字"));
        assert!(zh(parse("110105194902300023")).contains("19490230 不是有效日期"));
        assert!(zh(parse("110105203001010021")).contains("晚于今天"));
        assert!(zh(parse("110105189912310021")).contains("早于 1900 年"));
        assert!(zh(parse("110105194912310021")).contains("校验位不符"));
    }

    #[test]
    fn credit_codes() {
        let parse = |n: &str| IdNumber::parse(IdDocument::CreditCode, n, today());
        let code = parse("91350100m000100y43").expect("valid, lower case accepted");
        assert_eq!(code.as_str(), "91350100M000100Y43");
        assert_eq!(code.masked(), "913501********0Y43");
        assert!(zh(parse("91350100M000100Y4")).contains("18 位（现为 17 位）"));
        assert!(zh(parse("91350100M000100I43")).contains("不含 I、O、S、V、Z"));
        assert!(zh(parse("91350100M000100Y44")).contains("校验位不符"));
    }

    #[test]
    fn other_documents() {
        let id = IdNumber::parse(IdDocument::Passport, "e12345678", today()).expect("valid");
        assert_eq!(id.as_str(), "E12345678");
        assert_eq!(id.masked(), "E1*****78");
        assert!(IdNumber::parse(IdDocument::TaiwanPermit, "ABC", today()).is_err());
        assert!(IdNumber::parse(IdDocument::Other, "AB 1234", today()).is_err());
        assert!(IdNumber::parse(IdDocument::Other, &"1".repeat(31), today()).is_err());
        assert!(IdDocument::CreditCode.fits(ApplicantKind::Organisation));
        assert!(!IdDocument::CreditCode.fits(ApplicantKind::Citizen));
        assert!(!IdDocument::Passport.fits(ApplicantKind::Organisation));
    }

    #[test]
    fn read_back_it_is_checked_again() {
        let id =
            IdNumber::parse(IdDocument::CreditCode, "91350100M000100Y43", today()).expect("valid");
        let json = serde_json::to_string(&id).expect("json");
        assert_eq!(
            json,
            r#"{"document":"credit_code","value":"91350100M000100Y43"}"#
        );
        assert_eq!(serde_json::from_str::<IdNumber>(&json).expect("back"), id);
        let forged = r#"{"document":"resident_id","value":"110105194912310021"}"#;
        assert!(serde_json::from_str::<IdNumber>(forged).is_err());
    }
}
