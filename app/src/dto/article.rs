//! What pages receive about interpretation articles.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

use super::{FieldError, HistoryEntry, PolicyLink};
use crate::domain::SanitizedHtml;
use crate::domain::article::{ArticleAction, ArticleInput, ArticleKind, ArticleStatus};

/// An expert's public profile, shown under their articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct ExpertProfile {
    pub name: String,
    /// 研究领域.
    pub field: String,
    /// 工作单位.
    pub affiliation: String,
    /// 职称.
    pub title: String,
    pub bio: String,
}

/// A published interpretation in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: String,
    pub title: String,
    pub kind: ArticleKind,
    pub summary: String,
    pub byline: String,
    pub unit_name: String,
    pub policy: PolicyLink,
    pub published_at: DateTime<Utc>,
}

/// A published interpretation as the public reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleDetail {
    pub id: String,
    pub title: String,
    pub kind: ArticleKind,
    pub summary: String,
    pub byline: String,
    pub unit_name: String,
    /// The policy it interprets (always public while the article is).
    pub policy: PolicyLink,
    pub published_at: DateTime<Utc>,
    pub body: SanitizedHtml,
    /// The expert who wrote it, for expert articles.
    pub expert: Option<ExpertProfile>,
}

/// One page of the public list of interpretations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticlePage {
    pub items: Vec<ArticleSummary>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    /// The units that have published interpretations, for the filter.
    pub units: Vec<super::FacetOption>,
}

/// An article in a desk list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct DeskArticleItem {
    pub id: String,
    pub title: String,
    pub kind: ArticleKind,
    pub status: ArticleStatus,
    pub policy_title: String,
    pub created_by: String,
    /// The writer's display name (an account's; none for an account since removed).
    pub author_name: Option<String>,
    pub submitted_by: Option<String>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// One line of a comparison between two versions of an article's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffLine {
    Same(String),
    Added(String),
    Removed(String),
}

/// An article on the desk: its text, where it is in review, and what the viewer may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskArticlePage {
    pub id: String,
    pub title: String,
    pub kind: ArticleKind,
    pub status: ArticleStatus,
    pub summary: String,
    pub byline: String,
    pub body: SanitizedHtml,
    pub policy: PolicyLink,
    pub created_by: String,
    pub submitted_by: Option<String>,
    pub review_comment: Option<String>,
    pub scheduled_at: Option<DateTime<Utc>>,
    /// When a published article is to be withdrawn, if that is set.
    pub withdraw_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// Seconds the scheduler was late, when it was.
    pub late_secs: Option<i64>,
    /// The current revision number.
    pub revision: i64,
    /// For a reviewer: the text against the revision submitted before this one (none on a
    /// first submission).
    pub diff: Option<Vec<DiffLine>>,
    /// The revision the diff starts from.
    pub diff_from: Option<i64>,
    pub history: Vec<HistoryEntry>,
    /// The steps the viewer may take now.
    pub actions: super::Allowed<ArticleAction>,
}

/// The article form: the policy it interprets, what was typed, and the problems of the
/// last attempt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleFormPage {
    /// The article being edited; none for a new one.
    pub id: Option<String>,
    pub policy: Option<PolicyLink>,
    /// Whether the writer is an expert (the kind is then fixed).
    pub expert: bool,
    pub values: ArticleInput,
    pub errors: Vec<FieldError>,
}
