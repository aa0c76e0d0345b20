//! One guarded workflow step, for every workflow: read the item's state, check the step
//! with the domain's table (`domain::workflow`), then write the new state, the step's own
//! fields, its contributor and its audit record in one transaction that applies only if
//! the item is still in the state that was checked, and return what the public may see
//! that changed, as the transaction reported it.
//!
//! A workflow's repository says how its items are stored ([`Stored`]) and, for each step,
//! what else it writes ([`Take`]); nothing else about steps is written twice.

use chrono::{DateTime, Utc};
use surrealdb::types::{RecordId, SurrealValue, Value};

use super::audit::{APPEND, AuditEntry};
use crate::domain::TaxonomyCode;
use crate::domain::workflow::{Actor, Item, Note, Workflow, WorkflowError, authorize};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::{Change, Committed};

/// How a workflow's items are stored. Every item has `contributors` (logins); the rest is
/// said here, in SurrealQL evaluated on the item.
pub(crate) trait Stored: Workflow {
    /// The item's unit (a `unit` record).
    const UNIT: &'static str = "unit";
    /// The item's state.
    const STATE: &'static str = "status";
    /// Assignments that write the new state, bound as `$to`.
    const SET_STATE: &'static str = "status = $to";
    /// The login of the only person who may write the item, if there is one.
    const OWNER: &'static str = "NONE";
    /// The policy whose public pages a step may change (SurrealQL, the item as `$id`):
    /// `$id` for a policy, `$id.policy` for what hangs on one, `NONE` for nothing public.
    const TOUCHES: &'static str;
}

/// The parameters every step binds (and the `LET`s it makes), which a step's own may not
/// reuse.
const RESERVED: &[&str] = &[
    "id",
    "from",
    "to",
    "action",
    "actor",
    "contributes",
    "note",
    "now",
    "audit",
    "changed",
    "touched",
];

