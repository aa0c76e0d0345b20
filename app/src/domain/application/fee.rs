//! The information-processing fee (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号):
//! charged either by the number of applications an applicant made in the natural month or
//! by the pages of one reply, one method per application, in whole yuan; waived for hardship.

use serde::{Deserialize, Serialize};

use crate::domain::{FieldError, PlainText, Words};

string_enum! {
    /// How the office charges one application.
    FeeMethod {
        /// 按件计收: by the application's number among the applicant's in the month.
        ByCount = "by_count",
        /// 按量计收: by the pages of the reply, each band charged on its part.
        ByPages = "by_pages",
    }
}

impl FeeMethod {
    /// As the fee notice writes it.
    pub fn zh(self) -> &'static str {
        match self {
            FeeMethod::ByCount => "按件计收",
            FeeMethod::ByPages => "按量计收",
        }
    }
}

/// Free applications per applicant per natural month.
pub const FREE_APPLICATIONS: u32 = 10;
/// Free pages per reply.
pub const FREE_PAGES: u32 = 30;

/// The pages of a reply by band: (first page, last page, yuan per page).
const PAGE_BANDS: [(u32, u32, u64); 4] = [
    (1, FREE_PAGES, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, u32::MAX, 40),
];

/// A computed fee, with how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub method: FeeMethod,
    /// The application's number in the month, or the pages.
    pub quantity: u32,
    /// What the applicant pays, in yuan.
    pub yuan: u64,
    /// What was waived, in yuan.
    pub waived: u64,
    /// The calculation, line by line.
    pub breakdown: Vec<Words>,
}

impl Fee {
    /// The fee by `method` for `quantity`: the application's number (from 1) among this
    /// applicant's in the natural month, or the pages of the reply.
    pub fn compute(method: FeeMethod, quantity: u32) -> Result<Self, Words> {
        match method {
            FeeMethod::ByCount => Self::by_count(quantity),
            FeeMethod::ByPages => Ok(Self::by_pages(quantity)),
        }
    }

    /// By count: the 1st–10th application of the month free, the 11th–30th 100 yuan each,
    /// then 100 yuan more for each further ten (31st–40th 200, 41st–50th 300 …).
    pub fn by_count(nth: u32) -> Result<Self, Words> {
        if nth == 0 {
            return Err(words!(
                "本月申请的序号从 1 开始",
                "The application's number in the month starts at 1"
            ));
        }
        let (first, last, rate) = match nth {
            1..=FREE_APPLICATIONS => (1, FREE_APPLICATIONS, 0),
            11..=30 => (11, 30, 100),
            _ => {
                let band = (nth - 31) / 10;
                (31 + band * 10, 40 + band * 10, 200 + 100 * u64::from(band))
            }
        };
        let band = if rate == 0 {
            words!(
                "第 {first}–{last} 件：免费",
                "Applications {first}–{last}: free"
            )
        } else {
            words!(
                "第 {first}–{last} 件：{rate} 元/件",
                "Applications {first}–{last}: {rate} yuan each"
            )
        };
        Ok(Self {
            method: FeeMethod::ByCount,
            quantity: nth,
            yuan: rate,
            waived: 0,
            breakdown: vec![
                words!(
                    "按件计收：本申请人本自然月第 {nth} 件申请",
                    "By count: this applicant's application no. {nth} this month"
                ),
                band,
                total(rate),
            ],
        })
    }

    /// By pages: pages 1–30 free, 31–100 10 yuan a page, 101–200 20, from 201 40, each
    /// band on its own part.
    pub fn by_pages(pages: u32) -> Self {
        let mut breakdown = vec![words!(
            "按量计收：答复共 {pages} 页",
            "By pages: the reply has {pages} pages"
        )];
        let mut yuan = 0;
        for (first, last, rate) in PAGE_BANDS {
            if pages < first {
                break;
            }
            let upto = pages.min(last);
            let count = u64::from(upto - first + 1);
            breakdown.push(if rate == 0 {
                words!("第 {first}–{upto} 页：免费", "Pages {first}–{upto}: free")
            } else {
                let sum = count * rate;
                yuan += sum;
                words!(
                    "第 {first}–{upto} 页：{count} 页 × {rate} 元 = {sum} 元",
                    "Pages {first}–{upto}: {count} × {rate} yuan = {sum} yuan"
                )
            });
        }
        breakdown.push(total(yuan));
        Self {
            method: FeeMethod::ByPages,
            quantity: pages,
            yuan,
            waived: 0,
            breakdown,
        }
    }

