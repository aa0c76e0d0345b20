//! Table 三 of the annual report, 收到和处理政府信息公开申请情况 (国办公开办函〔2021〕30号),
//! counted from plain summaries of applications. Its rows balance: 一 + 二 = 三（七）+ 四.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::identity::{ApplicantKind, OrgKind};
use super::outcome::{CloseReason, NotHandledGround, Outcome, UnableGround, WithholdGround};
use crate::domain::Words;

/// A row of 三、本年度办理结果.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultRow {
    /// （一）予以公开.
    Disclosed,
    /// （二）部分公开 (区分处理的，只计这一情形).
    Partly,
    /// （三）不予公开.
    Withheld(WithholdGround),
    /// （四）无法提供.
    Unable(UnableGround),
    /// （五）不予处理.
    NotHandled(NotHandledGround),
    /// （六）其他处理.
    Other(CloseReason),
}

impl ResultRow {
    /// Every row, in the order of the table.
    pub fn all() -> Vec<Self> {
        let mut rows = vec![Self::Disclosed, Self::Partly];
        rows.extend(WithholdGround::ALL.iter().copied().map(Self::Withheld));
        rows.extend(UnableGround::ALL.iter().copied().map(Self::Unable));
        rows.extend(NotHandledGround::ALL.iter().copied().map(Self::NotHandled));
        rows.extend(CloseReason::ALL.iter().copied().map(Self::Other));
        rows
    }

    /// The row's label as the table prints it: `（三）不予公开 1.属于国家秘密`.
    pub fn label(self) -> Words {
        fn numbered<T: PartialEq + Copy>(
            all: &[T],
            item: T,
            section: Words,
            label: Words,
        ) -> Words {
            let n = all.iter().position(|x| *x == item).map_or(0, |i| i + 1);
            Words::new(
                format!("{} {n}.{}", section.zh, label.zh),
                format!("{} {n}. {}", section.en, label.en),
            )
        }
        match self {
            Self::Disclosed => words!("（一）予以公开", "(1) Disclosed"),
            Self::Partly => words!(
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "(2) Partly disclosed (counted only here)"
            ),
            Self::Withheld(g) => numbered(
                WithholdGround::ALL,
                g,
                words!("（三）不予公开", "(3) Withheld"),
                g.label(),
            ),
            Self::Unable(g) => numbered(
                UnableGround::ALL,
                g,
                words!("（四）无法提供", "(4) Cannot be provided"),
                g.label(),
            ),
            Self::NotHandled(g) => numbered(
                NotHandledGround::ALL,
                g,
                words!("（五）不予处理", "(5) Not handled"),
                g.label(),
            ),
            Self::Other(reason) => {
                let label = match reason {
                    CloseReason::Abandoned => words!(
                        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                        "No supplement in time without good reason; no longer handled"
                    ),
                    CloseReason::FeeUnpaid => words!(
                        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                        "The fee not paid as the notice required; no longer handled"
                    ),
                    CloseReason::Withdrawn => words!("其他", "Other"),
                };
                numbered(
                    CloseReason::ALL,
                    reason,
                    words!("（六）其他处理", "(6) Otherwise handled"),
                    label,
                )
            }
        }
    }
}

/// One application, as much as the table needs. Applications transferred to another unit
/// are left out: the unit that handles them counts them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub kind: ApplicantKind,
    /// For an organisation; none counts as 其他.
    pub org: Option<OrgKind>,
    pub received: NaiveDate,
    /// When and how it ended; `None` while it is still open.
    pub ended: Option<(NaiveDate, Outcome)>,
}

/// The count in each column: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts(pub [u32; 6]);

impl Counts {
    /// The column labels, 总计 last.
    pub fn headings() -> [Words; 7] {
        [
            words!("自然人", "Natural persons"),
            OrgKind::Business.label(),
            OrgKind::Research.label(),
            OrgKind::Nonprofit.label(),
            OrgKind::Legal.label(),
            OrgKind::Other.label(),
            words!("总计", "Total"),
        ]
    }

    /// 总计: all six columns.
    pub fn total(&self) -> u32 {
        self.0.iter().sum()
    }

