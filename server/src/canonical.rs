//! One spelling for every address. A page read at another spelling of its address (an id
//! in upper case, a trailing space or slash, a doubled slash, a letter percent-encoded) is
//! redirected (301) to the canonical one before anything else runs, so the page cache
//! only ever files pages under canonical addresses and a change drops every copy.
//!
//! The rule is the same for every route: segments are percent-decoded (strictly: bad
//! encoding is a 400), trimmed, empty ones dropped, ASCII letters lower-cased, and encoded
//! again the one way. Two kinds of segment keep their case: a public question's tracking
//! code and an application's number on the desk (upper case by design), and an invitation token (a secret, compared as
//! sent). Static files under `/pkg/` and server functions under `/api/` are left as sent:
//! the first carry content hashes in mixed case, the second are matched exactly.

use std::borrow::Cow;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// What may stand unencoded in a canonical segment: RFC 3986's unreserved characters and
/// the sub-delimiters a path segment allows.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Why a path has no canonical form.
#[derive(Debug, PartialEq, Eq)]
pub struct BadPath;

/// How a segment's letters are spelled canonically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Lower,
    Upper,
    AsSent,
}

/// The case rule of `segment`, number `index`, given the segments before it. Codes of
/// questions and applications are upper-case; the fixed words beside them (`new`,
/// `table`) are not.
fn case_of(before: &[String], index: usize, segment: &str) -> Case {
    match (before, index) {
        ([desk, applications], 2)
            if desk == "desk"
                && applications == "applications"
                && (segment.eq_ignore_ascii_case("new")
                    || segment.eq_ignore_ascii_case("table")) =>
        {
            Case::Lower
        }
        ([desk, concerns], 2) if desk == "desk" && concerns == "concerns" => Case::Upper,
        ([desk, applications], 2) if desk == "desk" && applications == "applications" => {
            Case::Upper
        }
        ([invite], 1) if invite == "invite" => Case::AsSent,
        _ => Case::Lower,
    }
}

/// The canonical spelling of `path`; `Borrowed` when it is already canonical.
pub fn canonical_path(path: &str) -> Result<Cow<'_, str>, BadPath> {
    if path.starts_with("/pkg/") || path.starts_with("/api/") {
        return Ok(Cow::Borrowed(path));
    }
    let mut segments: Vec<String> = Vec::new();
    for raw in path.split('/') {
        let decoded = percent_decode_str(raw).decode_utf8().map_err(|_| BadPath)?;
        let trimmed = decoded.trim();
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.contains('/') || trimmed == "." || trimmed == ".." {
            // An encoded slash or a dot segment names no page of ours: left as sent, the
            // router answers it with the not-found page (and nothing stores a 404).
            return Ok(Cow::Borrowed(path));
        }
        let spelled = match case_of(&segments, segments.len(), trimmed) {
            Case::Lower => trimmed.to_ascii_lowercase(),
            Case::Upper => trimmed.to_ascii_uppercase(),
            Case::AsSent => trimmed.to_owned(),
        };
        segments.push(spelled);
    }
    let mut canonical = String::with_capacity(path.len());
    for segment in &segments {
        canonical.push('/');
        canonical.extend(utf8_percent_encode(segment, SEGMENT));
    }
    if canonical.is_empty() {
        canonical.push('/');
    }
    Ok(if canonical == path {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(canonical)
    })
}

/// The outermost layer: a `GET` or `HEAD` of a non-canonical address is answered with a
/// 301 to the canonical one (query kept); an address or query that does not decode is a
/// 400. Everything else passes.
pub async fn redirect(request: Request<Body>, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let uri = request.uri();
    if let Some(query) = uri.query()
        && !uri.path().starts_with("/api/")
        && crate::edge::check_form_encoding(query.as_bytes()).is_err()
    {
        return bad_address();
    }
    let location = match canonical_path(uri.path()) {
        Ok(Cow::Borrowed(_)) => None,
        Ok(Cow::Owned(path)) => Some(match uri.query() {
            Some(query) => format!("{path}?{query}"),
            None => path,
        }),
        Err(BadPath) => return bad_address(),
    };
    let Some(location) = location else {
        return next.run(request).await;
    };
    let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    crate::security_headers(response.headers_mut());
    response
}

fn bad_address() -> Response {
    let mut response = (
        StatusCode::BAD_REQUEST,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        "网址无效：含有无法解码的字符。/ The address cannot be decoded.",
    )
        .into_response();
    crate::security_headers(response.headers_mut());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(path: &str) -> Result<String, BadPath> {
        canonical_path(path).map(Cow::into_owned)
    }

    #[test]
    fn canonical_paths_are_left_alone() {
        for path in [
            "/",
            "/policies",
            "/policies/xzfb-2016-5",
            "/interpretations/ab12cd",
            "/desk/concerns/K7QM-3XPD",
            "/invite/AbC_xyz",
            "/pkg/jiedu.3Kx_9aZ-PqRt2w.css",
            "/api/Anything",
        ] {
            assert!(
                matches!(canonical_path(path), Ok(Cow::Borrowed(_))),
                "{path}"
            );
        }
    }

    #[test]
    fn every_other_spelling_has_one_canonical_form() {
        let cases = [
            ("/policies/XZFB-2016-5", "/policies/xzfb-2016-5"),
            ("/policies/xzfb-2016-5%20", "/policies/xzfb-2016-5"),
            ("/policies/%20xzfb-2016-5", "/policies/xzfb-2016-5"),
            ("/policies/xzfb-2016-5/", "/policies/xzfb-2016-5"),
            ("//policies//xzfb-2016-5", "/policies/xzfb-2016-5"),
            ("/policies/%78zfb-2016-5", "/policies/xzfb-2016-5"),
            ("/Policies", "/policies"),
            ("/policies/", "/policies"),
            ("//", "/"),
            ("/desk/concerns/k7qm-3xpd", "/desk/concerns/K7QM-3XPD"),
            (
                "/desk/applications/ys-k7qm-3xpd",
                "/desk/applications/YS-K7QM-3XPD",
            ),
            ("/desk/applications/NEW", "/desk/applications/new"),
            ("/invite/AbC%20", "/invite/AbC"),
            ("/policies/%e6%94%bf", "/policies/%E6%94%BF"),
        ];
        for (given, expected) in cases {
            assert_eq!(canon(given).as_deref(), Ok(expected), "{given}");
            assert_eq!(
                canon(expected).as_deref(),
                Ok(expected),
                "{expected} is stable"
            );
        }
    }

    #[test]
    fn undecodable_segments_are_refused_and_slashes_and_dots_left_to_the_router() {
        assert_eq!(canon("/policies/%FF"), Err(BadPath));
        assert_eq!(canon("/policies/a%2Fb").as_deref(), Ok("/policies/a%2Fb"));
        assert_eq!(canon("/policies/%2e%2e").as_deref(), Ok("/policies/%2e%2e"));
    }
}
