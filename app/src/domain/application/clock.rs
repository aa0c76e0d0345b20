//! The reply clock of an application (条例第三十条、第三十二条至第三十四条, 国办函〔2020〕109号):
//! 20 working days from the day after receipt, restarted by a supplement, stopped while a
//! third party or another body is consulted or a fee waits, lengthened once by an approved
//! extension. [`Clock::compute`] replays the recorded events and explains every day it
//! counted or skipped.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::outcome::CloseReason;
use crate::domain::Words;
use crate::domain::calendar::{Calendar, DayKind};

/// Working days to reply (第三十三条第二款).
pub const REPLY_DAYS: u32 = 20;
/// Working days after receipt within which a supplement may be asked for, once (第三十条).
pub const SUPPLEMENT_NOTICE_DAYS: u32 = 7;
/// Working days a consulted party has to answer (第三十二条、第三十四条).
pub const CONSULTATION_DAYS: u32 = 15;
/// The longest extension (第三十三条第二款).
pub const EXTENSION_MAX_DAYS: u32 = 20;
/// At most this many working days left: due soon.
pub const DUE_SOON_DAYS: i64 = 3;

/// The periods the office gives the applicant, in working days from the day after the
/// notice; when one runs out the application is treated as abandoned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Periods {
    /// To supplement the application: "a reasonable period" (第三十条), set by the office.
    pub supplement_days: u32,
    /// To pay a fee: at least 20 working days (国办函〔2020〕109号).
    pub fee_days: u32,
}

impl Default for Periods {
    fn default() -> Self {
        Self {
            supplement_days: 15,
            fee_days: 20,
        }
    }
}

string_enum! {
    /// Whom the office consulted.
    Consulted {
        /// A third party whose rights the disclosure may harm (第三十二条).
        ThirdParty = "third_party",
        /// Another body that made the information jointly (第三十四条).
        OtherBody = "other_body",
    }
}

impl Consulted {
    fn words(self) -> Words {
        match self {
            Self::ThirdParty => words!("第三方（第三十二条）", "the third party (Art. 32)"),
            Self::OtherBody => words!("其他机关（第三十四条）", "the other body (Art. 34)"),
        }
    }
}

/// Something that happened to the clock, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ClockEvent {
    /// The applicant was told, once, what to add.
    SupplementRequested {
        on: NaiveDate,
        /// The working days the notice gave; none: [`Periods::supplement_days`].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        days: Option<u32>,
    },
    /// The supplement arrived: the 20 working days count again from the next day.
    SupplementReceived {
        on: NaiveDate,
    },
    ConsultationSent {
        on: NaiveDate,
        to: Consulted,
    },
    /// The answer arrived (a silent party needs no event: the clock runs again after 15
    /// working days).
    ConsultationAnswered {
        on: NaiveDate,
    },
    /// An approved extension (who approved it and why is the caller's record).
    Extended {
        on: NaiveDate,
        days: u32,
    },
    FeeNoticeIssued {
        on: NaiveDate,
    },
    /// Paid, or waived for hardship.
    FeeSettled {
        on: NaiveDate,
        waived: bool,
    },
}

impl ClockEvent {
    /// The day it happened.
    pub fn on(self) -> NaiveDate {
        match self {
            Self::SupplementRequested { on, .. }
            | Self::SupplementReceived { on }
            | Self::ConsultationSent { on, .. }
            | Self::ConsultationAnswered { on }
            | Self::Extended { on, .. }
            | Self::FeeNoticeIssued { on }
            | Self::FeeSettled { on, .. } => on,
        }
    }
}

/// Where the clock stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    OnTime,
    /// At most [`DUE_SOON_DAYS`] working days left.
    DueSoon,
    /// Past the due date.
    Overdue,
    /// Stopped since the supplement notice; restarts when the supplement arrives.
    AwaitingSupplement {
        since: NaiveDate,
        until: NaiveDate,
    },
    /// Stopped while a party is consulted, at the latest until `until`.
    Consulting {
        since: NaiveDate,
        until: NaiveDate,
    },
    /// Stopped since the fee notice, until paid or waived.
    AwaitingFee {
        since: NaiveDate,
        until: NaiveDate,
    },
    /// The period given for a supplement or a fee ran out: treated as abandoned from `from`.
    Lapsed {
        reason: CloseReason,
        from: NaiveDate,
    },
}

/// The reply clock of one application as of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// The day the count starts after: receipt, or the supplement's arrival.
    pub start: NaiveDate,
    /// 20, plus an approved extension.
    pub working_days: u32,
    /// The last day to reply; `None` while the clock is stopped.
    pub due: Option<NaiveDate>,
    /// Working days counted up to and including today.
    pub used: u32,
    /// `working_days - used`: negative when overdue.
    pub left: i64,
    pub standing: Standing,
    /// The last day a supplement may be asked for.
    pub supplement_notice_by: NaiveDate,
    /// How the clock got here, line by line.
    pub explanation: Vec<Words>,
}

