//! Interpretation plans (解读方案): milestones and when they fall due, and the rules that
//! keep a major policy and its explanations in step (同步组织、同步审签、同步部署,
//! 国办发〔2016〕80号).

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::Words;
use super::calendar::Calendar;
use super::policy::china_offset;
use super::workflow::{Scope, Step, Who, Workflow};

string_enum! {
    /// The form a milestone's explanation takes.
    MilestoneForm {
        /// 文字解读
        Text = "text",
        /// 图解
        Graphic = "graphic",
        /// 专家解读
        Expert = "expert",
        /// 问答
        Qa = "qa",
        /// 新闻发布会
        Press = "press",
        /// 视频
        Video = "video",
    }
}

string_enum! {
    /// Where a plan is in its sign-off.
    PlanStatus {
        Draft = "draft",
        Submitted = "submitted",
        Returned = "returned",
        Approved = "approved",
    }
}

string_enum! {
    /// A step of a plan's sign-off.
    PlanAction {
        /// Change the plan, its issues or milestones while it is a draft or returned.
        Edit = "edit",
        Submit = "submit",
        Return = "return",
        Approve = "approve",
    }
}

/// A plan's sign-off (同步审签): the policy's unit writes it, a county-wide reviewer who did
/// not write it signs it off; a major policy is approved only after its plan.
pub struct PlanFlow;

impl Workflow for PlanFlow {
    type State = PlanStatus;
    type Action = PlanAction;
    const NAME: &'static str = "plan";
    const STEPS: &'static [Step<PlanStatus, PlanAction>] = {
        use PlanStatus as S;
        &[
            Step::new(
                PlanAction::Edit,
                &[S::Draft, S::Returned],
                None,
                Who::Writer,
            )
            .contributing(),
            Step::new(
                PlanAction::Submit,
                &[S::Draft, S::Returned],
                Some(S::Submitted),
                Who::Writer,
            )
            .contributing(),
            Step::new(
                PlanAction::Return,
                &[S::Submitted],
                Some(S::Returned),
                Who::Reviewer(Scope::County),
            )
            .needs_note(),
            Step::new(
                PlanAction::Approve,
                &[S::Submitted],
                Some(S::Approved),
                Who::Reviewer(Scope::County),
            ),
        ]
    };
}

string_enum! {
    /// How much public-opinion risk a policy carries (舆情风险).
    RiskLevel {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

/// When a milestone falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Due {
    /// A fixed time.
    At(DateTime<Utc>),
    /// Hours after the policy's publication.
    Hours(u32),
    /// The end of the n-th working day after the day of publication; 0 is the day itself.
    WorkingDays(u32),
}

impl Due {
    /// Parses the stored or typed form: `kind` is `at`, `hours` or `working_days`.
    pub fn parse(
        kind: &str,
        at: Option<DateTime<Utc>>,
        offset: Option<i64>,
    ) -> Result<Self, Words> {
        let offset = || {
            offset
                .and_then(|o| u32::try_from(o).ok())
                .filter(|o| *o <= 365)
                .ok_or_else(|| words!("请填写 0–365 之间的偏移量", "Give an offset from 0 to 365"))
        };
        match kind {
            "at" => at
                .map(Self::At)
                .ok_or_else(|| words!("请填写到期时间", "Give the time it is due")),
            "hours" => offset().map(Self::Hours),
            "working_days" => offset().map(Self::WorkingDays),
            other => Err(words!(
                "“{other}”不是期限类型（at、hours、working_days）",
                "“{other}” is not a kind of deadline (at, hours, working_days)"
            )),
        }
    }

    pub fn kind(self) -> &'static str {
        match self {
            Self::At(_) => "at",
            Self::Hours(_) => "hours",
            Self::WorkingDays(_) => "working_days",
        }
    }

    /// Due together with the policy: released with it (同步部署).
    pub fn is_same_day(self) -> bool {
        matches!(self, Self::WorkingDays(0) | Self::Hours(0))
    }

    /// When it falls due, given the policy's publication time (offsets move with it; none
    /// until the policy has one), with the reason in words.
    pub fn resolve(
        self,
        published: Option<DateTime<Utc>>,
        calendar: &Calendar,
    ) -> Option<(DateTime<Utc>, String)> {
        match self {
            Self::At(at) => Some((at, "固定时间".to_owned())),
            Self::Hours(h) => {
                let published = published?;
                Some((
                    published + chrono::Duration::hours(i64::from(h)),
                    format!("政策发布后 {h} 小时"),
                ))
            }
            Self::WorkingDays(n) => {
                let published = published?;
                let day = published.with_timezone(&china_offset()).date_naive();
                let explained = calendar.explain(day, n);
                let end = explained
                    .due
                    .and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default());
                let due = china_offset()
                    .from_local_datetime(&end)
                    .single()?
                    .with_timezone(&Utc);
                let why = if n == 0 {
                    "与政策同日发布".to_owned()
                } else {
                    explained.describe()
                };
                Some((due, why))
            }
        }
    }
}

/// Where a milestone stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MilestoneState {
    /// No due time yet (the policy is not published and the due is an offset).
    Unscheduled,
    /// Due later, nothing released yet.
    Pending,
    /// Released by its due time.
    OnTime,
    /// Released after its due time.
    Late,
    /// Past due and nothing released (rule 3).
    Overdue,
}

