//! Jiedu (解读): the policy-interpretation desk of a local government.
//!
//! This crate is compiled twice: with `ssr` it is the whole server-side application
//! (pages, server functions, database access); with `hydrate` it is the small wasm
//! bundle that wakes up the interactive islands in the browser.

pub mod app;
pub mod components;
pub mod domain;
pub mod dto;
pub mod error;
pub mod i18n;
pub mod islands;
pub mod pages;
pub mod prefs;
pub mod routes;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

/// Entry point of the wasm bundle: hydrates the islands on the page, nothing else.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
