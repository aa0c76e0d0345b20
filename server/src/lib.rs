//! The Jiedu server: configuration, the HTTP router, and the commands of the `jiedu` binary.

pub mod attachments;
pub mod backup;
pub mod canonical;
pub mod config;
pub mod discovery;
pub mod edge;
pub mod files;
pub mod jobs;
pub mod letters;
pub mod pages;

use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, Request, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
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
        .route("/track/letter.docx", get(letters::sent))
        .route(
            "/track/attachments",
            axum::routing::post(attachments::add)
                .layer(DefaultBodyLimit::max(files::MAX_UPLOAD_BYTES)),
        )
        .route(
            "/desk/applications/{code}/attachment",
            get(attachments::get),
        )
        .route(
            "/desk/applications/{code}/letter.docx",
            get(letters::drafted),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        // Every server function (leptos registers a route for each) behind one edge.
        .layer(middleware::from_fn(edge::guard))
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
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static(FRAME_OPTIONS),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(FRAME_ANCESTORS),
        ))
        // Private unless a handler says otherwise: a desk page, an API answer or a page
        // rendered for someone signed in is never kept by a browser or a proxy. Public
        // pages from the page cache say `no-cache`, files and bundles say their own.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static(PRIVATE),
        ))
        .layer(CompressionLayer::new())
        // Given the cache alone: the middleware's state is cloned for every request.
        .layer(middleware::from_fn_with_state(
            state.changes.pages().clone(),
            pages::serve_cached,
        ))
        // Outermost: every page is read (and cached) at its one canonical address.
        .layer(middleware::from_fn(canonical::redirect))
        .with_state(state)
}

const NOSNIFF: &str = "nosniff";
const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";
/// No page of ours may be framed by another site (clickjacking).
const FRAME_OPTIONS: &str = "DENY";
pub const FRAME_ANCESTORS: &str = "frame-ancestors 'none'";
/// `Cache-Control` of anything that does not say otherwise.
pub const PRIVATE: &str = "private, no-store";

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
    headers.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static(FRAME_OPTIONS),
    );
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(FRAME_ANCESTORS));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(PRIVATE));
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

/// Gives every request an id: audit records made while serving it carry the id, every
/// log line written while serving it is inside a `request{id=…}` span, and the response
/// names it in `X-Request-Id`. The span carries the method but not the path, which can
/// hold a secret (an invitation's token).
async fn with_request_id(request: Request<Body>, next: Next) -> Response {
    use tracing::Instrument;
    let id = app::ssr::request_id::generate();
    let span = tracing::info_span!("request", id = %id, method = %request.method());
    let mut response = app::ssr::request_id::scope(id.clone(), next.run(request))
        .instrument(span)
        .await;
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

/// How long connections may take to finish after Ctrl-C or SIGTERM before they are cut.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves the router until Ctrl-C or SIGTERM, with the background jobs running (the
/// publisher looks for due articles every `publish_tick`).
///
/// On the signal it stops accepting, lets requests in flight finish, closes idle
/// keep-alive connections at once, and cuts whatever is left after [`SHUTDOWN_GRACE`].
/// When it returns, no task holds the application any more, so the caller's database
/// handle is the last one and the store can be closed.
///
/// With `test_clock` (`JIEDU_TEST_CLOCK=1`), `POST /test/clock` moves that clock forward.
pub async fn serve(
    state: AppState,
    publish_tick: std::time::Duration,
    test_clock: Option<std::sync::Arc<app::ssr::clock::MovableClock>>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::server::graceful::GracefulShutdown;
    use tower::ServiceExt;

    let addr = state.leptos_options.site_addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
    let listening_on = listener.local_addr()?;
    tracing::info!("listening on http://{listening_on}");
    // Started once the address is ours: the lease names the instance by it.
    let publisher = tokio::spawn(jobs::publish_scheduled(
        state.db.clone(),
        state.changes.clone(),
        state.clock.clone(),
        jobs::instance_name(listening_on),
        publish_tick,
    ));
    let app = match test_clock {
        Some(clock) => router(state).merge(test_clock_routes(clock)),
        None => router(state),
    };
    let graceful = GracefulShutdown::new();
    let mut connections = tokio::task::JoinSet::new();
    let mut signal = std::pin::pin!(shutdown_signal());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    tracing::warn!(error = %e, "could not accept a connection");
                    continue;
                }
            },
            () = &mut signal => break,
        };
        while connections.try_join_next().is_some() {}
        // Handlers read the client's address as axum's `ConnectInfo`.
        let service =
            app.clone()
                .map_request(move |mut request: Request<hyper::body::Incoming>| {
                    request
                        .extensions_mut()
                        .insert(axum::extract::ConnectInfo(peer));
                    request.map(Body::new)
                });
        let connection = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
            .serve_connection_with_upgrades(
                TokioIo::new(stream),
                hyper_util::service::TowerToHyperService::new(service),
            )
            .into_owned();
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("connections still open after {SHUTDOWN_GRACE:?}; closing them");
        }
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
    drop(app);
    // The publisher's handle to the database goes with it, so the store can close.
    publisher.abort();
    let _ = publisher.await;
    Ok(())
}

/// `GET /test/clock`: the clock's time (RFC 3339); `POST /test/clock?advance_secs=N`: moves
/// it N seconds forward and answers the new time. Only on a server started with
/// `JIEDU_TEST_CLOCK=1` (docs/SECURITY.md, 10); the POST passes the same-origin check.
fn test_clock_routes(clock: std::sync::Arc<app::ssr::clock::MovableClock>) -> Router {
    use app::ssr::clock::Clock;
    #[derive(serde::Deserialize)]
    struct Advance {
        advance_secs: i64,
    }
    let read = clock.clone();
    Router::new()
        .route(
            "/test/clock",
            get(move || async move { read.now().to_rfc3339() }).post(
                move |axum::extract::Query(q): axum::extract::Query<Advance>| async move {
                    clock.advance(chrono::Duration::seconds(q.advance_secs));
                    tracing::warn!(by_secs = q.advance_secs, "the test clock was moved");
                    clock.now().to_rfc3339()
                },
            ),
        )
        .layer(middleware::from_fn(same_origin_writes))
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
    use super::*;

    /// Log output, kept for a test to read.
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_log_line_written_while_serving_names_the_request() {
        use tower::ServiceExt;
        let logs = Captured::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        let app = Router::new()
            .route(
                "/",
                get(|| async {
                    tracing::info!("inside the handler");
                    "ok"
                }),
            )
            .layer(middleware::from_fn(with_request_id));
        let response = app
            .oneshot(Request::get("/").body(Body::empty()).expect("request"))
            .await
            .expect("response");
        let id = response.headers()["x-request-id"]
            .to_str()
            .expect("ascii")
            .to_owned();
        let text = String::from_utf8(logs.0.lock().expect("lock").clone()).expect("utf-8");
        let line = text
            .lines()
            .find(|l| l.contains("inside the handler"))
            .expect("the line was written");
        assert!(
            line.contains(&format!("request{{id={id} method=GET}}")),
            "{line}"
        );
    }

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
