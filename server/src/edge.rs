//! The edge of the server functions: every call under `/api/` passes here, so bad input is
//! answered the same way for all of them.
//!
//! - a body over [`crate::MAX_BODY_BYTES`] is refused with 413 before any function runs;
//! - an argument that is not valid percent-encoded UTF-8 (in the query or a form body) is
//!   a 400 naming it, never a U+FFFD stored in its place;
//! - an unknown function is 404, a known one called with the wrong method 405;
//! - whatever error a function (or the framework decoding its arguments) returns is
//!   answered with that error's status ([`AppError::status`]): a missing, duplicated or
//!   wrongly typed argument is 400 naming the field, `NotFound` 404, and messages that
//!   quote what was typed are cut to a short excerpt.

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::domain::Words;
use app::error::AppError;

/// The header server_fn puts on an error answer (its `SERVER_FN_ERROR_HEADER`).
const ERROR_HEADER: &str = "serverfnerror";

/// The largest error body read back to give it its status; errors are small.
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// Every request under `/api/` (but uploads, which have their own limit and answers):
/// the checks before a server function runs and the status of its error after.
pub async fn guard(request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !path.starts_with("/api/") || path == "/api/upload" {
        return next.run(request).await;
    }
    let methods: Vec<Method> = leptos::server_fn::axum::server_fn_paths()
        .filter_map(|(p, method)| (p == path).then_some(method))
        .collect();
    if methods.is_empty() {
        return error(&AppError::NotFound);
    }
    if !methods.contains(request.method()) {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, crate::MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(e) if is_too_large(&e) => return too_large(),
        Err(_) => {
            return error(&AppError::Invalid {
                field: "request".into(),
                message: app::words!("请求正文无法读取", "The request body cannot be read"),
            });
        }
    };
    if let Err(e) = check_arguments(&parts, &body) {
        return error(&e);
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    with_error_status(response).await
}

/// Whether reading a body failed because it was over the limit.
fn is_too_large(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(cause) = source {
        if cause.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// 413, in the shape every other error has.
pub fn too_large() -> Response {
    let mut response = error(&AppError::Invalid {
        field: "request".into(),
        message: app::words!(
            "请求内容过大（上限 {} MB）",
            "The request is too large (at most {} MB)",
            crate::MAX_BODY_BYTES / (1024 * 1024)
        ),
    });
    *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    response
}

/// An error answered by the edge itself, encoded as the functions encode theirs.
fn error(e: &AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::to_string(&e.clone().excerpted()).unwrap_or_default();
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Arguments arrive in the query string (GET) or a form body (POST); both must decode to
/// UTF-8 exactly. JSON is checked by its own decoder.
fn check_arguments(parts: &axum::http::request::Parts, body: &Bytes) -> Result<(), AppError> {
    if let Some(query) = parts.uri.query() {
        check_form_encoding(query.as_bytes())?;
    }
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if parts.method == Method::POST && is_form {
        check_form_encoding(body)?;
    }
    Ok(())
}

/// Checks `name=value&…` (the `application/x-www-form-urlencoded` form): every `%` starts
/// two hex digits, every name and value decodes to UTF-8, and no value is longer than
/// [`MAX_FIELD_CHARS`] (documents: the request size). A failure names the field.
pub fn check_form_encoding(input: &[u8]) -> Result<(), AppError> {
    for pair in input.split(|&b| b == b'&') {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &pair[..0]),
        };
        let name_text = decode(name).map_err(|message| AppError::Invalid {
            field: "request".into(),
            message: app::words!("参数名{message}", "Parameter name: {message}"),
        })?;
        let value = decode(value).map_err(|message| AppError::Invalid {
            field: name_text.clone(),
            message,
        })?;
        let max = if RICH_FIELDS.contains(&name_text.as_str()) {
            crate::MAX_BODY_BYTES
        } else {
            MAX_FIELD_CHARS
        };
        let len = value.chars().count();
        if len > max {
            return Err(AppError::Invalid {
                field: name_text,
                message: app::words!(
                    "内容过长（{len} 字，上限 {max} 字）",
                    "Too long ({len} characters, at most {max})"
                ),
            });
        }
    }
    Ok(())
}

/// The longest value any one form field may carry, whatever its own rule: a backstop, so
/// a field whose domain type forgot a length rule still cannot store a megabyte. Fields
/// have tighter rules of their own ([`app::domain::PlainText`], titles, questions).
pub const MAX_FIELD_CHARS: usize = 20_000;

/// The fields that carry documents (a policy's or an interpretation's HTML body, an answer
/// to the public, a calendar import) and are bounded by the request size instead.
const RICH_FIELDS: &[&str] = &["body", "answer", "text"];

/// Percent-decodes one name or value strictly.
fn decode(input: &[u8]) -> Result<String, Words> {
    let mut bytes = Vec::with_capacity(input.len());
    let mut rest = input.iter();
    while let Some(&b) = rest.next() {
        match b {
            b'%' => {
                let hex = [rest.next().copied(), rest.next().copied()];
                let digit = |d: Option<u8>| d.and_then(|d| char::from(d).to_digit(16));
                match (digit(hex[0]), digit(hex[1])) {
                    (Some(high), Some(low)) => bytes.push((high * 16 + low) as u8),
                    _ => {
                        return Err(app::words!(
                            "含有无效的百分号编码（%后应为两位十六进制数）",
                            "has an invalid percent escape (% must be followed by two hex digits)"
                        ));
                    }
                }
            }
            b'+' => bytes.push(b' '),
            other => bytes.push(other),
        }
    }
    String::from_utf8(bytes)
        .map_err(|_| app::words!("不是有效的 UTF-8 文本", "is not valid UTF-8 text"))
}

/// Gives a function's error answer the status of its error. server_fn answers every
/// error with 500; the error itself knows better (a missing argument is 400, a missing
/// record 404). A form post that is redirected back to its page is left alone.
async fn with_error_status(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Ok(e) = serde_json::from_slice::<AppError>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let e = e.excerpted();
    if let Ok(status) = StatusCode::from_u16(e.status()) {
        parts.status = status;
    }
    match e {
        AppError::TooManyRequests { retry_after_secs } => {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        AppError::Busy => {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        _ => {}
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = serde_json::to_string(&e).unwrap_or_default();
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(input: &str) -> Option<String> {
        match check_form_encoding(input.as_bytes()) {
            Ok(()) => None,
            Err(AppError::Invalid { field, .. }) => Some(field),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn form_encoding_must_decode_to_utf8() {
        assert_eq!(field_of("title=%E6%94%BF%E7%AD%96&b=x+y"), None);
        assert_eq!(field_of("a&b=&=c"), None);
        assert_eq!(field_of("title=%FF%FE").as_deref(), Some("title"));
        assert_eq!(field_of("ok=1&title=%E6%94").as_deref(), Some("title"));
        assert_eq!(field_of("title=%zz").as_deref(), Some("title"));
        assert_eq!(field_of("title=%4").as_deref(), Some("title"));
        assert_eq!(field_of("%FF=1").as_deref(), Some("request"));
    }

    #[test]
    fn no_field_but_a_document_is_longer_than_the_backstop() {
        let long = "a".repeat(MAX_FIELD_CHARS + 1);
        assert_eq!(field_of(&format!("note={long}")).as_deref(), Some("note"));
        assert_eq!(field_of(&format!("body={long}")), None);
        assert_eq!(
            field_of(&format!("note={}", "a".repeat(MAX_FIELD_CHARS))),
            None
        );
    }
}