/// The last day the office may ask for a supplement: 7 working days after receipt.
pub fn supplement_notice_deadline(calendar: &Calendar, received: NaiveDate) -> NaiveDate {
    calendar.add_working_days(received, SUPPLEMENT_NOTICE_DAYS)
}

/// The day from which an application counts as abandoned when nothing came within `days`
/// working days after a notice of `notice_on` (第三十条; 国办函〔2020〕109号 for fees), if
/// that day has come by `today`.
pub fn lapsed_from(
    calendar: &Calendar,
    notice_on: NaiveDate,
    days: u32,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let from = calendar.add_working_days(notice_on, days).succ_opt()?;
    (today >= from).then_some(from)
}

/// Days after `from`, up to and including `until` (open: still running), are not counted.
#[derive(Debug, Clone, Copy)]
struct Pause {
    from: NaiveDate,
    until: Option<NaiveDate>,
}

/// What stops the clock now.
#[derive(Debug, Clone, Copy)]
enum Open {
    /// Since when, and the working days given.
    Supplement(NaiveDate, u32),
    Consultation(NaiveDate),
    Fee(NaiveDate),
}

/// The running count: where it starts, how long it is, and what it skips.
struct Count<'a> {
    calendar: &'a Calendar,
    start: NaiveDate,
    pauses: Vec<Pause>,
}

impl Count<'_> {
    fn paused(&self, day: NaiveDate) -> bool {
        self.pauses
            .iter()
            .any(|p| p.from < day && p.until.is_none_or(|u| day <= u))
    }

    fn counts(&self, day: NaiveDate) -> bool {
        self.calendar.is_working_day(day) && !self.paused(day)
    }

    fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.start.iter_days().skip(1)
    }

    fn used(&self, to: NaiveDate) -> u32 {
        let n = self
            .days()
            .take_while(|d| *d <= to)
            .filter(|d| self.counts(*d))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// The day the `n`-th working day is counted, if it is by `bound`.
    fn reached(&self, n: u32, bound: NaiveDate) -> Option<NaiveDate> {
        let Some(nth) = n.checked_sub(1) else {
            return Some(self.start);
        };
        self.days()
            .take_while(|d| *d <= bound)
            .filter(|d| self.counts(*d))
            .nth(nth as usize)
    }
}

