//! Interpretation plans: one per policy (`plan:{policy id}`), its issues (议题) and
//! milestones, the `addresses` edges from articles and Q&A to issues, and the graph
//! queries that show coverage and timing.

use chrono::{DateTime, TimeZone, Utc};
use surrealdb::types::{RecordId, SurrealValue};

use super::FAMILY;
use super::audit::{self, AuditEntry};
use super::policy as policies;
use super::workflow::{Stored, Take};
use crate::domain::plan::{
    Due, MilestoneForm, PlanAction, PlanFlow, PlanStatus, RiskLevel, milestone_state,
};
use crate::domain::workflow::Actor;
use crate::domain::{PolicyId, PolicyStatus};
use crate::dto::plan::{CoverageItem, IssueView, MilestoneView, PlanView};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Committed;

pub const TABLE: &str = "plan";

pub fn record(policy: &PolicyId) -> RecordId {
    RecordId::new(TABLE, policy.as_str())
}

/// The plan's own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFields {
    pub background: String,
    pub key_points: String,
    pub risk_level: RiskLevel,
    pub risk_assessment: String,
    /// Login of the responsible editor.
    pub editor: String,
}

/// An issue's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueFields {
    pub question: String,
    pub why: String,
    pub audience: String,
    /// 1 (high) to 3 (low).
    pub priority: u8,
}

/// A milestone's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneFields {
    pub form: MilestoneForm,
    pub due: Due,
    pub assignee: Option<String>,
    pub note: String,
}

/// An article or Q&A that fulfils a milestone or addresses an issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Article(String),
    Qa(String),
}

impl Item {
    /// `article:abc` or `qa:abc`, as forms send it.
    pub fn parse(text: &str) -> Option<Self> {
        let (table, key) = text.split_once(':')?;
        let valid = !key.is_empty()
            && key.len() <= 32
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        match (table, valid) {
            ("article", true) => Some(Self::Article(key.to_owned())),
            ("qa", true) => Some(Self::Qa(key.to_owned())),
            _ => None,
        }
    }

    fn record(&self) -> RecordId {
        match self {
            Self::Article(key) => RecordId::new("article", key.as_str()),
            Self::Qa(key) => RecordId::new("qa", key.as_str()),
        }
    }
}

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
    let change = super::guarded_change(
        response,
        "already exists",
        super::status_changed(),
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
    super::workflow::allowed::<PlanFlow>(db, &record(policy), actor).await
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
            message: "所选稿件或问答不属于本政策".into(),
        },
    );
    match super::workflow::take(db, record(policy), subject(policy), step).await {
        Err(AppError::NotFound) => Err(AppError::Conflict("请先保存解读方案".into())),
        Err(AppError::Conflict(_)) => Err(locked()),
        other => other,
    }
}

/// A plan that is submitted or approved is not changed.
fn locked() -> AppError {
    AppError::Conflict("方案已提交或已审签，不能修改；如需修改请先退回".into())
}

