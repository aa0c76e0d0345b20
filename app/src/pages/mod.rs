//! One module per route, grouped by area.

pub mod admin;
pub mod desk;
pub mod invite;
pub mod login;
pub mod public;
