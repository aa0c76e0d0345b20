//! What pages receive about interpretation plans.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

use crate::domain::plan::{MilestoneForm, MilestoneState, PlanStatus, RiskLevel};

/// An article or Q&A as the plan shows it: `key` is `article:{id}` or `qa:{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct CoverageItem {
    pub key: String,
    pub title: String,
    /// The article's status (`published` for a Q&A).
    pub status: String,
    pub published_at: Option<DateTime<Utc>>,
}

impl CoverageItem {
    /// Where the public reads it.
    pub fn public_href(&self) -> String {
        match self.key.split_once(':') {
            Some(("article", id)) => format!("/interpretations/{id}"),
            Some(("qa", id)) => format!("/qa#qa-{id}"),
            _ => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssueView {
    pub id: String,
    pub question: String,
    pub why: String,
    pub audience: String,
    pub priority: i64,
    /// What addresses it, in any state.
    pub items: Vec<CoverageItem>,
    /// Whether a published item addresses it.
    pub covered: bool,
    /// How many public questions raised it.
    #[serde(default)]
    pub raised: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneView {
    pub id: String,
    pub form: MilestoneForm,
    pub same_day: bool,
    /// The due as set ("发布后 3 个工作日").
    pub due_label: String,
    /// The due time on the calendar, once the policy is published (or for a fixed time).
    pub due_at: Option<DateTime<Utc>>,
    pub due_note: Option<String>,
    pub assignee: Option<String>,
    pub note: String,
    pub item: Option<CoverageItem>,
    pub state: MilestoneState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub policy: String,
    pub background: String,
    pub key_points: String,
    pub risk_level: RiskLevel,
    pub risk_assessment: String,
    pub editor: String,
    pub status: PlanStatus,
    pub submitted_by: Option<String>,
    pub review_comment: Option<String>,
    pub policy_published_at: Option<DateTime<Utc>>,
    pub issues: Vec<IssueView>,
    pub milestones: Vec<MilestoneView>,
    /// Tracking codes of public questions about the policy that raise no issue yet:
    /// candidates for new issues (the codes only; the questions stay on the inbox).
    #[serde(default)]
    pub unlinked_concerns: Vec<String>,
}

/// The plan page of the desk: the plan (none yet: the form to start one), the policy's
/// items to link, and what the viewer may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanPage {
    /// Experts invited to write on the policy: their names and affiliations.
    pub experts: Vec<String>,
    pub policy_id: String,
    pub policy_title: String,
    pub major: bool,
    pub plan: Option<PlanView>,
    /// The policy's articles (any state) and Q&A, to fulfil milestones and address issues.
    pub items: Vec<CoverageItem>,
    /// Whether the viewer may write the plan now (create it, or edit a draft).
    pub can_edit: bool,
    /// The sign-off steps the viewer may take now.
    pub actions: super::Allowed<crate::domain::plan::PlanAction>,
    pub now: DateTime<Utc>,
}

/// A milestone the desk flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneSignal {
    pub policy: crate::dto::PolicyLink,
    pub form: MilestoneForm,
    pub due_at: Option<DateTime<Utc>>,
}

/// What the desk flags about a unit's plans.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanSignals {
    /// Milestones due within the next 3 working days with nothing released yet.
    pub due_soon: Vec<MilestoneSignal>,
    /// Milestones past due with nothing released.
    pub overdue: Vec<MilestoneSignal>,
    /// Major policies on their way without an approved plan.
    pub without_plan: Vec<crate::dto::PolicyLink>,
    /// Approved plans with issues no published item addresses.
    pub uncovered: Vec<crate::dto::PolicyLink>,
}
