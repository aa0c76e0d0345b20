//! Server-only code: the database, its schema, the sanitiser, repositories and the
//! data transfer behind the CLI.

pub mod auth;
pub mod bench_data;
pub mod client;
pub mod clock;
pub mod corpus;
pub mod db;
pub mod demo;
pub mod fixtures;
pub mod page_cache;
pub mod password;
pub mod repo;
pub mod request_id;
pub mod sanitize;
pub mod state;
pub mod store;
pub mod transfer;

pub use db::Db;
pub use state::AppState;
