//! The staff workspace under `/desk`.

pub mod article;
pub mod home;
pub mod new_policy;
pub mod policy;

pub use article::{ArticleFormPageView, DeskArticle};
pub use home::DeskHome;
pub use new_policy::NewPolicy;
pub use policy::DeskPolicy;