    /// The six columns and the total.
    pub fn with_total(&self) -> [u32; 7] {
        let [a, b, c, d, e, f] = self.0;
        [a, b, c, d, e, f, self.total()]
    }

    fn add(&mut self, summary: &Summary) {
        let column = match (summary.kind, summary.org) {
            (ApplicantKind::Citizen, _) => 0,
            (ApplicantKind::Organisation, Some(OrgKind::Business)) => 1,
            (ApplicantKind::Organisation, Some(OrgKind::Research)) => 2,
            (ApplicantKind::Organisation, Some(OrgKind::Nonprofit)) => 3,
            (ApplicantKind::Organisation, Some(OrgKind::Legal)) => 4,
            (ApplicantKind::Organisation, Some(OrgKind::Other) | None) => 5,
        };
        self.0[column] += 1;
    }

    fn plus(mut self, other: &Self) -> Self {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
        self
    }
}

/// Table 三 for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationTable {
    pub year: i32,
    /// 一、本年新收.
    pub received: Counts,
    /// 二、上年结转: received before the year, still open on 1 January.
    pub carried_in: Counts,
    /// 三、本年度办理结果, every row in table order.
    pub results: Vec<(ResultRow, Counts)>,
    /// 四、结转下年度继续办理: still open on 31 December.
    pub carried_out: Counts,
}

impl ApplicationTable {
    /// Counts `summaries` for `year`; applications received after it are ignored.
    pub fn count(year: i32, summaries: &[Summary]) -> Self {
        let mut table = Self {
            year,
            received: Counts::default(),
            carried_in: Counts::default(),
            results: ResultRow::all()
                .into_iter()
                .map(|row| (row, Counts::default()))
                .collect(),
            carried_out: Counts::default(),
        };
        for summary in summaries {
            let received = summary.received.year();
            if received > year {
                continue;
            }
            let ended = summary.ended.as_ref().map(|(date, _)| date.year());
            if received == year {
                table.received.add(summary);
            } else if ended.is_none_or(|e| e >= year) {
                table.carried_in.add(summary);
            } else {
                continue;
            }
            match &summary.ended {
                Some((date, outcome)) if date.year() == year => {
                    let row = outcome.row();
                    if let Some((_, counts)) = table.results.iter_mut().find(|(r, _)| *r == row) {
                        counts.add(summary);
                    }
                }
                Some((date, _)) if date.year() < year => {}
                _ => table.carried_out.add(summary),
            }
        }
        table
    }

    /// （七）总计.
    pub fn results_total(&self) -> Counts {
        self.results
            .iter()
            .fold(Counts::default(), |sum, (_, counts)| sum.plus(counts))
    }

