//! Disclosure applications (依申请公开): intake from the public and on the desk, tracking
//! by number, the unit's list and case, the steps of the workflow with their clock
//! events, and the reply letter.
//!
//! Privacy: the applicant (kind, name, ID document and number, contact, address) never
//! leaves this module except in [`ApplicationCase`], which only the handling unit's staff
//! receive. Audit records and log lines name the application by its number only.

use chrono::{DateTime, NaiveDate, Utc};
use surrealdb::types::{RecordId, SurrealValue};

use super::audit::{self, AuditEntry};
use super::calendar;
use super::sha256;
use super::taxonomy::Taxonomy;
use super::workflow::{Stored, Take};
use crate::domain::application::channel::Channel;
use crate::domain::application::clock::{Clock, ClockEvent, Periods, Standing};
use crate::domain::application::intake::NewApplication;
use crate::domain::application::letter::Letter;
use crate::domain::application::{AppAction, AppStatus, ApplicationFlow};
use crate::domain::workflow::Actor;
use crate::domain::{TaxonomyCode, Words};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::Committed;
use crate::ssr::repo::concern::AskLimits;

pub use crate::dto::application::{ApplicationCase, ApplicationLine, TrackedApplication};

pub const TABLE: &str = "application";

/// Where an applicant may seek administrative review of a county unit's reply, and the
/// court of first instance, as every reply letter says.
pub const REVIEW_BODY: &str = "衡东县人民政府";
pub const COURT: &str = "衡东县人民法院";

/// Applications one address may send per window (as for public questions).
pub const APPLY_LIMITS: AskLimits = AskLimits {
    per_window: 5,
    window: chrono::Duration::hours(1),
};

/// A tracking number: `YS-` and a tracking code (`YS-K7QM-3XPD`), never confused with a
/// question's code.
fn tracking_code() -> String {
    format!("YS-{}", super::tracking_code())
}

/// Normalises a number as typed (`ys k7qm3xpd`, `YS-K7QM-3XPD `) to its stored form, or
/// `None` when it is not an application's number.
pub fn normalise_code(typed: &str) -> Option<String> {
    let chars: String = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let rest = chars.strip_prefix("YS")?;
    (rest.len() == 8).then(|| format!("YS-{}-{}", &rest[..4], &rest[4..]))
}

/// Where an application came from: the public form (from an address, received once the
/// office confirms it) or the office's intake (a channel and its receipt date).
#[derive(Debug, Clone)]
pub enum Source<'a> {
    Online {
        address: &'a str,
    },
    Desk {
        channel: Channel,
        received_on: NaiveDate,
        reason: Words,
        actor: &'a str,
    },
}

/// What happened to an application sent in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Stored; its tracking number.
    New(String),
    /// The same applicant asked for the same information before: that number.
    Repeat(String),
}

