//! Interpretation articles: drafting and revisions, the review workflow, scheduled
//! publishing, and the public's reading of them.

use chrono::{DateTime, Duration, Utc};
use surrealdb::types::{RecordId, SurrealValue, Value};

use super::FAMILY;
use super::audit::{self, AuditEntry};
use super::policy::{self as policies};
use super::taxonomy::Taxonomy;
use super::workflow::{Stored, Take};
use crate::domain::article::{
    ArticleAction, ArticleFields, ArticleFlow, ArticleKind, ArticleStatus, may_read,
};
use crate::domain::workflow::{Actor, Item, actions, authorize};
use crate::domain::{ArticleId, PolicyId, SanitizedHtml, TaxonomyCode};
use crate::dto::article::{
    ArticleDetail, ArticlePage, ArticleSummary, DeskArticleItem, DiffLine, ExpertProfile,
};
use crate::dto::{FacetOption, PolicyLink};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::{Change, Committed};
use crate::ssr::sanitize::sanitize;

pub const TABLE: &str = "article";
const REVISIONS: &str = "article_revision";
const LEASES: &str = "job_lease";

/// The actor the audit trail names for the scheduler's steps.
pub const SCHEDULER_ACTOR: &str = "system:scheduler";

pub fn record(id: &ArticleId) -> RecordId {
    RecordId::new(TABLE, id.as_str())
}

/// Published articles: the one condition every public query starts from. The policy
/// they interpret must be public too (a withdrawn policy takes its articles with it).
pub(crate) const PUBLIC: &str = "status = 'published' AND policy.status = 'published' \
                      AND policy.disclosure = 'proactive'";

/// What the workflow needs to know about an article.
#[derive(Debug, Clone, SurrealValue)]
pub struct WorkflowRow {
    pub unit: String,
    pub created_by: String,
    pub submitted_by: Option<String>,
    pub kind: ArticleKind,
    pub status: ArticleStatus,
    pub policy: String,
    pub contributors: Vec<String>,
}

impl WorkflowRow {
    /// The workflow's view of this article, for a decision.
    pub fn item<'a>(&'a self, unit: &'a TaxonomyCode) -> Item<'a, ArticleStatus> {
        crate::domain::article::item(
            unit,
            &self.created_by,
            self.kind,
            self.status,
            &self.contributors,
        )
    }

    pub fn unit_code(&self) -> Result<TaxonomyCode, AppError> {
        TaxonomyCode::parse(&self.unit).map_err(|e| AppError::internal("stored unit", e))
    }
}

/// The workflow facts of one article, if it exists.
pub async fn workflow_row(db: &Db, id: &ArticleId) -> Result<Option<WorkflowRow>, AppError> {
    let rows: Vec<WorkflowRow> = db
        .query(
            "SELECT record::id(unit) AS unit, created_by, submitted_by, kind, status, \
             record::id(policy) AS policy, contributors FROM $id",
        )
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// Drafts an article on a policy, written by `actor`; its first revision and the audit
/// record go in the same transaction. The body is sanitised here.
pub async fn create(
    db: &Db,
    policy: &PolicyId,
    fields: &ArticleFields,
    actor: &str,
) -> Result<Committed<ArticleId>, AppError> {
    let id = ArticleId::parse(&super::short_key()).map_err(|e| AppError::internal("id", e))?;
    let body = sanitize(&fields.body);
    let mut entry = AuditEntry::new(actor, "article.create", Some(format!("{TABLE}:{id}")));
    entry.to_status = Some(ArticleStatus::Draft.as_str().to_owned());
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         IF record::exists($policy) = false {{ THROW 'no such policy'; }};\n\
         CREATE $id CONTENT {{ policy: $policy, unit: $policy.unit, kind: $kind, title: $title, \
             summary: $summary, byline: $byline, body: $body, status: 'draft', created_by: $actor, \
             contributors: [$actor], revision: 1 }};\n\
         CREATE {REVISIONS} CONTENT {{ article: $id, number: 1, title: $title, summary: $summary, \
             body: $body, saved_by: $actor }};\n\
         {}\n\
         LET $touched = $policy; {FAMILY};\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("id", record(&id)))
        .bind(("policy", policies::record(policy)))
        .bind(("kind", fields.kind))
        .bind(("title", fields.title.as_str().to_owned()))
        .bind(("summary", fields.summary.clone()))
        .bind(("byline", fields.byline.clone()))
        .bind(("body", body.as_str().to_owned()))
        .bind(("actor", actor.to_owned()))
        .bind(("audit", entry))
        .await?;
    let change = super::guarded_change(
        response,
        "no such policy",
        AppError::NotFound,
        "article create",
    )?;
    Ok(Committed::new(id, change))
}

