//! The dashboard's figures for a unit or the county over a period, counted from plain facts
//! the repository loads. Each function returns a [`ReportTable`] with a line per unit (in
//! the order given) and, for more than one unit, a closing line of sums (合计).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::table::{Cell, Column, ReportTable, median, share};
use super::{PUBLISH_WITHIN_WORKING_DAYS, Period};
use crate::domain::calendar::Calendar;
use crate::domain::plan::{MilestoneState, milestone_state};

/// A proactively disclosed item of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFact {
    pub unit: String,
    pub directory: String,
    /// The day it was made (signed).
    pub made: NaiveDate,
    pub published: Option<NaiveDate>,
    pub major: bool,
    /// Whether its interpretation plan is approved.
    pub plan_approved: bool,
}

/// A milestone of an interpretation plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneFact {
    pub unit: String,
    pub due: Option<DateTime<Utc>>,
    pub released: Option<DateTime<Utc>>,
}

/// A public question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcernFact {
    pub unit: String,
    pub received: DateTime<Utc>,
    pub due: Option<DateTime<Utc>>,
    pub answered: Option<DateTime<Utc>>,
}

/// The units a table has a line for, as (code, name).
pub type Units = [(String, String)];

fn unit_columns(first: &[(&str, &str, Column)]) -> Vec<(crate::domain::Words, Column)> {
    let mut columns = vec![(words!("单位", "Unit"), Column::Text)];
    columns.extend(
        first
            .iter()
            .map(|(zh, en, kind)| (crate::domain::Words::new(*zh, *en), *kind)),
    );
    columns
}

/// Adds a line per unit from `line`, and a line of sums when there are several units:
/// counts are added, shares are recomputed from the summed counts by `total`.
fn fill<T>(
    table: &mut ReportTable,
    units: &Units,
    line: impl Fn(&str) -> T,
    cells: impl Fn(&T) -> Vec<Cell>,
    add: impl Fn(&mut T, &T),
    zero: T,
) {
    let mut sum = zero;
    for (code, name) in units {
        let counted = line(code);
        add(&mut sum, &counted);
        let mut row = vec![Cell::Text(name.clone())];
        row.extend(cells(&counted));
        table.rows.push(row);
    }
    if units.len() > 1 {
        let mut row = vec![Cell::Text("合计".to_owned())];
        row.extend(cells(&sum));
        table.rows.push(row);
    }
}

#[derive(Default, Clone, Copy)]
struct Publication {
    made: u64,
    published: u64,
    on_time: u64,
    late: u64,
    overdue: u64,
}

/// When an item made on `made` is due: the end of the twentieth working day after.
pub fn publish_by(calendar: &Calendar, made: NaiveDate) -> NaiveDate {
    calendar.add_working_days(made, PUBLISH_WITHIN_WORKING_DAYS)
}

/// 主动公开: items made in the period, items published in it (on time within 20 working
/// days of being made, or late), and items past that limit still unpublished on `today`.
pub fn publication(
    period: Period,
    today: NaiveDate,
    calendar: &Calendar,
    units: &Units,
    items: &[ItemFact],
) -> ReportTable {
    use Column::{Count, Share};
    let mut table = ReportTable::new(
        "publication",
        words!("主动公开", "Proactive disclosure"),
        unit_columns(&[
            ("制作", "Made", Count),
            ("发布", "Published", Count),
            ("按时发布", "On time", Count),
            ("超期发布", "Late", Count),
            ("超期未发布", "Overdue", Count),
            ("及时率", "On-time share", Share),
        ]),
    )
    .with_note(words!(
        "按时：自制作之日起 {} 个工作日内发布（《条例》第二十六条）；超期未发布：已过期限、至今未发布。",
        "On time: published within {} working days of being made (Art. 26); overdue: past that and still unpublished.",
        PUBLISH_WITHIN_WORKING_DAYS
    ));
    let horizon = today.min(period.end().pred_opt().unwrap_or(today));
    fill(
        &mut table,
        units,
        |unit| {
            let mut p = Publication::default();
            for item in items.iter().filter(|i| i.unit == unit) {
                let due = publish_by(calendar, item.made);
                if period.contains(item.made) {
                    p.made += 1;
                }
                match item.published {
                    Some(on) if period.contains(on) => {
                        p.published += 1;
                        if on <= due {
                            p.on_time += 1;
                        } else {
                            p.late += 1;
                        }
                    }
                    None if due < horizon && item.made < period.end() => p.overdue += 1,
                    _ => {}
                }
            }
            p
        },
        |p| {
            vec![
                Cell::Count(p.made),
                Cell::Count(p.published),
                Cell::Count(p.on_time),
                Cell::Count(p.late),
                Cell::Count(p.overdue),
                share(p.on_time, p.published),
            ]
        },
        |sum, p| {
            sum.made += p.made;
            sum.published += p.published;
            sum.on_time += p.on_time;
            sum.late += p.late;
            sum.overdue += p.overdue;
        },
        Publication::default(),
    );
    table
}

