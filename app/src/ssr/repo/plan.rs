//! Interpretation plans: one per policy (`plan:{policy id}`), its issues (议题) and
//! milestones, the `addresses` edges from articles and Q&A to issues, and the graph
//! queries that show coverage and timing.

use super::FAMILY;
use super::audit::{self, AuditEntry};
use super::policy as policies;
use super::workflow::{Stored, Take};
use crate::domain::plan::{
    Due, MilestoneForm, PlanAction, PlanFlow, PlanStatus, RiskLevel, milestone_state,
};
use crate::domain::workflow::Actor;
use crate::domain::{PolicyId, PolicyStatus};
use crate::dto::plan::{CoverageItem, IssueView, MilestoneView, PlanView};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Committed;
use crate::ssr::repo;
use chrono::{DateTime, TimeZone, Utc};
use surrealdb::types::{RecordId, SurrealValue};

pub const TABLE: &str = "plan";

pub fn record(policy: &PolicyId) -> RecordId {
    RecordId::new(TABLE, policy.as_str())
}

/// The plan's own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFields {
    pub background: String,
    pub key_points: String,
    pub risk_level: RiskLevel,
    pub risk_assessment: String,
    /// Login of the responsible editor.
    pub editor: String,
}

/// An issue's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueFields {
    pub question: String,
    pub why: String,
    pub audience: String,
    /// 1 (high) to 3 (low).
    pub priority: u8,
}

/// A milestone's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneFields {
    pub form: MilestoneForm,
    pub due: Due,
    pub assignee: Option<String>,
    pub note: String,
}

/// An article or Q&A that fulfils a milestone or addresses an issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Article(String),
    Qa(String),
}

impl Item {
    /// `article:abc` or `qa:abc`, as forms send it.
    pub fn parse(text: &str) -> Option<Self> {
        let (table, key) = text.split_once(':')?;
        let valid = !key.is_empty()
            && key.len() <= 32
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        match (table, valid) {
            ("article", true) => Some(Self::Article(key.to_owned())),
            ("qa", true) => Some(Self::Qa(key.to_owned())),
            _ => None,
        }
    }

    fn record(&self) -> RecordId {
        match self {
            Self::Article(key) => RecordId::new("article", key.as_str()),
            Self::Qa(key) => RecordId::new("qa", key.as_str()),
        }
    }
}

#[cfg(any(test, feature = "tooling"))]
mod explained;
mod links;
mod reads;
mod steps;

#[cfg(any(test, feature = "tooling"))]
pub use explained::*;
pub use links::*;
pub use reads::*;
pub use steps::*;

#[cfg(test)]
mod tests;
