//! One module per route, grouped by area.

pub mod admin;
pub mod desk;
pub mod invite;
pub mod login;
pub mod public;

/// Whether a page at this path contains an island and so needs the wasm bundle.
/// Pages without islands are plain HTML and CSS: nothing to download, nothing to run.
pub fn uses_islands(path: &str) -> bool {
    path == "/policies"
        || path == "/desk/articles/new"
        || (path.starts_with("/desk/articles/") && path.ends_with("/edit"))
}
