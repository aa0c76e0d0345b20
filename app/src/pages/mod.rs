//! One module per route, grouped by area.

pub mod admin;
pub mod desk;
pub mod invite;
pub mod login;
pub mod public;

/// Whether a page at this path contains an island and so needs the wasm bundle: only the
/// article form (its editor). Every other page, and every public one, is plain HTML and
/// CSS: no wasm to download, nothing to hydrate.
pub fn uses_islands(path: &str) -> bool {
    path == "/desk/articles/new" || (path.starts_with("/desk/articles/") && path.ends_with("/edit"))
}
