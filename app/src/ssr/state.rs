//! What every request can reach: the database handle and the Leptos options.

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;

use super::Db;
use crate::error::AppError;

/// Shared application state; cheap to clone (the database handle is reference-counted).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The database handle of the current request, provided as context by the router.
pub fn db() -> Result<Db, AppError> {
    use_context::<AppState>()
        .map(|state| state.db)
        .ok_or_else(|| AppError::internal("no AppState in context", "router misconfigured"))
}
