//! What the search page receives.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::search::SearchKind;

/// A piece of a result's snippet: text, marked where it matches the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub marked: bool,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The public page of the record.
    pub url: String,
    pub title: Vec<SnippetPart>,
    pub doc_number: Option<String>,
    pub unit_name: String,
    pub published_at: DateTime<Utc>,
    /// For an interpretation or an answer: the policy it belongs to.
    pub policy_title: Option<String>,
    pub snippet: Vec<SnippetPart>,
}

/// Why a query was not searched as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchNotice {
    /// Nothing to search for: empty, or only punctuation.
    Empty,
    /// One character: only titles were searched.
    TitlesOnly,
    /// Longer than the limit: the first characters were searched.
    Truncated,
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    /// The query as searched (trimmed and perhaps cut).
    pub text: String,
    /// A policy whose 文号 is exactly the query, shown above the results.
    pub exact: Option<SearchHit>,
    pub hits: Vec<SearchHit>,
    pub total: u64,
    /// How many results of each kind, for the type filter.
    pub kinds: Vec<(SearchKind, u64)>,
    pub page: u32,
    pub per_page: u32,
    pub notice: Option<SearchNotice>,
    /// More records match than are read (the count is a lower bound).
    pub more: bool,
}

impl SearchPage {
    pub fn page_count(&self) -> u32 {
        u32::try_from(self.total.div_ceil(u64::from(self.per_page.max(1)))).unwrap_or(u32::MAX)
    }
}