/// Adds an issue at the end of the plan's list; returns its id.
pub async fn add_issue(
    db: &Db,
    policy: &PolicyId,
    issue: &IssueFields,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<String>, AppError> {
    let id = super::short_key();
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
    let id = super::short_key();
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

/// Names the article or Q&A (of this policy) that fulfils a milestone. Allowed at any plan
/// status: items are written after the plan is approved.
pub async fn fulfil(
    db: &Db,
    policy: &PolicyId,
    milestone: &str,
    item: &Item,
    actor: &str,
) -> Result<Committed<()>, AppError> {
    let mut entry = AuditEntry::new(actor, "plan.fulfil", Some(format!("{TABLE}:{policy}")));
    entry.detail = Some(format!("milestone:{milestone} {}", key(item)));
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         IF $item.policy != $policy {{ THROW 'no such item'; }};\n\
         LET $changed = (UPDATE $milestone SET item = $item WHERE plan = $plan RETURN VALUE id);\n\
         IF array::len($changed) = 0 {{ THROW 'no such milestone'; }};\n\
         {}\n\
         LET $touched = $policy; {FAMILY};\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("plan", record(policy)))
        .bind(("policy", policies::record(policy)))
        .bind(("milestone", RecordId::new("milestone", milestone)))
        .bind(("item", item.record()))
        .bind(("audit", entry))
        .await?;
    graph_errors(response, "fulfil")
}

/// Records that an article or Q&A (of this policy) addresses an issue of its plan.
pub async fn address(
    db: &Db,
    policy: &PolicyId,
    item: &Item,
    issue: &str,
    actor: &str,
) -> Result<Committed<()>, AppError> {
    let mut entry = AuditEntry::new(actor, "plan.address", Some(format!("{TABLE}:{policy}")));
    entry.detail = Some(format!("{} → issue:{issue}", key(item)));
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         IF $item.policy != $policy {{ THROW 'no such item'; }};\n\
         IF $issue.plan != $plan {{ THROW 'no such milestone'; }};\n\
         IF (SELECT VALUE id FROM addresses WHERE in = $item AND out = $issue) = [] {{\n\
             RELATE $item->addresses->$issue;\n\
         }};\n\
         {}\n\
         LET $touched = $policy; {FAMILY};\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("plan", record(policy)))
        .bind(("policy", policies::record(policy)))
        .bind(("issue", RecordId::new("issue", issue)))
        .bind(("item", item.record()))
        .bind(("audit", entry))
        .await?;
    graph_errors(response, "address")
}

fn key(item: &Item) -> String {
    match item {
        Item::Article(k) => format!("article:{k}"),
        Item::Qa(k) => format!("qa:{k}"),
    }
}

fn graph_errors(
    mut response: surrealdb::IndexedResults,
    context: &str,
) -> Result<Committed<()>, AppError> {
    let errors = response.take_errors();
    if errors
        .values()
        .any(|e| e.message().contains("no such item"))
    {
        return Err(AppError::Invalid {
            field: "item".into(),
            message: "所选稿件或问答不属于本政策".into(),
        });
    }
    if errors
        .values()
        .any(|e| e.message().contains("no such milestone"))
    {
        return Err(AppError::NotFound);
    }
    match errors.into_values().next() {
        Some(e) => Err(AppError::internal(context, e)),
        None => {
            let change =
                super::reported_change(response).map_err(|e| AppError::internal(context, e))?;
            Ok(Committed::new((), change))
        }
    }
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
            message: "方案只能提交、审签或退回".into(),
        });
    }
    let step = Take::<PlanFlow>::new(actor, action, now).note(comment).set(
        "submitted_by = IF $action = 'submit' THEN $actor ELSE submitted_by END, \
             review_comment = IF $action = 'return' THEN $note ELSE review_comment END",
    );
    super::workflow::take(db, record(policy), subject(policy), step).await
}

/// The issues of the plan bound as `$plan`, each with the articles and Q&A that address it
/// and how many public questions raised it.
const ISSUES: &str = "SELECT record::id(id) AS id, question, why, audience, priority, \
         array::concat(\
             (SELECT 'article:' + <string> record::id(id) AS key, title, status, published_at \
              FROM <-addresses<-article), \
             (SELECT 'qa:' + <string> record::id(id) AS key, question AS title, \
              'published' AS status, published_at FROM <-addresses<-qa)\
         ) AS items, count(<-raises<-concern) AS raised \
     FROM issue WHERE plan = $plan ORDER BY position";

#[derive(SurrealValue)]
struct IssueRow {
    id: String,
    question: String,
    why: String,
    audience: String,
    priority: i64,
    items: Vec<CoverageItem>,
    raised: u64,
}

impl IssueRow {
    fn into_view(self) -> IssueView {
        IssueView {
            covered: self.items.iter().any(|c| c.status == "published"),
            id: self.id,
            question: self.question,
            why: self.why,
            audience: self.audience,
            priority: self.priority,
            items: self.items,
            raised: self.raised,
        }
    }
}

