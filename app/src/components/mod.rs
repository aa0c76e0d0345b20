//! View pieces shared by pages.

pub mod article_list;
pub mod error;
pub mod form;
pub mod history;
pub mod layout;
pub mod letter;
pub mod meta;
pub mod policy_list;
pub mod rich_text;

pub use article_list::ArticleList;
pub use error::{ErrorView, NotFound, StepError};
pub use form::{AutoSubmit, Field, FormAlert, TextBox, UploadForm, aria_invalid};
pub use history::{ActivityList, HistoryTable};
pub use layout::Layout;
pub use letter::LetterView;
pub use meta::{FeedLink, PageMeta, PrintTools, describe};
pub use policy_list::PolicyList;
pub use rich_text::RichText;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::policy::china_offset;

/// A date as the interface language writes it (2016年04月05日 in Chinese).
pub fn format_date(date: NaiveDate) -> String {
    date.format(crate::i18n::t().date_format).to_string()
}

/// A moment's calendar date in China time.
pub fn format_day(time: DateTime<Utc>) -> String {
    format_date(time.with_timezone(&china_offset()).date_naive())
}

/// The ISO form for `<time datetime>`.
pub fn iso_day(time: DateTime<Utc>) -> String {
    time.with_timezone(&china_offset()).date_naive().to_string()
}
