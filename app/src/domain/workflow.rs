//! The content workflow: the transitions that exist, and who may make them.
//!
//! `draft → submitted → approved → published → withdrawn`, with
//! `submitted → returned → submitted`. Every transition is checked here, on the
//! server, before the repository writes it together with its audit record.

use serde::{Deserialize, Serialize};

use super::{FieldError, PolicyId, PolicyStatus, TaxonomyCode, Validity};

string_enum! {
    /// What an account may do; an account may hold several roles.
    Role {
        Admin = "admin",
        Editor = "editor",
        Reviewer = "reviewer",
        Expert = "expert",
    }
}

string_enum! {
    /// A step of the workflow.
    Action {
        Submit = "submit",
        Return = "return",
        Approve = "approve",
        Publish = "publish",
        Withdraw = "withdraw",
    }
}

/// Who is acting: a signed-in account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The account's login name, which is also what records name as their author.
    pub login: String,
    pub unit: Option<TaxonomyCode>,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// An editor of this unit.
    pub fn edits_for(&self, unit: &TaxonomyCode) -> bool {
        self.has(Role::Editor) && self.unit.as_ref() == Some(unit)
    }
}

/// The record a workflow decision is about.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub unit: &'a TaxonomyCode,
    /// Login of the account that last submitted the record.
    pub author: &'a str,
    pub status: PolicyStatus,
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The step does not exist from this status (a conflict, not a permission problem).
    #[error("cannot {action} a record that is {from}")]
    InvalidFrom {
        from: &'static str,
        action: &'static str,
    },
    /// The actor's roles or unit do not allow the step.
    #[error("not allowed")]
    Forbidden,
    /// A reviewer may not sign off their own work (second-person rule).
    #[error("reviewers never approve their own work")]
    OwnWork,
}

/// The status a step leads to, if the step exists from `from`.
pub fn next_status(from: PolicyStatus, action: Action) -> Result<PolicyStatus, WorkflowError> {
    use Action as A;
    use PolicyStatus as S;
    match (from, action) {
        (S::Draft | S::Returned, A::Submit) => Ok(S::Submitted),
        (S::Submitted, A::Return) => Ok(S::Returned),
        (S::Submitted, A::Approve) => Ok(S::Approved),
        (S::Approved, A::Publish) => Ok(S::Published),
        (S::Published, A::Withdraw) => Ok(S::Withdrawn),
        _ => Err(WorkflowError::InvalidFrom {
            from: from.as_str(),
            action: action.as_str(),
        }),
    }
}

/// Checks that `actor` may take `action` on `subject` and returns the new status.
///
/// - submit: an editor of the record's unit;
/// - return, approve: a reviewer of any unit, never on their own work;
/// - publish, withdraw: a reviewer (not on their own work) or an editor of the unit.
pub fn authorize(
    actor: &Actor,
    action: Action,
    subject: &Subject<'_>,
) -> Result<PolicyStatus, WorkflowError> {
    let own_work = actor.login == subject.author;
    let allowed = match action {
        Action::Submit => actor.edits_for(subject.unit),
        Action::Return | Action::Approve => {
            if actor.has(Role::Reviewer) && own_work {
                return Err(WorkflowError::OwnWork);
            }
            actor.has(Role::Reviewer)
        }
        Action::Publish | Action::Withdraw => {
            actor.edits_for(subject.unit) || (actor.has(Role::Reviewer) && !own_work)
        }
    };
    if !allowed {
        return Err(WorkflowError::Forbidden);
    }
    next_status(subject.status, action)
}

/// Whether `actor` may change the content of a record in this state.
pub fn may_edit(actor: &Actor, unit: &TaxonomyCode, status: PolicyStatus) -> bool {
    actor.edits_for(unit)
        && matches!(
            status,
            PolicyStatus::Draft | PolicyStatus::Returned | PolicyStatus::Published
        )
}

