//! The workflow engine: every record that people write and a second person signs off
//! (a policy, its interpretation plan, an interpretation, the answer to a public question,
//! a change to a published policy) is a [`Workflow`]: a table of [`Step`]s saying from which
//! states each action leads where, and who may take it. [`authorize`] is the one check of
//! every step; [`actions`] lists the steps a person may take now, which the desk draws as
//! buttons. The repository takes a permitted step in one guarded transaction with its
//! audit record (`ssr::repo::workflow`).
//!
//! Who may act is decided by three rules, written once here:
//!
//! - **writers**: the editors of the item's unit (or, for an expert's article, only the
//!   expert who wrote it);
//! - **reviewers in scope**: county-wide reviewers (the reviewer role with no unit) sign off
//!   policies, plans, interpretations and changes to published policies; a unit's own
//!   reviewers sign off its answers to the public;
//! - **the second-person rule**: nobody signs off an item they wrote, edited or submitted
//!   (its *contributors*, recorded by every step that contributes).

use serde::{Deserialize, Serialize};

use super::{FieldError, PolicyId, PolicyStatus, TaxonomyCode, Validity};

string_enum! {
    /// What an account may do; an account may hold several roles.
    Role {
        Admin = "admin",
        Editor = "editor",
        Reviewer = "reviewer",
        Expert = "expert",
        /// 督查: reads every unit's figures and reports (督查室, 监察局, 电子政务办).
        Supervisor = "supervisor",
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

    /// A county-wide reviewer: the reviewer role and no unit of their own.
    pub fn reviews_county(&self) -> bool {
        self.has(Role::Reviewer) && self.unit.is_none()
    }

    /// Whether this account signs off items of `unit` in `scope`.
    pub fn reviews(&self, scope: Scope, unit: &TaxonomyCode) -> bool {
        match scope {
            Scope::County => self.reviews_county(),
            Scope::Unit => self.has(Role::Reviewer) && self.unit.as_ref() == Some(unit),
        }
    }
}

/// Whose items a reviewer signs off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// County-wide reviewers: policies, plans, interpretations, changes to published policies.
    County,
    /// The item's own unit's reviewers: answers to the public.
    Unit,
}

/// Who may take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// A writer of the item.
    Writer,
    /// A reviewer in scope who is not one of the item's contributors.
    Reviewer(Scope),
    /// An editor of the item's unit (even of an expert's article, which only its expert
    /// writes), or a reviewer in scope who is not a contributor.
    EditorOrReviewer(Scope),
}

/// Whether the person taking a step must say why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    Optional,
    /// Required, e.g. the reviewer's comment when returning.
    Required,
}

/// One row of a workflow's table.
#[derive(Debug)]
pub struct Step<S: 'static, A> {
    pub action: A,
    pub from: &'static [S],
    /// The state it leads to; `None` when it stays (an edit).
    pub to: Option<S>,
    pub who: Who,
    pub note: Note,
    /// Whether taking the step makes the person a contributor of the item (writing,
    /// editing, submitting), so that they never sign it off themselves.
    pub contributes: bool,
}

impl<S: Copy, A: Copy> Step<S, A> {
    /// A row of a table: `action` from these states to `to` (`None`: it stays), by `who`;
    /// no note needed, and taking it does not make one a contributor.
    pub const fn new(action: A, from: &'static [S], to: Option<S>, who: Who) -> Self {
        Self {
            action,
            from,
            to,
            who,
            note: Note::Optional,
            contributes: false,
        }
    }

    /// The person taking the step must say why.
    pub const fn needs_note(mut self) -> Self {
        self.note = Note::Required;
        self
    }

    /// Taking the step makes the person a contributor (writing, editing, submitting).
    pub const fn contributing(mut self) -> Self {
        self.contributes = true;
        self
    }

    /// The state taking this step from `from` leads to.
    pub fn next(&self, from: S) -> S {
        self.to.unwrap_or(from)
    }
}

/// A workflow: its states, its actions and the table of steps between them. The table has
/// one row per action.
pub trait Workflow: 'static {
    type State: Copy
        + Eq
        + std::fmt::Debug
        + Into<&'static str>
        + TryFrom<String, Error = super::Words>
        + 'static;
    type Action: Copy + Eq + std::fmt::Debug + Into<&'static str> + 'static;
    /// The item's name in audit records (`policy.submit`).
    const NAME: &'static str;
    const STEPS: &'static [Step<Self::State, Self::Action>];

    /// The row of `action`.
    fn step(action: Self::Action) -> &'static Step<Self::State, Self::Action> {
        Self::STEPS
            .iter()
            .find(|s| s.action == action)
            .expect("every action has a row in its workflow's table")
    }
}