#[derive(Default, Clone, Copy)]
struct Quotas {
    target: u64,
    reported: u64,
    on_time: u64,
}

/// 报送任务: each unit's target for the period's year (all directories), the items it
/// published in its target directories from the year's start to the period's end (each
/// directory counted up to its target), and how many of those were on time.
pub fn quotas(
    period: Period,
    calendar: &Calendar,
    units: &Units,
    quotas: &[super::quota::Quota],
    items: &[ItemFact],
) -> ReportTable {
    use Column::{Count, Share};
    let mut table = ReportTable::new(
        "quotas",
        words!("报送任务完成情况", "Reporting quotas"),
        unit_columns(&[
            ("任务数", "Target", Count),
            ("已报送", "Reported", Count),
            ("完成率", "Completion", Share),
            ("按时报送", "On time", Count),
            ("按时率", "On-time share", Share),
        ]),
    )
    .with_note(words!(
        "已报送：年初至统计期末在任务目录中发布的主动公开信息，每个目录最多计到任务数。",
        "Reported: items published in the target directories from the year's start to the period's end, each directory counted up to its target."
    ));
    let year_start = Period::Year(period.year()).first_day();
    fill(
        &mut table,
        units,
        |unit| {
            let mut q = Quotas::default();
            for quota in quotas
                .iter()
                .filter(|q| q.unit.as_str() == unit && q.year == period.year())
            {
                let mut published: Vec<(NaiveDate, NaiveDate)> = items
                    .iter()
                    .filter(|i| i.unit == unit && i.directory == quota.directory.as_str())
                    .filter_map(|i| {
                        i.published
                            .filter(|on| *on >= year_start && *on < period.end())
                            .map(|on| (on, publish_by(calendar, i.made)))
                    })
                    .collect();
                published.sort();
                published.truncate(quota.target as usize);
                q.target += u64::from(quota.target);
                q.reported += published.len() as u64;
                q.on_time += published.iter().filter(|(on, due)| on <= due).count() as u64;
            }
            q
        },
        |q| {
            vec![
                Cell::Count(q.target),
                Cell::Count(q.reported),
                share(q.reported, q.target),
                Cell::Count(q.on_time),
                share(q.on_time, q.reported),
            ]
        },
        |sum, q| {
            sum.target += q.target;
            sum.reported += q.reported;
            sum.on_time += q.on_time;
        },
        Quotas::default(),
    );
    table
}

#[derive(Default, Clone)]
struct Interpretation {
    major: u64,
    planned: u64,
    on_time: u64,
    late: u64,
    overdue: u64,
    lags: Vec<f64>,
}

/// 政策解读: major policies published in the period and how many have an approved plan
/// (解读比例); the milestones due in the period released on time, late, or overdue on
/// `now`, with the median lag of the late ones in hours.
pub fn interpretation(
    period: Period,
    now: DateTime<Utc>,
    units: &Units,
    items: &[ItemFact],
    milestones: &[MilestoneFact],
) -> ReportTable {
    use Column::{Amount, Count, Share};
    let mut table = ReportTable::new(
        "interpretation",
        words!("政策解读", "Policy interpretation"),
        unit_columns(&[
            ("重大政策", "Major policies", Count),
            ("有解读方案", "With a plan", Count),
            ("解读比例", "Share planned", Share),
            ("节点按时", "Milestones on time", Count),
            ("节点超期发布", "Released late", Count),
            ("节点逾期未发布", "Overdue", Count),
            ("超期中位数（小时）", "Median lag (hours)", Amount),
        ]),
    )
    .with_note(words!(
        "重大政策：统计期内发布的；节点：到期时间在统计期内的解读方案节点。",
        "Major policies: published in the period; milestones: those due in the period."
    ));
    let china = crate::domain::policy::china_offset();
    let in_period = |t: DateTime<Utc>| period.contains(t.with_timezone(&china).date_naive());
    fill(
        &mut table,
        units,
        |unit| {
            let mut i = Interpretation::default();
            for item in items.iter().filter(|i| i.unit == unit && i.major) {
                if item.published.is_some_and(|on| period.contains(on)) {
                    i.major += 1;
                    i.planned += u64::from(item.plan_approved);
                }
            }
            for m in milestones.iter().filter(|m| m.unit == unit) {
                let Some(due) = m.due.filter(|d| in_period(*d)) else {
                    continue;
                };
                match milestone_state(Some(due), m.released, now) {
                    MilestoneState::OnTime => i.on_time += 1,
                    MilestoneState::Late => {
                        i.late += 1;
                        if let Some(at) = m.released {
                            i.lags.push((at - due).num_minutes() as f64 / 60.0);
                        }
                    }
                    MilestoneState::Overdue => i.overdue += 1,
                    MilestoneState::Pending | MilestoneState::Unscheduled => {}
                }
            }
            i
        },
        |i| {
            vec![
                Cell::Count(i.major),
                Cell::Count(i.planned),
                share(i.planned, i.major),
                Cell::Count(i.on_time),
                Cell::Count(i.late),
                Cell::Count(i.overdue),
                Cell::Amount(median(i.lags.clone())),
            ]
        },
        |sum, i| {
            sum.major += i.major;
            sum.planned += i.planned;
            sum.on_time += i.on_time;
            sum.late += i.late;
            sum.overdue += i.overdue;
            sum.lags.extend(i.lags.iter().copied());
        },
        Interpretation::default(),
    );
    table
}