impl Stored for ArticleFlow {
    const OWNER: &'static str = "IF kind = 'expert' THEN created_by END";
    const TOUCHES: &'static str = "$id.policy";
}

/// Saves a new revision of an article's text: the workflow's edit step, with the
/// revision in the same transaction. The body is sanitised here.
pub async fn update(
    db: &Db,
    id: &ArticleId,
    fields: &ArticleFields,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<ArticleStatus>, AppError> {
    let step = Take::<ArticleFlow>::new(actor, ArticleAction::Edit, now)
        .set(
            "kind = $kind, title = $title, summary = $summary, byline = $byline, body = $body, \
             revision += 1",
        )
        .after(
            "CREATE article_revision CONTENT { article: $id, number: $id.revision, title: $title, \
             summary: $summary, body: $body, saved_by: $actor };",
        )
        .bind("kind", fields.kind)
        .bind("title", fields.title.as_str().to_owned())
        .bind("summary", fields.summary.clone())
        .bind("byline", fields.byline.clone())
        .bind("body", sanitize(&fields.body).as_str().to_owned());
    super::workflow::take(db, record(id), format!("{TABLE}:{id}"), step).await
}

/// A step of the article workflow, as asked for on the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub action: ArticleAction,
    /// The reviewer's comment (required to return).
    pub comment: Option<String>,
    /// When to publish (for schedule).
    pub at: Option<DateTime<Utc>>,
}

/// What an article step writes besides its state.
const STEP_FIELDS: &str = "submitted_by = IF $action = 'submit' THEN $actor ELSE submitted_by END, \
     previous_submission = IF $action = 'submit' THEN submitted_revision ELSE previous_submission END, \
     submitted_revision = IF $action = 'submit' THEN revision ELSE submitted_revision END, \
     review_comment = IF $action = 'return' THEN $note ELSE review_comment END, \
     scheduled_at = IF $action = 'schedule' THEN $at \
         ELSE IF $action = 'unschedule' THEN NONE ELSE scheduled_at END, \
     published_at = IF $to = 'published' THEN $now ELSE published_at END";

/// Takes one workflow step on an article (not an edit: see [`update`]), checked by the
/// workflow's table and written with its audit record in one guarded transaction.
pub async fn transition(
    db: &Db,
    id: &ArticleId,
    actor: &Actor,
    step: Step,
    now: DateTime<Utc>,
) -> Result<Committed<ArticleStatus>, AppError> {
    let at = match step.action {
        ArticleAction::Edit => {
            return Err(AppError::Invalid {
                field: "action".into(),
                message: crate::words!(
                    "修改内容请使用编辑表单",
                    "Use the edit form to change the content"
                ),
            });
        }
        ArticleAction::Schedule => match step.at {
            Some(at) if at > now => Some(at),
            Some(_) => {
                return Err(AppError::Invalid {
                    field: "at".into(),
                    message: crate::words!(
                        "定时发布的时间须晚于现在",
                        "The scheduled publication time must be in the future"
                    ),
                });
            }
            None => {
                return Err(AppError::Invalid {
                    field: "at".into(),
                    message: crate::words!("请填写定时发布的时间", "Give the time to publish it"),
                });
            }
        },
        _ => None,
    };
    let take = Take::<ArticleFlow>::new(actor, step.action, now)
        .note(step.comment.clone())
        .set(STEP_FIELDS)
        .detail(match (step.comment, at) {
            (Some(c), _) if !c.trim().is_empty() => Some(c.trim().to_owned()),
            (_, Some(at)) => Some(format!("定时 {}", at.to_rfc3339())),
            _ => None,
        })
        .bind("at", at);
    super::workflow::take(db, record(id), format!("{TABLE}:{id}"), take).await
}

