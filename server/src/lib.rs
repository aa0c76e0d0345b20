//! The Jiedu server: configuration, the HTTP router, and the commands of the `jiedu` binary.

pub mod config;
pub mod discovery;
pub mod files;
pub mod jobs;
pub mod pages;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, Method, Request, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{
    LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
    handle_server_fns_with_context,
};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use app::app::{App, shell};
use app::ssr::AppState;

/// `Cache-Control` of a file whose address changes with its content: keep it a year.
pub const KEEP_FOREVER: &str = "public, max-age=31536000, immutable";

/// The largest request body any route accepts but uploads (see [`files::MAX_UPLOAD_BYTES`]).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Builds the whole HTTP application: pages, server functions, static files and 404s.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let options = state.leptos_options.clone();
    Router::new()
        .route("/prefs", get(discovery::prefs))
        .route("/robots.txt", get(discovery::robots))
        .route("/sitemap.xml", get(discovery::sitemap_index))
        .route("/sitemap/{file}", get(discovery::sitemap))
        .route("/feeds/{file}", get(discovery::feed))
        .route(
            "/api/upload",
            axum::routing::post(files::upload)
                .layer(DefaultBodyLimit::max(files::MAX_UPLOAD_BYTES)),
        )
        .route("/files/{name}", get(files::serve))
        .route("/api/{*fn_name}", get(server_fn).post(server_fn))
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(middleware::from_fn(same_origin_writes))
        .layer(middleware::from_fn(static_cache_headers))
        .layer(middleware::from_fn(with_request_id))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static(NOSNIFF),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static(REFERRER_POLICY),
        ))
        .layer(CompressionLayer::new())
        // Given the cache alone: the middleware's state is cloned for every request.
        .layer(middleware::from_fn_with_state(
            state.pages.clone(),
            pages::serve_cached,
        ))
        .with_state(state)
}

const NOSNIFF: &str = "nosniff";
const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";

/// The headers every answer carries; the router's layers add them, and the page cache,
/// which answers before those layers run, adds them with this.
pub fn security_headers(headers: &mut axum::http::HeaderMap) {
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static(NOSNIFF),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static(REFERRER_POLICY),
    );
}

/// Files under `/pkg/`: one with a content-hashed name (`jiedu.{hash}.css`) never changes,
/// so a browser may keep it for a year without asking; any other is checked each time
/// (and answered 304 while unchanged).
async fn static_cache_headers(request: Request<Body>, next: Next) -> Response {
    let Some(name) = request.uri().path().strip_prefix("/pkg/") else {
        return next.run(request).await;
    };
    let forever = is_content_hashed(name);
    let mut response = next.run(request).await;
    if response.status() == StatusCode::OK || response.status() == StatusCode::NOT_MODIFIED {
        let value = if forever { KEEP_FOREVER } else { "no-cache" };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Whether a file name carries a content hash as cargo-leptos writes it: `stem.{hash}.ext`,
/// the hash ten or more characters of unpadded URL-safe base64.
fn is_content_hashed(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[parts.len() - 2].len() >= 10
        && parts[parts.len() - 2]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Gives every request an id: audit records made while serving it carry the id, and the
/// response names it in `X-Request-Id`.
async fn with_request_id(request: Request<Body>, next: Next) -> Response {
    let id = app::ssr::request_id::generate();
    let mut response = app::ssr::request_id::scope(id.clone(), next.run(request)).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// Refuses a request that changes state unless it comes from a page of this site: its
/// `Origin` (or, failing that, `Referer`) must name the host it was sent to. With the
/// SameSite=Lax session cookie this stops cross-site request forgery.
async fn same_origin_writes(request: Request<Body>, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<Uri>().ok());
    let same_site = match (host, source.as_ref().and_then(Uri::authority)) {
        (Some(host), Some(authority)) => authority.as_str().eq_ignore_ascii_case(host),
        _ => false,
    };
    if same_site {
        next.run(request).await
    } else {
        (StatusCode::FORBIDDEN, "cross-site request refused").into_response()
    }
}

async fn server_fn(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), request).await
}

/// Serves the router until Ctrl-C or SIGTERM, with the background jobs running (the
/// publisher looks for due articles every `publish_tick`).
pub async fn serve(state: AppState, publish_tick: std::time::Duration) -> std::io::Result<()> {
    let addr = state.leptos_options.site_addr;
    let publisher = tokio::spawn(jobs::publish_scheduled(
        state.db.clone(),
        state.pages.clone(),
        state.clock.clone(),
        jobs::instance_name(),
        publish_tick,
    ));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    // The publisher's handle to the database goes with it, so the store can close.
    publisher.abort();
    let _ = publisher.await;
    served
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_content_hashed_names_are_kept_for_good() {
        assert!(super::is_content_hashed("jiedu.3Kx_9aZ-PqRt2w.css"));
        assert!(super::is_content_hashed("jiedu.AbCdEfGhIjKlMnOp.wasm"));
        assert!(!super::is_content_hashed("jiedu.css"));
        assert!(!super::is_content_hashed("jiedu_bg.wasm"));
        assert!(!super::is_content_hashed("jiedu.short.js"));
        assert!(!super::is_content_hashed("jiedu.d.ts"));
    }
}
