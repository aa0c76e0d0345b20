//! The server's integration tests, as one test binary: each module was a binary of its own,
//! and each of those linked SurrealDB and Leptos again.
//! `cargo test -p app -p jiedu --features app/ssr -- authz::` runs one module.

mod applications;
mod articles;
mod auth;
mod authz;
mod cli;
mod concerns;
mod desk;
mod discovery;
mod files;
mod hardening;
mod hostile;
mod http;
mod page_cache;
mod plans;
mod routes;
mod search;
mod snapshot;
mod support;
