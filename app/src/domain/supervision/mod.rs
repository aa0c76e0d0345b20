//! Supervision (督查): who owes what and who is late. The 分工表's key-area duties, the
//! yearly reporting quotas (报送任务), and the dashboards computed from the registry's
//! records for a unit or the county over a period. Pure: the repository loads plain facts,
//! these functions count them, so every figure can be checked by hand in a test.

pub mod areas;
pub mod dashboard;
pub mod period;
pub mod quota;
pub mod table;

pub use period::Period;
pub use table::{Cell, Column, ReportTable};

/// Working days within which a proactively disclosed item is published after it is made
/// (《政府信息公开条例》第二十六条).
pub const PUBLISH_WITHIN_WORKING_DAYS: u32 = 20;