    /// Waives the whole fee for an applicant in financial hardship; the reason is required.
    pub fn waive(mut self, reason: &str) -> Result<Self, FieldError> {
        let reason = PlainText::parse("reason", reason, PlainText::NOTE)?;
        if reason.as_str().is_empty() {
            return Err(FieldError::new(
                "reason",
                words!("请说明减免理由", "Give the reason for the waiver"),
            ));
        }
        let yuan = self.yuan;
        self.breakdown.push(words!(
            "申请人确有经济困难，减免 {yuan} 元：{}",
            "Waived for financial hardship, {yuan} yuan: {}",
            reason.as_str()
        ));
        self.waived = yuan;
        self.yuan = 0;
        self.breakdown.push(total(0));
        Ok(self)
    }
}

fn total(yuan: u64) -> Words {
    words!("应缴 {yuan} 元", "To pay: {yuan} yuan")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_count_at_every_band_edge() {
        let yuan = |n| Fee::by_count(n).expect("fee").yuan;
        let expected = [
            (1, 0),
            (10, 0),
            (11, 100),
            (30, 100),
            (31, 200),
            (40, 200),
            (41, 300),
            (50, 300),
            (51, 400),
            (60, 400),
            (61, 500),
        ];
        for (n, fee) in expected {
            assert_eq!(yuan(n), fee, "application {n}");
        }
        assert!(Fee::by_count(0).is_err());
        let fee = Fee::compute(FeeMethod::ByCount, 45).expect("fee");
        let zh: Vec<&str> = fee.breakdown.iter().map(|w| w.zh.as_str()).collect();
        assert_eq!(
            zh,
            [
                "按件计收：本申请人本自然月第 45 件申请",
                "第 41–50 件：300 元/件",
                "应缴 300 元"
            ]
        );
        assert_eq!(fee.breakdown[1].en, "Applications 41–50: 300 yuan each");
    }

    #[test]
    fn by_pages_at_every_band_edge() {
        let yuan = |pages| Fee::by_pages(pages).yuan;
        let expected = [
            (0, 0),
            (1, 0),
            (30, 0),
            (31, 10),
            (100, 700),
            (101, 720),
            (200, 2_700),
            (201, 2_740),
            (250, 4_700),
        ];
        for (pages, fee) in expected {
            assert_eq!(yuan(pages), fee, "{pages} pages");
        }
        let fee = Fee::compute(FeeMethod::ByPages, 250).expect("fee");
        let zh: Vec<&str> = fee.breakdown.iter().map(|w| w.zh.as_str()).collect();
        assert_eq!(
            zh,
            [
                "按量计收：答复共 250 页",
                "第 1–30 页：免费",
                "第 31–100 页：70 页 × 10 元 = 700 元",
                "第 101–200 页：100 页 × 20 元 = 2000 元",
                "第 201–250 页：50 页 × 40 元 = 2000 元",
                "应缴 4700 元",
            ]
        );
        assert_eq!(
            Fee::by_pages(0).breakdown.len(),
            2,
            "no band, just the total"
        );
    }

    #[test]
    fn hardship_waives_the_fee_with_a_reason() {
        let fee = Fee::by_pages(40).waive("低保户，持低保证").expect("waived");
        assert_eq!((fee.yuan, fee.waived), (0, 100));
        assert_eq!(
            fee.breakdown[fee.breakdown.len() - 2].zh,
            "申请人确有经济困难，减免 100 元：低保户，持低保证"
        );
        assert_eq!(
            fee.breakdown.last().map(|w| w.en.as_str()),
            Some("To pay: 0 yuan")
        );
        assert_eq!(
            Fee::by_pages(40).waive("  ").expect_err("no reason").field,
            "reason"
        );
    }
}