impl Clock {
    /// Replays `events` (in the order they happened) from `received` and reads the clock
    /// on `today`. An event that the rules do not allow is refused with the reason.
    pub fn compute(
        calendar: &Calendar,
        received: NaiveDate,
        events: &[ClockEvent],
        periods: Periods,
        today: NaiveDate,
    ) -> Result<Self, Words> {
        let notice_by = supplement_notice_deadline(calendar, received);
        let mut lines = vec![words!(
            "{received} 收到申请，答复期限 {REPLY_DAYS} 个工作日，自次日起算（第三十三条第二款）",
            "Received on {received}: {REPLY_DAYS} working days to reply, counted from the next day (Art. 33(2))"
        )];
        let mut count = Count {
            calendar,
            start: received,
            pauses: Vec::new(),
        };
        let mut budget = REPLY_DAYS;
        let mut open: Option<Open> = None;
        let (mut asked, mut extended, mut fee_noticed) = (false, false, false);
        let mut last = received;
        for event in events {
            let on = event.on();
            if on < last {
                return Err(words!(
                    "{on} 的记录早于前一项记录（{last}）",
                    "The record of {on} is earlier than the one before it ({last})"
                ));
            }
            if on > today {
                return Err(words!("{on} 晚于今天", "{on} is in the future"));
            }
            last = on;
            if !matches!(event, ClockEvent::ConsultationAnswered { .. }) {
                close_silent(&mut count, &mut open, on, &mut lines);
            }
            match (*event, open) {
                (ClockEvent::SupplementRequested { .. }, _) if asked => {
                    return Err(words!(
                        "补正只能一次性告知，已告知过",
                        "A supplement is asked for once only, and it was"
                    ));
                }
                (ClockEvent::SupplementRequested { on, days: given }, None) => {
                    let n = calendar.working_days_between(received, on);
                    if on > notice_by {
                        return Err(words!(
                            "补正须在收到申请后 {SUPPLEMENT_NOTICE_DAYS} 个工作日内（{notice_by} 前）告知，{on} 已是第 {n} 个工作日",
                            "A supplement must be asked for within {SUPPLEMENT_NOTICE_DAYS} working days of receipt (by {notice_by}); {on} is working day {n}"
                        ));
                    }
                    asked = true;
                    let days = given.unwrap_or(periods.supplement_days);
                    open = Some(Open::Supplement(on, days));
                    let until = calendar.add_working_days(on, days);
                    lines.push(words!(
                        "{on} 一次性告知补正（收到申请后第 {n} 个工作日，未超过 {SUPPLEMENT_NOTICE_DAYS} 个工作日），补正期限 {days} 个工作日（至 {until}），答复期限中止",
                        "{on}: asked once for a supplement (working day {n} after receipt, within {SUPPLEMENT_NOTICE_DAYS}); {days} working days to supplement (until {until}); the reply clock stops"
                    ));
                }
                (ClockEvent::SupplementReceived { on }, Some(Open::Supplement(..))) => {
                    open = None;
                    count.start = on;
                    count.pauses.clear();
                    lines.push(words!(
                        "{on} 收到补正，答复期限自次日起重新计算 {budget} 个工作日（第三十条）",
                        "{on}: supplement received; the {budget} working days count again from the next day (Art. 30)"
                    ));
                }
                (ClockEvent::ConsultationSent { on, to }, None) => {
                    open = Some(Open::Consultation(on));
                    count.pauses.push(Pause {
                        from: on,
                        until: None,
                    });
                    let limit = calendar.add_working_days(on, CONSULTATION_DAYS);
                    let to = to.words();
                    lines.push(Words::new(
                        format!(
                            "{on} 征求{}意见，答复期限暂停；应在 {CONSULTATION_DAYS} 个工作日内（{limit} 前）提出意见（第三十三条第三款）",
                            to.zh
                        ),
                        format!(
                            "{on}: consulted {}; the reply clock stops; they have {CONSULTATION_DAYS} working days, until {limit} (Art. 33(3))",
                            to.en
                        ),
                    ));
                }
                (ClockEvent::ConsultationAnswered { on }, Some(Open::Consultation(since))) => {
                    open = None;
                    let limit = calendar.add_working_days(since, CONSULTATION_DAYS);
                    let until = on.min(limit);
                    close_pause(&mut count, until);
                    let n = calendar.working_days_between(since, until);
                    lines.push(if on > limit {
                        words!(
                            "{on} 收到意见；不计入答复期限的时间以 {CONSULTATION_DAYS} 个工作日为限（至 {limit}），自次日恢复计算",
                            "{on}: answer received; at most {CONSULTATION_DAYS} working days (until {limit}) are left out of the count, which runs again from the next day"
                        )
                    } else {
                        words!(
                            "{on} 收到意见，答复期限自次日恢复计算；其间 {n} 个工作日不计入答复期限",
                            "{on}: answer received; the clock runs again from the next day; {n} working days in between are not counted"
                        )
                    });
                }
                (ClockEvent::Extended { .. }, _) if extended => {
                    return Err(words!(
                        "答复期限只能延长一次",
                        "The reply period is extended once only"
                    ));
                }
                (
                    ClockEvent::Extended { on, days },
                    None | Some(Open::Consultation(_) | Open::Fee(_)),
                ) => {
                    if days == 0 || days > EXTENSION_MAX_DAYS {
                        return Err(words!(
                            "延长的期限应为 1–{EXTENSION_MAX_DAYS} 个工作日",
                            "An extension is 1–{EXTENSION_MAX_DAYS} working days"
                        ));
                    }
                    if let Some(due) = count.reached(budget, on).filter(|due| *due < on) {
                        return Err(words!(
                            "答复期限已于 {due} 届满，不能再延长",
                            "The reply period ended on {due}; it can no longer be extended"
                        ));
                    }
                    extended = true;
                    budget += days;
                    lines.push(words!(
                        "{on} 经批准延长答复期限 {days} 个工作日，共 {budget} 个工作日（第三十三条第二款）",
                        "{on}: extension of {days} working days approved, {budget} in all (Art. 33(2))"
                    ));
                }
                (ClockEvent::FeeNoticeIssued { .. }, _) if fee_noticed => {
                    return Err(words!(
                        "已发出过收费通知",
                        "A fee notice was already issued"
                    ));
                }
                (ClockEvent::FeeNoticeIssued { on }, None) => {
                    fee_noticed = true;
                    open = Some(Open::Fee(on));
                    count.pauses.push(Pause {
                        from: on,
                        until: None,
                    });
                    let until = calendar.add_working_days(on, periods.fee_days);
                    let days = periods.fee_days;
                    lines.push(words!(
                        "{on} 发出收费通知，缴费期 {days} 个工作日（至 {until}），答复期限暂停",
                        "{on}: fee notice issued, {days} working days to pay (until {until}); the reply clock stops"
                    ));
                }
                (ClockEvent::FeeSettled { on, waived }, Some(Open::Fee(since))) => {
                    open = None;
                    close_pause(&mut count, on);
                    let n = calendar.working_days_between(since, on);
                    lines.push(if waived {
                        words!(
                            "{on} 决定减免费用，答复期限自次日恢复计算；其间 {n} 个工作日不计入答复期限",
                            "{on}: the fee was waived; the clock runs again from the next day; {n} working days in between are not counted"
                        )
                    } else {
                        words!(
                            "{on} 申请人缴纳费用，答复期限自次日恢复计算；其间 {n} 个工作日不计入答复期限",
                            "{on}: the fee was paid; the clock runs again from the next day; {n} working days in between are not counted"
                        )
                    });
                }
                (event, _) => return Err(out_of_turn(event, open)),
            }
        }
        close_silent(&mut count, &mut open, today, &mut lines);

        let used = count.used(today);
        let mut clock = Self {
            start: count.start,
            working_days: budget,
            due: None,
            used,
            left: i64::from(budget) - i64::from(used),
            standing: Standing::OnTime,
            supplement_notice_by: notice_by,
            explanation: Vec::new(),
        };
        let (standing, closing) = match open {
            Some(Open::Supplement(since, days)) => {
                let until = calendar.add_working_days(since, days);
                match lapsed_from(calendar, since, days, today) {
                    Some(from) => (
                        Standing::Lapsed {
                            reason: CloseReason::Abandoned,
                            from,
                        },
                        words!(
                            "补正期限 {until} 届满未补正，自 {from} 起视为放弃申请（第三十条）",
                            "No supplement by {until}: treated as abandoned from {from} (Art. 30)"
                        ),
                    ),
                    None => (
                        Standing::AwaitingSupplement { since, until },
                        words!(
                            "等待补正（至 {until}），收到补正后重新计算答复期限",
                            "Waiting for the supplement (until {until}); the clock starts again when it arrives"
                        ),
                    ),
                }
            }
            Some(Open::Consultation(since)) => {
                let until = calendar.add_working_days(since, CONSULTATION_DAYS);
                (
                    Standing::Consulting { since, until },
                    words!(
                        "截至 {today} 等待意见（最迟至 {until}），已用 {used} 个工作日",
                        "As of {today} waiting for the answer (until {until} at the latest); {used} working days used"
                    ),
                )
            }
            Some(Open::Fee(since)) => {
                let until = calendar.add_working_days(since, periods.fee_days);
                match lapsed_from(calendar, since, periods.fee_days, today) {
                    Some(from) => (
                        Standing::Lapsed {
                            reason: CloseReason::FeeUnpaid,
                            from,
                        },
                        words!(
                            "缴费期 {until} 届满未缴费，自 {from} 起视为放弃申请",
                            "The fee was not paid by {until}: treated as abandoned from {from}"
                        ),
                    ),
                    None => (
                        Standing::AwaitingFee { since, until },
                        words!(
                            "截至 {today} 等待缴费（至 {until}），已用 {used} 个工作日",
                            "As of {today} waiting for payment (until {until}); {used} working days used"
                        ),
                    ),
                }
            }
            None => {
                let bound = count.start + chrono::Days::new(3 * 366);
                let due = count.reached(budget, bound).unwrap_or(bound);
                clock.due = Some(due);
                let left = clock.left;
                let standing = if today > due {
                    Standing::Overdue
                } else if left <= DUE_SOON_DAYS {
                    Standing::DueSoon
                } else {
                    Standing::OnTime
                };
                lines.push(words!("答复期限届满日：{due}", "Reply due by {due}"));
                let line = if today > due {
                    let over = calendar.working_days_between(due, today);
                    words!(
                        "截至 {today} 已超过答复期限 {over} 个工作日",
                        "As of {today}: {over} working days overdue"
                    )
                } else {
                    words!(
                        "截至 {today} 已用 {used} 个工作日，剩余 {left} 个工作日",
                        "As of {today}: {used} working days used, {left} left"
                    )
                };
                (standing, line)
            }
        };
        if !matches!(
            standing,
            Standing::AwaitingSupplement { .. } | Standing::Lapsed { .. }
        ) {
            let end = clock.due.unwrap_or(today);
            lines.extend(day_notes(&count, end));
        }
        lines.push(closing);
        clock.standing = standing;
        clock.explanation = lines;
        Ok(clock)
    }
}

