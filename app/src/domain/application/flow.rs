//! The handling of an application as a [`Workflow`]: (an online one confirmed) 登记 → 审核 → 办理 → 答复 (drafted,
//! signed, sent) → 归档, with the waits for a supplement, a consultation, a fee and an
//! extension's approval. The unit's editors handle it; a reviewer of the unit who did not
//! contribute signs the reply and approves an extension.

use serde::{Deserialize, Serialize};

use super::outcome::CloseReason;
use crate::domain::Words;
use crate::domain::workflow::{Scope, Step, Who, Workflow};

string_enum! {
    /// Where an application is.
    AppStatus {
        /// Sent through the online form; received only once the office confirms it
        /// (第三十一条第三项).
        Submitted = "submitted",
        /// 登记: entered, not yet checked.
        Registered = "registered",
        /// 审核: checked for completeness and whether it is an application at all.
        Reviewing = "reviewing",
        /// 办理: the information is being searched and the reply prepared.
        Handling = "handling",
        AwaitingSupplement = "awaiting_supplement",
        Consulting = "consulting",
        AwaitingFee = "awaiting_fee",
        /// An extension waits for the unit's reviewer.
        ExtensionRequested = "extension_requested",
        /// 答复 drafted, waiting for the signature.
        Drafted = "drafted",
        Signed = "signed",
        Sent = "sent",
        /// 归档.
        Archived = "archived",
        /// Ended without a reply (abandoned, fee unpaid, withdrawn).
        Closed = "closed",
        /// Handed to another unit, which registers it anew.
        Transferred = "transferred",
    }
}

string_enum! {
    /// A step in handling an application.
    AppAction {
        /// Confirm an online application with the applicant: it is received that day.
        Register = "register",
        Accept = "accept",
        /// Ask, once, for a supplement; the note says what to add.
        RequestSupplement = "request_supplement",
        ReceiveSupplement = "receive_supplement",
        /// Checked: on to handling.
        Handle = "handle",
        /// Consult a third party or another body; the note says whom.
        Consult = "consult",
        RecordConsultation = "record_consultation",
        /// The note says why more time is needed.
        RequestExtension = "request_extension",
        ApproveExtension = "approve_extension",
        RefuseExtension = "refuse_extension",
        IssueFeeNotice = "issue_fee_notice",
        RecordPayment = "record_payment",
        /// Waive the fee for hardship; the note gives the reason.
        Waive = "waive",
        DraftReply = "draft_reply",
        SignReply = "sign_reply",
        /// The reviewer sends the draft back with a comment.
        ReturnReply = "return_reply",
        SendReply = "send_reply",
        Archive = "archive",
        /// To another unit; the note gives the reason.
        Transfer = "transfer",
        /// End without a reply; the note records the circumstances.
        Close = "close",
    }
}

impl AppStatus {
    pub fn label(self) -> Words {
        match self {
            Self::Submitted => words!(
                "已提交，待确认收到",
                "Sent, waiting for the office to confirm"
            ),
            Self::Registered => words!("已登记", "Registered"),
            Self::Reviewing => words!("审核中", "Being checked"),
            Self::Handling => words!("办理中", "Being handled"),
            Self::AwaitingSupplement => words!("待补正", "Waiting for the applicant's supplement"),
            Self::Consulting => words!("征求意见中", "Consulting"),
            Self::AwaitingFee => words!("待缴费", "Waiting for the fee"),
            Self::ExtensionRequested => words!("延期待批准", "Extension waiting for approval"),
            Self::Drafted => words!("答复待审签", "Reply waiting for sign-off"),
            Self::Signed => words!("答复已审签，待送达", "Reply signed, to be sent"),
            Self::Sent => words!("已答复", "Replied"),
            Self::Archived => words!("已归档", "Archived"),
            Self::Closed => words!("已终止", "Closed"),
            Self::Transferred => words!("已转交其他机关", "Transferred to another body"),
        }
    }

    /// Still being handled: no reply sent, not closed or transferred.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            Self::Sent | Self::Archived | Self::Closed | Self::Transferred
        )
    }

    /// The reply has gone out.
    pub fn reply_sent(self) -> bool {
        matches!(self, Self::Sent | Self::Archived)
    }
}

