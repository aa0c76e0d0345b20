//! The public site: what citizens read, no account needed.

pub mod apply;
pub mod concerns;
pub mod feeds;
pub mod home;
pub mod interpretations;
pub mod library;
pub mod policy;
pub mod search;

pub use apply::ApplyPage;
pub use concerns::{AskPage, QaItemPage, QaListPage, TrackPage};
pub use feeds::FeedsPage;
pub use home::HomePage;
pub use interpretations::{InterpretationPage, InterpretationsPage};
pub use library::LibraryPage;
pub use policy::PolicyPage;
pub use search::SearchView;