/// Ends the open pause on `until`.
fn close_pause(count: &mut Count<'_>, until: NaiveDate) {
    if let Some(pause) = count.pauses.last_mut() {
        pause.until = Some(until);
    }
}

/// A consultation nobody answered ends when its 15 working days have passed before `on`.
fn close_silent(
    count: &mut Count<'_>,
    open: &mut Option<Open>,
    on: NaiveDate,
    lines: &mut Vec<Words>,
) {
    let Some(Open::Consultation(since)) = *open else {
        return;
    };
    let limit = count.calendar.add_working_days(since, CONSULTATION_DAYS);
    if on > limit {
        *open = None;
        close_pause(count, limit);
        lines.push(words!(
            "{limit} 前未收到意见（{CONSULTATION_DAYS} 个工作日届满），答复期限自次日恢复计算；其间 {CONSULTATION_DAYS} 个工作日不计入答复期限",
            "No answer by {limit} ({CONSULTATION_DAYS} working days): the clock runs again from the next day; {CONSULTATION_DAYS} working days in between are not counted"
        ));
    }
}

fn out_of_turn(event: ClockEvent, open: Option<Open>) -> Words {
    let on = event.on();
    match open {
        Some(Open::Supplement(since, _)) => words!(
            "{since} 起正在等待补正，{on} 的这项记录不能登记",
            "Waiting for a supplement since {since}: this record of {on} cannot be entered"
        ),
        Some(Open::Consultation(since)) => words!(
            "{since} 起正在征求意见，{on} 的这项记录不能登记",
            "A consultation is open since {since}: this record of {on} cannot be entered"
        ),
        Some(Open::Fee(since)) => words!(
            "{since} 起正在等待缴费，{on} 的这项记录不能登记",
            "Waiting for a fee since {since}: this record of {on} cannot be entered"
        ),
        None => words!(
            "{on} 的这项记录没有对应的通知或征求意见",
            "This record of {on} answers no notice or consultation"
        ),
    }
}

