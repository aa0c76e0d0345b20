//! Public concerns: asking (rate-limited, repeats recognised), tracking by code, the desk
//! inbox, triage, answers and their sign-off, and Q&A.
//!
//! Privacy: the question as asked, the name, the contact and the address never leave this
//! module except in [`InboxItem`], which only the assigned unit's staff receive.

use chrono::{DateTime, Duration, Utc};
use surrealdb::types::{RecordId, SurrealValue};

use super::FAMILY;
use super::audit::{self, AuditEntry};
use super::calendar;
use super::policy as policies;
use super::taxonomy::Taxonomy;
use super::workflow::{Stored, Take};
use super::{sha256, tracking_code};
use crate::domain::TaxonomyCode;
use crate::domain::concern::{
    CloseReason, ConcernAction, ConcernFlow, ConcernStage, ConcernStatus, NewConcern, ROUTINE_DAYS,
    ResponseClass, deadline,
};
use crate::domain::workflow::Actor;
pub use crate::dto::concern::{InboxItem, QaItem, Tracked};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Committed;

pub const TABLE: &str = "concern";

/// Questions one address may ask per window, and the window.
#[derive(Debug, Clone, Copy)]
pub struct AskLimits {
    pub per_window: u32,
    pub window: Duration,
}

impl Default for AskLimits {
    fn default() -> Self {
        Self {
            per_window: 5,
            window: Duration::hours(1),
        }
    }
}

/// What happened to a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// Stored; the tracking code.
    New(String),
    /// The same question from the same address was asked before: its code.
    Repeat(String),
}

/// Normalises a code as typed (`k7qm3xpd`, `K7QM-3XPD `) to its stored form.
pub fn normalise_code(typed: &str) -> Option<String> {
    let chars: String = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (chars.len() == 8).then(|| format!("{}-{}", &chars[..4], &chars[4..]))
}

