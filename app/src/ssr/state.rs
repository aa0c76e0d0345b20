//! What every request can reach: the database handle and the Leptos options.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

use super::Db;
use super::repo::session::Lifetimes;
use crate::error::AppError;

/// Shared application state, behind one reference count: axum clones it for every
/// request, and so does every server function that asks for it. Its parts are reached
/// through `Deref` (`state.db`, `state.changes`).
#[derive(Clone)]
pub struct AppState(std::sync::Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(std::sync::Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] holds.
pub struct Shared {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Settings,
    /// What time it is: the system clock, or a clock the tests move.
    pub clock: std::sync::Arc<dyn super::clock::Clock>,
    /// Where uploaded files are kept, one file per content hash.
    pub uploads: std::path::PathBuf,
    /// The stream of committed changes, and the cache of rendered public pages it keeps
    /// exact (`changes.pages()`).
    pub changes: super::changes::Changes,
}

/// Server settings that requests need.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mark the session cookie `Secure` (set when the site is served over https).
    pub secure_cookies: bool,
    pub sessions: Lifetimes,
    /// The site's public address (`https://www.example.gov.cn`), used in feeds, sitemaps
    /// and canonical links; when unset, the address the request was sent to.
    pub public_url: Option<String>,
    /// The address of the style sheet: `/pkg/jiedu.{hash}.css` when the build hashed the
    /// file names (then it may be cached for good), else `/pkg/jiedu.css`.
    pub stylesheet: String,
    /// Who may say on whose behalf a request comes (`JIEDU_TRUSTED_PROXIES`); empty: nobody.
    pub proxies: crate::ssr::client::TrustedProxies,
    /// The registrations a government site shows in its footer, each when set.
    pub identity: crate::dto::SiteIdentity,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            sessions: Lifetimes::default(),
            public_url: None,
            stylesheet: "/pkg/jiedu.css".to_owned(),
            proxies: Default::default(),
            identity: Default::default(),
        }
    }
}

impl Settings {
    /// The absolute address of the site for a request with these headers, no trailing `/`.
    pub fn public_base(&self, headers: &http::HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.trim_end_matches('/').to_owned();
        }
        let host = headers
            .get(http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
            })
            .unwrap_or("127.0.0.1:3000");
        let scheme = if self.secure_cookies { "https" } else { "http" };
        format!("{scheme}://{host}")
    }
}

/// The absolute address of the site for the request being rendered.
pub fn public_base() -> String {
    let headers = use_context::<http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default();
    match use_context::<AppState>() {
        Some(state) => state.settings.public_base(&headers),
        None => Settings::default().public_base(&headers),
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state of the current request, provided as context by the router.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>()
        .ok_or_else(|| AppError::internal("no AppState in context", "router misconfigured"))
}

/// The database handle of the current request.
pub fn db() -> Result<Db, AppError> {
    state().map(|s| s.db.clone())
}

/// Hands a committed write's change to the stream of committed changes and returns what
/// was written.
pub fn publish<T>(committed: super::changes::Committed<T>) -> Result<T, AppError> {
    Ok(committed.publish(&state()?.changes))
}

/// The current time by the application's clock.
pub fn now() -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    state().map(|s| s.clock.now())
}