#[derive(Default, Clone)]
struct Answers {
    received: u64,
    answered: u64,
    on_time: u64,
    overdue: u64,
    days: Vec<f64>,
}

/// 公众关切: questions received in the period, how many are answered (on time by their
/// due), how many are past due unanswered on `now`, and the median days to an answer.
pub fn concerns(
    period: Period,
    now: DateTime<Utc>,
    units: &Units,
    concerns: &[ConcernFact],
) -> ReportTable {
    use Column::{Amount, Count, Share};
    let mut table = ReportTable::new(
        "concerns",
        words!("公众关切回应", "Public questions"),
        unit_columns(&[
            ("收到", "Received", Count),
            ("已答复", "Answered", Count),
            ("按期答复", "On time", Count),
            ("按期率", "On-time share", Share),
            ("逾期未答复", "Overdue", Count),
            ("答复用时中位数（天）", "Median days to answer", Amount),
        ]),
    );
    let china = crate::domain::policy::china_offset();
    fill(
        &mut table,
        units,
        |unit| {
            let mut a = Answers::default();
            for c in concerns.iter().filter(|c| c.unit == unit) {
                if !period.contains(c.received.with_timezone(&china).date_naive()) {
                    continue;
                }
                a.received += 1;
                match (c.answered, c.due) {
                    (Some(at), due) => {
                        a.answered += 1;
                        a.on_time += u64::from(due.is_none_or(|due| at <= due));
                        a.days.push((at - c.received).num_minutes() as f64 / 1440.0);
                    }
                    (None, Some(due)) if due < now => a.overdue += 1,
                    (None, _) => {}
                }
            }
            a
        },
        |a| {
            vec![
                Cell::Count(a.received),
                Cell::Count(a.answered),
                Cell::Count(a.on_time),
                share(a.on_time, a.answered),
                Cell::Count(a.overdue),
                Cell::Amount(median(a.days.clone())),
            ]
        },
        |sum, a| {
            sum.received += a.received;
            sum.answered += a.answered;
            sum.on_time += a.on_time;
            sum.overdue += a.overdue;
            sum.days.extend(a.days.iter().copied());
        },
        Answers::default(),
    );
    table
}

