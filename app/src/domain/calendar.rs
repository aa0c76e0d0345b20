//! The working-day calendar: weekends, public holidays, and adjusted working days (调休, a
//! Saturday or Sunday that is worked). Every statutory deadline counts in these days.
//!
//! Counting follows the usual reading of the regulations: the day something is received is
//! not counted; the deadline is the end of the n-th working day after it.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::{FieldError, parse_date};

string_enum! {
    /// What kind of day an entry of the calendar makes a date.
    DayKind {
        /// A public holiday (or a bridging day off): not a working day.
        Holiday = "holiday",
        /// 调休: a weekend day that is worked.
        Workday = "workday",
    }
}

/// One entry of the calendar: a date, what it is, and why (e.g. 春节).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// Why a day was not counted, or was counted although it falls on a weekend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayNote {
    Weekend(NaiveDate),
    Holiday(NaiveDate, String),
    /// A weekend day worked (调休), counted.
    Adjusted(NaiveDate, String),
}

/// A due date with the reasons it is where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueExplanation {
    pub start: NaiveDate,
    pub working_days: u32,
    pub due: NaiveDate,
    /// Every day between `start` and `due` that was skipped or counted specially, in order.
    pub notes: Vec<DayNote>,
}

impl DueExplanation {
    /// The explanation in words (Chinese, the interface language).
    pub fn describe(&self) -> String {
        let mut skipped = Vec::new();
        let mut adjusted = Vec::new();
        let mut weekends = 0;
        for note in &self.notes {
            match note {
                DayNote::Weekend(_) => weekends += 1,
                DayNote::Holiday(date, name) => skipped.push(format!("{date}（{name}）")),
                DayNote::Adjusted(date, name) => adjusted.push(format!("{date}（{name}调休）")),
            }
        }
        let mut text = format!(
            "自 {} 起算 {} 个工作日，至 {} 届满",
            self.start, self.working_days, self.due
        );
        if weekends > 0 {
            text.push_str(&format!("；跳过周末 {weekends} 天"));
        }
        if !skipped.is_empty() {
            text.push_str(&format!("；跳过节假日 {}", skipped.join("、")));
        }
        if !adjusted.is_empty() {
            text.push_str(&format!("；计入调休工作日 {}", adjusted.join("、")));
        }
        text.push('。');
        text
    }
}

/// The calendar: what each date is, beyond the plain rule that Monday to Friday are worked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, (DayKind, String)>,
}

impl Calendar {
    pub fn new(days: impl IntoIterator<Item = CalendarDay>) -> Self {
        Self {
            days: days
                .into_iter()
                .map(|d| (d.date, (d.kind, d.name)))
                .collect(),
        }
    }

    pub fn entries(&self) -> Vec<CalendarDay> {
        self.days
            .iter()
            .map(|(date, (kind, name))| CalendarDay {
                date: *date,
                kind: *kind,
                name: name.clone(),
            })
            .collect()
    }

    /// Why this date is not an ordinary day, if it is not.
    fn note(&self, date: NaiveDate) -> Option<DayNote> {
        match self.days.get(&date) {
            Some((DayKind::Holiday, name)) => Some(DayNote::Holiday(date, name.clone())),
            Some((DayKind::Workday, name)) if is_weekend(date) => {
                Some(DayNote::Adjusted(date, name.clone()))
            }
            Some((DayKind::Workday, _)) => None,
            None if is_weekend(date) => Some(DayNote::Weekend(date)),
            None => None,
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some((DayKind::Holiday, _)) => false,
            Some((DayKind::Workday, _)) => true,
            None => !is_weekend(date),
        }
    }