/// "本政策重点问题": the issues of a policy's plan once it is approved, each with only the
/// published items that answer it (the public policy page; no milestones, no calendar).
pub async fn public_issues(db: &Db, policy: &PolicyId) -> Result<Vec<IssueView>, AppError> {
    let mut response = db
        .query(format!("SELECT VALUE status FROM $plan;\n{ISSUES};"))
        .bind(("plan", record(policy)))
        .await?
        .check()?;
    let status: Vec<PlanStatus> = response.take(0)?;
    if status.first() != Some(&PlanStatus::Approved) {
        return Ok(Vec::new());
    }
    let rows: Vec<IssueRow> = response.take(1)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mut issue = row.into_view();
            issue.items.retain(|i| i.status == "published");
            issue
        })
        .collect())
}

/// The plan of a policy with its issues (and what addresses each), its milestones (with
/// their due time on the calendar and their state at `now`), or none.
pub async fn view(
    db: &Db,
    policy: &PolicyId,
    now: DateTime<Utc>,
) -> Result<Option<PlanView>, AppError> {
    #[derive(SurrealValue)]
    struct PlanRow {
        background: String,
        key_points: String,
        risk_level: RiskLevel,
        risk_assessment: String,
        editor: String,
        status: PlanStatus,
        submitted_by: Option<String>,
        review_comment: Option<String>,
        policy_published_at: Option<DateTime<Utc>>,
        policy_status: PolicyStatus,
    }
    #[derive(SurrealValue)]
    struct MilestoneRow {
        id: String,
        form: MilestoneForm,
        due_kind: String,
        due_at: Option<DateTime<Utc>>,
        offset: Option<i64>,
        assignee: Option<String>,
        note: String,
        item: Option<CoverageItem>,
    }
    let mut response = db
        .query(format!(
            "SELECT background, key_points, risk_level, risk_assessment, editor, status, \
                 submitted_by, review_comment, policy.published_at AS policy_published_at, \
                 policy.status AS policy_status FROM $plan;\n\
             {ISSUES};\n\
             SELECT record::id(id) AS id, form, due_kind, due_at, offset, assignee, note, \
                 IF item = NONE THEN NONE \
                 ELSE IF record::tb(item) = 'article' THEN \
                     {{ key: 'article:' + <string> record::id(item), title: item.title, status: item.status, published_at: item.published_at }} \
                 ELSE {{ key: 'qa:' + <string> record::id(item), title: item.question, status: 'published', published_at: item.published_at }} END AS item \
             FROM milestone WHERE plan = $plan ORDER BY id;\n\
             SELECT VALUE code FROM concern WHERE policy = $policy AND count(->raises) = 0 \
                 AND status != 'closed' ORDER BY received_at;"
        ))
        .bind(("plan", record(policy)))
        .bind(("policy", policies::record(policy)))
        .await?
        .check()?;
    let plans: Vec<PlanRow> = response.take(0)?;
    let Some(plan) = plans.into_iter().next() else {
        return Ok(None);
    };
    let issues: Vec<IssueRow> = response.take(1)?;
    let mut milestones: Vec<MilestoneRow> = response.take(2)?;
    // In the order they fall due: offsets by size, then fixed times.
    milestones.sort_by_key(|m| (m.offset.unwrap_or(i64::MAX), m.due_at, m.id.clone()));
    let unlinked_concerns: Vec<String> = response.take(3)?;
    let calendar = super::calendar::load(db).await?;
    let published = plan.policy_published_at.filter(|_| {
        matches!(
            plan.policy_status,
            PolicyStatus::Published | PolicyStatus::Withdrawn
        )
    });
    let milestones = milestones
        .into_iter()
        .map(|m| {
            let due = Due::parse(&m.due_kind, m.due_at, m.offset).ok();
            let resolved = due.and_then(|d| d.resolve(published, &calendar));
            let released = m
                .item
                .as_ref()
                .filter(|i| i.status == "published" || i.status == "withdrawn")
                .and_then(|i| i.published_at);
            MilestoneView {
                id: m.id,
                form: m.form,
                same_day: due.is_some_and(Due::is_same_day),
                due_label: due.map(describe_due).unwrap_or_default(),
                due_at: resolved.as_ref().map(|(at, _)| *at),
                due_note: resolved.map(|(_, why)| why),
                assignee: m.assignee,
                note: m.note,
                state: milestone_state(
                    due.and_then(|d| d.resolve(published, &calendar))
                        .map(|(at, _)| at),
                    released,
                    now,
                ),
                item: m.item,
            }
        })
        .collect();
    Ok(Some(PlanView {
        policy: policy.to_string(),
        background: plan.background,
        key_points: plan.key_points,
        risk_level: plan.risk_level,
        risk_assessment: plan.risk_assessment,
        editor: plan.editor,
        status: plan.status,
        submitted_by: plan.submitted_by,
        review_comment: plan.review_comment,
        policy_published_at: published,
        issues: issues.into_iter().map(IssueRow::into_view).collect(),
        milestones,
        unlinked_concerns,
    }))
}