/// The weekends, holidays and 调休 days the count passed through, up to `end`.
fn day_notes(count: &Count<'_>, end: NaiveDate) -> Vec<Words> {
    let entries: BTreeMap<NaiveDate, (DayKind, String)> = count
        .calendar
        .entries()
        .into_iter()
        .map(|e| (e.date, (e.kind, e.name)))
        .collect();
    let mut weekends = 0;
    let mut holidays = Vec::new();
    let mut adjusted = Vec::new();
    for day in count.days().take_while(|d| *d <= end) {
        if count.paused(day) {
            continue;
        }
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        match entries.get(&day) {
            Some((DayKind::Holiday, name)) => holidays.push(words!(
                "跳过节假日 {day}（{name}）",
                "Holiday skipped: {day} ({name})"
            )),
            Some((DayKind::Workday, name)) if weekend => adjusted.push(words!(
                "计入调休工作日 {day}（{name}调休）",
                "Worked weekend day counted: {day} ({name})"
            )),
            None if weekend => weekends += 1,
            _ => {}
        }
    }
    let mut lines = Vec::new();
    if weekends > 0 {
        lines.push(words!(
            "跳过周末 {weekends} 天",
            "{weekends} weekend days skipped"
        ));
    }
    lines.extend(holidays);
    lines.extend(adjusted);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    /// A plausible 2026 National Day break, not the official one: Thursday 10-01 to
    /// Thursday 10-08 off (8 days, the weekend included), with 调休 on Sunday 09-27 and
    /// Saturday 10-10.
    fn national_day() -> Calendar {
        let mut text = String::from("2026-09-27 班 国庆节\n2026-10-10 班 国庆节\n");
        for day in 1..=8 {
            text.push_str(&format!("2026-10-{day:02} 休 国庆节\n"));
        }
        Calendar::new(Calendar::parse_text(&text).expect("valid"))
    }

    fn compute(
        calendar: &Calendar,
        received: &str,
        events: &[ClockEvent],
        today: &str,
    ) -> Result<Clock, Words> {
        Clock::compute(calendar, d(received), events, Periods::default(), d(today))
    }

    fn zh(clock: &Clock) -> Vec<&str> {
        clock.explanation.iter().map(|w| w.zh.as_str()).collect()
    }

    #[test]
    fn twenty_days_across_the_national_day_break() {
        let calendar = national_day();
        // Friday 09-25: Sun 09-27 (调休) is day 1, 09-30 day 4, the break, Fri 10-09 day 5,
        // Sat 10-10 (调休) day 6, then four plain weeks less one day.
        let clock = compute(&calendar, "2026-09-25", &[], "2026-10-27").expect("clock");
        assert_eq!(clock.due, Some(d("2026-10-29")));
        assert_eq!((clock.used, clock.left), (18, 2));
        assert_eq!(clock.standing, Standing::DueSoon);
        assert_eq!(clock.supplement_notice_by, d("2026-10-12"));
        let mut expected = vec![
            "2026-09-25 收到申请，答复期限 20 个工作日，自次日起算（第三十三条第二款）".to_owned(),
            "答复期限届满日：2026-10-29".to_owned(),
            "跳过周末 6 天".to_owned(),
        ];
        for day in 1..=8 {
            expected.push(format!("跳过节假日 2026-10-{day:02}（国庆节）"));
        }
        expected.extend([
            "计入调休工作日 2026-09-27（国庆节调休）".to_owned(),
            "计入调休工作日 2026-10-10（国庆节调休）".to_owned(),
            "截至 2026-10-27 已用 18 个工作日，剩余 2 个工作日".to_owned(),
        ]);
        assert_eq!(zh(&clock), expected);
        assert_eq!(
            clock.explanation[0].en,
            "Received on 2026-09-25: 20 working days to reply, counted from the next day (Art. 33(2))"
        );
        assert_eq!(
            clock.explanation[3].en,
            "Holiday skipped: 2026-10-01 (国庆节)"
        );

        let on_time = compute(&calendar, "2026-09-25", &[], "2026-10-09").expect("clock");
        assert_eq!((on_time.used, on_time.standing), (5, Standing::OnTime));
        let overdue = compute(&calendar, "2026-09-25", &[], "2026-11-02").expect("clock");
        assert_eq!(overdue.standing, Standing::Overdue);
        assert_eq!(overdue.left, -2);
        assert_eq!(
            overdue.explanation.last().map(|w| w.zh.as_str()),
            Some("截至 2026-11-02 已超过答复期限 2 个工作日")
        );
    }

    #[test]
    fn a_supplement_restarts_the_count() {
        let calendar = national_day();
        let asked = ClockEvent::SupplementRequested {
            on: d("2026-09-22"),
            days: None,
        };
        let got = ClockEvent::SupplementReceived {
            on: d("2026-09-30"),
        };
        let clock = compute(&calendar, "2026-09-14", &[asked, got], "2026-10-12").expect("clock");
        // 09-30 + 20: the break, 10-09 and 10-10 (调休) are days 1 and 2 … Wed 11-04.
        assert_eq!(clock.start, d("2026-09-30"));
        assert_eq!(clock.due, Some(d("2026-11-04")));
        assert_eq!(clock.used, 3);
        let lines = zh(&clock);
        assert_eq!(
            lines[..3],
            [
                "2026-09-14 收到申请，答复期限 20 个工作日，自次日起算（第三十三条第二款）",
                "2026-09-22 一次性告知补正（收到申请后第 6 个工作日，未超过 7 个工作日），补正期限 15 个工作日（至 2026-10-19），答复期限中止",
                "2026-09-30 收到补正，答复期限自次日起重新计算 20 个工作日（第三十条）",
            ]
        );
        assert_eq!(lines[3], "答复期限届满日：2026-11-04");
        assert!(lines.contains(&"计入调休工作日 2026-10-10（国庆节调休）"));
        assert!(
            !lines.contains(&"计入调休工作日 2026-09-27（国庆节调休）"),
            "before the restart"
        );

        let waiting = compute(&calendar, "2026-09-14", &[asked], "2026-10-19").expect("clock");
        assert_eq!(
            waiting.standing,
            Standing::AwaitingSupplement {
                since: d("2026-09-22"),
                until: d("2026-10-19")
            }
        );
        assert_eq!(waiting.due, None);
        assert_eq!(
            zh(&waiting)[2],
            "等待补正（至 2026-10-19），收到补正后重新计算答复期限"
        );
        let lapsed = compute(&calendar, "2026-09-14", &[asked], "2026-10-20").expect("clock");
        assert_eq!(
            lapsed.standing,
            Standing::Lapsed {
                reason: CloseReason::Abandoned,
                from: d("2026-10-20")
            }
        );
        assert_eq!(
            zh(&lapsed)[2],
            "补正期限 2026-10-19 届满未补正，自 2026-10-20 起视为放弃申请（第三十条）"
        );
        assert_eq!(
            lapsed_from(&calendar, d("2026-09-22"), 15, d("2026-10-19")),
            None
        );
        let short = Periods {
            supplement_days: 5,
            fee_days: 20,
        };
        let five = Clock::compute(&calendar, d("2026-09-14"), &[asked], short, d("2026-09-30"))
            .expect("clock");
        assert!(matches!(five.standing, Standing::Lapsed { from, .. } if from == d("2026-09-29")));
        // The period a notice gave is the one that counts, whatever the default.
        let given = ClockEvent::SupplementRequested {
            on: d("2026-09-22"),
            days: Some(5),
        };
        let five = compute(&calendar, "2026-09-14", &[given], "2026-09-30").expect("clock");
        assert!(matches!(five.standing, Standing::Lapsed { from, .. } if from == d("2026-09-29")));
        assert!(
            zh(&five)[1].contains("补正期限 5 个工作日"),
            "{:?}",
            zh(&five)
        );
    }

    #[test]
    fn a_supplement_is_asked_for_once_within_seven_working_days() {
        let calendar = national_day();
        let late = ClockEvent::SupplementRequested {
            on: d("2026-09-24"),
            days: None,
        };
        let error = compute(&calendar, "2026-09-14", &[late], "2026-09-24").expect_err("late");
        assert_eq!(
            error.zh,
            "补正须在收到申请后 7 个工作日内（2026-09-23 前）告知，2026-09-24 已是第 8 个工作日"
        );
        let first = ClockEvent::SupplementRequested {
            on: d("2026-09-15"),
            days: None,
        };
        let back = ClockEvent::SupplementReceived {
            on: d("2026-09-16"),
        };
        let again = ClockEvent::SupplementRequested {
            on: d("2026-09-17"),
            days: None,
        };
        let error = compute(&calendar, "2026-09-14", &[first, back, again], "2026-09-17")
            .expect_err("twice");
        assert_eq!(error.zh, "补正只能一次性告知，已告知过");
        assert!(compute(&calendar, "2026-09-14", &[back], "2026-09-17").is_err());
        let error = compute(&calendar, "2026-09-14", &[first], "2026-09-14").expect_err("future");
        assert_eq!(error.zh, "2026-09-15 晚于今天");
    }

    #[test]
    fn consultation_days_are_not_counted() {
        let calendar = Calendar::default();
        let sent = ClockEvent::ConsultationSent {
            on: d("2026-11-04"),
            to: Consulted::ThirdParty,
        };
        let answered = ClockEvent::ConsultationAnswered {
            on: d("2026-11-11"),
        };
        let clock =
            compute(&calendar, "2026-11-02", &[sent, answered], "2026-11-12").expect("clock");
        // 11-02 + 20 = 11-30 without the pause; five working days later: 12-07.
        assert_eq!(clock.due, Some(d("2026-12-07")));
        assert_eq!(clock.used, 3, "11-03, 11-04 and 11-12");
        assert_eq!(
            zh(&clock),
            [
                "2026-11-02 收到申请，答复期限 20 个工作日，自次日起算（第三十三条第二款）",
                "2026-11-04 征求第三方（第三十二条）意见，答复期限暂停；应在 15 个工作日内（2026-11-25 前）提出意见（第三十三条第三款）",
                "2026-11-11 收到意见，答复期限自次日恢复计算；其间 5 个工作日不计入答复期限",
                "答复期限届满日：2026-12-07",
                "跳过周末 8 天",
                "截至 2026-11-12 已用 3 个工作日，剩余 17 个工作日",
            ]
        );

        let other = ClockEvent::ConsultationSent {
            on: d("2026-11-04"),
            to: Consulted::OtherBody,
        };
        let waiting = compute(&calendar, "2026-11-02", &[other], "2026-11-25").expect("clock");
        assert_eq!(
            waiting.standing,
            Standing::Consulting {
                since: d("2026-11-04"),
                until: d("2026-11-25")
            }
        );
        assert_eq!(
            zh(&waiting).last().copied(),
            Some("截至 2026-11-25 等待意见（最迟至 2026-11-25），已用 2 个工作日")
        );
        // Nobody answered: after 15 working days the clock runs again by itself.
        let silent = compute(&calendar, "2026-11-02", &[other], "2026-11-30").expect("clock");
        assert_eq!(silent.due, Some(d("2026-12-21")));
        assert_eq!(silent.used, 5, "11-03, 11-04, 11-26, 11-27, 11-30");
        assert_eq!(
            zh(&silent)[2],
            "2026-11-25 前未收到意见（15 个工作日届满），答复期限自次日恢复计算；其间 15 个工作日不计入答复期限"
        );
        // A late answer leaves out no more than 15 working days.
        let late = ClockEvent::ConsultationAnswered {
            on: d("2026-11-27"),
        };
        let capped = compute(&calendar, "2026-11-02", &[sent, late], "2026-11-30").expect("clock");
        assert_eq!(capped.due, Some(d("2026-12-21")));
        assert_eq!(
            zh(&capped)[2],
            "2026-11-27 收到意见；不计入答复期限的时间以 15 个工作日为限（至 2026-11-25），自次日恢复计算"
        );
    }

    #[test]
    fn one_approved_extension() {
        let calendar = Calendar::default();
        let extend = ClockEvent::Extended {
            on: d("2026-11-27"),
            days: 20,
        };
        let clock = compute(&calendar, "2026-11-02", &[extend], "2026-11-30").expect("clock");
        assert_eq!(clock.due, Some(d("2026-12-28")));
        assert_eq!((clock.working_days, clock.used, clock.left), (40, 20, 20));
        assert_eq!(
            zh(&clock),
            [
                "2026-11-02 收到申请，答复期限 20 个工作日，自次日起算（第三十三条第二款）",
                "2026-11-27 经批准延长答复期限 20 个工作日，共 40 个工作日（第三十三条第二款）",
                "答复期限届满日：2026-12-28",
                "跳过周末 16 天",
                "截至 2026-11-30 已用 20 个工作日，剩余 20 个工作日",
            ]
        );
        let late = ClockEvent::Extended {
            on: d("2026-12-01"),
            days: 10,
        };
        let error = compute(&calendar, "2026-11-02", &[late], "2026-12-01").expect_err("late");
        assert_eq!(error.zh, "答复期限已于 2026-11-30 届满，不能再延长");
        let on_the_day = ClockEvent::Extended {
            on: d("2026-11-30"),
            days: 10,
        };
        assert!(compute(&calendar, "2026-11-02", &[on_the_day], "2026-12-01").is_ok());
        let too_long = ClockEvent::Extended {
            on: d("2026-11-10"),
            days: 21,
        };
        assert!(compute(&calendar, "2026-11-02", &[too_long], "2026-11-10").is_err());
        let second = ClockEvent::Extended {
            on: d("2026-11-11"),
            days: 5,
        };
        let error = compute(&calendar, "2026-11-02", &[on_the_day, second], "2026-12-01");
        assert!(error.is_err(), "out of order");
        let first = ClockEvent::Extended {
            on: d("2026-11-10"),
            days: 5,
        };
        let error =
            compute(&calendar, "2026-11-02", &[first, second], "2026-12-01").expect_err("twice");
        assert_eq!(error.zh, "答复期限只能延长一次");
    }

    #[test]
    fn the_clock_waits_for_the_fee() {
        let calendar = Calendar::default();
        let notice = ClockEvent::FeeNoticeIssued {
            on: d("2026-11-20"),
        };
        let paid = ClockEvent::FeeSettled {
            on: d("2026-11-27"),
            waived: false,
        };
        let clock = compute(&calendar, "2026-11-02", &[notice, paid], "2026-11-30").expect("clock");
        assert_eq!(clock.due, Some(d("2026-12-07")));
        assert_eq!(clock.used, 15);
        assert_eq!(
            zh(&clock)[1..3],
            [
                "2026-11-20 发出收费通知，缴费期 20 个工作日（至 2026-12-18），答复期限暂停",
                "2026-11-27 申请人缴纳费用，答复期限自次日恢复计算；其间 5 个工作日不计入答复期限",
            ]
        );
        let waived = ClockEvent::FeeSettled {
            on: d("2026-11-27"),
            waived: true,
        };
        let clock =
            compute(&calendar, "2026-11-02", &[notice, waived], "2026-11-30").expect("clock");
        assert!(
            clock.explanation[2]
                .zh
                .starts_with("2026-11-27 决定减免费用")
        );

        let waiting = compute(&calendar, "2026-11-02", &[notice], "2026-12-18").expect("clock");
        assert_eq!(
            waiting.standing,
            Standing::AwaitingFee {
                since: d("2026-11-20"),
                until: d("2026-12-18")
            }
        );
        assert_eq!(waiting.used, 14);
        let unpaid = compute(&calendar, "2026-11-02", &[notice], "2026-12-21").expect("clock");
        assert_eq!(
            unpaid.standing,
            Standing::Lapsed {
                reason: CloseReason::FeeUnpaid,
                from: d("2026-12-19")
            }
        );
        assert_eq!(
            unpaid.explanation.last().map(|w| w.zh.as_str()),
            Some("缴费期 2026-12-18 届满未缴费，自 2026-12-19 起视为放弃申请")
        );
        let stray = ClockEvent::FeeSettled {
            on: d("2026-11-27"),
            waived: false,
        };
        let error =
            compute(&calendar, "2026-11-02", &[stray], "2026-11-30").expect_err("no notice");
        assert_eq!(error.zh, "2026-11-27 的这项记录没有对应的通知或征求意见");
    }

    #[test]
    fn events_round_trip_as_tagged_json() {
        let event = ClockEvent::ConsultationSent {
            on: d("2026-11-04"),
            to: Consulted::OtherBody,
        };
        let json = serde_json::to_string(&event).expect("json");
        assert_eq!(
            json,
            r#"{"event":"consultation_sent","on":"2026-11-04","to":"other_body"}"#
        );
        assert_eq!(
            serde_json::from_str::<ClockEvent>(&json).expect("back"),
            event
        );
    }
}