/// Checks a change of validity on a published policy: amended needs the amending policy,
/// repealed may name what replaced it; nothing goes back to effective; a policy is never
/// its own replacement.
pub fn check_validity_change(
    own: &PolicyId,
    current: Validity,
    new: Validity,
    replaced_by: Option<&PolicyId>,
) -> Result<(), FieldError> {
    if new == Validity::Effective || current == Validity::Repealed {
        return Err(FieldError::new(
            "validity",
            "只能将有效或已修订的文件标记为已修订或已废止",
        ));
    }
    if new == Validity::Amended && replaced_by.is_none() {
        return Err(FieldError::new(
            "replaced_by",
            "标记为已修订时须填写修订后的文件编号",
        ));
    }
    if replaced_by == Some(own) {
        return Err(FieldError::new("replaced_by", "文件不能被自身替代"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: &str) -> TaxonomyCode {
        TaxonomyCode::parse(c).expect("code")
    }

    fn actor(login: &str, unit: Option<&str>, roles: &[Role]) -> Actor {
        Actor {
            login: login.into(),
            unit: unit.map(code),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn every_transition_of_the_state_machine() {
        use Action as A;
        use PolicyStatus as S;
        let allowed = [
            (S::Draft, A::Submit, S::Submitted),
            (S::Returned, A::Submit, S::Submitted),
            (S::Submitted, A::Return, S::Returned),
            (S::Submitted, A::Approve, S::Approved),
            (S::Approved, A::Publish, S::Published),
            (S::Published, A::Withdraw, S::Withdrawn),
        ];
        for from in PolicyStatus::ALL {
            for action in Action::ALL {
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| f == from && a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(
                    next_status(*from, *action).ok(),
                    expected,
                    "{from:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn editors_submit_only_for_their_unit() {
        let czj = code("czj");
        let draft = Subject {
            unit: &czj,
            author: "czj-editor",
            status: PolicyStatus::Draft,
        };
        let own = actor("czj-editor", Some("czj"), &[Role::Editor]);
        let other = actor("jsj-editor", Some("jsj"), &[Role::Editor]);
        assert_eq!(
            authorize(&own, Action::Submit, &draft),
            Ok(PolicyStatus::Submitted)
        );
        assert_eq!(
            authorize(&other, Action::Submit, &draft),
            Err(WorkflowError::Forbidden)
        );
        assert_eq!(
            authorize(&own, Action::Approve, &draft),
            Err(WorkflowError::Forbidden)
        );
    }

    #[test]
    fn reviewers_never_sign_off_their_own_work() {
        let czj = code("czj");
        let submitted = Subject {
            unit: &czj,
            author: "both",
            status: PolicyStatus::Submitted,
        };
        let both = actor("both", Some("czj"), &[Role::Editor, Role::Reviewer]);
        let reviewer = actor("reviewer", None, &[Role::Reviewer]);
        assert_eq!(
            authorize(&both, Action::Approve, &submitted),
            Err(WorkflowError::OwnWork)
        );
        assert_eq!(
            authorize(&both, Action::Return, &submitted),
            Err(WorkflowError::OwnWork)
        );
        assert_eq!(
            authorize(&reviewer, Action::Approve, &submitted),
            Ok(PolicyStatus::Approved)
        );
        assert_eq!(
            authorize(&reviewer, Action::Return, &submitted),
            Ok(PolicyStatus::Returned)
        );
    }

    #[test]
    fn experts_and_admins_take_no_step_on_policies() {
        let czj = code("czj");
        for status in PolicyStatus::ALL {
            let subject = Subject {
                unit: &czj,
                author: "someone",
                status: *status,
            };
            for role in [Role::Expert, Role::Admin] {
                let a = actor("x", Some("czj"), &[role]);
                for action in Action::ALL {
                    assert_eq!(
                        authorize(&a, *action, &subject),
                        Err(WorkflowError::Forbidden),
                        "{role:?} {action:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_permitted_step_from_the_wrong_state_is_invalid() {
        let czj = code("czj");
        let published = Subject {
            unit: &czj,
            author: "e",
            status: PolicyStatus::Published,
        };
        let reviewer = actor("r", None, &[Role::Reviewer]);
        assert!(matches!(
            authorize(&reviewer, Action::Approve, &published),
            Err(WorkflowError::InvalidFrom { .. })
        ));
        assert_eq!(
            authorize(&reviewer, Action::Withdraw, &published),
            Ok(PolicyStatus::Withdrawn)
        );
    }

    #[test]
    fn validity_changes() {
        let own = PolicyId::parse("p-old").expect("id");
        let new = PolicyId::parse("p-new").expect("id");
        assert!(
            check_validity_change(&own, Validity::Effective, Validity::Amended, Some(&new)).is_ok()
        );
        assert!(check_validity_change(&own, Validity::Amended, Validity::Repealed, None).is_ok());
        let field = |r: Result<(), FieldError>| r.expect_err("refused").field;
        assert_eq!(
            field(check_validity_change(
                &own,
                Validity::Effective,
                Validity::Amended,
                None
            )),
            "replaced_by"
        );
        assert_eq!(
            field(check_validity_change(
                &own,
                Validity::Effective,
                Validity::Repealed,
                Some(&own)
            )),
            "replaced_by"
        );
        assert_eq!(
            field(check_validity_change(
                &own,
                Validity::Repealed,
                Validity::Amended,
                Some(&new)
            )),
            "validity"
        );
        assert_eq!(
            field(check_validity_change(
                &own,
                Validity::Amended,
                Validity::Effective,
                None
            )),
            "validity"
        );
    }

    #[test]
    fn editing_is_for_the_unit_and_open_states() {
        let czj = code("czj");
        let editor = actor("e", Some("czj"), &[Role::Editor]);
        assert!(may_edit(&editor, &czj, PolicyStatus::Draft));
        assert!(may_edit(&editor, &czj, PolicyStatus::Published));
        assert!(!may_edit(&editor, &czj, PolicyStatus::Submitted));
        assert!(!may_edit(&editor, &code("jsj"), PolicyStatus::Draft));
    }
}
