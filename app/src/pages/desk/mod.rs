//! The staff workspace under `/desk`.

pub mod home;
pub mod new_policy;
pub mod policy;

pub use home::DeskHome;
pub use new_policy::NewPolicy;
pub use policy::DeskPolicy;
