//! The policy's workflow on the desk: its steps (with the synchronisation rules) and the
//! lists of what waits for whom.

use super::*;

/// A policy in a desk list, before the viewer's actions are known.
#[derive(SurrealValue)]
struct DeskRow {
    id: String,
    title: String,
    status: PolicyStatus,
    unit: String,
    unit_name: String,
    updated_at: DateTime<Utc>,
    contributors: Vec<String>,
}

const DESK_ROW: &str = "record::id(id) AS id, title, status, record::id(unit) AS unit, \
     unit.name AS unit_name, updated_at, contributors";

/// Desk list items, each with the steps `actor` may take on it now.
fn desk_items(rows: Vec<DeskRow>, actor: &Actor) -> Result<Vec<crate::dto::DeskItem>, AppError> {
    rows.into_iter()
        .map(|r| {
            Ok(crate::dto::DeskItem {
                actions: actions_on(actor, &r.unit, r.status, &r.contributors)?,
                id: r.id,
                title: r.title,
                status: r.status,
                unit_name: r.unit_name,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

/// The steps `actor` may take on a policy of `unit` (as stored) in this state.
pub(super) fn actions_on(
    actor: &Actor,
    unit: &str,
    state: PolicyStatus,
    contributors: &[String],
) -> Result<crate::dto::Allowed<Action>, AppError> {
    let unit = TaxonomyCode::parse(unit).map_err(|e| AppError::internal("stored unit", e))?;
    let item = crate::domain::workflow::Item {
        unit: &unit,
        state,
        contributors,
        owner: None,
    };
    Ok(crate::dto::Allowed(crate::domain::workflow::actions::<
        PolicyFlow,
    >(actor, &item)))
}

/// Policies in any of these states, of one unit or of all, most recently changed first,
/// with the steps `actor` may take on each.
pub async fn list_by_status(
    db: &Db,
    unit: Option<&TaxonomyCode>,
    statuses: &[PolicyStatus],
    limit: u32,
    actor: &Actor,
) -> Result<Vec<crate::dto::DeskItem>, AppError> {
    let statuses: Vec<&'static str> = statuses.iter().map(|s| s.as_str()).collect();
    let rows = db
        .query(format!(
            "SELECT {DESK_ROW} FROM type::table($table) \
             WHERE status IN $statuses AND ($unit = NONE OR unit = $unit) \
             ORDER BY updated_at DESC LIMIT $limit"
        ))
        .bind(("table", TABLE))
        .bind(("statuses", statuses))
        .bind(("unit", unit.map(|u| Taxonomy::Unit.record(u))))
        .bind(("limit", i64::from(limit)))
        .await?
        .check()?
        .take(0)?;
    desk_items(rows, actor)
}

impl Stored for PolicyFlow {
    const TOUCHES: &'static str = "$id";
}

/// Takes one workflow step on a policy (see [`transition_with`]).
pub async fn transition(
    db: &Db,
    id: &PolicyId,
    actor: &Actor,
    action: Action,
    comment: Option<String>,
    now: DateTime<Utc>,
) -> Result<Committed<PolicyStatus>, AppError> {
    transition_with(db, id, actor, action, comment, None, now).await
}

/// What a policy step writes besides its state.
const STEP_FIELDS: &str = "submitted_by = IF $action = 'submit' THEN $actor ELSE submitted_by END, \
     review_comment = IF $action = 'return' THEN $note ELSE review_comment END, \
     published_at = IF $to = 'published' AND published_at = NONE THEN $now ELSE published_at END";

/// The same-day milestones of the policy's plan, read before a step (同步部署).
const SAME_DAY: &str = "LET $plan = type::record('plan', record::id($id));\n\
     LET $same = IF $action = 'publish' THEN (SELECT id, form, item, \
             (IF item != NONE THEN record::tb(item) END) AS kind, item.status AS item_status \
         FROM milestone WHERE plan = $plan AND due_kind != 'at' AND offset = 0) ELSE [] END;\n\
     LET $missing = $same[WHERE item = NONE OR (kind = 'article' \
         AND item_status NOT IN ['approved', 'scheduled', 'published'])];";

/// Publishing releases the plan's approved same-day interpretations with the policy.
const RELEASE_SAME_DAY: &str = "LET $release = $same[WHERE kind = 'article' AND item_status IN ['approved', 'scheduled']].item;\n\
     FOR $a IN $release {\n\
         LET $was = $a.status;\n\
         UPDATE $a SET status = 'published', published_at = $id.published_at, scheduled_at = NONE, \
             updated_at = $now;\n\
         CREATE audit CONTENT { actor: $actor, action: 'article.publish', \
             subject: 'article:' + <string> record::id($a), from_status: $was, to_status: 'published', \
             detail: '随政策同步发布', request_id: $audit.request_id };\n\
     };";

/// Takes one workflow step on a policy, checked by the workflow's table and written with
/// its audit record in one guarded transaction ([`repo::workflow::take`]), with the
/// synchronisation rules of a policy that has a plan:
///
/// 1. a major policy is approved only after its plan is approved (同步审签);
/// 2. publishing releases every approved same-day article of its plan in the same
///    transaction; a same-day milestone of a major policy without an approved item blocks
///    publication, unless a county-wide reviewer gives `override_reason` (recorded in the
///    audit trail) (同步部署).
pub async fn transition_with(
    db: &Db,
    id: &PolicyId,
    actor: &Actor,
    action: Action,
    comment: Option<String>,
    override_reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<Committed<PolicyStatus>, AppError> {
    if action == Action::Edit {
        return Err(AppError::Invalid {
            field: "action".into(),
            message: crate::words!(
                "修改内容请使用编辑表单",
                "Use the edit form to change the content"
            ),
        });
    }
    let override_reason = override_reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if override_reason.is_some() && !actor.reviews_county() {
        return Err(AppError::Forbidden);
    }
    let step = Take::<PolicyFlow>::new(actor, action, now)
        .note(comment)
        .set(STEP_FIELDS)
        .before(SAME_DAY)
        .guard(
            "$action = 'approve' AND $id.major = true AND ($plan.status ?? 'none') != 'approved'",
            AppError::Conflict(crate::words!("重大政策须先审签其解读方案（同步审签），请先审签方案", "A major policy needs its interpretation plan signed off first (同步审签): sign off the plan")),
        )
        .guard(
            "$id.major = true AND array::len($missing) > 0 AND $override = NONE",
            AppError::Conflict(crate::words!(
                "解读方案中与政策同日发布的解读尚未审签（同步部署）；审签人可填写理由后例外发布",
                "The interpretations the plan releases with the policy are not signed off yet (同步部署); a reviewer may publish anyway with a reason"
            )),
        )
        .after(RELEASE_SAME_DAY)
        .detail(
            override_reason
                .as_ref()
                .map(|r| format!("同步部署例外：{r}")),
        )
        .bind("override", override_reason);
    repo::workflow::take(db, record(id), format!("{TABLE}:{id}"), step).await
}

/// The forms of the same-day milestones that would keep a major policy from being
/// published now (同步部署): empty for a policy that is not major or whose same-day
/// items are all signed off. The same rule as the publish step's guard.
pub async fn unsynchronised(
    db: &Db,
    id: &PolicyId,
) -> Result<Vec<crate::domain::plan::MilestoneForm>, AppError> {
    let mut response = db
        .query(format!(
            "{SAME_DAY}\nRETURN IF $id.major = true THEN $missing.form ELSE [] END;"
        ))
        .bind(("id", record(id)))
        .bind(("action", Action::Publish.as_str()))
        .await?
        .check()?;
    let last = response.num_statements() - 1;
    Ok(response.take::<Vec<_>>(last)?)
}

/// A policy's status, whoever may see it (for the desk and for tests).
pub async fn status_of(
    db: &Db,
    id: &PolicyId,
) -> Result<Option<crate::domain::PolicyStatus>, AppError> {
    let rows: Vec<crate::domain::PolicyStatus> = db
        .query("SELECT VALUE status FROM $id")
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// Returned policies that this account submitted: what waits for its revision.
pub async fn returned_to(
    db: &Db,
    actor: &Actor,
    limit: u32,
) -> Result<Vec<crate::dto::DeskItem>, AppError> {
    let rows = db
        .query(format!(
            "SELECT {DESK_ROW} FROM type::table($table) \
             WHERE status = 'returned' AND submitted_by = $login \
             ORDER BY updated_at DESC LIMIT $limit"
        ))
        .bind(("table", TABLE))
        .bind(("login", actor.login.clone()))
        .bind(("limit", i64::from(limit)))
        .await?
        .check()?
        .take(0)?;
    desk_items(rows, actor)
}

/// The steps `actor` may take on the policy now.
pub async fn actions(db: &Db, id: &PolicyId, actor: &Actor) -> Result<Vec<Action>, AppError> {
    repo::workflow::allowed::<PolicyFlow>(db, &record(id), actor).await
}
