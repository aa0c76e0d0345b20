//! The policy registry: public reads for the library, and writes for import and the desk.

use super::FAMILY;
use super::taxonomy::Taxonomy;
use super::workflow::{Stored, Take};
use super::{key_of, write_error};
use crate::domain::library::LibraryQuery;
use crate::domain::policy::china_offset;
use crate::domain::workflow::{Action, Actor, PolicyFlow};
use crate::domain::{
    Attachment, IndexNo, NewPolicy, PolicyId, PolicyInput, PolicyStatus, SanitizedHtml,
    TaxonomyCode, Validity,
};
use crate::dto::{FacetOption, PolicyDetail, PolicyLink, PolicySummary};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::{Change, Committed};
use crate::ssr::repo;
use crate::ssr::sanitize::sanitize;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use surrealdb::types::{RecordId, SurrealValue, Value};

pub const TABLE: &str = "policy";

const COUNTER: &str = "index_counter";

/// The condition every public read starts from: published and proactively disclosed.
/// Withheld (不予公开), on-request (依申请公开) and unpublished policies never match it.
pub(crate) const PUBLIC: &str = "status = 'published' AND disclosure = 'proactive'";

const SUMMARY_FIELDS: &str = "record::id(id) AS id, title, doc_number, unit.name AS unit_name, \
     directory.name AS directory_name, signed_on, published_at, validity";

pub fn record(id: &PolicyId) -> RecordId {
    RecordId::new(TABLE, id.as_str())
}

mod desk;
mod public;
mod registry;
mod steps;
mod worklist;

pub use desk::*;
pub use public::*;
pub use registry::*;
pub use steps::*;
pub use worklist::*;

#[cfg(test)]
mod tests;
