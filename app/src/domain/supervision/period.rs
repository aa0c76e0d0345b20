//! The period a report covers: a year, a quarter or a month, in China's calendar days.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::Words;

/// A calendar year, one of its quarters, or one of its months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Period {
    Year(i32),
    /// The year and the quarter, 1–4.
    Quarter(i32, u32),
    /// The year and the month, 1–12.
    Month(i32, u32),
}

/// The years a report may cover.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

impl Period {
    /// Parses `2026`, `2026-Q2` (or `2026q2`) and `2026-05`.
    pub fn parse(input: &str) -> Result<Self, Words> {
        let text = input.trim();
        let bad = || {
            words!(
                "“{}”不是统计期间：请写年份（2026）、季度（2026-Q2）或月份（2026-05）",
                "“{}” is not a period: give a year (2026), a quarter (2026-Q2) or a month (2026-05)",
                crate::error::excerpt(text)
            )
        };
        let (year, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => match text.to_ascii_lowercase().split_once('q') {
                Some((year, q)) => {
                    return Self::quarter(year, q).ok_or_else(bad);
                }
                None => (text, None),
            },
        };
        let year: i32 = year
            .parse()
            .ok()
            .filter(|y| YEARS.contains(y))
            .ok_or_else(bad)?;
        let period = match rest {
            None => Self::Year(year),
            Some(q) if q.starts_with(['Q', 'q']) => {
                return Self::quarter(&year.to_string(), &q[1..]).ok_or_else(bad);
            }
            Some(month) if month.len() <= 2 => {
                let month: u32 = month.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&month) {
                    return Err(bad());
                }
                Self::Month(year, month)
            }
            Some(_) => return Err(bad()),
        };
        Ok(period)
    }

    fn quarter(year: &str, quarter: &str) -> Option<Self> {
        let year: i32 = year.parse().ok().filter(|y| YEARS.contains(y))?;
        let quarter: u32 = quarter.parse().ok().filter(|q| (1..=4).contains(q))?;
        Some(Self::Quarter(year, quarter))
    }

    /// The one spelling used in addresses: `2026`, `2026-Q2`, `2026-05`.
    pub fn as_param(self) -> String {
        match self {
            Self::Year(y) => y.to_string(),
            Self::Quarter(y, q) => format!("{y}-Q{q}"),
            Self::Month(y, m) => format!("{y}-{m:02}"),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Self::Year(y) | Self::Quarter(y, _) | Self::Month(y, _) => y,
        }
    }

    /// The first day of the period.
    pub fn first_day(self) -> NaiveDate {
        let (year, month) = match self {
            Self::Year(y) => (y, 1),
            Self::Quarter(y, q) => (y, 3 * q - 2),
            Self::Month(y, m) => (y, m),
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default()
    }

    /// The day after the period's last.
    pub fn end(self) -> NaiveDate {
        let months = match self {
            Self::Year(_) => 12,
            Self::Quarter(..) => 3,
            Self::Month(..) => 1,
        };
        self.first_day()
            .checked_add_months(chrono::Months::new(months))
            .unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        self.first_day() <= day && day < self.end()
    }

    /// The months of the period, as (year, month).
    pub fn months(self) -> Vec<(i32, u32)> {
        let first = self.first_day();
        let mut months = Vec::new();
        let mut day = first;
        while day < self.end() {
            months.push((day.year(), day.month()));
            day = day
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(NaiveDate::MAX);
        }
        months
    }

    /// The period in words: 2026年、2026年第二季度、2026年5月.
    pub fn label(self) -> Words {
        const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];
        match self {
            Self::Year(y) => words!("{y}年", "{y}"),
            Self::Quarter(y, q) => {
                let n = QUARTERS[(q as usize).saturating_sub(1).min(3)];
                words!("{y}年第{n}季度", "Q{q} {y}")
            }
            Self::Month(y, m) => words!("{y}年{m}月", "{y}-{m:02}"),
        }
    }
}

impl TryFrom<String> for Period {
    type Error = Words;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Period> for String {
    fn from(value: Period) -> Self {
        value.as_param()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn periods_have_one_spelling() {
        for (typed, param) in [
            ("2026", "2026"),
            (" 2026-Q2 ", "2026-Q2"),
            ("2026q3", "2026-Q3"),
            ("2026-q4", "2026-Q4"),
            ("2026-5", "2026-05"),
            ("2026-05", "2026-05"),
        ] {
            assert_eq!(Period::parse(typed).expect(typed).as_param(), param);
        }
        for bad in [
            "",
            "26",
            "2026-13",
            "2026-Q5",
            "2026-Q0",
            "1999",
            "2026-05-01",
            "abc",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn periods_cover_their_days() {
        let q2 = Period::Quarter(2026, 2);
        assert_eq!(
            (q2.first_day(), q2.end()),
            (day(2026, 4, 1), day(2026, 7, 1))
        );
        assert!(q2.contains(day(2026, 6, 30)) && !q2.contains(day(2026, 7, 1)));
        assert_eq!(Period::Year(2026).months().len(), 12);
        assert_eq!(q2.months(), [(2026, 4), (2026, 5), (2026, 6)]);
        assert_eq!(Period::Month(2026, 12).end(), day(2027, 1, 1));
        assert_eq!(q2.label().zh, "2026年第二季度");
    }
}
