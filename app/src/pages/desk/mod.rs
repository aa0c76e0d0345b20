//! The staff workspace under `/desk`.

pub mod home;
pub mod policy;

pub use home::DeskHome;
pub use policy::DeskPolicy;
