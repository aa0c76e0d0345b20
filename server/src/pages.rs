//! Public pages from the page cache ([`app::ssr::page_cache`]): the outermost layer of
//! the router, so a stored page is answered before anything else runs.
//!
//! Only `GET`s of public paths from visitors who are not signed in are served or stored;
//! the key is the host (canonical links name it), the display preferences and the path
//! with its query. A page is stored only when it rendered with 200 and set no cookie. The
//! answer carries an `ETag`, so a browser that has the page gets a 304, and
//! `X-Cache: hit` or `miss`.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::prefs::Prefs;
use app::ssr::page_cache::{Lookup, Page, PageCache, Subject};

/// The largest page body stored; larger ones are sent as rendered.
const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

pub async fn serve_cached(
    State(cache): State<PageCache>,
    mut request: Request<Body>,
    next: Next,
) -> Response {
    if !cache.is_on() || request.method() != Method::GET || signed_in(request.headers()) {
        return next.run(request).await;
    }
    let Some(subject) = Subject::of_path(request.uri().path()) else {
        return next.run(request).await;
    };
    let key = key(&request);
    let gzip_ok = accepts_gzip(request.headers());
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let render = match cache.lookup(&key).await {
        Lookup::Hit(page) => return answer(&page, gzip_ok, if_none_match.as_ref(), "hit"),
        Lookup::Render(render) => render,
    };
    // The page is stored as rendered and compressed here, once.
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let response = next.run(request).await;
    let storable = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && !response.headers().contains_key(header::CONTENT_ENCODING);
    if !storable {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "could not read a rendered page");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("text/html; charset=utf-8"));
    let page = Arc::new(Page::new(subject, content_type, body));
    render.store(&key, page.clone());
    let mut answer = answer(&page, gzip_ok, if_none_match.as_ref(), "miss");
    if let Some(id) = parts.headers.get("x-request-id") {
        answer.headers_mut().insert("x-request-id", id.clone());
    }
    answer
}

/// A signed-in visitor's pages are never stored or served from the cache.
fn signed_in(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(app::ssr::auth::COOKIE))
}

fn key(request: &Request<Body>) -> String {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let prefs = Prefs::from_headers(headers);
    let path = request.uri().path_and_query().map_or("/", |p| p.as_str());
    format!(
        "{host} {} {} {path}",
        prefs.lang.code(),
        if prefs.care { "care" } else { "-" }
    )
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// The stored page as an answer: 304 when the browser has it, gzipped when it may be.
fn answer(
    page: &Page,
    gzip_ok: bool,
    if_none_match: Option<&HeaderValue>,
    cache: &'static str,
) -> Response {
    let not_modified = if_none_match
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|t| t.trim().trim_start_matches("W/").as_bytes() == page.etag.as_bytes())
        });
    let (status, body, gzip) = if not_modified {
        (StatusCode::NOT_MODIFIED, Bytes::new(), false)
    } else if gzip_ok && !page.gzip.is_empty() {
        (StatusCode::OK, page.gzip.clone(), true)
    } else {
        (StatusCode::OK, page.body.clone(), false)
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, page.content_type.clone());
    headers.insert(header::ETAG, page.etag.clone());
    // A browser asks again each time (and gets a 304 while the page is unchanged).
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::VARY,
        HeaderValue::from_static("accept-encoding, cookie"),
    );
    if gzip {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    headers.insert("x-cache", HeaderValue::from_static(cache));
    crate::security_headers(headers);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).expect("header"),
        );
        h
    }

    #[test]
    fn gzip_is_sent_only_when_accepted() {
        assert!(accepts_gzip(&headers("gzip, deflate, br")));
        assert!(accepts_gzip(&headers("br;q=1.0, gzip;q=0.8")));
        assert!(accepts_gzip(&headers("*")));
        assert!(!accepts_gzip(&headers("br")));
        assert!(!accepts_gzip(&headers("gzip;q=0")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn keys_tell_apart_hosts_preferences_and_queries() {
        let request = |uri: &str, cookie: &str| {
            let mut r = Request::get(uri)
                .header(header::HOST, "gov.example")
                .body(Body::empty())
                .expect("request");
            if !cookie.is_empty() {
                r.headers_mut().insert(
                    header::COOKIE,
                    HeaderValue::from_str(cookie).expect("cookie"),
                );
            }
            r
        };
        let plain = key(&request("/policies?unit=a", ""));
        assert_ne!(plain, key(&request("/policies?unit=b", "")));
        assert_ne!(plain, key(&request("/policies?unit=a", "jiedu_lang=en")));
        assert_ne!(plain, key(&request("/policies?unit=a", "jiedu_care=on")));
        assert_eq!(plain, key(&request("/policies?unit=a", "other=1")));
        assert!(signed_in(request("/", "jiedu_session=abc").headers()));
        assert!(!signed_in(request("/", "jiedu_lang=en").headers()));
    }
}