/// Sets (or, with `None`, clears) the time a published article is to be withdrawn,
/// checked like withdrawing it now and audited.
pub async fn set_withdrawal(
    db: &Db,
    id: &ArticleId,
    actor: &Actor,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Committed<()>, AppError> {
    use crate::domain::workflow::WorkflowError;
    let row = workflow_row(db, id).await?.ok_or(AppError::NotFound)?;
    let unit = row.unit_code()?;
    let item = row.item(&unit);
    authorize::<ArticleFlow>(actor, ArticleAction::Withdraw, &item).map_err(|e| match e {
        WorkflowError::InvalidFrom { .. } => AppError::Conflict(crate::words!(
            "只有已发布的解读可以定时撤回",
            "Only a published interpretation can be scheduled for withdrawal"
        )),
        other => super::workflow::refusal(other),
    })?;
    if at.is_some_and(|at| at <= now) {
        return Err(AppError::Invalid {
            field: "at".into(),
            message: crate::words!(
                "定时撤回的时间须晚于现在",
                "The scheduled withdrawal time must be in the future"
            ),
        });
    }
    let mut entry = AuditEntry::new(
        &actor.login,
        if at.is_some() {
            "article.schedule_withdraw"
        } else {
            "article.cancel_withdraw"
        },
        Some(format!("{TABLE}:{id}")),
    );
    entry.detail = at.map(|at| format!("定时撤回 {}", at.to_rfc3339()));
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         LET $changed = (UPDATE $id SET withdraw_at = $at, updated_at = $now \
             WHERE status = 'published' RETURN VALUE id);\n\
         IF array::len($changed) = 0 {{ THROW '{}'; }};\n\
         {}\n\
         LET $touched = $id.policy; {FAMILY};\n\
         COMMIT TRANSACTION;",
        super::STATUS_CHANGED,
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("id", record(id)))
        .bind(("at", at))
        .bind(("now", now))
        .bind(("audit", entry))
        .await?;
    let change = super::guarded_change(
        response,
        super::STATUS_CHANGED,
        super::status_changed(),
        "article withdrawal",
    )?;
    Ok(Committed::new((), change))
}

/// An item that falls due.
#[derive(SurrealValue)]
struct Due {
    id: String,
    scheduled_at: DateTime<Utc>,
}

/// One article published (or withdrawn) by the scheduler, and how late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub id: String,
    /// Seconds after its scheduled time, when that is more than one scheduler tick.
    pub late_secs: Option<i64>,
    /// A scheduled withdrawal rather than a publication.
    pub withdrawn: bool,
}