/// The item a workflow decision is about.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a, S> {
    /// The unit the item belongs to; its editors write it.
    pub unit: &'a TaxonomyCode,
    pub state: S,
    /// Everyone who wrote, edited or submitted it.
    pub contributors: &'a [String],
    /// When only one person may write it (an expert's article): their login.
    pub owner: Option<&'a str>,
}

impl<S> Item<'_, S> {
    /// Whether `actor` may write this item.
    pub fn written_by(&self, actor: &Actor) -> bool {
        match self.owner {
            Some(owner) => {
                actor.login == owner && (actor.has(Role::Expert) || actor.edits_for(self.unit))
            }
            None => actor.edits_for(self.unit),
        }
    }

    /// Whether `actor` wrote, edited or submitted it.
    pub fn is_work_of(&self, actor: &Actor) -> bool {
        self.contributors.contains(&actor.login) || self.owner == Some(&actor.login)
    }

    /// Whether `actor` may read it before it is public: its writers, its owner and its
    /// reviewers in `scope`.
    pub fn readable_by(&self, actor: &Actor, scope: Scope) -> bool {
        self.written_by(actor)
            || self.owner == Some(&actor.login)
            || actor.edits_for(self.unit)
            || actor.reviews(scope, self.unit)
    }
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// The step does not exist from this state (a conflict, not a permission problem).
    #[error("cannot {action} a record that is {from}")]
    InvalidFrom {
        from: &'static str,
        action: &'static str,
    },
    /// The actor's roles, unit or scope do not allow the step.
    #[error("not allowed")]
    Forbidden,
    /// Nobody signs off their own work (second-person rule).
    #[error("reviewers never approve their own work")]
    OwnWork,
}

/// Checks that `actor` may take `action` on `item` now, and returns its row (the state it
/// leads to, whether it needs a note, whether it contributes).
pub fn authorize<W: Workflow>(
    actor: &Actor,
    action: W::Action,
    item: &Item<'_, W::State>,
) -> Result<&'static Step<W::State, W::Action>, WorkflowError> {
    let step = W::step(action);
    let own_work = item.is_work_of(actor);
    let allowed = match step.who {
        Who::Writer => item.written_by(actor),
        Who::Reviewer(scope) => {
            if actor.reviews(scope, item.unit) && own_work {
                return Err(WorkflowError::OwnWork);
            }
            actor.reviews(scope, item.unit)
        }
        Who::EditorOrReviewer(scope) => {
            actor.edits_for(item.unit) || (actor.reviews(scope, item.unit) && !own_work)
        }
    };
    if !allowed {
        return Err(WorkflowError::Forbidden);
    }
    if !step.from.contains(&item.state) {
        return Err(WorkflowError::InvalidFrom {
            from: item.state.into(),
            action: action.into(),
        });
    }
    Ok(step)
}

/// The actions `actor` may take on `item` now, in the order of the table.
pub fn actions<W: Workflow>(actor: &Actor, item: &Item<'_, W::State>) -> Vec<W::Action> {
    W::STEPS
        .iter()
        .filter(|s| authorize::<W>(actor, s.action, item).is_ok())
        .map(|s| s.action)
        .collect()
}

string_enum! {
    /// A step of a policy's workflow.
    Action {
        /// Change the text of a draft or returned policy.
        Edit = "edit",
        Submit = "submit",
        Return = "return",
        Approve = "approve",
        Publish = "publish",
        Withdraw = "withdraw",
    }
}

/// A policy (政策文件): `draft → submitted → approved → published → withdrawn`, with
/// `submitted → returned → submitted`. A published policy's text and disclosure change
/// through [`ChangeFlow`].
pub struct PolicyFlow;

impl Workflow for PolicyFlow {
    type State = PolicyStatus;
    type Action = Action;
    const NAME: &'static str = "policy";
    const STEPS: &'static [Step<PolicyStatus, Action>] = {
        use PolicyStatus as S;
        &[
            Step::new(Action::Edit, &[S::Draft, S::Returned], None, Who::Writer).contributing(),
            Step::new(
                Action::Submit,
                &[S::Draft, S::Returned],
                Some(S::Submitted),
                Who::Writer,
            )
            .contributing(),
            Step::new(
                Action::Return,
                &[S::Submitted],
                Some(S::Returned),
                Who::Reviewer(Scope::County),
            )
            .needs_note(),
            Step::new(
                Action::Approve,
                &[S::Submitted],
                Some(S::Approved),
                Who::Reviewer(Scope::County),
            ),
            Step::new(
                Action::Publish,
                &[S::Approved],
                Some(S::Published),
                Who::EditorOrReviewer(Scope::County),
            ),
            Step::new(
                Action::Withdraw,
                &[S::Published],
                Some(S::Withdrawn),
                Who::EditorOrReviewer(Scope::County),
            ),
        ]
    };
}