/// One step to take, with what it writes besides the state.
pub(crate) struct Take<'a, W: Workflow> {
    pub actor: &'a Actor,
    pub action: W::Action,
    /// The note the person gave (a reviewer's comment); required where the table says so.
    pub note: Option<String>,
    pub now: DateTime<Utc>,
    /// Further assignments of the step (fixed SurrealQL; values bound).
    pub set: &'static str,
    /// Statements run first in the transaction (`LET`s the guards and `after` use).
    pub before: &'static str,
    /// Conditions checked inside the transaction before anything is written (SurrealQL,
    /// the item as `$id`): when one holds, the step is refused with its error.
    pub guards: Vec<(&'static str, AppError)>,
    /// What a `THROW` of `before` or `after` means: its marker and its error.
    pub refusals: Vec<(&'static str, AppError)>,
    /// The audit record's name for the step, when it is not the action's (`plan.issue`
    /// for an edit that adds an issue).
    pub named: Option<&'static str>,
    /// Statements run after the write, in the same transaction.
    pub after: &'static str,
    /// Values for `set`, `guards` and `after`.
    pub binds: Vec<(&'static str, Value)>,
    /// What the audit record says beyond the step (the note, when this is `None`).
    pub detail: Option<String>,
}

impl<'a, W: Workflow> Take<'a, W> {
    /// A step that writes nothing but its state, contributor and audit record.
    pub fn new(actor: &'a Actor, action: W::Action, now: DateTime<Utc>) -> Self {
        Self {
            actor,
            action,
            note: None,
            now,
            set: "",
            before: "",
            guards: Vec::new(),
            refusals: Vec::new(),
            named: None,
            after: "",
            binds: Vec::new(),
            detail: None,
        }
    }

    /// The note as typed; [`take`] trims it and treats a blank one as none.
    pub fn note(mut self, note: Option<String>) -> Self {
        self.note = note;
        self
    }

    pub fn set(mut self, set: &'static str) -> Self {
        self.set = set;
        self
    }

    pub fn before(mut self, before: &'static str) -> Self {
        self.before = before;
        self
    }

    pub fn after(mut self, after: &'static str) -> Self {
        self.after = after;
        self
    }

    pub fn guard(mut self, refuse_if: &'static str, refusal: AppError) -> Self {
        self.guards.push((refuse_if, refusal));
        self
    }

    /// What a `THROW '{marker}'` in `before` or `after` means.
    pub fn refuse_on(mut self, marker: &'static str, refusal: AppError) -> Self {
        self.refusals.push((marker, refusal));
        self
    }

    pub fn named(mut self, name: &'static str) -> Self {
        self.named = Some(name);
        self
    }

    /// Binds `$name` for `set`, `before`, `guards` and `after`. The names [`take`] binds
    /// itself are refused: a step that bound `$to` would write its value as the state.
    pub fn bind(mut self, name: &'static str, value: impl SurrealValue) -> Self {
        debug_assert!(
            !RESERVED.contains(&name),
            "`${name}` is bound by every step; choose another name"
        );
        self.binds.push((name, value.into_value()));
        self
    }

    pub fn detail(mut self, detail: Option<String>) -> Self {
        self.detail = detail;
        self
    }
}

/// The item as a step reads it.
#[derive(SurrealValue)]
struct Row {
    state: String,
    unit: Option<String>,
    contributors: Vec<String>,
    owner: Option<String>,
}

/// Reads `id` as the workflow sees it: its state, unit, contributors and owner.
pub(crate) async fn read<W: Stored>(
    db: &Db,
    id: &RecordId,
) -> Result<Option<Owned<W::State>>, AppError> {
    let sql = format!(
        "SELECT ({state}) AS state, (IF {unit} != NONE THEN record::id({unit}) END) AS unit, \
         (contributors ?? []) AS contributors, ({owner}) AS owner FROM $id",
        state = W::STATE,
        unit = W::UNIT,
        owner = W::OWNER
    );
    let rows: Vec<Row> = db
        .query(sql)
        .bind(("id", id.clone()))
        .await?
        .check()?
        .take(0)?;
    let Some(row) = rows.into_iter().next() else {
        return Ok(None);
    };
    let state = W::State::try_from(row.state).map_err(|e| AppError::internal("stored state", e))?;
    let unit = row
        .unit
        .map(|u| TaxonomyCode::parse(&u))
        .transpose()
        .map_err(|e| AppError::internal("stored unit", e))?;
    Ok(Some(Owned {
        state,
        unit,
        contributors: row.contributors,
        owner: row.owner,
    }))
}

/// An item as read, owning its parts; [`Owned::item`] borrows it for the domain's checks.
#[derive(Debug, Clone)]
pub(crate) struct Owned<S> {
    pub state: S,
    /// `None` for an item no unit looks after yet (nobody may act on it).
    pub unit: Option<TaxonomyCode>,
    pub contributors: Vec<String>,
    pub owner: Option<String>,
}

impl<S: Copy> Owned<S> {
    pub fn item(&self) -> Option<Item<'_, S>> {
        Some(Item {
            unit: self.unit.as_ref()?,
            state: self.state,
            contributors: &self.contributors,
            owner: self.owner.as_deref(),
        })
    }
}

/// The steps `actor` may take on the item `id` now (none for an item that does not exist).
pub(crate) async fn allowed<W: Stored>(
    db: &Db,
    id: &RecordId,
    actor: &Actor,
) -> Result<Vec<W::Action>, AppError> {
    let found = read::<W>(db, id).await?;
    Ok(found
        .as_ref()
        .and_then(Owned::item)
        .map(|item| crate::domain::workflow::actions::<W>(actor, &item))
        .unwrap_or_default())
}

/// Whether `actor` may take `action` on `id` now, for a step that prepares its data
/// (drafts a letter, computes a fee) before [`take`]: the refusal [`take`] would give,
/// before any of that work is done or any of its errors is shown. [`take`] checks again
/// inside its transaction.
pub(crate) async fn check<W: Stored>(
    db: &Db,
    id: &RecordId,
    actor: &Actor,
    action: W::Action,
) -> Result<(), AppError> {
    let found = read::<W>(db, id).await?.ok_or(AppError::NotFound)?;
    let item = found.item().ok_or(AppError::Forbidden)?;
    authorize::<W>(actor, action, &item).map_err(refusal)?;
    Ok(())
}

/// What a refused check means to the person who asked.
pub(crate) fn refusal(e: WorkflowError) -> AppError {
    match e {
        WorkflowError::InvalidFrom { from, action } => AppError::Conflict(crate::words!(
            "“{from}”状态下不能执行此操作（{action}）",
            "This action ({action}) cannot be taken while it is “{from}”"
        )),
        WorkflowError::Forbidden | WorkflowError::OwnWork => AppError::Forbidden,
    }
}

/// The marker a guard THROWs, by its place in the step's list.
fn marker(guard: usize) -> String {
    format!("step refused by guard {guard}")
}

/// Takes `step` on the item `id`, audited under `subject` (`policy:{id}`). Returns the
/// state it led to and what changed. The step applies only if the item is still in the
/// state that was checked; otherwise it is a conflict and nothing changes.
#[tracing::instrument(skip_all, fields(item = %subject, actor = %step.actor.login, action = Into::<&'static str>::into(step.action)))]
pub(crate) async fn take<W: Stored>(
    db: &Db,
    id: RecordId,
    subject: String,
    step: Take<'_, W>,
) -> Result<Committed<W::State>, AppError> {
    let found = read::<W>(db, &id).await?.ok_or(AppError::NotFound)?;
    let item = found.item().ok_or(AppError::Forbidden)?;
    let rule = authorize::<W>(step.actor, step.action, &item).map_err(refusal)?;
    let note = step
        .note
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    if rule.note == Note::Required && note.is_none() {
        return Err(AppError::Invalid {
            field: "comment".into(),
            message: crate::words!(
                "此操作必须填写意见或理由",
                "This action needs a comment or reason"
            ),
        });
    }
    let from: &'static str = found.state.into();
    let to: &'static str = rule.next(found.state).into();
    let action: &'static str = step.action.into();
    let mut entry = AuditEntry::new(
        &step.actor.login,
        &format!("{}.{}", W::NAME, step.named.unwrap_or(action)),
        Some(subject),
    );
    entry.from_status = Some(from.to_owned());
    entry.to_status = Some(to.to_owned());
    entry.detail = step.detail.or_else(|| note.clone());

    let guards: String = step
        .guards
        .iter()
        .enumerate()
        .map(|(i, (refuse_if, _))| format!("IF {refuse_if} {{ THROW '{}'; }};\n", marker(i)))
        .collect();
    let set = if step.set.is_empty() {
        String::new()
    } else {
        format!(", {}", step.set)
    };
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         {before}\n\
         {guards}\
         LET $changed = (UPDATE $id SET {set_state}{set}, updated_at = $now, \
             contributors = IF $contributes THEN array::union(contributors ?? [], [$actor]) \
                 ELSE contributors END \
             WHERE ({state}) = $from RETURN VALUE id);\n\
         IF array::len($changed) = 0 {{ THROW '{changed}'; }};\n\
         {append}\n\
         {after}\n\
         LET $touched = {touches};\n\
         {family};\n\
         COMMIT TRANSACTION;",
        before = step.before,
        set_state = W::SET_STATE,
        state = W::STATE,
        changed = super::STATUS_CHANGED,
        append = APPEND,
        after = step.after,
        touches = W::TOUCHES,
        family = super::FAMILY,
    );
    let mut query = db
        .query(sql)
        .bind(("id", id))
        .bind(("from", from))
        .bind(("to", to))
        .bind(("action", action))
        .bind(("actor", step.actor.login.clone()))
        .bind(("contributes", rule.contributes))
        .bind(("note", note))
        .bind(("now", step.now))
        .bind(("audit", entry));
    for (name, value) in step.binds {
        query = query.bind((name, value));
    }
    let mut response = query.await?;
    let errors = response.take_errors();
    let thrown = |marker: &str| errors.values().any(|e| e.message().contains(marker));
    let guards = step.guards.into_iter().enumerate();
    let refused = guards
        .map(|(i, (_, refusal))| (marker(i), refusal))
        .chain(step.refusals.into_iter().map(|(m, r)| (m.to_owned(), r)))
        .find(|(marker, _)| thrown(marker));
    if let Some((_, refusal)) = refused {
        return Err(refusal);
    }
    if errors
        .values()
        .any(|e| e.message().contains(super::STATUS_CHANGED))
    {
        return Err(super::status_changed());
    }
    if let Some((statement, e)) = super::cause(errors) {
        return Err(if crate::error::is_retryable(&e) {
            AppError::from(e)
        } else {
            AppError::internal(&format!("{} step (statement {statement})", W::NAME), e)
        });
    }
    // The last statement before COMMIT reports what changed.
    let last = response.num_statements().saturating_sub(2);
    let change: Option<Change> = response.take(last)?;
    let to = W::State::try_from(to.to_owned()).map_err(|e| AppError::internal("state", e))?;
    Ok(Committed::new(to, change.unwrap_or_default()))
}
