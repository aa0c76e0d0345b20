//! What pages receive about disclosure applications. Only [`ApplicationCase`] carries the
//! applicant's identity and contact, and only the handling unit's staff receive it; the
//! public's [`TrackedApplication`] never does.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Allowed, FacetOption, HistoryEntry};
use crate::domain::FieldError;
use crate::domain::Words;
use crate::domain::application::intake::ApplyForm;
use crate::domain::application::letter::Letter;
use crate::domain::application::{AppAction, AppStatus};

/// The public application form: what was typed last time (if it was rejected) and the
/// bodies one may apply to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyPage {
    pub values: ApplyForm,
    /// The unit applied to (a unit code).
    pub unit: String,
    pub units: Vec<FacetOption>,
    pub errors: Vec<FieldError>,
}

/// What `/track` shows for an application's number: its stage, when it was received, the
/// due date and its explanation, and the reply letter once sent. Nothing of the
/// applicant, who already knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackedApplication {
    pub code: String,
    pub status: AppStatus,
    pub unit_name: String,
    pub received_on: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// How the due date was counted, line by line.
    pub explanation: Vec<Words>,
    /// The reply letter, once sent.
    pub letter: Option<Letter>,
}

/// One line of the desk's list of applications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationLine {
    pub code: String,
    pub status: AppStatus,
    pub applicant: String,
    pub description: String,
    pub received_on: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub due_soon: bool,
    pub overdue: bool,
}

/// The desk's list of the unit's applications.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationList {
    pub unit_name: String,
    pub items: Vec<ApplicationLine>,
    pub may_register: bool,
}

/// An application as its unit's staff see it, the applicant's details included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationCase {
    pub code: String,
    pub status: AppStatus,
    pub unit_name: String,
    pub applicant_kind: Words,
    pub applicant: String,
    pub id_document: Words,
    pub id_number: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub description: String,
    pub doc_number: Option<String>,
    pub form: Words,
    pub delivery: Words,
    pub channel: Words,
    pub received_on: Option<NaiveDate>,
    pub receipt_reason: Words,
    pub due: Option<NaiveDate>,
    pub explanation: Vec<Words>,
    pub reply_kind: Option<String>,
    pub letter: Option<Letter>,
    pub letter_number: Option<String>,
    pub signed_by: Option<String>,
    pub actions: Allowed<AppAction>,
    pub history: Vec<HistoryEntry>,
}
