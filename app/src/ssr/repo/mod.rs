//! Repositories: all of Jiedu's SurrealQL, one module per aggregate. Every value is
//! bound as a parameter; statements are built only from fixed fragments.

pub mod audit;
pub mod policy;
pub mod session;
pub mod stash;
pub mod taxonomy;
pub mod throttle;
pub mod user;

use surrealdb::types::{RecordId, RecordIdKey};

use crate::error::AppError;

/// The key of a record id as text (`policy:abc` → `abc`).
pub(crate) fn key_of(id: &RecordId) -> String {
    match &id.key {
        RecordIdKey::String(s) => s.clone(),
        RecordIdKey::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// Maps a write error: a duplicate record or unique-index clash is a conflict the user
/// can resolve; anything else is internal.
pub(crate) fn write_error(context: &str, e: surrealdb::Error) -> AppError {
    let message = e.message();
    if e.is_already_exists()
        || message.contains("already exists")
        || message.contains("already contains")
    {
        AppError::Conflict(format!("{context}: {message}"))
    } else {
        AppError::internal(context, e)
    }
}
