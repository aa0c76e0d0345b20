//! The staff workspace under `/desk`.

pub mod home;

pub use home::DeskHome;
