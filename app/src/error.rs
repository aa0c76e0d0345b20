//! The one error type that crosses the wire between server functions and pages.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::domain::FieldError;

/// What went wrong, in terms a page can show. `Internal` carries nothing: the cause is
/// logged on the server with its context and never sent to the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Not signed in (or the session ended).
    #[error("unauthorized")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    /// Too many attempts; try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// A form with one or more fields to correct, each named.
    #[error("{} field(s) to correct", .0.len())]
    Rejected(Vec<FieldError>),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("internal error")]
    Internal,
    /// The request itself failed (network, encoding) before reaching our code.
    #[error("request failed: {0}")]
    Request(String),
}

impl AppError {
    /// The HTTP status a page showing this error answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::TooManyRequests { .. } => 429,
            Self::Invalid { .. } | Self::Rejected(_) => 400,
            Self::Conflict(_) => 409,
            Self::Internal | Self::Request(_) => 500,
        }
    }

    /// Logs the cause of an unexpected failure and returns the opaque `Internal` error.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "{context}");
        Self::Internal
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        Self::Invalid {
            field: e.field,
            message: e.message,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<surrealdb::Error> for AppError {
    fn from(e: surrealdb::Error) -> Self {
        Self::internal("database error", e)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Request(value.to_string())
    }
}