/// The newest public major policies with an approved plan, for the home page: each with
/// its issues and how many interpretations it has.
pub async fn featured(db: &Db, limit: u32) -> Result<Vec<crate::dto::Featured>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        id: String,
        title: String,
        issues: Vec<String>,
        interpretations: i64,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT record::id(id) AS id, title, \
                 (SELECT VALUE question FROM issue \
                     WHERE plan = type::record('plan', record::id($parent.id)) \
                     ORDER BY position) AS issues, \
                 count(SELECT id FROM article WHERE policy = $parent.id AND status = 'published') \
                     AS interpretations, published_at \
             FROM policy WHERE status = 'published' AND disclosure = 'proactive' \
                 AND major = true \
                 AND type::record('plan', record::id(id)).status = 'approved' \
             ORDER BY recency LIMIT $limit",
        )
        .bind(("limit", i64::from(limit)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| crate::dto::Featured {
            policy: crate::dto::PolicyLink {
                id: r.id,
                title: r.title,
            },
            issues: r.issues,
            interpretations: usize::try_from(r.interpretations).unwrap_or(0),
        })
        .collect())
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

/// What the desk flags about the plans of a unit's policies at `now`.
pub async fn signals(
    db: &Db,
    unit: &crate::domain::TaxonomyCode,
    now: DateTime<Utc>,
) -> Result<crate::dto::plan::PlanSignals, AppError> {
    use crate::domain::plan::MilestoneState;
    use crate::dto::PolicyLink;
    use crate::dto::plan::{MilestoneSignal, PlanSignals};
    let mut response = db
        .query(
            "SELECT record::id(policy) AS id, policy.title AS title FROM plan \
                 WHERE policy.unit = $unit ORDER BY updated_at DESC LIMIT 200;\n\
             SELECT record::id(id) AS id, title FROM policy WHERE unit = $unit AND major = true \
                 AND status IN ['draft', 'returned', 'submitted', 'approved'] \
                 AND (type::record('plan', record::id(id)).status ?? 'none') != 'approved' \
                 ORDER BY updated_at DESC LIMIT 100;",
        )
        .bind(("unit", super::taxonomy::Taxonomy::Unit.record(unit)))
        .await?
        .check()?;
    let planned: Vec<PolicyLink> = response.take(0)?;
    let without_plan: Vec<PolicyLink> = response.take(1)?;
    let calendar = super::calendar::load(db).await?;
    let today = now
        .with_timezone(&crate::domain::policy::china_offset())
        .date_naive();
    let horizon = Due::WorkingDays(3)
        .resolve(
            crate::domain::policy::china_offset()
                .from_local_datetime(&today.and_hms_opt(12, 0, 0).unwrap_or_default())
                .single()
                .map(|t| t.with_timezone(&Utc)),
            &calendar,
        )
        .map(|(at, _)| at);
    let mut signals = PlanSignals {
        without_plan,
        ..PlanSignals::default()
    };
    for link in planned {
        let Ok(id) = PolicyId::parse(&link.id) else {
            continue;
        };
        let Some(plan) = view(db, &id, now).await? else {
            continue;
        };
        for m in &plan.milestones {
            let signal = || MilestoneSignal {
                policy: link.clone(),
                form: m.form,
                due_at: m.due_at,
            };
            match m.state {
                MilestoneState::Overdue => signals.overdue.push(signal()),
                MilestoneState::Pending
                    if m.due_at.zip(horizon).is_some_and(|(due, end)| due <= end) =>
                {
                    signals.due_soon.push(signal());
                }
                _ => {}
            }
        }
        if plan.status == PlanStatus::Approved && plan.issues.iter().any(|i| !i.covered) {
            signals.uncovered.push(link.clone());
        }
    }
    Ok(signals)
}