/// Publishes every scheduled article that is due at `now`, and withdraws every article
/// whose withdrawal is due, if `holder` holds (or can take) the scheduler's lease. Each article is published in its own transaction guarded
/// by its status, so an article is published exactly once however many instances run.
///
/// `tick` is how often the scheduler runs: an item published more than one tick after it
/// fell due is late (the app was down, or the lease was held by a dead process), and its
/// lateness is recorded on the article and in its audit record. The lease lasts six
/// ticks, so a slow pass does not hand it over mid-way; a `holder` that held it before (the
/// same instance, restarted) takes it over at once. Each step's change goes to `changes`
/// as soon as it commits, so a failure later in the pass loses none.
pub async fn publish_due(
    db: &Db,
    changes: &crate::ssr::changes::Changes,
    now: DateTime<Utc>,
    holder: &str,
    tick: Duration,
) -> Result<Vec<Published>, AppError> {
    if !take_lease(db, "publisher", holder, now, tick * 6).await? {
        return Ok(Vec::new());
    }
    let due: Vec<Due> = db
        .query(
            "SELECT record::id(id) AS id, scheduled_at FROM article \
             WHERE status = 'scheduled' AND scheduled_at <= $now ORDER BY scheduled_at",
        )
        .bind(("now", now))
        .await?
        .check()?
        .take(0)?;
    let mut published = Vec::new();
    for item in due {
        if let Some(done) = scheduled_step(
            db,
            &item.id,
            item.scheduled_at,
            now,
            tick,
            Scheduled::Publish,
        )
        .await?
        .publish(changes)
        {
            published.push(done);
        }
    }
    // Withdrawals set for a time go the same way.
    let due_withdrawals: Vec<Due> = db
        .query(
            "SELECT record::id(id) AS id, withdraw_at AS scheduled_at FROM article \
             WHERE status = 'published' AND withdraw_at != NONE AND withdraw_at <= $now \
             ORDER BY withdraw_at",
        )
        .bind(("now", now))
        .await?
        .check()?
        .take(0)?;
    for item in due_withdrawals {
        if let Some(done) = scheduled_step(
            db,
            &item.id,
            item.scheduled_at,
            now,
            tick,
            Scheduled::Withdraw,
        )
        .await?
        .publish(changes)
        {
            published.push(done);
        }
    }
    Ok(published)
}

/// What the scheduler does to an item that fell due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheduled {
    Publish,
    Withdraw,
}

/// Publishes or withdraws one article that fell due at `due`, in its own transaction
/// guarded by its status and due time. `None` when another instance (or a person) got
/// there first.
async fn scheduled_step(
    db: &Db,
    id: &str,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
    tick: Duration,
    what: Scheduled,
) -> Result<Committed<Option<Published>>, AppError> {
    let late = (now - due).num_seconds();
    let late_secs = (late > tick.num_seconds()).then_some(late);
    let (action, from, to, set, guard, label) = match what {
        Scheduled::Publish => (
            "article.publish",
            ArticleStatus::Scheduled,
            ArticleStatus::Published,
            "status = 'published', published_at = $now, late_secs = $late",
            "status = 'scheduled' AND scheduled_at <= $now",
            "定时发布",
        ),
        Scheduled::Withdraw => (
            "article.withdraw",
            ArticleStatus::Published,
            ArticleStatus::Withdrawn,
            "status = 'withdrawn', withdraw_at = NONE",
            "status = 'published' AND withdraw_at != NONE AND withdraw_at <= $now",
            "定时撤回",
        ),
    };
    let mut entry = AuditEntry::new(SCHEDULER_ACTOR, action, Some(format!("{TABLE}:{id}")));
    entry.from_status = Some(from.as_str().to_owned());
    entry.to_status = Some(to.as_str().to_owned());
    entry.detail = Some(match late_secs {
        Some(secs) => format!("{label}，迟 {secs} 秒（到期时服务未运行）"),
        None => label.to_owned(),
    });
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         LET $changed = (UPDATE $id SET {set}, updated_at = $now WHERE {guard} RETURN VALUE id);\n\
         IF array::len($changed) = 0 {{ THROW '{}'; }};\n\
         {}\n\
         LET $touched = $id.policy; {FAMILY};\n\
         COMMIT TRANSACTION;",
        super::STATUS_CHANGED,
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("id", RecordId::new(TABLE, id)))
        .bind(("now", now))
        .bind(("late", late_secs))
        .bind(("audit", entry))
        .await;
    // Another instance (or a person) got there first, or the two transactions collided:
    // either way this one changed nothing, and the item is not lost.
    let nothing = || Ok(Committed::new(None, Change::none()));
    match response.map(|r| {
        super::guarded_change(
            r,
            super::STATUS_CHANGED,
            AppError::Conflict(crate::domain::Words::default()),
            "scheduled step",
        )
    }) {
        Ok(Ok(change)) => Ok(Committed::new(
            Some(Published {
                id: id.to_owned(),
                late_secs,
                withdrawn: what == Scheduled::Withdraw,
            }),
            change,
        )),
        Ok(Err(AppError::Conflict(_) | AppError::Busy)) => nothing(),
        Ok(Err(e)) => Err(e),
        Err(e) if is_conflict(&e) => nothing(),
        Err(e) => Err(e.into()),
    }
}