impl AppAction {
    /// The button that takes the step.
    pub fn label(self) -> Words {
        match self {
            Self::Register => words!("确认收到（登记）", "Confirm receipt (register)"),
            Self::Accept => words!("受理，转入审核", "Accept for checking"),
            Self::RequestSupplement => words!("发出补正告知", "Ask for a supplement"),
            Self::ReceiveSupplement => words!("已收到补正", "Supplement received"),
            Self::Handle => words!("审核通过，转入办理", "Checked: handle it"),
            Self::Consult => words!("征求意见", "Consult"),
            Self::RecordConsultation => words!("记录征求意见结果", "Record the consultation"),
            Self::RequestExtension => words!("申请延期答复", "Ask for an extension"),
            Self::ApproveExtension => words!("批准延期", "Approve the extension"),
            Self::RefuseExtension => words!("不批准延期", "Refuse the extension"),
            Self::IssueFeeNotice => words!("发出收费通知", "Send the fee notice"),
            Self::RecordPayment => words!("已缴费", "Fee paid"),
            Self::Waive => words!("减免费用", "Waive the fee"),
            Self::DraftReply => words!("起草答复", "Draft the reply"),
            Self::SignReply => words!("审签答复", "Sign the reply"),
            Self::ReturnReply => words!("退回答复", "Return the reply"),
            Self::SendReply => words!("送达答复", "Send the reply"),
            Self::Archive => words!("归档", "Archive"),
            Self::Transfer => words!("转交其他机关", "Transfer to another body"),
            Self::Close => words!("终止办理", "Close"),
        }
    }
}

/// An application for disclosure (依申请公开).
pub struct ApplicationFlow;

impl Workflow for ApplicationFlow {
    type State = AppStatus;
    type Action = AppAction;
    const NAME: &'static str = "application";
    const STEPS: &'static [Step<AppStatus, AppAction>] = {
        use AppAction as A;
        use AppStatus as S;
        const OPEN: &[AppStatus] = &[
            S::Submitted,
            S::Registered,
            S::Reviewing,
            S::Handling,
            S::AwaitingSupplement,
            S::Consulting,
            S::AwaitingFee,
            S::ExtensionRequested,
            S::Drafted,
            S::Signed,
        ];
        &[
            Step::new(
                A::Register,
                &[S::Submitted],
                Some(S::Registered),
                Who::Writer,
            ),
            Step::new(A::Accept, &[S::Registered], Some(S::Reviewing), Who::Writer),
            Step::new(
                A::RequestSupplement,
                &[S::Reviewing],
                Some(S::AwaitingSupplement),
                Who::Writer,
            )
            .needs_note(),
            Step::new(
                A::ReceiveSupplement,
                &[S::AwaitingSupplement],
                Some(S::Reviewing),
                Who::Writer,
            ),
            Step::new(A::Handle, &[S::Reviewing], Some(S::Handling), Who::Writer),
            Step::new(A::Consult, &[S::Handling], Some(S::Consulting), Who::Writer).needs_note(),
            Step::new(
                A::RecordConsultation,
                &[S::Consulting],
                Some(S::Handling),
                Who::Writer,
            ),
            // Contributing: whoever asks for more time does not grant it.
            Step::new(
                A::RequestExtension,
                &[S::Handling],
                Some(S::ExtensionRequested),
                Who::Writer,
            )
            .needs_note()
            .contributing(),
            Step::new(
                A::ApproveExtension,
                &[S::ExtensionRequested],
                Some(S::Handling),
                Who::Reviewer(Scope::Unit),
            ),
            Step::new(
                A::RefuseExtension,
                &[S::ExtensionRequested],
                Some(S::Handling),
                Who::Reviewer(Scope::Unit),
            )
            .needs_note(),
            Step::new(
                A::IssueFeeNotice,
                &[S::Handling],
                Some(S::AwaitingFee),
                Who::Writer,
            ),
            Step::new(
                A::RecordPayment,
                &[S::AwaitingFee],
                Some(S::Handling),
                Who::Writer,
            ),
            Step::new(
                A::Waive,
                &[S::AwaitingFee],
                Some(S::Handling),
                Who::Reviewer(Scope::Unit),
            )
            .needs_note(),
            Step::new(
                A::DraftReply,
                &[S::Handling, S::Drafted],
                Some(S::Drafted),
                Who::Writer,
            )
            .contributing(),
            Step::new(
                A::SignReply,
                &[S::Drafted],
                Some(S::Signed),
                Who::Reviewer(Scope::Unit),
            ),
            Step::new(
                A::ReturnReply,
                &[S::Drafted],
                Some(S::Handling),
                Who::Reviewer(Scope::Unit),
            )
            .needs_note(),
            Step::new(
                A::SendReply,
                &[S::Signed],
                Some(S::Sent),
                Who::EditorOrReviewer(Scope::Unit),
            ),
            Step::new(
                A::Archive,
                &[S::Sent],
                Some(S::Archived),
                Who::EditorOrReviewer(Scope::Unit),
            ),
            Step::new(
                A::Transfer,
                &[S::Submitted, S::Registered, S::Reviewing, S::Handling],
                Some(S::Transferred),
                Who::Writer,
            )
            .needs_note(),
            Step::new(A::Close, OPEN, Some(S::Closed), Who::Writer).needs_note(),
        ]
    };
}