/// A milestone's due in words.
fn describe_due(due: Due) -> String {
    match due {
        Due::At(at) => at
            .with_timezone(&crate::domain::policy::china_offset())
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        Due::Hours(h) => format!("发布后 {h} 小时"),
        Due::WorkingDays(0) => "与政策同日".to_owned(),
        Due::WorkingDays(n) => format!("发布后 {n} 个工作日"),
    }
}

#[cfg(test)]
mod tests;

/// A major policy's finished explanation, written in one go (benchmark data and bulk
/// loads): an approved plan with its issues, published interpretations and Q&A that
/// address them, and a same-day milestone fulfilled by each interpretation.
#[derive(Debug, Clone)]
pub struct Explained {
    pub policy: PolicyId,
    pub unit: crate::domain::TaxonomyCode,
    pub published_at: DateTime<Utc>,
    pub editor: String,
    pub background: String,
    /// Questions of the issues, in order.
    pub issues: Vec<String>,
    pub articles: Vec<ExplainedArticle>,
    pub qa: Vec<ExplainedQa>,
}

#[derive(Debug, Clone)]
pub struct ExplainedArticle {
    pub kind: crate::domain::article::ArticleKind,
    pub title: String,
    pub summary: String,
    pub byline: String,
    /// HTML; sanitised here.
    pub body: String,
    /// The issue (index into `issues`) it addresses.
    pub issue: usize,
}

#[derive(Debug, Clone)]
pub struct ExplainedQa {
    pub question: String,
    /// HTML; sanitised here.
    pub answer: String,
    pub issue: usize,
}

