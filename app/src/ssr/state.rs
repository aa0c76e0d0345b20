//! What every request can reach: the database handle and the Leptos options.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

use super::Db;
use super::repo::session::Lifetimes;
use crate::error::AppError;

/// Shared application state; cheap to clone (the database handle is reference-counted).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Settings,
    /// What time it is: the system clock, or a clock the tests move.
    pub clock: std::sync::Arc<dyn super::clock::Clock>,
    /// Where uploaded files are kept, one file per content hash.
    pub uploads: std::path::PathBuf,
}

/// Server settings that requests need.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    /// Mark the session cookie `Secure` (set when the site is served over https).
    pub secure_cookies: bool,
    pub sessions: Lifetimes,
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
    state().map(|s| s.db)
}

/// The current time by the application's clock.
pub fn now() -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    state().map(|s| s.clock.now())
}