/// Whether a database error is a transaction conflict (another writer won).
fn is_conflict(e: &surrealdb::Error) -> bool {
    let message = e.message().to_ascii_lowercase();
    message.contains("conflict") || message.contains("retry")
}

/// Takes (or renews) the lease on a background job until `now + lease`, unless another
/// holder has an unexpired one. Returns whether `holder` now holds it.
async fn take_lease(
    db: &Db,
    job: &str,
    holder: &str,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<bool, AppError> {
    const HELD: &str = "lease held by another instance";
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         LET $current = (SELECT holder, expires_at FROM ONLY $lease);\n\
         IF $current != NONE AND $current.holder != $holder AND $current.expires_at > $now \
             {{ THROW '{HELD}'; }};\n\
         UPSERT $lease CONTENT {{ holder: $holder, expires_at: $until }};\n\
         COMMIT TRANSACTION;"
    );
    let response = db
        .query(sql)
        .bind(("lease", RecordId::new(LEASES, job)))
        .bind(("holder", holder.to_owned()))
        .bind(("now", now))
        .bind(("until", now + lease))
        .await;
    match response {
        Ok(mut r) => {
            let errors = r.take_errors();
            if errors.is_empty() {
                Ok(true)
            } else if errors
                .values()
                .any(|e| e.message().contains(HELD) || is_conflict(e))
            {
                Ok(false)
            } else {
                let e = errors.into_values().next().expect("not empty");
                Err(AppError::internal("lease", e))
            }
        }
        Err(e) if is_conflict(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[derive(SurrealValue)]
struct SummaryRow {
    id: String,
    title: String,
    kind: ArticleKind,
    summary: String,
    byline: String,
    unit_name: String,
    policy: PolicyLink,
    published_at: DateTime<Utc>,
}

impl From<SummaryRow> for ArticleSummary {
    fn from(r: SummaryRow) -> Self {
        Self {
            id: r.id,
            title: r.title,
            kind: r.kind,
            summary: r.summary,
            byline: r.byline,
            unit_name: r.unit_name,
            policy: r.policy,
            published_at: r.published_at,
        }
    }
}

const SUMMARY_FIELDS: &str = "record::id(id) AS id, title, kind, summary, byline, \
     unit.name AS unit_name, { id: record::id(policy), title: policy.title } AS policy, published_at";

/// The published interpretations of one policy, oldest first (the order they came out).
/// The policy's own index is named: left to itself the planner walks every published
/// article in date order to find a policy's few.
pub async fn for_policy(db: &Db, policy: &PolicyId) -> Result<Vec<ArticleSummary>, AppError> {
    let rows: Vec<SummaryRow> = db
        .query(format!(
            "SELECT {SUMMARY_FIELDS} FROM article WITH INDEX article_policy \
             WHERE policy = $policy AND {PUBLIC} \
             ORDER BY published_at"
        ))
        .bind(("policy", policies::record(policy)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Filters of the public list of interpretations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    pub kind: Option<ArticleKind>,
    pub unit: Option<TaxonomyCode>,
    pub page: u32,
}

pub const PER_PAGE: u32 = 20;

/// One page of published interpretations, newest first.
pub async fn list_public(db: &Db, filter: &ArticleFilter) -> Result<ArticlePage, AppError> {
    let page = filter.page.max(1);
    let conditions =
        format!("{PUBLIC} AND ($kind = NONE OR kind = $kind) AND ($unit = NONE OR unit = $unit)");
    let sql = format!(
        "SELECT {SUMMARY_FIELDS} FROM article WHERE {conditions} \
             ORDER BY recency LIMIT $limit START $start;\n\
         SELECT count() AS n FROM article WHERE {conditions} GROUP ALL;\n\
         SELECT record::id(unit) AS code, unit.name AS name, count() AS count FROM article \
             WHERE {PUBLIC} GROUP BY code, name ORDER BY code;"
    );
    #[derive(SurrealValue)]
    struct Count {
        n: u64,
    }
    let mut response = db
        .query(sql)
        .bind(("kind", filter.kind))
        .bind((
            "unit",
            filter.unit.as_ref().map(|u| Taxonomy::Unit.record(u)),
        ))
        .bind(("limit", i64::from(PER_PAGE)))
        .bind(("start", i64::from((page - 1) * PER_PAGE)))
        .await?
        .check()?;
    let rows: Vec<SummaryRow> = response.take(0)?;
    let count: Vec<Count> = response.take(1)?;
    let units: Vec<FacetOption> = response.take(2)?;
    Ok(ArticlePage {
        items: rows.into_iter().map(Into::into).collect(),
        total: count.first().map_or(0, |c| c.n),
        page,
        per_page: PER_PAGE,
        units,
    })
}

/// A published interpretation, or none if it is not public.
pub async fn get_public(db: &Db, id: &ArticleId) -> Result<Option<ArticleDetail>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        #[surreal(flatten)]
        summary: SummaryRow,
        body: String,
        expert: Option<ExpertProfile>,
    }
    let rows: Vec<Row> = db
        .query(format!(
            "SELECT {SUMMARY_FIELDS}, body, \
             IF kind = 'expert' THEN (SELECT display_name AS name, profile.field ?? '' AS field, \
                 profile.affiliation ?? '' AS affiliation, profile.title ?? '' AS title, \
                 profile.bio ?? '' AS bio FROM ONLY type::record('user', $parent.created_by)) \
                 ELSE NONE END AS expert \
             FROM $id WHERE {PUBLIC}"
        ))
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next().map(|r| ArticleDetail {
        id: r.summary.id,
        title: r.summary.title,
        kind: r.summary.kind,
        summary: r.summary.summary,
        byline: r.summary.byline,
        unit_name: r.summary.unit_name,
        policy: r.summary.policy,
        published_at: r.summary.published_at,
        // Stored bodies were sanitised when they were written.
        body: SanitizedHtml::trusted(r.body),
        expert: r.expert,
    }))
}

/// Everything the desk shows of one article (the caller authorises).
#[derive(Debug, Clone, SurrealValue)]
pub struct DeskRow {
    pub title: String,
    pub kind: ArticleKind,
    pub status: ArticleStatus,
    pub summary: String,
    pub byline: String,
    pub body: String,
    pub policy: PolicyLink,
    pub created_by: String,
    pub submitted_by: Option<String>,
    pub review_comment: Option<String>,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub withdraw_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub late_secs: Option<i64>,
    pub revision: i64,
    pub submitted_revision: Option<i64>,
    pub previous_submission: Option<i64>,
}

pub async fn get_desk(db: &Db, id: &ArticleId) -> Result<Option<DeskRow>, AppError> {
    let rows: Vec<DeskRow> = db
        .query(
            "SELECT title, kind, status, summary, byline, body, \
             { id: record::id(policy), title: policy.title } AS policy, created_by, submitted_by, \
             review_comment, scheduled_at, withdraw_at, published_at, late_secs, revision, submitted_revision, \
             previous_submission FROM $id",
        )
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// The body of one revision of an article.
pub async fn revision_body(
    db: &Db,
    id: &ArticleId,
    number: i64,
) -> Result<Option<String>, AppError> {
    let rows: Vec<String> = db
        .query(format!(
            "SELECT VALUE body FROM {REVISIONS} WHERE article = $id AND number = $number"
        ))
        .bind(("id", record(id)))
        .bind(("number", number))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// How many revisions an article has (for tests and the history).
pub async fn revision_count(db: &Db, id: &ArticleId) -> Result<u64, AppError> {
    let rows: Vec<u64> = db
        .query(format!(
            "SELECT VALUE count() FROM {REVISIONS} WHERE article = $id GROUP ALL"
        ))
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next().unwrap_or(0))
}

/// Which articles a desk list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskList<'a> {
    /// Written by this account.
    WrittenBy(&'a str),
    /// Of this unit's policies, in these states.
    Unit(&'a TaxonomyCode, &'a [ArticleStatus]),
    /// Of every unit, in these states (the review queue).
    All(&'a [ArticleStatus]),
    /// Every article on one policy.
    Policy(&'a PolicyId),
}

/// Articles for a desk list, most recently changed first.
pub async fn desk_list(
    db: &Db,
    list: DeskList<'_>,
    limit: u32,
) -> Result<Vec<DeskArticleItem>, AppError> {
    let all = ArticleStatus::ALL.to_vec();
    let (author, unit, policy, statuses) = match list {
        DeskList::WrittenBy(login) => (Some(login), None, None, all),
        DeskList::Unit(unit, statuses) => (None, Some(unit), None, statuses.to_vec()),
        DeskList::All(statuses) => (None, None, None, statuses.to_vec()),
        DeskList::Policy(policy) => (None, None, Some(policy), all),
    };
    let rows: Vec<DeskArticleItem> = db
        .query(
            "SELECT record::id(id) AS id, title, kind, status, policy.title AS policy_title, \
             created_by, type::record('user', created_by).display_name AS author_name, \
             submitted_by, scheduled_at, updated_at FROM article \
             WHERE status IN $statuses AND ($author = NONE OR created_by = $author) \
             AND ($unit = NONE OR unit = $unit) AND ($policy = NONE OR policy = $policy) \
             ORDER BY updated_at DESC LIMIT $limit",
        )
        .bind(("statuses", statuses))
        .bind(("policy", policy.map(policies::record)))
        .bind(("author", author.map(str::to_owned)))
        .bind(("unit", unit.map(|u| Taxonomy::Unit.record(u))))
        .bind(("limit", i64::from(limit)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows)
}

/// The comparison of two versions of an article's text, paragraph by paragraph.
pub fn diff(before: &str, after: &str) -> Vec<DiffLine> {
    let before = plain_lines(before);
    let after = plain_lines(after);
    similar::TextDiff::from_lines(&before, &after)
        .iter_all_changes()
        .map(|change| {
            let text = change.value().trim_end_matches('\n').to_owned();
            match change.tag() {
                similar::ChangeTag::Equal => DiffLine::Same(text),
                similar::ChangeTag::Insert => DiffLine::Added(text),
                similar::ChangeTag::Delete => DiffLine::Removed(text),
            }
        })
        .collect()
}

/// Sanitised HTML as plain text, one block (paragraph, heading, list item, row) a line.
fn plain_lines(html: &str) -> String {
    static BLOCK_END: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)</(p|h[1-6]|li|tr|blockquote|figcaption|caption)>|<br\s*/?>")
            .expect("valid pattern")
    });
    static TAG: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"<[^>]*>").expect("valid pattern"));
    let text = BLOCK_END.replace_all(html, "\n");
    let text = TAG.replace_all(&text, "");
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let mut lines: String = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    lines.push('\n');
    lines
}

/// Whether `actor` may see this article on the desk, and the steps they may take now.
pub fn access(actor: &Actor, row: &WorkflowRow) -> Result<(bool, Vec<ArticleAction>), AppError> {
    let unit = row.unit_code()?;
    let item = row.item(&unit);
    Ok((
        may_read(actor, &row.created_by, &item),
        actions::<ArticleFlow>(actor, &item),
    ))
}

#[cfg(test)]
mod tests;
