//! The one error type that crosses the wire between server functions and pages.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::domain::{FieldError, Words};

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
    Invalid { field: String, message: Words },
    /// A form with one or more fields to correct, each named.
    #[error("{} field(s) to correct", .0.len())]
    Rejected(Vec<FieldError>),
    /// The step cannot happen in the record's present state, said in words to act on.
    #[error("conflict: {0}")]
    Conflict(Words),
    /// The database was busy with a conflicting write and the step did not happen; the
    /// same request may be sent again (503 with `Retry-After`).
    #[error("busy")]
    Busy,
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
            Self::Busy => 503,
            Self::Internal | Self::Request(_) => 500,
        }
    }

    /// Logs the cause of an unexpected failure and returns the opaque `Internal` error.
    /// The log line names where it was called (`at = app/src/ssr/repo/policy.rs:1041:10`):
    /// for a database error that is the query that failed, since every statement is fixed
    /// text at its call site.
    #[cfg(feature = "ssr")]
    #[track_caller]
    pub fn internal(context: &str, cause: impl std::fmt::Display) -> Self {
        let at = std::panic::Location::caller();
        tracing::error!(%cause, %at, "{context}");
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
    /// A transaction that lost a write conflict (after any retries its caller made) is
    /// `Busy`, never a 500; anything else is internal. Either is logged with the place of
    /// the `?` that converted it, which is the query that failed (see [`AppError::internal`]).
    #[track_caller]
    fn from(e: surrealdb::Error) -> Self {
        if is_retryable(&e) {
            let at = std::panic::Location::caller();
            tracing::warn!(cause = %e, %at, "write conflict");
            Self::Busy
        } else {
            Self::internal("database error", e)
        }
    }
}

/// Whether a database error is a transaction conflict that may succeed if tried again.
#[cfg(feature = "ssr")]
pub fn is_retryable(e: &surrealdb::Error) -> bool {
    matches!(
        e.query_details(),
        Some(surrealdb::types::QueryError::TransactionConflict)
    ) || e.message().contains("can be retried")
}

/// The longest message an error carries back: messages quote what was typed, and a
/// megabyte typed must not come back as a megabyte.
pub const MAX_MESSAGE_CHARS: usize = 200;

/// `text` cut to [`MAX_MESSAGE_CHARS`] characters, with an ellipsis when cut.
pub fn excerpt(text: &str) -> String {
    if text.chars().count() <= MAX_MESSAGE_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX_MESSAGE_CHARS).collect();
    cut.push('…');
    cut
}

impl AppError {
    /// The same error with every message cut to a short excerpt (see [`excerpt`]).
    pub fn excerpted(self) -> Self {
        match self {
            Self::Invalid { field, message } => Self::Invalid {
                field: excerpt(&field),
                message: message.map(excerpt),
            },
            Self::Rejected(errors) => Self::Rejected(
                errors
                    .into_iter()
                    .map(|e| FieldError {
                        field: excerpt(&e.field),
                        message: e.message.map(excerpt),
                    })
                    .collect(),
            ),
            Self::Conflict(message) => Self::Conflict(message.map(excerpt)),
            Self::Request(message) => Self::Request(excerpt(&message)),
            other => other,
        }
    }
}

/// The field a decoding error names: serde quotes it in backticks (``missing field `id` ``).
fn field_named(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .filter(|name| {
            !name.is_empty()
                && name.len() <= 40
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
        .unwrap_or("request")
        .to_owned()
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Arguments that cannot be decoded are the caller's mistake: 400, naming the field
    /// where the decoder says which. An unknown function is 404. Anything else is a
    /// failure of the request itself (in the browser: the network).
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::Deserialization(message) => Self::Invalid {
                field: field_named(&message),
                message: crate::words!(
                    "请求参数有误：{message}",
                    "The request is not valid: {message}"
                )
                .map(excerpt),
            },
            ServerFnErrorErr::Registration(_) => Self::NotFound,
            other => Self::Request(excerpt(&other.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_errors_name_their_field_and_are_a_400() {
        let e =
            AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field `title`".into()));
        assert!(
            matches!(&e, AppError::Invalid { field, .. } if field == "title"),
            "{e:?}"
        );
        assert_eq!(e.status(), 400);
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args(
            "invalid type: string \"x\", expected a boolean".into(),
        ));
        assert!(
            matches!(&e, AppError::Invalid { field, .. } if field == "request"),
            "{e:?}"
        );
    }

    #[test]
    fn long_messages_come_back_as_an_excerpt() {
        let long = "甲".repeat(10_000);
        let e = AppError::Invalid {
            field: "title".into(),
            message: crate::domain::Words::new(long.clone(), long),
        }
        .excerpted();
        let AppError::Invalid { message, .. } = e else {
            panic!("still invalid");
        };
        assert_eq!(message.zh.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert_eq!(message.en.chars().count(), MAX_MESSAGE_CHARS + 1);
    }
}
