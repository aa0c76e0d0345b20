//! Writing a plan while it is a draft or returned, and its sign-off: every write is a step
//! of the plan's workflow (`domain::plan::PlanFlow`).

use super::*;

impl Stored for PlanFlow {
    const UNIT: &'static str = "policy.unit";
    const TOUCHES: &'static str = "$id.policy";
}

/// The plan's own fields.
const FIELDS: &str = "background = $background, key_points = $key_points, \
     risk_level = $risk_level, risk_assessment = $risk_assessment, editor = $editor";

/// Creates the plan of a policy (a draft written by `actor`, an editor of its unit), or
/// changes it while it is a draft or returned (the plan's edit step).
pub async fn save<'a>(
    db: &Db,
    policy: &PolicyId,
    fields: &PlanFields,
    actor: &'a Actor,
    now: DateTime<Utc>,
) -> Result<Committed<PlanStatus>, AppError> {
    let bind = |step: Take<'a, PlanFlow>| -> Take<'a, PlanFlow> {
        step.bind("background", fields.background.clone())
            .bind("key_points", fields.key_points.clone())
            .bind("risk_level", fields.risk_level)
            .bind("risk_assessment", fields.risk_assessment.clone())
            .bind("editor", fields.editor.clone())
    };
    let exists: Option<String> = db
        .query("SELECT VALUE status FROM ONLY $plan")
        .bind(("plan", record(policy)))
        .await?
        .check()?
        .take(0)?;
    if exists.is_some() {
        let step = bind(
            Take::new(actor, PlanAction::Edit, now)
                .set(FIELDS)
                .named("save"),
        );
        return edit(db, policy, step).await;
    }
    let unit = policies::unit_of(db, policy)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.edits_for(&unit) {
        return Err(AppError::Forbidden);
    }
    let entry = AuditEntry::new(&actor.login, "plan.save", Some(subject(policy)));
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         CREATE $plan CONTENT {{ policy: $policy, background: $background, key_points: $key_points, \
             risk_level: $risk_level, risk_assessment: $risk_assessment, editor: $editor, \
             status: 'draft', contributors: [$actor], created_at: $now, updated_at: $now }};\n\
         {}\n\
         LET $touched = $policy; {FAMILY};\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("plan", record(policy)))
        .bind(("policy", policies::record(policy)))
        .bind(("background", fields.background.clone()))
        .bind(("key_points", fields.key_points.clone()))
        .bind(("risk_level", fields.risk_level))
        .bind(("risk_assessment", fields.risk_assessment.clone()))
        .bind(("editor", fields.editor.clone()))
        .bind(("actor", actor.login.clone()))
        .bind(("now", now))
        .bind(("audit", entry))
        .await?;
    // Two first saves at once: the second finds the plan there and is a conflict.
    let change = repo::guarded_change(
        response,
        "already exists",
        repo::status_changed(),
        "plan create",
    )?;
    Ok(Committed::new(PlanStatus::Draft, change))
}

/// The steps `actor` may take on the policy's plan now (none when it has no plan yet).
pub async fn actions(
    db: &Db,
    policy: &PolicyId,
    actor: &Actor,
) -> Result<Vec<PlanAction>, AppError> {
    repo::workflow::allowed::<PlanFlow>(db, &record(policy), actor).await
}

fn subject(policy: &PolicyId) -> String {
    format!("{TABLE}:{policy}")
}

/// A plan edit (`named` in the audit trail) that runs `body` after the plan's edit step,
/// in its transaction: only while the plan is a draft or returned, by its writers.
/// `body` may `THROW 'no such item'` for an item of another policy.
async fn edit(
    db: &Db,
    policy: &PolicyId,
    step: Take<'_, PlanFlow>,
) -> Result<Committed<PlanStatus>, AppError> {
    let step = step.refuse_on(
        "no such item",
        AppError::Invalid {
            field: "item".into(),
            message: crate::words!(
                "所选稿件或问答不属于本政策",
                "The chosen interpretation or Q&A is not one of this policy's"
            ),
        },
    );
    match repo::workflow::take(db, record(policy), subject(policy), step).await {
        Err(AppError::NotFound) => Err(AppError::Conflict(crate::words!(
            "请先保存解读方案",
            "Save the interpretation plan first"
        ))),
        Err(AppError::Conflict(_)) => Err(locked()),
        other => other,
    }
}

/// A plan that is submitted or approved is not changed.
pub(super) fn locked() -> AppError {
    AppError::Conflict(crate::words!(
        "方案已提交或已审签，不能修改；如需修改请先退回",
        "The plan is submitted or signed off and cannot change; return it first to change it"
    ))
}

