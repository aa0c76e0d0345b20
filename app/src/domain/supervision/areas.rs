//! 分工表: each key area's duties — what to publish, the units responsible (the first is
//! the lead) and their accounts as the notice prints them, and a deadline where the text
//! sets one ("在6月30日前组织县直相关部门发布").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The day of the year a requirement's text sets as its deadline (`6月30日前`), as
/// (month, day).
pub fn deadline_in(requirement: &str) -> Option<(u32, u32)> {
    let chars: Vec<char> = requirement.chars().collect();
    let number_before = |end: usize| -> Option<(u32, usize)> {
        let start = (0..end)
            .rev()
            .take_while(|&i| chars[i].is_ascii_digit())
            .last()?;
        let text: String = chars[start..end].iter().collect();
        Some((text.parse().ok()?, start))
    };
    for (i, c) in chars.iter().enumerate() {
        if *c != '日' || !matches!(chars.get(i + 1), Some('前')) {
            continue;
        }
        let Some((day, day_start)) = number_before(i) else {
            continue;
        };
        if day_start == 0 || chars[day_start - 1] != '月' {
            continue;
        }
        let Some((month, _)) = number_before(day_start - 1) else {
            continue;
        };
        // A real day of some year (29 February included).
        if NaiveDate::from_ymd_opt(2024, month, day).is_some() {
            return Some((month, day));
        }
    }
    None
}

/// How a key area stands in a year: what was published in it, and whether a deadline of
/// one of its duties passed with nothing published by then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// Items published in the area in the year.
    pub published: u32,
    /// The day of the latest of them.
    pub latest: Option<NaiveDate>,
    /// Deadlines of the year that passed with nothing published in the area by then.
    pub missed: Vec<NaiveDate>,
}

/// Where an area stands in `year` on `today`, from the days its items were published and
/// its duties' deadlines.
pub fn standing(
    year: i32,
    today: NaiveDate,
    published: &[NaiveDate],
    deadlines: &[(u32, u32)],
) -> Standing {
    use chrono::Datelike;
    let this_year: Vec<NaiveDate> = published
        .iter()
        .copied()
        .filter(|d| d.year() == year)
        .collect();
    let missed = deadlines
        .iter()
        .filter_map(|&(month, day)| NaiveDate::from_ymd_opt(year, month, day))
        .filter(|due| *due < today && !this_year.iter().any(|d| d <= due))
        .collect();
    Standing {
        published: u32::try_from(this_year.len()).unwrap_or(u32::MAX),
        latest: this_year.iter().max().copied(),
        missed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn deadlines_are_read_from_the_requirement() {
        assert_eq!(
            deadline_in("全面梳理、审核并在6月30日前组织县直相关部门发布。"),
            Some((6, 30))
        );
        assert_eq!(deadline_in("于12月1日前公开"), Some((12, 1)));
        assert_eq!(deadline_in("定期向社会公开"), None);
        assert_eq!(deadline_in("13月40日前"), None);
        assert_eq!(deadline_in("30日前"), None);
    }

    #[test]
    fn a_deadline_is_missed_only_when_nothing_came_by_then() {
        let deadlines = [(6, 30)];
        let early = standing(2026, day(2026, 7, 1), &[day(2026, 6, 1)], &deadlines);
        assert!(early.missed.is_empty());
        assert_eq!((early.published, early.latest), (1, Some(day(2026, 6, 1))));
        let late = standing(
            2026,
            day(2026, 8, 1),
            &[day(2025, 6, 1), day(2026, 7, 2)],
            &deadlines,
        );
        assert_eq!(late.missed, [day(2026, 6, 30)]);
        assert_eq!(late.published, 1);
        let not_yet = standing(2026, day(2026, 6, 30), &[], &deadlines);
        assert!(not_yet.missed.is_empty(), "due at the end of the day");
    }
}
