//! Applications for disclosure (依申请公开, 《政府信息公开条例》2019 第二十七条至第四十五条):
//! who applies and with which document, when an application counts as received, the
//! reply clock in working days, the processing fee, the kinds of reply, the workflow of
//! handling one, and table 三 of the annual report.

pub mod channel;
pub mod clock;
pub mod fee;
pub mod flow;
pub mod identity;
pub mod intake;
pub mod letter;
pub mod outcome;
pub mod stats;

/// Whether `typed` is an application's number (`YS-K7QM-3XPD`, however spaced or cased)
/// rather than a public question's code.
pub fn is_number(typed: &str) -> bool {
    let chars: Vec<char> = typed.chars().filter(char::is_ascii_alphanumeric).collect();
    chars.len() == 10
        && chars[..2]
            .iter()
            .collect::<String>()
            .eq_ignore_ascii_case("ys")
}

pub use channel::{Channel, ReceiptFacts, receipt_date};
pub use clock::{Clock, ClockEvent, Consulted, Periods, Standing};
pub use fee::{Fee, FeeMethod};
pub use flow::{AppAction, AppStatus, ApplicationFlow};
pub use identity::{ApplicantKind, IdDocument, IdNumber, OrgKind};
pub use outcome::{CloseReason, Outcome, Reply, ReplyForm, ReplyKind};
pub use stats::{ApplicationTable, ResultRow, Summary};
