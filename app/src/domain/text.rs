//! Small text values: titles, dates written by people, and rich text that has been sanitised.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Words;

/// A document title: trimmed, 2–200 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Title(String);

impl Title {
    pub const MIN_CHARS: usize = 2;
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> Result<Self, Words> {
        let title = input.trim();
        let len = title.chars().count();
        if len == 0 {
            return Err(words!("标题不能为空", "The title is required"));
        }
        if len < Self::MIN_CHARS {
            return Err(words!(
                "标题至少 {} 个字",
                "The title needs at least {} characters",
                Self::MIN_CHARS
            ));
        }
        if len > Self::MAX_CHARS {
            return Err(words!(
                "标题不能超过 {} 个字（现为 {len} 个）",
                "The title may have at most {} characters (it has {len})",
                Self::MAX_CHARS
            ));
        }
        if title.chars().any(char::is_control) {
            return Err(words!(
                "标题不能包含换行或控制字符",
                "The title cannot contain line breaks or control characters"
            ));
        }
        Ok(Self(title.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Read back from the database: every rich-text field was sanitised when it was written
/// (the repositories write nothing else into those fields).
#[cfg(feature = "ssr")]
impl surrealdb::types::SurrealValue for SanitizedHtml {
    fn kind_of() -> surrealdb::types::Kind {
        String::kind_of()
    }
    fn into_value(self) -> surrealdb::types::Value {
        surrealdb::types::Value::String(self.0)
    }
    fn from_value(value: surrealdb::types::Value) -> Result<Self, surrealdb::Error> {
        String::from_value(value).map(Self)
    }
}

impl TryFrom<String> for Title {
    type Error = Words;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Title> for String {
    fn from(value: Title) -> Self {
        value.0
    }
}

/// The latest date anyone types on purpose: a policy's date, a holiday, a deadline.
pub const LATEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(date) => date,
    None => panic!("valid constant date"),
};

/// Plain text typed into a form field (a note, a reason, a plan's background): trimmed,
/// at most a stated number of characters, no control characters but line breaks and tabs.
/// Every such field is one of these, so none stores a megabyte.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PlainText(String);

impl PlainText {
    /// A name, a title of office, an audience: one line.
    pub const LINE: usize = 200;
    /// A note, a comment, a reason.
    pub const NOTE: usize = 2_000;
    /// Several paragraphs: a plan's background or key points, a profile.
    pub const PROSE: usize = 20_000;

    /// Checks `input` for the form field `field`; an empty value is allowed (the caller
    /// decides whether the field is required).
    pub fn parse(field: &str, input: &str, max_chars: usize) -> Result<Self, super::FieldError> {
        let text = input.trim();
        let len = text.chars().count();
        if len > max_chars {
            return Err(super::FieldError::new(
                field,
                words!(
                    "不能超过 {max_chars} 字（现为 {len} 字）",
                    "At most {max_chars} characters (it has {len})"
                ),
            ));
        }
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(super::FieldError::new(
                field,
                words!("不能包含控制字符", "Control characters are not allowed"),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The same, for a field that may be left out.
    pub fn parse_optional(
        field: &str,
        input: Option<&str>,
        max_chars: usize,
    ) -> Result<Self, super::FieldError> {
        Self::parse(field, input.unwrap_or_default(), max_chars)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Parses a calendar date as people write it: `2016-04-05`, `2016/4/5` or `2016年4月5日`.
/// Dates before the founding of the People's Republic are rejected as typing errors.
pub fn parse_date(input: &str) -> Result<NaiveDate, Words> {
    let s = input.trim();
    if s.is_empty() {
        return Err(words!("日期不能为空", "The date is required"));
    }
    let parts: Vec<&str> = s
        .trim_end_matches('日')
        .split(['-', '/', '年', '月', '.'])
        .collect();
    let parsed = match parts.as_slice() {
        [y, m, d]
            if [y, m, d]
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) =>
        {
            match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
                (Ok(y), Ok(m), Ok(d)) if y >= 1000 => NaiveDate::from_ymd_opt(y, m, d),
                _ => None,
            }
        }
        _ => None,
    };
    let date = parsed.ok_or_else(|| {
        words!(
            "“{s}”不是有效日期，应形如 2016-04-05",
            "“{s}” is not a valid date; write it like 2016-04-05"
        )
    })?;
    let earliest = NaiveDate::from_ymd_opt(1949, 10, 1).expect("valid constant date");
    if date < earliest {
        return Err(words!(
            "日期 {date} 早于 1949-10-01",
            "The date {date} is before 1949-10-01"
        ));
    }
    if date > LATEST_DATE {
        return Err(words!(
            "日期 {date} 晚于 {LATEST_DATE}，请检查年份",
            "The date {date} is after {LATEST_DATE}; please check the year"
        ));
    }
    Ok(date)
}

/// HTML that went through the one sanitiser on its way into the database.
///
/// Only the server can make one from raw input (see `ssr::sanitize`); everything read
/// back from the database was sanitised when it was written. The `RichText` component
/// renders nothing else with `inner_html`.
///
/// It travels to the browser inside DTOs as a plain string. Deserialising one is
/// therefore no way around the sanitiser: on the server (`ssr`) the string is sanitised
/// again, so HTML that arrives from outside, in a request or anywhere else, comes out
/// clean; only the browser build, which receives what the server serialised, takes it as
/// it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SanitizedHtml(String);

impl Serialize for SanitizedHtml {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for SanitizedHtml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let html = String::deserialize(deserializer)?;
        #[cfg(feature = "ssr")]
        let html = crate::ssr::sanitize::sanitize(&html).0;
        Ok(Self(html))
    }
}

impl SanitizedHtml {
    /// Wraps HTML that is known to be clean: the sanitiser's output, or a stored body.
    #[cfg(feature = "ssr")]
    pub(crate) fn trusted(html: String) -> Self {
        Self(html)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_trimmed_and_bounded() {
        assert_eq!(
            Title::parse("  关于做好政府信息公开工作的通知 ")
                .expect("ok")
                .as_str(),
            "关于做好政府信息公开工作的通知"
        );
        assert!(Title::parse("").expect_err("empty").zh.contains("不能为空"));
        assert!(Title::parse("通").expect_err("short").zh.contains("至少"));
        assert!(
            Title::parse(&"长".repeat(201))
                .expect_err("long")
                .zh
                .contains("不能超过 200")
        );
        assert!(
            Title::parse("第一行\n第二行")
                .expect_err("newline")
                .zh
                .contains("控制字符")
        );
        assert!(Title::parse(&"长".repeat(200)).is_ok());
    }

    #[test]
    fn dates_in_the_usual_spellings() {
        let expected = NaiveDate::from_ymd_opt(2016, 4, 5).expect("date");
        for s in [
            "2016-04-05",
            "2016/4/5",
            "2016年4月5日",
            "2016.04.05",
            " 2016-4-5 ",
        ] {
            assert_eq!(
                parse_date(s).unwrap_or_else(|e| panic!("{s}: {e}")),
                expected
            );
        }
    }

    #[test]
    fn dates_past_the_sane_range_are_refused() {
        assert!(
            parse_date("99999-01-01")
                .expect_err("far future")
                .zh
                .contains("晚于 2100-12-31")
        );
        assert!(parse_date("2100-12-31").is_ok());
    }

    #[test]
    fn plain_text_has_a_length_rule_and_no_control_characters() {
        let ok = PlainText::parse("note", "  第一行\n第二行\t  ", PlainText::NOTE).expect("ok");
        assert_eq!(ok.as_str(), "第一行\n第二行");
        let long = "字".repeat(PlainText::NOTE + 1);
        let e = PlainText::parse("note", &long, PlainText::NOTE).expect_err("too long");
        assert_eq!(e.field, "note");
        assert!(
            e.message.zh.contains("2000") && e.message.en.contains("2000"),
            "{:?}",
            e.message
        );
        assert!(PlainText::parse("why", "a\u{0}b", PlainText::NOTE).is_err());
        assert!(PlainText::parse_optional("why", None, PlainText::NOTE).is_ok());
    }

    #[test]
    fn bad_dates_are_named() {
        assert!(parse_date("").expect_err("empty").zh.contains("不能为空"));
        assert!(
            parse_date("2016-02-30")
                .expect_err("no such day")
                .zh
                .contains("不是有效日期")
        );
        assert!(
            parse_date("昨天")
                .expect_err("words")
                .zh
                .contains("不是有效日期")
        );
        assert!(
            parse_date("16-4-5")
                .expect_err("short year")
                .zh
                .contains("不是有效日期")
        );
        assert!(
            parse_date("1900-01-01")
                .expect_err("too early")
                .zh
                .contains("早于")
        );
    }
}
