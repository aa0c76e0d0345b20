//! Server-only code: the database, its schema, the sanitiser and repositories; the CLI's
//! tooling (demo and bench data, import/export, test fixtures) behind a feature.

pub mod auth;
pub mod changes;
pub mod client;
pub mod clock;
pub mod db;
pub mod docx;
pub mod page_cache;
pub mod password;
pub mod repo;
pub mod request_id;
pub mod sanitize;
pub mod sheets;
pub mod state;
pub mod store;
#[cfg(any(test, feature = "tooling"))]
pub mod tooling;

pub use db::Db;
pub use state::AppState;
