//! What pages receive about disclosure applications. Only [`ApplicationCase`] carries the
//! applicant's identity and contact, and only the handling unit's staff receive it; the
//! public's [`TrackedApplication`] never does.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Allowed, FacetOption, HistoryEntry};
use crate::domain::FieldError;
use crate::domain::Words;
use crate::domain::application::Fee;
use crate::domain::application::intake::ApplyForm;
use crate::domain::application::letter::{Letter, Notice};
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
    /// The notices sent to the applicant (补正, 延期, 收费), each with its place among all
    /// the application's notices (for its download).
    pub notices: Vec<(usize, Notice)>,
    /// The names of the files the applicant added.
    pub attachments: Vec<String>,
    /// Whether more may be added (the application is open and not full).
    pub may_attach: bool,
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
    pub signals: ApplicationSignals,
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
    /// Every notice issued, in order (consultation letters included).
    pub notices: Vec<Notice>,
    /// The fee charged, with its calculation (and any waiver).
    pub fee: Option<Fee>,
    /// The files the applicant added: name and size in bytes, in order.
    pub attachments: Vec<(String, i64)>,
    pub letter_number: Option<String>,
    pub signed_by: Option<String>,
    pub actions: Allowed<AppAction>,
    pub history: Vec<HistoryEntry>,
}

/// The desk's intake form: what was typed last time (if it was rejected), the channel and
/// the day that fixes receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakePage {
    pub values: ApplyForm,
    pub channel: String,
    pub date: String,
    pub errors: Vec<FieldError>,
}

/// Table 三 of the annual report for one year and scope, as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TablePage {
    pub year: i32,
    /// The unit's name, or 全县.
    pub scope: String,
    /// The seven column headings, 总计 last.
    pub headings: Vec<Words>,
    /// Each row's label and its seven figures.
    pub lines: Vec<(Words, [u32; 7])>,
}

/// The same information asked for by several applicants (第四十四条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SameRequest {
    /// The request as the first applicant described it.
    pub description: String,
    /// How many different applicants asked.
    pub applicants: usize,
    /// Their applications' numbers.
    pub codes: Vec<String>,
}

/// An applicant with more applications in one natural month than the free allowance
/// (第三十五条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManyApplications {
    pub applicant: String,
    /// `2026-10`.
    pub month: String,
    pub count: u32,
}

/// A withheld policy and the day it is next re-assessed (第十八条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reassessment {
    pub id: String,
    pub title: String,
    pub review_by: NaiveDate,
}

/// What the office should notice about its applications and withheld information.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSignals {
    pub same_request: Vec<SameRequest>,
    pub many: Vec<ManyApplications>,
    pub reassess: Vec<Reassessment>,
}
