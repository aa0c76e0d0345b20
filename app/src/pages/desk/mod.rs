//! The staff workspace under `/desk`.

pub mod applications;
pub mod article;
pub mod home;
pub mod inbox;
pub mod new_policy;
pub mod plan;
pub mod policy;
pub mod worklist;

pub use applications::{
    ApplicationDesk, ApplicationIntake, ApplicationTableView, ApplicationsView,
};
pub use article::{ArticleFormPageView, DeskArticle};
pub use home::DeskHome;
pub use inbox::{ConcernDesk, InboxView};
pub use new_policy::NewPolicy;
pub use plan::PlanDesk;
pub use policy::DeskPolicy;
pub use worklist::WorkListPage;