/// Stores an application to `unit`. From the public form it is rate-limited per address
/// (429 with when to try again) and a repeat of the same request by the same applicant
/// gives the earlier number.
pub async fn apply(
    db: &Db,
    application: &NewApplication,
    unit: &TaxonomyCode,
    source: Source<'_>,
    now: DateTime<Utc>,
) -> Result<Applied, AppError> {
    let applicant = &application.applicant;
    let identity = sha256(&format!(
        "{}\n{}",
        applicant.id.document().as_str(),
        applicant.id.as_str()
    ));
    let fingerprint = sha256(&format!("{identity}\n{unit}\n{}", application.normalised()));
    let (address, channel, received_on, reason, actor, status) = match &source {
        Source::Online { address } => {
            let address = sha256(address);
            let quota = [super::throttle::Quota::new(
                "apply",
                &address,
                u64::from(APPLY_LIMITS.per_window),
                APPLY_LIMITS.window,
            )];
            if let Some(retry_after_secs) = super::throttle::take(db, &quota, now).await? {
                return Err(AppError::TooManyRequests { retry_after_secs });
            }
            (
                Some(address),
                Channel::Online,
                None,
                crate::words!(
                    "网上申请：以双方确认之日为收到申请之日（条例第三十一条第三项），待本机关确认",
                    "Online: received on the day both sides confirm (Art. 31(3)); waiting for the office to confirm"
                ),
                "public".to_owned(),
                AppStatus::Submitted,
            )
        }
        Source::Desk {
            channel,
            received_on,
            reason,
            actor,
        } => (
            None,
            *channel,
            Some(*received_on),
            reason.clone(),
            (*actor).to_owned(),
            AppStatus::Registered,
        ),
    };
    let repeat: Vec<String> = db
        .query("SELECT VALUE code FROM application WHERE fingerprint = $fingerprint LIMIT 1")
        .bind(("fingerprint", fingerprint.clone()))
        .await?
        .check()?
        .take(0)?;
    if let Some(code) = repeat.into_iter().next() {
        return Ok(Applied::Repeat(code));
    }
    let code = tracking_code();
    let mut entry = AuditEntry::new(&actor, "application.apply", Some(format!("{TABLE}:{code}")));
    entry.to_status = Some(status.as_str().to_owned());
    entry.detail = Some(channel.as_str().to_owned());
    let contributors: Vec<String> = match &source {
        Source::Desk { actor, .. } => vec![(*actor).to_owned()],
        Source::Online { .. } => Vec::new(),
    };
    db.query(format!(
        "BEGIN TRANSACTION;\n\
         CREATE application CONTENT {{ code: $code, unit: $unit, status: $status, \
             contributors: $contributors, applicant: $applicant, description: $description, \
             doc_number: $doc_number, form: $form, delivery: $delivery, channel: $channel, \
             received_on: $received_on, receipt_reason: $reason, address: $address, \
             fingerprint: $fingerprint, identity: $identity, created_at: $now, \
             updated_at: $now }};\n\
         {}\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("code", code.clone()))
    .bind(("unit", Taxonomy::Unit.record(unit)))
    .bind(("status", status))
    .bind(("contributors", contributors))
    .bind((
        "applicant",
        StoredApplicant {
            kind: applicant.kind.as_str().to_owned(),
            org_kind: applicant.org_kind.map(|k| k.as_str().to_owned()),
            name: applicant.name.clone(),
            id_kind: applicant.id.document().as_str().to_owned(),
            id_number: applicant.id.as_str().to_owned(),
            phone: applicant.phone.clone(),
            email: applicant.email.clone(),
            address: applicant.address.clone(),
        },
    ))
    .bind(("description", application.description.clone()))
    .bind(("doc_number", application.doc_number.clone()))
    .bind(("form", application.form.as_str()))
    .bind(("delivery", application.delivery.as_str()))
    .bind(("channel", channel.as_str()))
    .bind(("received_on", received_on.map(midnight)))
    .bind(("reason", reason))
    .bind(("address", address))
    .bind(("fingerprint", fingerprint))
    .bind(("identity", identity))
    .bind(("now", now))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(Applied::New(code))
}

/// A date as stored: midnight UTC of that calendar day.
fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// The applicant as stored (the `applicant` object of the schema).
#[derive(Debug, Clone, SurrealValue)]
struct StoredApplicant {
    kind: String,
    org_kind: Option<String>,
    name: String,
    id_kind: String,
    id_number: String,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
}

/// An application as the repository reads it.
#[derive(Debug, Clone, SurrealValue)]
struct Row {
    code: String,
    status: String,
    unit: String,
    unit_name: String,
    applicant: StoredApplicant,
    description: String,
    doc_number: Option<String>,
    form: String,
    delivery: String,
    channel: String,
    received_on: Option<DateTime<Utc>>,
    receipt_reason: Words,
    events: String,
    reply_kind: Option<String>,
    letter: Option<String>,
    letter_number: Option<String>,
    signed_by: Option<String>,
}

const FIELDS: &str = "code, status, record::id(unit) AS unit, unit.name AS unit_name, applicant, \
     description, doc_number, form, delivery, channel, received_on, receipt_reason, events, \
     reply_kind, letter, letter_number, signed_by";

async fn row(db: &Db, code: &str) -> Result<Option<Row>, AppError> {
    let Some(code) = normalise_code(code) else {
        return Ok(None);
    };
    let rows: Vec<Row> = db
        .query(format!(
            "SELECT {FIELDS} FROM application WHERE code = $code"
        ))
        .bind(("code", code))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

impl Row {
    fn events(&self) -> Vec<ClockEvent> {
        // Written by this module only; an unreadable list is a bug, shown as no events.
        serde_json::from_str(&self.events).unwrap_or_default()
    }

    fn letter(&self) -> Option<Letter> {
        self.letter
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
    }

    fn status(&self) -> Result<AppStatus, AppError> {
        AppStatus::parse(&self.status).map_err(|e| AppError::internal("stored status", e))
    }

    fn received(&self) -> Option<NaiveDate> {
        self.received_on.map(|t| t.date_naive())
    }

    /// The clock read on `today`: `None` before the receipt is confirmed.
    fn clock(
        &self,
        calendar: &crate::domain::calendar::Calendar,
        today: NaiveDate,
    ) -> Option<Clock> {
        let received = self.received()?;
        Clock::compute(
            calendar,
            received,
            &self.events(),
            Periods::default(),
            today,
        )
        .ok()
    }
}

/// What `/track` shows for `code`: the stage, due date and explanation, and the reply
/// letter once sent. `None` for an unknown number.
pub async fn track(
    db: &Db,
    code: &str,
    today: NaiveDate,
) -> Result<Option<TrackedApplication>, AppError> {
    let Some(row) = row(db, code).await? else {
        return Ok(None);
    };
    let status = row.status()?;
    let calendar = calendar::load(db).await?;
    let clock = row.clock(&calendar, today);
    Ok(Some(TrackedApplication {
        code: row.code.clone(),
        status,
        unit_name: row.unit_name.clone(),
        received_on: row.received(),
        due: clock
            .as_ref()
            .and_then(|c| c.due)
            .filter(|_| status.is_open()),
        explanation: clock.map(|c| c.explanation).unwrap_or_default(),
        letter: row.letter().filter(|_| status.reply_sent()),
    }))
}

/// The applications of `unit`, the open ones first by due date.
pub async fn list(
    db: &Db,
    unit: &TaxonomyCode,
    today: NaiveDate,
) -> Result<Vec<ApplicationLine>, AppError> {
    let rows: Vec<Row> = db
        .query(format!(
            "SELECT {FIELDS} FROM application WHERE unit = $unit ORDER BY created_at DESC LIMIT 500"
        ))
        .bind(("unit", Taxonomy::Unit.record(unit)))
        .await?
        .check()?
        .take(0)?;
    let calendar = calendar::load(db).await?;
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let status = row.status()?;
        let clock = row.clock(&calendar, today).filter(|_| status.is_open());
        let standing = clock.as_ref().map(|c| c.standing);
        lines.push(ApplicationLine {
            code: row.code.clone(),
            status,
            applicant: row.applicant.name.clone(),
            description: crate::ssr::sanitize::plain_text(
                &crate::domain::markup::escape_html(&row.description),
                60,
            ),
            received_on: row.received(),
            due: clock.as_ref().and_then(|c| c.due),
            due_soon: matches!(standing, Some(Standing::DueSoon)),
            overdue: matches!(standing, Some(Standing::Overdue)),
        });
    }
    lines.sort_by_key(|l| (!l.status.is_open(), l.due.is_none(), l.due));
    Ok(lines)
}

/// The unit of the application `code`, for the checks of a server fn.
pub async fn unit_of(db: &Db, code: &str) -> Result<Option<TaxonomyCode>, AppError> {
    row(db, code)
        .await?
        .map(|r| TaxonomyCode::parse(&r.unit))
        .transpose()
        .map_err(|e| AppError::internal("stored unit", e))
}

/// The whole case for the unit's staff: the applicant's details, the clock and the steps
/// `actor` may take now.
pub async fn case(
    db: &Db,
    code: &str,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Option<ApplicationCase>, AppError> {
    use crate::domain::application::identity::{ApplicantKind, IdDocument};
    use crate::domain::application::intake::{Delivery, InfoForm};
    let Some(row) = row(db, code).await? else {
        return Ok(None);
    };
    let status = row.status()?;
    let calendar = calendar::load(db).await?;
    let clock = row.clock(&calendar, today);
    let id = record_of(db, &row.code).await?;
    let actions = super::workflow::allowed::<ApplicationFlow>(db, &id, actor).await?;
    let history = audit::history(db, &format!("{TABLE}:{}", row.code)).await?;
    let label = |words: Result<Words, Words>| words.unwrap_or_else(|raw| raw);
    let applicant = &row.applicant;
    Ok(Some(ApplicationCase {
        code: row.code.clone(),
        status,
        unit_name: row.unit_name.clone(),
        applicant_kind: label(ApplicantKind::parse(&applicant.kind).map(ApplicantKind::label)),
        applicant: applicant.name.clone(),
        id_document: label(IdDocument::parse(&applicant.id_kind).map(IdDocument::label)),
        id_number: applicant.id_number.clone(),
        phone: applicant.phone.clone(),
        email: applicant.email.clone(),
        address: applicant.address.clone(),
        description: row.description.clone(),
        doc_number: row.doc_number.clone(),
        form: label(InfoForm::parse(&row.form).map(InfoForm::label)),
        delivery: label(Delivery::parse(&row.delivery).map(Delivery::label)),
        channel: label(Channel::parse(&row.channel).map(Channel::label)),
        received_on: row.received(),
        receipt_reason: row.receipt_reason.clone(),
        due: clock
            .as_ref()
            .and_then(|c| c.due)
            .filter(|_| status.is_open()),
        explanation: clock.map(|c| c.explanation).unwrap_or_default(),
        reply_kind: row.reply_kind.clone(),
        letter: row.letter(),
        letter_number: row.letter_number.clone(),
        signed_by: row.signed_by.clone(),
        actions: crate::dto::Allowed(actions),
        history: history
            .into_iter()
            .map(crate::server_fns::desk::history_entry)
            .collect(),
    }))
}

/// The record of the application with number `code`.
async fn record_of(db: &Db, code: &str) -> Result<RecordId, AppError> {
    let code = normalise_code(code).ok_or(AppError::NotFound)?;
    let ids: Vec<RecordId> = db
        .query("SELECT VALUE id FROM application WHERE code = $code")
        .bind(("code", code))
        .await?
        .check()?
        .take(0)?;
    ids.into_iter().next().ok_or(AppError::NotFound)
}

impl Stored for ApplicationFlow {
    /// An application's handling shows nothing public: the applicant follows it at
    /// `/track`, which is never cached.
    const TOUCHES: &'static str = "NONE";
}

/// A step on an application, with what it records.
#[derive(Debug, Clone)]
pub enum AppStep {
    /// Confirm an online application: received on `on` (Art. 31(3)).
    Register { on: NaiveDate },
    /// Any step that records only its state and the note.
    Plain(AppAction, Option<String>),
    /// A step that adds an event to the clock (补正, consultation, extension, fee).
    Clocked(AppAction, ClockEvent, Option<String>),
    /// The reply drafted (or redrafted): its kind and ground, and the letter.
    Draft {
        kind: String,
        ground: Option<String>,
        letter: Letter,
    },
    /// To another unit, with the reason.
    Transfer { to: TaxonomyCode, reason: String },
}

impl AppStep {
    fn action(&self) -> AppAction {
        match self {
            Self::Register { .. } => AppAction::Register,
            Self::Plain(action, _) | Self::Clocked(action, _, _) => *action,
            Self::Draft { .. } => AppAction::DraftReply,
            Self::Transfer { .. } => AppAction::Transfer,
        }
    }
}

/// Takes one step on the application `code` by the workflow's table (the unit's editors
/// handle it; the unit's reviewers approve extensions and waivers and sign the reply,
/// never someone who worked on it), with its audit record, in one guarded transaction.
/// A clock event the rules do not allow (a second 补正, an extension past the due date) is
/// refused with the reason, and nothing changes.
pub async fn step(
    db: &Db,
    code: &str,
    step: AppStep,
    actor: &Actor,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Committed<AppStatus>, AppError> {
    let id = record_of(db, code).await?;
    let current = row(db, code).await?.ok_or(AppError::NotFound)?;
    let subject = format!("{TABLE}:{}", current.code);
    let take = Take::<ApplicationFlow>::new(actor, step.action(), now);
    let take = match step {
        AppStep::Register { on } => take
            .set("received_on = $received_on, receipt_reason = $reason")
            .bind("received_on", midnight(on))
            .bind(
                "reason",
                crate::words!(
                    "网上申请，本机关于 {on} 确认收到（条例第三十一条第三项：以双方确认之日为收到申请之日）",
                    "Online application, confirmed by the office on {on} (Art. 31(3): received on the day both sides confirm)"
                ),
            )
            .detail(Some(on.to_string())),
        AppStep::Plain(_, note) => take.note(note),
        AppStep::Clocked(_, event, note) => {
            let received = current.received().ok_or_else(|| {
                AppError::Conflict(crate::words!(
                    "请先确认收到申请",
                    "Confirm the receipt of the application first"
                ))
            })?;
            let mut events = current.events();
            events.push(event);
            let calendar = calendar::load(db).await?;
            Clock::compute(&calendar, received, &events, Periods::default(), today)
                .map_err(AppError::Conflict)?;
            let events =
                serde_json::to_string(&events).map_err(|e| AppError::internal("events", e))?;
            take.note(note).set("events = $events").bind("events", events)
        }
        AppStep::Draft {
            kind,
            ground,
            letter,
        } => {
            let number = letter.number.clone();
            let letter =
                serde_json::to_string(&letter).map_err(|e| AppError::internal("letter", e))?;
            take.set(
                "reply_kind = $kind, reply_ground = $ground, letter = $letter, \
                 letter_number = $number",
            )
            .detail(Some(kind.clone()))
            .bind("kind", kind)
            .bind("ground", ground)
            .bind("letter", letter)
            .bind("number", number)
        }
        AppStep::Transfer { to, reason } => take
            .note(Some(reason))
            .set("transferred_to = $to")
            .bind("to", Taxonomy::Unit.record(&to))
            .detail(Some(to.to_string())),
    };
    let take = match take.action {
        AppAction::SignReply => take.set("signed_by = $actor"),
        AppAction::SendReply => take.set("replied_on = $now"),
        _ => take,
    };
    super::workflow::take(db, id, subject, take).await
}

/// The next number of `unit`'s reply series in `year` (`县财政局依申复〔2026〕3号`), taken in
/// one atomic step.
pub async fn next_letter_number(
    db: &Db,
    unit: &TaxonomyCode,
    unit_name: &str,
    year: i32,
) -> Result<String, AppError> {
    let serial: Option<i64> = db
        .query(
            "UPSERT type::record('letter_series', [$unit, $year]) SET next = (next ?? 1) + 1 \
             RETURN VALUE $before.next ?? 1",
        )
        .bind(("unit", unit.to_string()))
        .bind(("year", i64::from(year)))
        .await?
        .check()?
        .take(0)?;
    let serial = serial.unwrap_or(1);
    Ok(format!("{unit_name}依申复〔{year}〕{serial}号"))
}

/// The facts a letter of `code` starts from (the applicant's name, the number, the
/// request, the unit), for the reply form; `None` for an unknown number.
pub async fn letter_facts(
    db: &Db,
    code: &str,
) -> Result<Option<crate::domain::application::letter::LetterFacts>, AppError> {
    let Some(row) = row(db, code).await? else {
        return Ok(None);
    };
    Ok(Some(crate::domain::application::letter::LetterFacts {
        applicant: row.applicant.name.clone(),
        tracking_no: row.code.clone(),
        received: row.received().unwrap_or_else(|| row_created(&row)),
        requested: row.description.clone(),
        issuer: row.unit_name.clone(),
        review_body: Some(REVIEW_BODY.to_owned()),
        court: Some(COURT.to_owned()),
        ..Default::default()
    }))
}

fn row_created(row: &Row) -> NaiveDate {
    row.received().unwrap_or_default()
}

/// The letter of `code` once sent, for the applicant's download at `/track`.
pub async fn sent_letter(db: &Db, code: &str) -> Result<Option<Letter>, AppError> {
    let Some(row) = row(db, code).await? else {
        return Ok(None);
    };
    Ok(row
        .letter()
        .filter(|_| row.status().is_ok_and(AppStatus::reply_sent)))
}

/// The letter of `code` as drafted, for the unit's staff.
pub async fn draft_letter(db: &Db, code: &str) -> Result<Option<(TaxonomyCode, Letter)>, AppError> {
    let Some(row) = row(db, code).await? else {
        return Ok(None);
    };
    let unit = TaxonomyCode::parse(&row.unit).map_err(|e| AppError::internal("stored unit", e))?;
    Ok(row.letter().map(|letter| (unit, letter)))
}

/// What the reply form gives beyond the reply's kind and ground.
#[derive(Debug, Clone, Default)]
pub struct ReplyFacts {
    pub ground: Option<String>,
    /// Where it was published, how it is given, the part withheld, the body responsible…
    pub detail: Option<String>,
    pub detail_on: Option<NaiveDate>,
    /// The letter's paragraphs as edited; `None` to fill them from the template.
    pub paragraphs: Option<Vec<String>>,
}

/// Drafts (or redrafts) the reply of `code`: the letter of its kind filled from the record
/// and `facts_in`, numbered in the unit's reply series (once), editable until signed.
pub async fn draft_reply(
    db: &Db,
    code: &str,
    reply: &crate::domain::application::Reply,
    facts_in: ReplyFacts,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<AppStatus>, AppError> {
    use crate::domain::application::ReplyKind;
    use crate::domain::application::letter::{self, LetterKind};
    let today = now
        .with_timezone(&crate::domain::policy::china_offset())
        .date_naive();
    let kind: ReplyKind = reply.kind();
    let mut facts = letter_facts(db, code).await?.ok_or(AppError::NotFound)?;
    let detail = facts_in.detail;
    let detail_on = facts_in.detail_on;
    let (ground_words, ground_article) = ground_text(reply);
    match kind {
        ReplyKind::Published => {
            facts.published_at = detail;
            facts.published_on = detail_on;
        }
        ReplyKind::Disclosed => {
            facts.delivery = detail;
            facts.delivery_on = detail_on.or(Some(today));
        }
        ReplyKind::PartlyDisclosed => {
            facts.delivery = Some("电子文档".to_owned());
            facts.delivery_on = detail_on.or(Some(today));
            facts.withheld_part = detail;
        }
        ReplyKind::Withheld | ReplyKind::NotHeld => facts.searched = detail,
        ReplyKind::NotOurs => facts.responsible_body = detail,
        ReplyKind::Repeated => {
            facts.earlier_no = detail;
            facts.earlier_on = detail_on;
        }
        ReplyKind::OtherLaw => facts.other_law = detail,
        ReplyKind::NotAnApplication => facts.not_application_reason = detail,
    }
    facts.withheld_ground = ground_words.map(|w| w.zh);
    facts.withheld_basis = ground_article;
    facts.not_ours_reason = facts
        .not_ours_reason
        .or_else(|| Some("该信息由其他机关制作或保存".to_owned()));
    if facts.not_application_reason.is_none() && kind == ReplyKind::NotAnApplication {
        facts.not_application_reason = facts.withheld_ground.clone();
    }
    let (unit, existing) = match draft_letter(db, code).await? {
        Some((unit, letter)) => (Some(unit), Some(letter)),
        None => (None, None),
    };
    let unit = match unit {
        Some(unit) => unit,
        None => unit_of(db, code).await?.ok_or(AppError::NotFound)?,
    };
    let number = match &existing {
        Some(letter) => letter.number.clone(),
        None => {
            use chrono::Datelike;
            next_letter_number(db, &unit, &facts.issuer, today.year()).await?
        }
    };
    let mut drafted = letter::draft(LetterKind::Reply(kind), &facts, number, today)?;
    if let Some(edited) = facts_in.paragraphs {
        drafted.paragraphs = edited;
    }
    step(
        db,
        code,
        AppStep::Draft {
            kind: kind.as_str().to_owned(),
            ground: facts_in.ground,
            letter: drafted,
        },
        actor,
        now,
        today,
    )
    .await
}

/// The ground of a reply in words and its legal basis, for the letter.
fn ground_text(
    reply: &crate::domain::application::Reply,
) -> (Option<crate::domain::Words>, Option<String>) {
    use crate::domain::application::Reply;
    match reply {
        Reply::Withheld { ground } => (Some(ground.label()), Some(ground.article().zh)),
        Reply::PartlyDisclosed { withheld } => (
            Some(crate::domain::Words::new(
                withheld
                    .iter()
                    .map(|g| g.label().zh)
                    .collect::<Vec<_>>()
                    .join("、"),
                withheld
                    .iter()
                    .map(|g| g.label().en)
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
            Some(
                withheld
                    .iter()
                    .map(|g| g.article().zh)
                    .collect::<Vec<_>>()
                    .join("、"),
            ),
        ),
        Reply::NotHeld { ground } => (Some(ground.label()), Some(ground.article().zh)),
        Reply::NotAnApplication { ground } => (Some(ground.label()), Some(ground.article().zh)),
        _ => (None, None),
    }
}
