//! Types and rules of the domain, free of I/O and compiled for both targets.
//!
//! Every value with a rule is a newtype that can only be built by parsing, so an
//! invalid 文号, date or title cannot travel further than the edge of the system.

#[macro_use]
mod macros;

pub mod account;
pub mod activity;
pub mod application;
pub mod article;
pub mod calendar;
pub mod concern;
pub mod doc_number;
pub mod library;
pub mod markup;
pub mod plan;
pub mod policy;
pub mod search;
pub mod supervision;
pub mod text;
pub mod workflow;
pub mod worklist;

pub use article::ArticleId;
pub use doc_number::DocNumber;
pub use policy::{
    Attachment, Disclosure, DisclosureKind, IndexNo, NewPolicy, PolicyId, PolicyInput,
    PolicyStatus, TaxonomyCode, Validity,
};
pub use text::{PlainText, SanitizedHtml, Title, parse_date};

use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// Words a person reads, in both interface languages. A message is written once where it
/// is made, Chinese beside English ([`words!`]), and the page picks the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct Words {
    pub zh: String,
    pub en: String,
}

impl Words {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The words in the interface language `lang` (`"en"`; anything else is Chinese).
    pub fn in_lang(&self, lang: &str) -> &str {
        if lang == "en" { &self.en } else { &self.zh }
    }

    /// Both languages with `f` applied to each (e.g. to cut a long quote short).
    pub fn map(self, f: impl Fn(&str) -> String) -> Self {
        Self {
            zh: f(&self.zh),
            en: f(&self.en),
        }
    }
}

/// Chinese, the interface language (logs and command-line tools show this).
impl std::fmt::Display for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.zh)
    }
}

/// A rejected input value: which field, and why, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The name of the field as the form or import file calls it.
    pub field: String,
    /// What is wrong with it, in both interface languages.
    pub message: Words,
}

impl FieldError {
    pub fn new(field: &str, message: Words) -> Self {
        Self {
            field: field.to_owned(),
            message,
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}
