//! What pages receive about public concerns and Q&A. Only [`InboxItem`] and [`ConcernPage`]
//! carry a concern's private details, and only the assigned unit's staff receive them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

use super::{FacetOption, HistoryEntry};
use crate::domain::SanitizedHtml;
use crate::domain::concern::{
    AnswerStatus, CloseReason, ConcernAction, ConcernStatus, ResponseClass,
};

/// What `/track` shows for a code: never the question, the name or the contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct Tracked {
    pub code: String,
    pub status: ConcernStatus,
    pub received_at: DateTime<Utc>,
    pub unit_name: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub close_reason: Option<CloseReason>,
    /// The answer, once approved.
    pub answer: Option<SanitizedHtml>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// A concern as its unit's staff see it on the desk, private details included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct InboxItem {
    pub code: String,
    pub status: ConcernStatus,
    pub question: String,
    pub name: Option<String>,
    pub contact: String,
    pub policy_id: Option<String>,
    pub policy_title: Option<String>,
    pub unit: Option<String>,
    pub class: Option<ResponseClass>,
    pub received_at: DateTime<Utc>,
    pub due_at: Option<DateTime<Utc>>,
    pub second_due_at: Option<DateTime<Utc>>,
    pub due_note: Option<String>,
    pub close_reason: Option<CloseReason>,
    pub close_note: Option<String>,
    pub answer: Option<SanitizedHtml>,
    pub answer_status: Option<AnswerStatus>,
    pub answered_by: Option<String>,
    pub published_qa: Option<String>,
}

/// A published question and answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct QaItem {
    pub id: String,
    pub question: String,
    pub answer: SanitizedHtml,
    pub unit_name: String,
    pub policy_id: Option<String>,
    pub policy_title: Option<String>,
    pub published_at: DateTime<Utc>,
}

/// What `/track` shows.
pub type TrackPage = Tracked;

/// A unit's inbox, with the time it was read (to mark what is overdue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxPage {
    pub items: Vec<InboxItem>,
    pub now: DateTime<Utc>,
    /// The unit's disclosure applications that need someone now.
    pub applications: Vec<super::application::ApplicationLine>,
}

impl InboxPage {
    pub fn new(
        items: Vec<InboxItem>,
        now: DateTime<Utc>,
        applications: Vec<super::application::ApplicationLine>,
    ) -> Self {
        Self {
            items,
            now,
            applications,
        }
    }
}

impl InboxItem {
    /// Open and past its due time.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        matches!(self.status, ConcernStatus::New | ConcernStatus::Accepted)
            && self.due_at.is_some_and(|due| due < now)
    }
}

/// One concern on the desk, with what the viewer may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConcernPage {
    pub item: InboxItem,
    pub history: Vec<HistoryEntry>,
    /// Units to hand the concern over to.
    pub units: Vec<FacetOption>,
    /// Whether the viewer handles the concern outside its steps (raising an issue,
    /// publishing the answer as Q&A).
    pub can_handle: bool,
    /// The steps the viewer may take now.
    pub actions: super::Allowed<ConcernAction>,
    pub overdue: bool,
    /// The issues of the plan of the concern's policy (id, question), to link it to.
    #[serde(default)]
    pub plan_issues: Vec<(String, String)>,
}

impl ConcernPage {
    pub fn new(
        item: InboxItem,
        history: Vec<HistoryEntry>,
        units: Vec<FacetOption>,
        can_handle: bool,
        actions: Vec<ConcernAction>,
        now: DateTime<Utc>,
    ) -> Self {
        let overdue = item.is_overdue(now);
        Self {
            item,
            history,
            units,
            can_handle,
            actions: super::Allowed(actions),
            overdue,
            plan_issues: Vec::new(),
        }
    }
}

/// One page of the public Q&A.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaPage {
    pub items: Vec<QaItem>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub units: Vec<FacetOption>,
    pub unit: Option<String>,
    pub policy: Option<String>,
}