/// Checks that an application in `stage` may be closed for `reason`: abandoned only while
/// waiting for a supplement, unpaid only while waiting for a fee; withdrawn at any open
/// stage (the table decides which stages are open).
pub fn check_close(stage: AppStatus, reason: CloseReason) -> Result<(), Words> {
    match (reason, stage) {
        (CloseReason::Abandoned, AppStatus::AwaitingSupplement)
        | (CloseReason::FeeUnpaid, AppStatus::AwaitingFee)
        | (CloseReason::Withdrawn, _) => Ok(()),
        (CloseReason::Abandoned, _) => Err(words!(
            "只有等待补正的申请才能按逾期不补正结束",
            "Only an application waiting for a supplement can end as abandoned"
        )),
        (CloseReason::FeeUnpaid, _) => Err(words!(
            "只有等待缴费的申请才能按逾期未缴费结束",
            "Only an application waiting for a fee can end as unpaid"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TaxonomyCode;
    use crate::domain::workflow::{Actor, Item, Role, WorkflowError, actions, authorize};

    fn actor(login: &str, unit: Option<&str>, roles: &[Role]) -> Actor {
        Actor {
            login: login.into(),
            unit: unit.map(|u| TaxonomyCode::parse(u).expect("code")),
            roles: roles.to_vec(),
        }
    }

    fn item<'a>(
        unit: &'a TaxonomyCode,
        state: AppStatus,
        contributors: &'a [String],
    ) -> Item<'a, AppStatus> {
        Item {
            unit,
            state,
            contributors,
            owner: None,
        }
    }

    #[test]
    fn the_application_table_is_well_formed() {
        crate::domain::workflow::tests::table_is_well_formed::<ApplicationFlow>(AppAction::ALL);
    }

    #[test]
    fn the_main_road_and_its_waits() {
        use AppAction as A;
        use AppStatus as S;
        let road = [
            (S::Submitted, A::Register, S::Registered),
            (S::Registered, A::Accept, S::Reviewing),
            (S::Reviewing, A::RequestSupplement, S::AwaitingSupplement),
            (S::AwaitingSupplement, A::ReceiveSupplement, S::Reviewing),
            (S::Reviewing, A::Handle, S::Handling),
            (S::Handling, A::Consult, S::Consulting),
            (S::Consulting, A::RecordConsultation, S::Handling),
            (S::Handling, A::RequestExtension, S::ExtensionRequested),
            (S::ExtensionRequested, A::ApproveExtension, S::Handling),
            (S::Handling, A::IssueFeeNotice, S::AwaitingFee),
            (S::AwaitingFee, A::RecordPayment, S::Handling),
            (S::Handling, A::DraftReply, S::Drafted),
            (S::Drafted, A::ReturnReply, S::Handling),
            (S::Drafted, A::SignReply, S::Signed),
            (S::Signed, A::SendReply, S::Sent),
            (S::Sent, A::Archive, S::Archived),
        ];
        for (from, action, to) in road {
            let step = ApplicationFlow::step(action);
            assert!(step.from.contains(&from), "{action:?} from {from:?}");
            assert_eq!(step.next(from), to, "{action:?}");
        }
        for terminal in [S::Archived, S::Closed, S::Transferred] {
            assert!(
                ApplicationFlow::STEPS
                    .iter()
                    .all(|s| !s.from.contains(&terminal)),
                "{terminal:?} is the end"
            );
        }
        for action in [
            A::RequestSupplement,
            A::Consult,
            A::RequestExtension,
            A::Transfer,
            A::Close,
        ] {
            assert_eq!(
                ApplicationFlow::step(action).note,
                crate::domain::workflow::Note::Required,
                "{action:?}"
            );
        }
    }

    #[test]
    fn the_units_editors_handle_and_its_reviewer_signs_never_the_drafter() {
        let czj = TaxonomyCode::parse("czj").expect("code");
        let editor = actor("czj-editor", Some("czj"), &[Role::Editor]);
        let reviewer = actor("czj-reviewer", Some("czj"), &[Role::Reviewer]);
        // Both roles: may draft, and may sign what someone else drafted.
        let lead = actor("czj-lead", Some("czj"), &[Role::Editor, Role::Reviewer]);
        let county = actor("county", None, &[Role::Reviewer]);
        let other_unit = actor("jsj-editor", Some("jsj"), &[Role::Editor]);

        let handling = item(&czj, AppStatus::Handling, &[]);
        assert_eq!(
            actions::<ApplicationFlow>(&editor, &handling),
            [
                AppAction::Consult,
                AppAction::RequestExtension,
                AppAction::IssueFeeNotice,
                AppAction::DraftReply,
                AppAction::Transfer,
                AppAction::Close,
            ]
        );
        assert!(actions::<ApplicationFlow>(&other_unit, &handling).is_empty());
        assert!(actions::<ApplicationFlow>(&reviewer, &handling).is_empty());

        let drafted_by_lead = vec!["czj-lead".to_owned()];
        let drafted = item(&czj, AppStatus::Drafted, &drafted_by_lead);
        assert_eq!(
            authorize::<ApplicationFlow>(&lead, AppAction::SignReply, &drafted).err(),
            Some(WorkflowError::OwnWork)
        );
        assert_eq!(
            authorize::<ApplicationFlow>(&editor, AppAction::SignReply, &drafted).err(),
            Some(WorkflowError::Forbidden)
        );
        assert_eq!(
            authorize::<ApplicationFlow>(&county, AppAction::SignReply, &drafted).err(),
            Some(WorkflowError::Forbidden),
            "county reviewers do not sign a unit's replies"
        );
        assert_eq!(
            actions::<ApplicationFlow>(&reviewer, &drafted),
            [AppAction::SignReply, AppAction::ReturnReply]
        );

        let drafted_by_editor = vec!["czj-editor".to_owned()];
        let drafted = item(&czj, AppStatus::Drafted, &drafted_by_editor);
        assert!(authorize::<ApplicationFlow>(&lead, AppAction::SignReply, &drafted).is_ok());
    }

    #[test]
    fn whoever_asks_for_an_extension_does_not_approve_it() {
        let czj = TaxonomyCode::parse("czj").expect("code");
        let lead = actor("czj-lead", Some("czj"), &[Role::Editor, Role::Reviewer]);
        let reviewer = actor("czj-reviewer", Some("czj"), &[Role::Reviewer]);
        let step = authorize::<ApplicationFlow>(
            &lead,
            AppAction::RequestExtension,
            &item(&czj, AppStatus::Handling, &[]),
        )
        .expect("editors ask");
        assert!(step.contributes);
        let requested_by_lead = vec!["czj-lead".to_owned()];
        let requested = item(&czj, AppStatus::ExtensionRequested, &requested_by_lead);
        assert_eq!(
            authorize::<ApplicationFlow>(&lead, AppAction::ApproveExtension, &requested).err(),
            Some(WorkflowError::OwnWork)
        );
        assert_eq!(
            actions::<ApplicationFlow>(&reviewer, &requested),
            [AppAction::ApproveExtension, AppAction::RefuseExtension]
        );
    }

    #[test]
    fn closing_reasons_fit_the_stage() {
        assert!(check_close(AppStatus::AwaitingSupplement, CloseReason::Abandoned).is_ok());
        assert!(check_close(AppStatus::AwaitingFee, CloseReason::FeeUnpaid).is_ok());
        assert!(check_close(AppStatus::Drafted, CloseReason::Withdrawn).is_ok());
        assert!(check_close(AppStatus::Handling, CloseReason::Abandoned).is_err());
        assert!(check_close(AppStatus::AwaitingSupplement, CloseReason::FeeUnpaid).is_err());
    }
}
