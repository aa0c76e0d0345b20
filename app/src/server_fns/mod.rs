//! Server functions: thin entry points that authorise, parse, make one repository
//! call and return DTOs. Pages call them; so can the browser, over HTTP.

pub mod admin;
pub mod auth;
pub mod desk;
pub mod editing;
pub mod policies;

#[cfg(feature = "ssr")]
use crate::error::AppError;

/// Gives an error its HTTP status (and `Retry-After` where it applies) before it is sent.
#[cfg(feature = "ssr")]
pub(crate) fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
    {
        if let Ok(status) = http::StatusCode::from_u16(error.status()) {
            response.set_status(status);
        }
        if let AppError::TooManyRequests { retry_after_secs } = error {
            response.insert_header(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(*retry_after_secs),
            );
        }
    }
    result
}

/// Adds a `Set-Cookie` header to the response being built.
#[cfg(feature = "ssr")]
pub(crate) fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}