string_enum! {
    /// Where a change to a published policy stands.
    ChangeStatus {
        /// Nothing waits: no change proposed yet, or the last one was applied.
        Open = "open",
        /// Proposed, waiting for a reviewer; the public still sees the current version
        /// (unless the change makes the policy non-public, which takes effect at once).
        Submitted = "submitted",
        /// Sent back with the reviewer's comment.
        Returned = "returned",
    }
}

string_enum! {
    /// A step of a change to a published policy.
    ChangeAction {
        /// Propose new text, attachments or disclosure, with the reason.
        Propose = "propose",
        /// A reviewer applies it: the old text is kept as a revision.
        Apply = "apply",
        /// A reviewer sends it back.
        Reject = "reject",
    }
}

/// A change to a published policy's text or disclosure (公开属性): a reviewed decision,
/// never an edit that goes live on its own.
pub struct ChangeFlow;

impl Workflow for ChangeFlow {
    type State = ChangeStatus;
    type Action = ChangeAction;
    const NAME: &'static str = "policy_change";
    const STEPS: &'static [Step<ChangeStatus, ChangeAction>] = {
        use ChangeStatus as S;
        &[
            Step::new(
                ChangeAction::Propose,
                &[S::Open, S::Returned],
                Some(S::Submitted),
                Who::Writer,
            )
            .needs_note()
            .contributing(),
            Step::new(
                ChangeAction::Apply,
                &[S::Submitted],
                Some(S::Open),
                Who::Reviewer(Scope::County),
            ),
            Step::new(
                ChangeAction::Reject,
                &[S::Submitted],
                Some(S::Returned),
                Who::Reviewer(Scope::County),
            )
            .needs_note(),
        ]
    };
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
            words!(
                "只能将有效或已修订的文件标记为已修订或已废止",
                "Only a policy in force or amended can be marked amended or repealed"
            ),
        ));
    }
    if new == Validity::Amended && replaced_by.is_none() {
        return Err(FieldError::new(
            "replaced_by",
            words!(
                "标记为已修订时须填写修订后的文件编号",
                "Marking a policy amended needs the id of the amended version"
            ),
        ));
    }
    if replaced_by == Some(own) {
        return Err(FieldError::new(
            "replaced_by",
            words!("文件不能被自身替代", "A policy cannot replace itself"),
        ));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
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

    fn item<'a, S>(unit: &'a TaxonomyCode, state: S, contributors: &'a [String]) -> Item<'a, S> {
        Item {
            unit,
            state,
            contributors,
            owner: None,
        }
    }

    /// Every workflow's table has one row per action and only states of its own.
    pub(crate) fn table_is_well_formed<W: Workflow>(all: &[W::Action]) {
        for action in all {
            let rows = W::STEPS.iter().filter(|s| s.action == *action).count();
            assert_eq!(rows, 1, "{}: {action:?} has {rows} rows", W::NAME);
            assert!(!W::step(*action).from.is_empty(), "{action:?} from nowhere");
        }
        assert_eq!(
            W::STEPS.len(),
            all.len(),
            "{}: a row for an unknown action",
            W::NAME
        );
    }

    #[test]
    fn the_tables_are_well_formed() {
        table_is_well_formed::<PolicyFlow>(Action::ALL);
        table_is_well_formed::<ChangeFlow>(ChangeAction::ALL);
    }

    #[test]
    fn every_transition_of_the_policy_state_machine() {
        use Action as A;
        use PolicyStatus as S;
        let allowed = [
            (S::Draft, A::Edit, S::Draft),
            (S::Returned, A::Edit, S::Returned),
            (S::Draft, A::Submit, S::Submitted),
            (S::Returned, A::Submit, S::Submitted),
            (S::Submitted, A::Return, S::Returned),
            (S::Submitted, A::Approve, S::Approved),
            (S::Approved, A::Publish, S::Published),
            (S::Published, A::Withdraw, S::Withdrawn),
        ];
        for from in PolicyStatus::ALL {
            for action in Action::ALL {
                let step = PolicyFlow::step(*action);
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| f == from && a == action)
                    .map(|(_, _, to)| *to);
                let got = step.from.contains(from).then(|| step.next(*from));
                assert_eq!(got, expected, "{from:?} {action:?}");
            }
        }
    }

    #[test]
    fn editors_write_only_for_their_unit() {
        let czj = code("czj");
        let draft = item(&czj, PolicyStatus::Draft, &[]);
        let own = actor("czj-editor", Some("czj"), &[Role::Editor]);
        let other = actor("jsj-editor", Some("jsj"), &[Role::Editor]);
        assert_eq!(
            authorize::<PolicyFlow>(&own, Action::Submit, &draft).map(|s| s.next(draft.state)),
            Ok(PolicyStatus::Submitted)
        );
        assert_eq!(
            authorize::<PolicyFlow>(&other, Action::Submit, &draft).err(),
            Some(WorkflowError::Forbidden)
        );
        assert_eq!(
            authorize::<PolicyFlow>(&own, Action::Approve, &draft).err(),
            Some(WorkflowError::Forbidden)
        );
        assert_eq!(
            actions::<PolicyFlow>(&own, &draft),
            vec![Action::Edit, Action::Submit]
        );
        assert!(actions::<PolicyFlow>(&other, &draft).is_empty());
    }

    #[test]
    fn county_reviewers_sign_off_policies_and_unit_reviewers_do_not() {
        let czj = code("czj");
        let submitted = item(&czj, PolicyStatus::Submitted, &[]);
        let county = actor("county", None, &[Role::Reviewer]);
        let unit_reviewer = actor("czj-reviewer", Some("czj"), &[Role::Reviewer]);
        assert_eq!(
            actions::<PolicyFlow>(&county, &submitted),
            vec![Action::Return, Action::Approve]
        );
        assert!(actions::<PolicyFlow>(&unit_reviewer, &submitted).is_empty());
        assert!(county.reviews(Scope::County, &czj));
        assert!(!county.reviews(Scope::Unit, &czj));
        assert!(unit_reviewer.reviews(Scope::Unit, &czj));
        assert!(!unit_reviewer.reviews(Scope::Unit, &code("jsj")));
    }

    #[test]
    fn nobody_signs_off_what_they_wrote_edited_or_submitted() {
        let czj = code("czj");
        // Wrote it as an editor of czj, then became a county reviewer; a colleague submitted.
        let contributors = vec!["author".to_owned(), "colleague".to_owned()];
        let submitted = item(&czj, PolicyStatus::Submitted, &contributors);
        let author = actor("author", None, &[Role::Reviewer]);
        let colleague = actor("colleague", None, &[Role::Reviewer]);
        let other = actor("other", None, &[Role::Reviewer]);
        for who in [&author, &colleague] {
            assert_eq!(
                authorize::<PolicyFlow>(who, Action::Approve, &submitted).err(),
                Some(WorkflowError::OwnWork),
                "{}",
                who.login
            );
            assert_eq!(
                authorize::<PolicyFlow>(who, Action::Return, &submitted).err(),
                Some(WorkflowError::OwnWork)
            );
        }
        assert!(authorize::<PolicyFlow>(&other, Action::Approve, &submitted).is_ok());
        let approved = item(&czj, PolicyStatus::Approved, &contributors);
        assert_eq!(
            authorize::<PolicyFlow>(&author, Action::Publish, &approved).err(),
            Some(WorkflowError::Forbidden),
            "a contributor who is not a writer publishes nothing"
        );
    }

    #[test]
    fn experts_and_admins_take_no_step_on_policies() {
        let czj = code("czj");
        for status in PolicyStatus::ALL {
            let subject = item(&czj, *status, &[]);
            for role in [Role::Expert, Role::Admin] {
                let a = actor("x", Some("czj"), &[role]);
                assert!(actions::<PolicyFlow>(&a, &subject).is_empty(), "{role:?}");
            }
        }
    }

    #[test]
    fn a_permitted_step_from_the_wrong_state_is_invalid() {
        let czj = code("czj");
        let published = item(&czj, PolicyStatus::Published, &[]);
        let reviewer = actor("r", None, &[Role::Reviewer]);
        assert!(matches!(
            authorize::<PolicyFlow>(&reviewer, Action::Approve, &published),
            Err(WorkflowError::InvalidFrom { .. })
        ));
        assert!(authorize::<PolicyFlow>(&reviewer, Action::Withdraw, &published).is_ok());
    }

    #[test]
    fn a_change_to_a_published_policy_is_signed_off_by_someone_else() {
        let czj = code("czj");
        let editor = actor("czj-editor", Some("czj"), &[Role::Editor]);
        let county = actor("county", None, &[Role::Reviewer]);
        let open = item(&czj, ChangeStatus::Open, &[]);
        assert_eq!(
            actions::<ChangeFlow>(&editor, &open),
            vec![ChangeAction::Propose]
        );
        assert!(actions::<ChangeFlow>(&county, &open).is_empty());
        let proposers = vec!["czj-editor".to_owned()];
        let submitted = item(&czj, ChangeStatus::Submitted, &proposers);
        assert!(actions::<ChangeFlow>(&editor, &submitted).is_empty());
        assert_eq!(
            actions::<ChangeFlow>(&county, &submitted),
            vec![ChangeAction::Apply, ChangeAction::Reject]
        );
        let proposed_by_reviewer = vec!["county".to_owned()];
        let own = item(&czj, ChangeStatus::Submitted, &proposed_by_reviewer);
        assert_eq!(
            authorize::<ChangeFlow>(&county, ChangeAction::Apply, &own).err(),
            Some(WorkflowError::OwnWork)
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
}