/// Adds an issue at the end of the plan's list; returns its id.
pub async fn add_issue(
    db: &Db,
    policy: &PolicyId,
    issue: &IssueFields,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<String>, AppError> {
    let id = repo::short_key();
    let step = Take::new(actor, PlanAction::Edit, now)
        .named("issue")
        .detail(Some(issue.question.clone()))
        .after(
            "LET $n = count(SELECT id FROM issue WHERE plan = $id);\n\
             CREATE $issue CONTENT { plan: $id, question: $question, why: $why, audience: $audience, \
                 priority: $priority, position: $n + 1 };",
        )
        .bind("issue", RecordId::new("issue", id.as_str()))
        .bind("question", issue.question.clone())
        .bind("why", issue.why.clone())
        .bind("audience", issue.audience.clone())
        .bind("priority", i64::from(issue.priority));
    Ok(edit(db, policy, step).await?.map(|_| id))
}

/// Adds a milestone; returns its id.
pub async fn add_milestone(
    db: &Db,
    policy: &PolicyId,
    milestone: &MilestoneFields,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<String>, AppError> {
    let id = repo::short_key();
    let (due_at, offset) = match milestone.due {
        Due::At(at) => (Some(at), None),
        Due::Hours(n) | Due::WorkingDays(n) => (None, Some(i64::from(n))),
    };
    let step = Take::new(actor, PlanAction::Edit, now)
        .named("milestone")
        .detail(Some(format!(
            "{} {}",
            milestone.form.as_str(),
            milestone.due.kind()
        )))
        .after(
            "CREATE $milestone CONTENT { plan: $id, form: $form, due_kind: $kind, due_at: $due_at, \
                 offset: $offset, assignee: $assignee, note: $milestone_note };",
        )
        .bind("milestone", RecordId::new("milestone", id.as_str()))
        .bind("form", milestone.form)
        .bind("kind", milestone.due.kind().to_owned())
        .bind("due_at", due_at)
        .bind("offset", offset)
        .bind("assignee", milestone.assignee.clone())
        .bind("milestone_note", milestone.note.clone());
    Ok(edit(db, policy, step).await?.map(|_| id))
}

/// Submits, approves or returns a plan (an edit goes through [`save`] and the issue and
/// milestone writes), with its audit record, by the plan's workflow table.
pub async fn transition(
    db: &Db,
    policy: &PolicyId,
    actor: &Actor,
    action: PlanAction,
    comment: Option<String>,
    now: DateTime<Utc>,
) -> Result<Committed<PlanStatus>, AppError> {
    if action == PlanAction::Edit {
        return Err(AppError::Invalid {
            field: "action".into(),
            message: crate::words!(
                "方案只能提交、审签或退回",
                "A plan can only be submitted, signed off or returned"
            ),
        });
    }
    let step = Take::<PlanFlow>::new(actor, action, now).note(comment).set(
        "submitted_by = IF $action = 'submit' THEN $actor ELSE submitted_by END, \
             review_comment = IF $action = 'return' THEN $note ELSE review_comment END",
    );
    repo::workflow::take(db, record(policy), subject(policy), step).await
}

/// Moves an issue one place up or down the plan's list (while the plan may be changed).
pub async fn move_issue(
    db: &Db,
    policy: &PolicyId,
    issue: &str,
    up: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<()>, AppError> {
    let ids: Vec<String> = db
        .query("SELECT VALUE record::id(id) FROM issue WHERE plan = $plan ORDER BY position")
        .bind(("plan", record(policy)))
        .await?
        .check()?
        .take(0)?;
    let at = ids
        .iter()
        .position(|i| i == issue)
        .ok_or(AppError::NotFound)?;
    let other = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|i| *i < ids.len())
    };
    let Some(other) = other else {
        return Ok(Committed::new((), crate::ssr::changes::Change::none()));
    };
    let step = Take::new(actor, PlanAction::Edit, now)
        .named("issue_move")
        .detail(Some(format!(
            "issue:{issue} {}",
            if up { "up" } else { "down" }
        )))
        .after("UPDATE $a SET position = $pb; UPDATE $b SET position = $pa;")
        .bind("a", RecordId::new("issue", ids[at].as_str()))
        .bind("b", RecordId::new("issue", ids[other].as_str()))
        .bind("pa", i64::try_from(at + 1).unwrap_or(0))
        .bind("pb", i64::try_from(other + 1).unwrap_or(0));
    Ok(edit(db, policy, step).await?.map(|_| ()))
}

/// Changes an issue's fields (while the plan may be changed).
pub async fn update_issue(
    db: &Db,
    policy: &PolicyId,
    issue: &str,
    fields: &IssueFields,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<()>, AppError> {
    let step = Take::new(actor, PlanAction::Edit, now)
        .named("issue_edit")
        .detail(Some(fields.question.clone()))
        .after(
            "LET $edited = (UPDATE $issue SET question = $question, why = $why, \
                 audience = $audience, priority = $priority WHERE plan = $id RETURN VALUE id);\n\
             IF array::len($edited) = 0 { THROW 'no such item'; };",
        )
        .bind("issue", RecordId::new("issue", issue))
        .bind("question", fields.question.clone())
        .bind("why", fields.why.clone())
        .bind("audience", fields.audience.clone())
        .bind("priority", i64::from(fields.priority));
    Ok(edit(db, policy, step).await?.map(|_| ()))
}
