//! 文号: the document number of an official document, e.g. 东政办发〔2016〕5号.

use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

use super::Words;

/// A parsed document number in its canonical form `{字号}〔{年份}〕{序号}号`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocNumber {
    prefix: String,
    year: u16,
    serial: u32,
}

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\p{Han}A-Za-z]{1,20})〔(\d{4})〕第?(\d{1,5})号$").expect("valid regex")
});

impl DocNumber {
    /// Parses a 文号. Writers use several bracket styles for the year (〔〕, [], （）, 【】);
    /// all are accepted and stored as 〔〕, the form GB/T 9704 prescribes.
    pub fn parse(input: &str) -> Result<Self, Words> {
        let normalised: String = input
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '[' | '［' | '(' | '（' | '【' | '〔' | '﹝' => '〔',
                ']' | '］' | ')' | '）' | '】' | '〕' | '﹞' => '〕',
                other => other,
            })
            .collect();
        if normalised.is_empty() {
            return Err(words!("文号不能为空", "The document number is required"));
        }
        let caps = PATTERN.captures(&normalised).ok_or_else(|| {
            words!(
                "“{}”不是有效的文号，应形如 东政办发〔2016〕5号",
                "“{}” is not a valid document number; write it like 东政办发〔2016〕5号",
                input.trim()
            )
        })?;
        let year: u16 = caps[2].parse().map_err(|_| {
            words!(
                "文号中的年份无效",
                "The year in the document number is not valid"
            )
        })?;
        if !(1949..=2100).contains(&year) {
            return Err(words!(
                "文号中的年份 {year} 超出范围（1949–2100）",
                "The year {year} in the document number is out of range (1949–2100)"
            ));
        }
        let serial: u32 = caps[3].parse().map_err(|_| {
            words!(
                "文号中的序号无效",
                "The serial in the document number is not valid"
            )
        })?;
        if serial == 0 {
            return Err(words!(
                "文号中的序号必须从 1 开始",
                "The serial in the document number starts at 1"
            ));
        }
        Ok(Self {
            prefix: caps[1].to_owned(),
            year,
            serial,
        })
    }

    /// The issuing organ's abbreviation and document type, e.g. 东政办发.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    pub fn serial(&self) -> u32 {
        self.serial
    }
}

impl std::fmt::Display for DocNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}〔{}〕{}号", self.prefix, self.year, self.serial)
    }
}

impl TryFrom<String> for DocNumber {
    type Error = Words;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DocNumber> for String {
    fn from(value: DocNumber) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_seed_notice_number() {
        let n = DocNumber::parse("东政办发〔2016〕5号").expect("valid");
        assert_eq!(n.prefix(), "东政办发");
        assert_eq!(n.year(), 2016);
        assert_eq!(n.serial(), 5);
        assert_eq!(n.to_string(), "东政办发〔2016〕5号");
    }

    #[test]
    fn normalises_other_bracket_styles_and_spaces() {
        for input in [
            "东政办发[2016]5号",
            "东政办发（2016）5号",
            "东政办发【2016】5号",
            " 东政办发 〔2016〕 5号 ",
            "东政办发〔2016〕第5号",
        ] {
            let n = DocNumber::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(n.to_string(), "东政办发〔2016〕5号", "{input}");
        }
    }

    #[test]
    fn rejects_malformed_numbers_with_a_reason() {
        let cases = [
            ("", "不能为空"),
            ("东政办发2016年5号", "不是有效的文号"),
            ("东政办发〔16〕5号", "不是有效的文号"),
            ("东政办发〔1900〕5号", "超出范围"),
            ("东政办发〔2016〕0号", "从 1 开始"),
            ("东政办发〔2016〕5", "不是有效的文号"),
            ("〔2016〕5号", "不是有效的文号"),
        ];
        for (input, expected) in cases {
            let err = DocNumber::parse(input).expect_err(input);
            assert!(
                err.zh.contains(expected) && !err.en.is_empty(),
                "{input}: {err}"
            );
        }
    }

    #[test]
    fn deserialises_through_the_parser() {
        let ok: DocNumber = serde_json::from_str("\"东政发[2015]12号\"").expect("valid");
        assert_eq!(ok.to_string(), "东政发〔2015〕12号");
        assert!(serde_json::from_str::<DocNumber>("\"12号\"").is_err());
    }
}