pub fn milestone_state(
    due: Option<DateTime<Utc>>,
    released: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> MilestoneState {
    match (due, released) {
        (Some(due), Some(at)) if at <= due => MilestoneState::OnTime,
        (Some(_), Some(_)) => MilestoneState::Late,
        (None, Some(_)) => MilestoneState::OnTime,
        (Some(due), None) if due < now => MilestoneState::Overdue,
        (Some(_), None) => MilestoneState::Pending,
        (None, None) => MilestoneState::Unscheduled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_table_is_well_formed_and_signed_off_county_wide() {
        use crate::domain::TaxonomyCode;
        use crate::domain::workflow::{Actor, Item, Role, actions};
        crate::domain::workflow::tests::table_is_well_formed::<PlanFlow>(PlanAction::ALL);
        let czj = TaxonomyCode::parse("czj").expect("code");
        let writers = vec!["czj-editor".to_owned()];
        let submitted = Item {
            unit: &czj,
            state: PlanStatus::Submitted,
            contributors: &writers,
            owner: None,
        };
        let county = Actor {
            login: "county".into(),
            unit: None,
            roles: vec![Role::Reviewer],
        };
        let lead = Actor {
            login: "czj-editor".into(),
            unit: Some(czj.clone()),
            roles: vec![Role::Editor, Role::Reviewer],
        };
        assert_eq!(
            actions::<PlanFlow>(&county, &submitted),
            [PlanAction::Return, PlanAction::Approve]
        );
        assert!(actions::<PlanFlow>(&lead, &submitted).is_empty());
    }
    use crate::domain::calendar::{CalendarDay, DayKind};
    use chrono::NaiveDate;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("time")
            .with_timezone(&Utc)
    }

    fn national_day() -> Calendar {
        let day = |d: u32, kind| CalendarDay {
            date: NaiveDate::from_ymd_opt(2026, 10, d).expect("date"),
            kind,
            name: "国庆节".into(),
        };
        Calendar::new([
            day(1, DayKind::Holiday),
            day(2, DayKind::Holiday),
            day(5, DayKind::Holiday),
            day(6, DayKind::Holiday),
            day(7, DayKind::Holiday),
            day(10, DayKind::Workday),
        ])
    }

    #[test]
    fn three_working_days_set_just_before_a_holiday() {
        // Published Wednesday 2026-09-30 at 10:00: Thu 10-01 … Wed 10-07 are off or weekend;
        // Thu 10-08 is day 1, Fri 10-09 day 2, Saturday 10-10 (调休) day 3.
        let published = at("2026-09-30T10:00:00+08:00");
        let (due, why) = Due::WorkingDays(3)
            .resolve(Some(published), &national_day())
            .expect("scheduled");
        assert_eq!(due, at("2026-10-10T23:59:59+08:00"));
        assert!(
            why.contains("2026-10-01（国庆节）") && why.contains("调休"),
            "{why}"
        );
    }

    #[test]
    fn offsets_wait_for_the_publication_and_move_with_it() {
        let calendar = Calendar::default();
        assert_eq!(Due::WorkingDays(0).resolve(None, &calendar), None);
        let monday = at("2026-03-02T09:00:00+08:00");
        let same_day = Due::WorkingDays(0)
            .resolve(Some(monday), &calendar)
            .expect("due")
            .0;
        assert_eq!(same_day, at("2026-03-02T23:59:59+08:00"));
        let later = Due::WorkingDays(0)
            .resolve(Some(monday + chrono::Duration::days(1)), &calendar)
            .expect("due")
            .0;
        assert_eq!(later, at("2026-03-03T23:59:59+08:00"));
        assert_eq!(
            Due::Hours(48)
                .resolve(Some(monday), &calendar)
                .expect("due")
                .0,
            at("2026-03-04T09:00:00+08:00")
        );
        assert!(Due::WorkingDays(0).is_same_day() && !Due::WorkingDays(1).is_same_day());
    }

    #[test]
    fn states() {
        let due = at("2026-03-02T23:59:59+08:00");
        let now = at("2026-03-05T12:00:00+08:00");
        assert_eq!(
            milestone_state(Some(due), None, now),
            MilestoneState::Overdue
        );
        assert_eq!(
            milestone_state(Some(due), Some(due), now),
            MilestoneState::OnTime
        );
        assert_eq!(
            milestone_state(Some(due), Some(due + chrono::Duration::seconds(1)), now),
            MilestoneState::Late
        );
        assert_eq!(
            milestone_state(Some(now), None, due),
            MilestoneState::Pending
        );
        assert_eq!(
            milestone_state(None, None, now),
            MilestoneState::Unscheduled
        );
    }

    #[test]
    fn parsing() {
        assert_eq!(
            Due::parse("working_days", None, Some(3)),
            Ok(Due::WorkingDays(3))
        );
        assert!(Due::parse("working_days", None, Some(-1)).is_err());
        assert!(Due::parse("at", None, None).is_err());
        assert!(Due::parse("weeks", None, Some(1)).is_err());
    }
}
