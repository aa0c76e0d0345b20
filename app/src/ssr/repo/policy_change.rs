//! Changes to a published policy (its text, attachments or 公开属性): proposed by an editor
//! of its unit with a reason, applied or sent back by a county-wide reviewer who did not
//! propose it (`domain::workflow::ChangeFlow`). Until it is applied the public sees the
//! current version, and the old version is kept as a revision when it is; a change that
//! makes the policy non-public takes that effect at once, since withholding can never wait
//! for a second person.

use chrono::{DateTime, Utc};
use surrealdb::types::{RecordId, SurrealValue};

use super::policy::bind_form;
use super::workflow::{Stored, Take};
use crate::domain::workflow::{Actor, ChangeAction, ChangeFlow, ChangeStatus};
use crate::domain::{NewPolicy, PolicyId};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Committed;

pub const TABLE: &str = "policy_change";

impl Stored for ChangeFlow {
    const TOUCHES: &'static str = "$id.policy";
}

/// The change record of a policy: one per policy, reused by every change.
pub fn record(policy: &PolicyId) -> RecordId {
    RecordId::new(TABLE, policy.as_str())
}

/// Makes sure the policy's change record exists (in `open`), so that its first change is
/// a step like any other. Nothing happens for a policy that does not exist.
async fn ensure(db: &Db, policy: &PolicyId) -> Result<(), AppError> {
    db.query(
        "IF record::exists($policy) AND record::exists($id) = false { \
             CREATE $id CONTENT { policy: $policy, unit: $policy.unit, status: 'open' }; \
         };",
    )
    .bind(("id", record(policy)))
    .bind(("policy", super::policy::record(policy)))
    .await
    .and_then(|r| r.check())
    .map_err(|e| super::write_error("policy change", e))?;
    Ok(())
}

/// After a proposal: a change to a non-public 公开属性 takes effect at once.
const WITHDRAW_AT_ONCE: &str = "IF $disclosure != 'proactive' { \
     UPDATE $id.policy SET disclosure = $disclosure, disclosure_reason = $reason, updated_at = $now; \
 };";

/// After a reviewer applies it: the old text becomes a revision and the change goes live.
const APPLY: &str = "LET $policy = $id.policy;\n\
     CREATE policy_revision CONTENT { policy: $policy, title: $policy.title, \
         doc_number: $policy.doc_number, body: $policy.body, edited_by: array::last($id.contributors) };\n\
     UPDATE $policy SET title = $id.title, doc_number = $id.doc_number, directory = $id.directory, \
         key_area = $id.key_area, signed_on = $id.signed_on, disclosure = $id.disclosure, \
         disclosure_reason = $id.disclosure_reason, major = $id.major, body = $id.body, \
         attachments = $id.attachments, updated_at = $now, \
         contributors = array::union(contributors, $id.contributors);";

/// Proposes new fields for a published policy, with the reason; audited as
/// `policy_change.propose`. Only for a published policy of the actor's unit.
pub async fn propose(
    db: &Db,
    policy: &PolicyId,
    fields: &NewPolicy,
    reason: Option<String>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<ChangeStatus>, AppError> {
    ensure(db, policy).await?;
    let step = bind_form(
        Take::<ChangeFlow>::new(actor, ChangeAction::Propose, now)
            .note(reason)
            .set(PROPOSED)
            .guard(
                "$id.policy.status != 'published'",
                AppError::Conflict(crate::words!(
                    "只有已发布的政策需要提出修改；草稿请直接编辑",
                    "Only a published policy needs a proposed change; edit a draft directly"
                )),
            )
            .after(WITHDRAW_AT_ONCE),
        fields,
    );
    super::workflow::take(db, record(policy), subject(policy), step).await
}

/// The proposed fields (bound by [`bind_form`]) and the reason.
const PROPOSED: &str = "reason = $note, review_comment = NONE, \
     title = $title, doc_number = $doc_number, directory = $directory, key_area = $key_area, \
     signed_on = $signed_on, disclosure = $disclosure, disclosure_reason = $reason, \
     major = $major, body = $body, attachments = $attachments";

/// A reviewer applies (`Apply`) or sends back (`Reject`, with a comment) the waiting change.
pub async fn decide(
    db: &Db,
    policy: &PolicyId,
    action: ChangeAction,
    comment: Option<String>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<ChangeStatus>, AppError> {
    let step = Take::<ChangeFlow>::new(actor, action, now).note(comment);
    let step = match action {
        ChangeAction::Apply => step.after(APPLY),
        ChangeAction::Reject => step.set("review_comment = $note"),
        ChangeAction::Propose => {
            return Err(AppError::Invalid {
                field: "action".into(),
                message: crate::words!(
                    "修改内容请使用编辑表单",
                    "Use the edit form to change the content"
                ),
            });
        }
    };
    super::workflow::take(db, record(policy), subject(policy), step).await
}

/// The steps `actor` may take on the policy's change now: propose one (on a published
/// policy of their unit, when none waits), or apply or send back the one that waits.
pub async fn actions(
    db: &Db,
    policy: &PolicyId,
    actor: &Actor,
) -> Result<Vec<ChangeAction>, AppError> {
    use crate::domain::workflow::{Item, actions};
    let published =
        super::policy::status_of(db, policy).await? == Some(crate::domain::PolicyStatus::Published);
    if !published {
        return Ok(Vec::new());
    }
    if let Some(found) = super::workflow::read::<ChangeFlow>(db, &record(policy)).await? {
        return Ok(found
            .item()
            .map(|item| actions::<ChangeFlow>(actor, &item))
            .unwrap_or_default());
    }
    // No change proposed yet: the policy's record stands in, open.
    let Some(unit) = super::policy::unit_of(db, policy).await? else {
        return Ok(Vec::new());
    };
    let item = Item {
        unit: &unit,
        state: ChangeStatus::Open,
        contributors: &[],
        owner: None,
    };
    Ok(actions::<ChangeFlow>(actor, &item))
}

fn subject(policy: &PolicyId) -> String {
    format!("{TABLE}:{policy}")
}

/// A change waiting for a reviewer, as the desk shows it.
#[derive(Debug, Clone, SurrealValue)]
pub struct Waiting {
    pub status: ChangeStatus,
    pub reason: Option<String>,
    pub review_comment: Option<String>,
    pub title: Option<String>,
    pub disclosure: Option<String>,
    pub body: Option<String>,
    pub contributors: Vec<String>,
}

/// The policy's change record, if one was ever proposed.
pub async fn of_policy(db: &Db, policy: &PolicyId) -> Result<Option<Waiting>, AppError> {
    let rows: Vec<Waiting> = db
        .query(
            "SELECT status, reason, review_comment, title, disclosure, body, contributors FROM $id",
        )
        .bind(("id", record(policy)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}