/// Stores a question from `address` (never stored itself: only its hash), unless that
/// address has asked too often in the window (429 with when to try again) or asked the
/// very same question before (its code again). A question about a policy goes to the
/// policy's unit; a general one to `office`.
pub async fn ask(
    db: &Db,
    concern: &NewConcern,
    address: &str,
    office: &TaxonomyCode,
    now: DateTime<Utc>,
    limits: AskLimits,
) -> Result<Asked, AppError> {
    let address = sha256(address);
    let fingerprint = sha256(&format!("{address}\n{}", concern.question.normalised()));
    // Checked and recorded in one atomic step (see `throttle`): a burst from one address
    // gets exactly the limit's worth of questions in.
    let quota = [super::throttle::Quota::new(
        "ask",
        &address,
        u64::from(limits.per_window),
        limits.window,
    )];
    if let Some(retry_after_secs) = super::throttle::take(db, &quota, now).await? {
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    let repeat: Vec<String> = db
        .query("SELECT VALUE code FROM concern WHERE fingerprint = $fingerprint LIMIT 1")
        .bind(("fingerprint", fingerprint.clone()))
        .await?
        .check()?
        .take(0)?;
    if let Some(code) = repeat.into_iter().next() {
        return Ok(Asked::Repeat(code));
    }
    let unit = match &concern.policy {
        Some(policy) => policies::unit_of(db, policy)
            .await?
            .ok_or_else(|| AppError::Invalid {
                field: "policy".into(),
                message: crate::words!("所选政策文件不存在", "The chosen policy does not exist"),
            })?,
        None => office.clone(),
    };
    let code = tracking_code();
    let mut entry = AuditEntry::new("public", "concern.ask", Some(format!("{TABLE}:{code}")));
    entry.to_status = Some(ConcernStatus::New.as_str().to_owned());
    db.query(format!(
        "BEGIN TRANSACTION;\n\
         CREATE concern CONTENT {{ code: $code, question: $question, name: $name, \
             contact: $contact, policy: $policy, address: $address, fingerprint: $fingerprint, \
             status: 'new', unit: $unit, received_at: $now }};\n\
         {}\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("code", code.clone()))
    .bind(("question", concern.question.as_str().to_owned()))
    .bind(("name", concern.name.clone()))
    .bind(("contact", concern.contact.as_str().to_owned()))
    .bind(("policy", concern.policy.as_ref().map(policies::record)))
    .bind(("address", address))
    .bind(("fingerprint", fingerprint))
    .bind(("unit", Taxonomy::Unit.record(&unit)))
    .bind(("now", now))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(Asked::New(code))
}

pub async fn track(db: &Db, code: &str) -> Result<Option<Tracked>, AppError> {
    let Some(code) = normalise_code(code) else {
        return Ok(None);
    };
    let rows: Vec<Tracked> = db
        .query(
            "SELECT code, status, received_at, unit.name AS unit_name, due_at, close_reason, \
             IF answer_status = 'approved' THEN answer ELSE NONE END AS answer, \
             IF answer_status = 'approved' THEN answered_at ELSE NONE END AS answered_at \
             FROM concern WHERE code = $code",
        )
        .bind(("code", code))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// The number of working days for a routine answer (a setting; default 5).
pub async fn routine_days(db: &Db) -> Result<u32, AppError> {
    let rows: Vec<Option<i64>> = db
        .query("SELECT VALUE routine_days FROM setting:deadlines")
        .await?
        .check()?
        .take(0)?;
    Ok(rows
        .into_iter()
        .flatten()
        .next()
        .and_then(|n| u32::try_from(n).ok())
        .filter(|n| (1..=60).contains(n))
        .unwrap_or(ROUTINE_DAYS))
}

pub async fn set_routine_days(db: &Db, days: u32, actor: &str) -> Result<(), AppError> {
    let mut entry = AuditEntry::new(
        actor,
        "setting.routine_days",
        Some("setting:deadlines".into()),
    );
    entry.detail = Some(days.to_string());
    db.query(format!(
        "BEGIN TRANSACTION; UPSERT setting:deadlines SET routine_days = $days; {} COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("days", i64::from(days)))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(())
}

const INBOX_FIELDS: &str = "code, status, question, name, contact, \
     (IF policy != NONE THEN record::id(policy) END) AS policy_id, policy.title AS policy_title, (IF unit != NONE THEN record::id(unit) END) AS unit, \
     class, received_at, due_at, second_due_at, due_note, close_reason, close_note, answer, \
     answer_status, answered_by, (IF qa != NONE THEN record::id(qa) END) AS published_qa";

/// The inbox of one unit: open concerns first (soonest due first, new ones by arrival),
/// then the rest, newest first.
pub async fn inbox(db: &Db, unit: &TaxonomyCode, limit: u32) -> Result<Vec<InboxItem>, AppError> {
    let rows: Vec<InboxItem> = db
        .query(format!(
            "SELECT {INBOX_FIELDS}, (status IN ['new', 'accepted']) AS open, \
             due_at ?? received_at + 100y AS sort_due FROM concern WHERE unit = $unit \
             ORDER BY open DESC, sort_due ASC, received_at DESC LIMIT $limit"
        ))
        .bind(("unit", Taxonomy::Unit.record(unit)))
        .bind(("limit", i64::from(limit)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows)
}

/// One concern, private details included (the caller checks the unit).
pub async fn get(db: &Db, code: &str) -> Result<Option<InboxItem>, AppError> {
    let Some(code) = normalise_code(code) else {
        return Ok(None);
    };
    let rows: Vec<InboxItem> = db
        .query(format!(
            "SELECT {INBOX_FIELDS} FROM concern WHERE code = $code"
        ))
        .bind(("code", code))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// A triage or answering step on a concern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConcernStep {
    /// Accept with a response class: its deadline is computed now.
    Accept(ResponseClass),
    Close(CloseReason, String),
    /// Hand over to another unit (it triages again).
    Assign(TaxonomyCode),
    /// Save the answer draft (sanitised HTML).
    Draft(String),
    SubmitAnswer,
    /// A reviewer approves the answer: the asker sees it at `/track`.
    ApproveAnswer,
    ReturnAnswer(String),
}

impl ConcernStep {
    /// The step of the workflow's table this is.
    fn action(&self) -> ConcernAction {
        match self {
            Self::Accept(_) => ConcernAction::Accept,
            Self::Close(..) => ConcernAction::Close,
            Self::Assign(_) => ConcernAction::Assign,
            Self::Draft(_) => ConcernAction::Draft,
            Self::SubmitAnswer => ConcernAction::Submit,
            Self::ApproveAnswer => ConcernAction::Approve,
            Self::ReturnAnswer(_) => ConcernAction::Return,
        }
    }
}

impl Stored for ConcernFlow {
    const STATE: &'static str = "IF status = 'accepted' THEN \
         (IF answer_status = 'draft' THEN 'drafted' \
          ELSE IF answer_status = 'submitted' THEN 'answer_submitted' ELSE 'accepted' END) \
         ELSE status END";
    const SET_STATE: &'static str = "status = IF $to IN ['drafted', 'answer_submitted'] THEN 'accepted' \
         ELSE $to END, \
         answer_status = IF $to = 'drafted' THEN 'draft' ELSE IF $to = 'answer_submitted' \
         THEN 'submitted' ELSE IF $to = 'answered' THEN 'approved' ELSE answer_status END";
    /// A concern's handling shows nothing public (its answer reaches the asker at `/track`,
    /// which is never cached; a Q&A is published by [`publish_qa`]).
    const TOUCHES: &'static str = "NONE";
}

/// The record of the concern with tracking code `code`.
async fn record_of(db: &Db, code: &str) -> Result<RecordId, AppError> {
    let code = normalise_code(code).ok_or(AppError::NotFound)?;
    let ids: Vec<RecordId> = db
        .query("SELECT VALUE id FROM concern WHERE code = $code")
        .bind(("code", code))
        .await?
        .check()?
        .take(0)?;
    ids.into_iter().next().ok_or(AppError::NotFound)
}

/// The steps `actor` may take on the concern with tracking code `code` now.
pub async fn actions(db: &Db, code: &str, actor: &Actor) -> Result<Vec<ConcernAction>, AppError> {
    let id = record_of(db, code).await?;
    super::workflow::allowed::<ConcernFlow>(db, &id, actor).await
}

/// Takes one step on a concern by the workflow's table (the unit's editors handle it; the
/// unit's reviewers sign off answers, never their writers), guarded by the state it was
/// read in, with its audit record.
pub async fn step(
    db: &Db,
    code: &str,
    step: ConcernStep,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<ConcernStage>, AppError> {
    let id = record_of(db, code).await?;
    let current = get(db, code).await?.ok_or(AppError::NotFound)?;
    let take = Take::<ConcernFlow>::new(actor, step.action(), now);
    let take = match &step {
        ConcernStep::Accept(class) => {
            let due = deadline(
                *class,
                current.received_at,
                &calendar::load(db).await?,
                routine_days(db).await?,
            );
            take.set(
                "class = $class, due_at = $due_at, second_due_at = $second_due_at, \
                 due_note = $due_note",
            )
            .detail(Some(class.as_str().to_owned()))
            .bind("class", *class)
            .bind("due_at", due.due_at)
            .bind("second_due_at", due.second_due_at)
            .bind("due_note", due.explanation)
        }
        ConcernStep::Close(why, text) => take
            .set("close_reason = $reason, close_note = $close_note")
            .detail(Some(format!("{} {}", why.as_str(), text.trim())))
            .bind("reason", *why)
            .bind(
                "close_note",
                Some(text.trim().to_owned()).filter(|n| !n.is_empty()),
            ),
        ConcernStep::Assign(to) => take
            .set(
                "unit = $unit, class = NONE, due_at = NONE, second_due_at = NONE, \
                 due_note = NONE",
            )
            .detail(Some(to.to_string()))
            .bind("unit", Taxonomy::Unit.record(to)),
        ConcernStep::Draft(html) => take.set("answer = $answer, answered_by = $actor").bind(
            "answer",
            crate::ssr::sanitize::sanitize(html).as_str().to_owned(),
        ),
        ConcernStep::SubmitAnswer => take.guard(
            "($id.answer ?? '') = ''",
            AppError::Conflict(crate::words!("请先起草答复", "Draft the answer first")),
        ),
        ConcernStep::ApproveAnswer => take.set("approved_by = $actor, answered_at = $now"),
        ConcernStep::ReturnAnswer(comment) => take.note(Some(comment.clone())),
    };
    super::workflow::take(db, id, format!("{TABLE}:{}", current.code), take).await
}

/// Records that a concern raises an issue of its policy's plan (once per pair), audited.
pub async fn raise(
    db: &Db,
    code: &str,
    issue: &str,
    actor: &str,
) -> Result<Committed<()>, AppError> {
    let current = get(db, code).await?.ok_or(AppError::NotFound)?;
    let mut entry = AuditEntry::new(
        actor,
        "concern.raise",
        Some(format!("{TABLE}:{}", current.code)),
    );
    entry.detail = Some(format!("issue:{issue}"));
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         LET $concern = (SELECT VALUE id FROM concern WHERE code = $code)[0];\n\
         IF $concern.policy = NONE OR $issue.plan.policy != $concern.policy {{ THROW 'not this policy'; }};\n\
         IF (SELECT VALUE id FROM raises WHERE in = $concern AND out = $issue) = [] {{\n\
             RELATE $concern->raises->$issue;\n\
         }};\n\
         {}\n\
         LET $touched = $concern.policy; {FAMILY};\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("code", current.code.clone()))
        .bind(("issue", RecordId::new("issue", issue)))
        .bind(("audit", entry))
        .await?;
    let change = super::guarded_change(
        response,
        "not this policy",
        AppError::Invalid {
            field: "issue".into(),
            message: crate::words!(
                "所选议题不属于该留言所问的政策",
                "The chosen issue is not one of the policy the question is about"
            ),
        },
        "raise issue",
    )?;
    Ok(Committed::new((), change))
}

/// The issues of the plan of the policy a concern is about (id, question), to link it to.
pub async fn plan_issues(db: &Db, code: &str) -> Result<Vec<(String, String)>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        id: String,
        question: String,
    }
    let Some(policy) = get(db, code).await?.and_then(|c| c.policy_id) else {
        return Ok(Vec::new());
    };
    let policy = crate::domain::PolicyId::parse(&policy)
        .map_err(|e| AppError::internal("stored policy", e))?;
    let rows: Vec<Row> = db
        .query(
            "SELECT record::id(id) AS id, question FROM issue WHERE plan = $plan ORDER BY position",
        )
        .bind(("plan", super::plan::record(&policy)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().map(|r| (r.id, r.question)).collect())
}

/// Q&A are public unless withdrawn, and only on a policy the public may see (or none).
pub(crate) const QA_PUBLIC: &str = "withdrawn = false AND (policy = NONE OR \
     (policy.status = 'published' AND policy.disclosure = 'proactive'))";

const QA_FIELDS: &str = "record::id(id) AS id, question, answer, unit.name AS unit_name, \
     (IF policy != NONE THEN record::id(policy) END) AS policy_id, policy.title AS policy_title, published_at";

/// A Q&A to publish.
#[derive(Debug, Clone, Copy)]
pub struct NewQa<'a> {
    pub unit: &'a TaxonomyCode,
    pub policy: Option<&'a crate::domain::PolicyId>,
    /// As it will be published (personal details removed).
    pub question: &'a crate::domain::concern::Question,
    pub answer_html: &'a str,
    /// The answered concern it comes from, by code.
    pub from_concern: Option<&'a str>,
}

/// Publishes a Q&A written by `actor` of `unit`: from an answered concern (with the
/// question as edited for publication; the original stays private) or written directly.
/// The answer is sanitised here.
pub async fn publish_qa(
    db: &Db,
    qa: &NewQa<'_>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Committed<String>, AppError> {
    let NewQa {
        unit,
        policy,
        question,
        answer_html,
        from_concern,
    } = *qa;
    let id = super::short_key();
    let answer = crate::ssr::sanitize::sanitize(answer_html);
    let mut entry = AuditEntry::new(actor, "qa.publish", Some(format!("qa:{id}")));
    entry.detail = from_concern.map(|c| format!("concern:{c}"));
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         LET $source = IF $concern = NONE THEN NONE ELSE \
             (SELECT VALUE id FROM concern WHERE code = $concern AND status = 'answered' \
              AND qa = NONE)[0] END;\n\
         IF $concern != NONE AND $source = NONE {{ THROW '{}'; }};\n\
         CREATE $id CONTENT {{ policy: $policy, unit: $unit, question: $question, \
             answer: $answer, concern: $source, created_by: $actor, published_at: $now }};\n\
         IF $source != NONE {{ UPDATE $source SET qa = $id; }};\n\
         {}\n\
         {};\n\
         COMMIT TRANSACTION;",
        super::STATUS_CHANGED,
        audit::APPEND,
        qa_change()
    );
    let response = db
        .query(sql)
        .bind(("id", RecordId::new("qa", id.as_str())))
        .bind(("concern", from_concern.map(str::to_owned)))
        .bind(("policy", policy.map(policies::record)))
        .bind(("unit", Taxonomy::Unit.record(unit)))
        .bind(("question", question.as_str().to_owned()))
        .bind(("answer", answer.as_str().to_owned()))
        .bind(("actor", actor.to_owned()))
        .bind(("now", now))
        .bind(("audit", entry))
        .await?;
    let change = super::guarded_change(
        response,
        super::STATUS_CHANGED,
        AppError::Conflict(crate::words!(
            "此留言尚未答复，或已发布为问答",
            "This question has no answer yet, or is already published as a Q&A"
        )),
        "publish qa",
    )?;
    Ok(Committed::new(id, change))
}

/// What a write to the Q&A item `$id` changed: its page, and its policy's family.
fn qa_change() -> String {
    format!(
        "LET $touched = $id.policy;\n\
         LET $family = {FAMILY};\n\
         {{ policies: $family.policies, articles: $family.articles, \
           qa: array::union($family.qa, [record::id($id)]) }}"
    )
}

/// The public Q&A of one policy, newest first.
pub async fn qa_for_policy(
    db: &Db,
    policy: &crate::domain::PolicyId,
) -> Result<Vec<QaItem>, AppError> {
    let rows: Vec<QaItem> = db
        .query(format!(
            "SELECT {QA_FIELDS} FROM qa WITH INDEX qa_policy \
             WHERE policy = $policy AND {QA_PUBLIC} ORDER BY published_at DESC"
        ))
        .bind(("policy", policies::record(policy)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows)
}

/// One public Q&A by its key; anything not public is simply not found.
pub async fn get_public_qa(db: &Db, key: &str) -> Result<Option<QaItem>, AppError> {
    let rows: Vec<QaItem> = db
        .query(format!("SELECT {QA_FIELDS} FROM $id WHERE {QA_PUBLIC}"))
        .bind(("id", RecordId::new("qa", key)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// One page of all public Q&A, newest first, by unit and policy.
pub async fn list_qa(
    db: &Db,
    unit: Option<&TaxonomyCode>,
    policy: Option<&crate::domain::PolicyId>,
    page: u32,
    per_page: u32,
) -> Result<(Vec<QaItem>, u64), AppError> {
    let conditions = format!(
        "{QA_PUBLIC} AND ($unit = NONE OR unit = $unit) AND ($policy = NONE OR policy = $policy)"
    );
    #[derive(SurrealValue)]
    struct Count {
        n: u64,
    }
    let mut response = db
        .query(format!(
            "SELECT {QA_FIELDS} FROM qa WHERE {conditions} ORDER BY recency \
                 LIMIT $limit START $start;\n\
             SELECT count() AS n FROM qa WHERE {conditions} GROUP ALL;"
        ))
        .bind(("unit", unit.map(|u| Taxonomy::Unit.record(u))))
        .bind(("policy", policy.map(policies::record)))
        .bind(("limit", i64::from(per_page)))
        .bind(("start", i64::from(page.saturating_sub(1) * per_page)))
        .await?
        .check()?;
    let items: Vec<QaItem> = response.take(0)?;
    let count: Vec<Count> = response.take(1)?;
    Ok((items, count.first().map_or(0, |c| c.n)))
}

#[cfg(test)]
mod tests;