    /// The `n`-th working day after `start` (`start` itself is not counted; `n = 0` is
    /// `start`).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        self.explain(start, n).due
    }

    /// How many working days lie after `from`, up to and including `to` (negative when
    /// `to` is before `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (low, high, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = low
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= high)
            .filter(|d| self.is_working_day(*d))
            .count() as i64;
        sign * count
    }

    /// The due date `n` working days after `start`, with every day skipped or specially
    /// counted on the way.
    pub fn explain(&self, start: NaiveDate, n: u32) -> DueExplanation {
        let mut notes = Vec::new();
        let mut counted = 0;
        let mut date = start;
        while counted < n {
            let Some(next) = date.succ_opt() else { break };
            date = next;
            if let Some(note) = self.note(date) {
                notes.push(note);
            }
            if self.is_working_day(date) {
                counted += 1;
            }
        }
        DueExplanation {
            start,
            working_days: n,
            due: date,
            notes,
        }
    }

    /// Reads the calendar's text form, one date a line: `2026-02-16 休 春节` (a day off)
    /// or `2026-02-14 班 春节` (调休, a worked weekend day). Blank lines and lines starting
    /// with `#` are ignored. Every bad line is reported by its number.
    pub fn parse_text(text: &str) -> Result<Vec<CalendarDay>, Vec<FieldError>> {
        let mut days = Vec::new();
        let mut errors = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let field = format!("line {}", number + 1);
            let mut parts = line.split_whitespace();
            let date = parts.next().map(parse_date);
            let kind = match parts.next() {
                Some("休" | "holiday") => Ok(DayKind::Holiday),
                Some("班" | "workday") => Ok(DayKind::Workday),
                other => Err(words!(
                    "“{}”应为“休”或“班”",
                    "“{}” should be 休 (holiday) or 班 (workday)",
                    other.unwrap_or_default()
                )),
            };
            let name = parts.collect::<Vec<_>>().join(" ");
            match (date, kind) {
                (Some(Ok(date)), Ok(kind)) => days.push(CalendarDay { date, kind, name }),
                (Some(Err(message)), _) | (_, Err(message)) => {
                    errors.push(FieldError::new(&field, message));
                }
                (None, _) => errors.push(FieldError::new(
                    &field,
                    words!("缺少日期", "The date is missing"),
                )),
            }
        }
        if errors.is_empty() {
            Ok(days)
        } else {
            Err(errors)
        }
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    /// A Spring-Festival-like break: Sunday 2026-02-15 to Monday 2026-02-23 off (the
    /// weekdays as holidays), with 调休 on Saturday 2026-02-14 before and Saturday
    /// 2026-02-28 after.
    fn spring_festival() -> Calendar {
        let text = "# 春节\n\
                    2026-02-14 班 春节\n\
                    2026-02-16 休 春节\n2026-02-17 休 春节\n2026-02-18 休 春节\n\
                    2026-02-19 休 春节\n2026-02-20 休 春节\n2026-02-23 休 春节\n\
                    2026-02-28 班 春节\n";
        Calendar::new(Calendar::parse_text(text).expect("valid"))
    }

    #[test]
    fn plain_weeks_skip_the_weekend() {
        let calendar = Calendar::default();
        // Thursday + 5 working days = next Thursday.
        assert_eq!(
            calendar.add_working_days(d("2026-03-05"), 5),
            d("2026-03-12")
        );
        // Friday + 1 = Monday.
        assert_eq!(
            calendar.add_working_days(d("2026-03-06"), 1),
            d("2026-03-09")
        );
        // Received on a Saturday: the count starts on Monday.
        assert_eq!(
            calendar.add_working_days(d("2026-03-07"), 1),
            d("2026-03-09")
        );
        assert_eq!(
            calendar.add_working_days(d("2026-03-07"), 0),
            d("2026-03-07")
        );
    }

    #[test]
    fn across_the_spring_festival_with_adjusted_days_on_both_sides() {
        let calendar = spring_festival();
        assert!(calendar.is_working_day(d("2026-02-14")), "调休 Saturday");
        assert!(!calendar.is_working_day(d("2026-02-16")));
        // Received Friday 02-13: Sat 02-14 (调休) is day 1; the break; Tue 02-24 is day 2.
        let explained = calendar.explain(d("2026-02-13"), 5);
        assert_eq!(explained.due, d("2026-02-27"));
        assert_eq!(
            explained.notes.first(),
            Some(&DayNote::Adjusted(d("2026-02-14"), "春节".into()))
        );
        let holidays = explained
            .notes
            .iter()
            .filter(|n| matches!(n, DayNote::Holiday(..)))
            .count();
        assert_eq!(holidays, 6);
        let text = explained.describe();
        assert!(text.contains("2026-02-16（春节）"), "{text}");
        assert!(
            text.contains("计入调休工作日 2026-02-14（春节调休）"),
            "{text}"
        );
        // Six working days lands on the 调休 Saturday after the break.
        assert_eq!(
            calendar.add_working_days(d("2026-02-13"), 6),
            d("2026-02-28")
        );
        assert_eq!(
            calendar.working_days_between(d("2026-02-13"), d("2026-02-28")),
            6
        );
        assert_eq!(
            calendar.working_days_between(d("2026-02-28"), d("2026-02-13")),
            -6
        );
    }

    #[test]
    fn twenty_working_days_as_the_regulations_count_them() {
        let calendar = spring_festival();
        // Received Monday 2026-02-09: 20 working days, the festival in between.
        let due = calendar.add_working_days(d("2026-02-09"), 20);
        assert_eq!(calendar.working_days_between(d("2026-02-09"), due), 20);
        assert_eq!(due, d("2026-03-13"));
    }

    #[test]
    fn bad_lines_are_named_by_number() {
        let errors = Calendar::parse_text("2026-02-16 休 春节\n2026-13-01 休\n2026-02-14 上班\n")
            .expect_err("rejected");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["line 2", "line 3"]);
    }
}