/// Writes each explanation with its records keyed by the policy id (`{policy}-a1`,
/// `{policy}-q1`, `{policy}-i1`, `{policy}-m1`), in one transaction. The policies must
/// exist and be published; everything is published with them.
pub async fn insert_explained(db: &Db, explained: &[Explained]) -> Result<(), AppError> {
    use crate::ssr::sanitize::sanitize;
    #[derive(SurrealValue)]
    struct PlanRow {
        id: RecordId,
        policy: RecordId,
        background: String,
        editor: String,
    }
    #[derive(SurrealValue)]
    struct IssueRow {
        id: RecordId,
        plan: RecordId,
        question: String,
        position: i64,
    }
    #[derive(SurrealValue)]
    struct ArticleRow {
        id: RecordId,
        policy: RecordId,
        unit: RecordId,
        kind: String,
        title: String,
        summary: String,
        byline: String,
        body: String,
        created_by: String,
        published_at: DateTime<Utc>,
    }
    #[derive(SurrealValue)]
    struct QaRow {
        id: RecordId,
        policy: RecordId,
        unit: RecordId,
        question: String,
        answer: String,
        created_by: String,
        published_at: DateTime<Utc>,
    }
    #[derive(SurrealValue)]
    struct Edge {
        from: RecordId,
        to: RecordId,
    }
    #[derive(SurrealValue)]
    struct MilestoneRow {
        id: RecordId,
        plan: RecordId,
        form: String,
        item: RecordId,
    }
    let mut plans = Vec::new();
    let mut issues = Vec::new();
    let mut articles = Vec::new();
    let mut qa = Vec::new();
    let mut edges = Vec::new();
    let mut milestones = Vec::new();
    for e in explained {
        let key = e.policy.as_str();
        let plan = record(&e.policy);
        let policy = policies::record(&e.policy);
        let unit = super::taxonomy::Taxonomy::Unit.record(&e.unit);
        let issue_id = |n: usize| RecordId::new("issue", format!("{key}-i{}", n + 1));
        plans.push(PlanRow {
            id: plan.clone(),
            policy: policy.clone(),
            background: e.background.clone(),
            editor: e.editor.clone(),
        });
        for (n, question) in e.issues.iter().enumerate() {
            issues.push(IssueRow {
                id: issue_id(n),
                plan: plan.clone(),
                question: question.clone(),
                position: n as i64 + 1,
            });
        }
        for (n, a) in e.articles.iter().enumerate() {
            let id = RecordId::new("article", format!("{key}-a{}", n + 1));
            articles.push(ArticleRow {
                id: id.clone(),
                policy: policy.clone(),
                unit: unit.clone(),
                kind: a.kind.as_str().to_owned(),
                title: a.title.clone(),
                summary: a.summary.clone(),
                byline: a.byline.clone(),
                body: sanitize(&a.body).as_str().to_owned(),
                created_by: e.editor.clone(),
                published_at: e.published_at,
            });
            milestones.push(MilestoneRow {
                id: RecordId::new("milestone", format!("{key}-m{}", n + 1)),
                plan: plan.clone(),
                form: if a.kind == crate::domain::article::ArticleKind::Expert {
                    "expert"
                } else {
                    "text"
                }
                .to_owned(),
                item: id.clone(),
            });
            edges.push(Edge {
                from: id,
                to: issue_id(a.issue),
            });
        }
        for (n, q) in e.qa.iter().enumerate() {
            let id = RecordId::new("qa", format!("{key}-q{}", n + 1));
            qa.push(QaRow {
                id: id.clone(),
                policy: policy.clone(),
                unit: unit.clone(),
                question: q.question.clone(),
                answer: sanitize(&q.answer).as_str().to_owned(),
                created_by: e.editor.clone(),
                published_at: e.published_at,
            });
            edges.push(Edge {
                from: id,
                to: issue_id(q.issue),
            });
        }
    }
    db.query(
        "BEGIN TRANSACTION;\n\
         FOR $p IN $plans { CREATE $p.id CONTENT { policy: $p.policy, background: $p.background, \
             risk_level: 'low', editor: $p.editor, status: 'approved', submitted_by: $p.editor }; };\n\
         FOR $i IN $issues { CREATE $i.id CONTENT { plan: $i.plan, question: $i.question, \
             priority: 2, position: $i.position }; };\n\
         FOR $a IN $articles { \
             CREATE $a.id CONTENT { policy: $a.policy, unit: $a.unit, kind: $a.kind, \
                 title: $a.title, summary: $a.summary, byline: $a.byline, body: $a.body, \
                 status: 'published', created_by: $a.created_by, submitted_by: $a.created_by, \
                 published_at: $a.published_at, revision: 1, submitted_revision: 1 }; \
             CREATE article_revision CONTENT { article: $a.id, number: 1, title: $a.title, \
                 summary: $a.summary, body: $a.body, saved_by: $a.created_by }; };\n\
         FOR $q IN $qa { CREATE $q.id CONTENT { policy: $q.policy, unit: $q.unit, \
             question: $q.question, answer: $q.answer, created_by: $q.created_by, \
             published_at: $q.published_at }; };\n\
         FOR $e IN $edges { LET $from = $e.from; LET $to = $e.to; RELATE $from->addresses->$to; };\n\
         FOR $m IN $milestones { CREATE $m.id CONTENT { plan: $m.plan, form: $m.form, \
             due_kind: 'working_days', offset: 0, item: $m.item }; };\n\
         COMMIT TRANSACTION;",
    )
    .bind(("plans", plans))
    .bind(("issues", issues))
    .bind(("articles", articles))
    .bind(("qa", qa))
    .bind(("edges", edges))
    .bind(("milestones", milestones))
    .await
    .and_then(|r| r.check())
    .map_err(|e| super::write_error("explained insert", e))?;
    Ok(())
}
