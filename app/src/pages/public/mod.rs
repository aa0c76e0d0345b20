//! The public site: what citizens read, no account needed.

pub mod home;
pub mod library;
pub mod policy;

pub use home::HomePage;
pub use library::LibraryPage;
pub use policy::PolicyPage;