    /// The table as printed: each row's label and its seven figures, 总计 last.
    pub fn lines(&self) -> Vec<(Words, [u32; 7])> {
        let mut lines = vec![
            (
                words!(
                    "一、本年新收政府信息公开申请数量",
                    "1. New applications this year"
                ),
                self.received.with_total(),
            ),
            (
                words!(
                    "二、上年结转政府信息公开申请数量",
                    "2. Carried over from last year"
                ),
                self.carried_in.with_total(),
            ),
        ];
        lines.extend(
            self.results
                .iter()
                .map(|(row, counts)| (row.label(), counts.with_total())),
        );
        lines.push((
            words!(
                "三、本年度办理结果（七）总计",
                "3. Results this year: (7) total"
            ),
            self.results_total().with_total(),
        ));
        lines.push((
            words!("四、结转下年度继续办理", "4. Carried over to next year"),
            self.carried_out.with_total(),
        ));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::application::outcome::Reply;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn person(received: &str, ended: Option<(&str, Outcome)>) -> Summary {
        Summary {
            kind: ApplicantKind::Citizen,
            org: None,
            received: d(received),
            ended: ended.map(|(date, outcome)| (d(date), outcome)),
        }
    }

    fn org(org: Option<OrgKind>, received: &str, ended: Option<(&str, Outcome)>) -> Summary {
        Summary {
            kind: ApplicantKind::Organisation,
            org,
            ..person(received, ended)
        }
    }

    #[test]
    fn twenty_one_rows_in_the_order_of_the_template() {
        let rows = ResultRow::all();
        assert_eq!(rows.len(), 2 + 8 + 3 + 5 + 3);
        assert_eq!(rows[2].label().zh, "（三）不予公开 1.属于国家秘密");
        assert_eq!(
            rows[12].label().zh,
            "（四）无法提供 3.补正后申请内容仍不明确"
        );
        assert_eq!(rows[14].label().zh, "（五）不予处理 2.重复申请");
        assert_eq!(rows[20].label().zh, "（六）其他处理 3.其他");
    }

    #[test]
    fn a_hand_counted_year() {
        let disclosed = || Outcome::Replied(Reply::Disclosed);
        let summaries = [
            // Carried in from 2025: one answered in January, one still open at the end.
            person("2025-12-20", Some(("2026-01-15", disclosed()))),
            org(Some(OrgKind::Legal), "2025-12-28", None),
            // Ended in 2025: not in the 2026 table at all.
            person("2025-03-01", Some(("2025-03-20", disclosed()))),
            // New in 2026.
            person("2026-02-01", Some(("2026-02-20", disclosed()))),
            person(
                "2026-03-01",
                Some((
                    "2026-03-25",
                    Outcome::Replied(Reply::Withheld {
                        ground: WithholdGround::ThirdParty,
                    }),
                )),
            ),
            org(
                Some(OrgKind::Business),
                "2026-04-01",
                Some((
                    "2026-04-20",
                    Outcome::Replied(Reply::PartlyDisclosed {
                        withheld: vec![WithholdGround::ThirdParty],
                    }),
                )),
            ),
            org(
                None,
                "2026-05-01",
                Some(("2026-06-01", Outcome::Closed(CloseReason::Abandoned))),
            ),
            org(
                Some(OrgKind::Research),
                "2026-06-01",
                Some((
                    "2026-06-10",
                    Outcome::Replied(Reply::NotOurs { body: None }),
                )),
            ),
            // Received in December, answered in January: carried out.
            person("2026-12-30", Some(("2027-01-10", disclosed()))),
            person("2026-12-31", None),
            // Next year's: ignored.
            person("2027-01-02", None),
        ];
        let table = ApplicationTable::count(2026, &summaries);
        assert_eq!(table.received.with_total(), [4, 1, 1, 0, 0, 1, 7]);
        assert_eq!(table.carried_in.with_total(), [1, 0, 0, 0, 1, 0, 2]);
        assert_eq!(table.carried_out.with_total(), [2, 0, 0, 0, 1, 0, 3]);
        assert_eq!(table.results_total().with_total(), [3, 1, 1, 0, 0, 1, 6]);
        let row = |r: ResultRow| {
            table
                .results
                .iter()
                .find(|(x, _)| *x == r)
                .map(|(_, c)| c.with_total())
                .expect("row")
        };
        assert_eq!(row(ResultRow::Disclosed), [2, 0, 0, 0, 0, 0, 2]);
        assert_eq!(row(ResultRow::Partly), [0, 1, 0, 0, 0, 0, 1]);
        assert_eq!(
            row(ResultRow::Withheld(WithholdGround::ThirdParty)),
            [1, 0, 0, 0, 0, 0, 1]
        );
        assert_eq!(
            row(ResultRow::Unable(UnableGround::NotHeld)),
            [0, 0, 1, 0, 0, 0, 1]
        );
        assert_eq!(
            row(ResultRow::Other(CloseReason::Abandoned)),
            [0, 0, 0, 0, 0, 1, 1]
        );
        // 一 + 二 = 三（七）+ 四, column by column.
        let left = table.received.plus(&table.carried_in);
        let right = table.results_total().plus(&table.carried_out);
        assert_eq!(left, right);
        let lines = table.lines();
        assert_eq!(lines.len(), 2 + 21 + 2);
        assert_eq!(lines[0].0.zh, "一、本年新收政府信息公开申请数量");
        assert_eq!(lines.last().map(|l| l.1), Some([2, 0, 0, 0, 1, 0, 3]));
        assert_eq!(Counts::headings()[6].zh, "总计");
    }
}