/// 月度发布: per month of the period, the items published, for the chart of the dashboard.
pub fn monthly(period: Period, items: &[ItemFact]) -> ReportTable {
    use chrono::Datelike;
    let mut table = ReportTable::new(
        "monthly",
        words!("逐月主动公开", "Published by month"),
        vec![
            (words!("月份", "Month"), Column::Text),
            (words!("发布", "Published"), Column::Count),
        ],
    );
    for (year, month) in period.months() {
        let n = items
            .iter()
            .filter_map(|i| i.published)
            .filter(|d| d.year() == year && d.month() == month)
            .count();
        table.rows.push(vec![
            Cell::Text(format!("{year}-{month:02}")),
            Cell::Count(n as u64),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TaxonomyCode;
    use crate::domain::supervision::quota::Quota;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).expect("date")
    }

    fn units() -> Vec<(String, String)> {
        vec![
            ("czj".into(), "财政局".into()),
            ("jsj".into(), "住建局".into()),
        ]
    }

    fn item(unit: &str, made: NaiveDate, published: Option<NaiveDate>) -> ItemFact {
        ItemFact {
            unit: unit.into(),
            directory: "czxx".into(),
            made,
            published,
            major: false,
            plan_approved: false,
        }
    }

    fn count(table: &ReportTable, unit: &str, column: &str) -> u64 {
        match table.cell(unit, column) {
            Some(Cell::Count(n)) => *n,
            other => panic!("{unit}/{column}: {other:?}"),
        }
    }

    #[test]
    fn publication_is_on_time_within_twenty_working_days() {
        let calendar = Calendar::default();
        // 2026-03-02 is a Monday: twenty working days later is Monday 30 March.
        let items = [
            item("czj", day(3, 2), Some(day(3, 30))),
            item("czj", day(3, 2), Some(day(3, 31))),
            item("czj", day(3, 2), None),
            item("czj", day(6, 1), None),
            item("jsj", day(2, 2), Some(day(2, 3))),
        ];
        let table = publication(
            Period::Quarter(2026, 1),
            day(4, 15),
            &calendar,
            &units(),
            &items,
        );
        assert_eq!(count(&table, "财政局", "制作"), 3);
        assert_eq!(count(&table, "财政局", "按时发布"), 1);
        assert_eq!(count(&table, "财政局", "超期发布"), 1);
        assert_eq!(
            count(&table, "财政局", "超期未发布"),
            1,
            "not the one made in June"
        );
        assert_eq!(count(&table, "合计", "发布"), 3);
        assert_eq!(
            table.cell("住建局", "及时率"),
            Some(&Cell::Share(Some(1.0)))
        );
    }

    #[test]
    fn quotas_count_each_directory_up_to_its_target() {
        let calendar = Calendar::default();
        let quota = |target| Quota {
            unit: TaxonomyCode::parse("czj").expect("code"),
            directory: TaxonomyCode::parse("czxx").expect("code"),
            year: 2026,
            target,
        };
        let items: Vec<ItemFact> = (1..=3)
            .map(|d| item("czj", day(1, d + 4), Some(day(1, d + 5))))
            .collect();
        let table = quotas(Period::Year(2026), &calendar, &units(), &[quota(2)], &items);
        assert_eq!(count(&table, "财政局", "已报送"), 2);
        assert_eq!(
            table.cell("财政局", "完成率"),
            Some(&Cell::Share(Some(1.0)))
        );
        assert_eq!(table.cell("住建局", "完成率"), Some(&Cell::Share(None)));
        let table = quotas(Period::Year(2026), &calendar, &units(), &[quota(6)], &items);
        assert_eq!(
            table.cell("财政局", "完成率"),
            Some(&Cell::Share(Some(0.5)))
        );
    }

    #[test]
    fn milestones_and_answers_are_counted_by_their_due() {
        let at = |m, d, h| day(m, d).and_hms_opt(h, 0, 0).expect("time").and_utc();
        let milestones = [
            MilestoneFact {
                unit: "czj".into(),
                due: Some(at(3, 2, 8)),
                released: Some(at(3, 2, 7)),
            },
            MilestoneFact {
                unit: "czj".into(),
                due: Some(at(3, 2, 8)),
                released: Some(at(3, 2, 12)),
            },
            MilestoneFact {
                unit: "czj".into(),
                due: Some(at(3, 2, 8)),
                released: Some(at(3, 3, 6)),
            },
            MilestoneFact {
                unit: "czj".into(),
                due: Some(at(3, 3, 8)),
                released: None,
            },
            MilestoneFact {
                unit: "czj".into(),
                due: Some(at(5, 3, 8)),
                released: None,
            },
        ];
        let table = interpretation(
            Period::Quarter(2026, 1),
            at(4, 1, 0),
            &units(),
            &[],
            &milestones,
        );
        assert_eq!(count(&table, "财政局", "节点按时"), 1);
        assert_eq!(count(&table, "财政局", "节点超期发布"), 2);
        assert_eq!(count(&table, "财政局", "节点逾期未发布"), 1);
        assert_eq!(
            table.cell("财政局", "超期中位数（小时）"),
            Some(&Cell::Amount(Some(13.0)))
        );
        let concerns_ = [
            ConcernFact {
                unit: "jsj".into(),
                received: at(3, 1, 0),
                due: Some(at(3, 10, 0)),
                answered: Some(at(3, 3, 0)),
            },
            ConcernFact {
                unit: "jsj".into(),
                received: at(3, 1, 0),
                due: Some(at(3, 10, 0)),
                answered: Some(at(3, 11, 0)),
            },
            ConcernFact {
                unit: "jsj".into(),
                received: at(3, 20, 0),
                due: Some(at(3, 25, 0)),
                answered: None,
            },
        ];
        let table = concerns(Period::Quarter(2026, 1), at(4, 1, 0), &units(), &concerns_);
        assert_eq!(count(&table, "住建局", "按期答复"), 1);
        assert_eq!(count(&table, "住建局", "逾期未答复"), 1);
        assert_eq!(
            table.cell("住建局", "答复用时中位数（天）"),
            Some(&Cell::Amount(Some(6.0)))
        );
    }
}
