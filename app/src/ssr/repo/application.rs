//! Disclosure applications (依申请公开): intake from the public and on the desk, tracking
//! by number, the unit's list and case, the steps of the workflow with their clock
//! events, and the reply letter.
//!
//! Privacy: the applicant (kind, name, ID document and number, contact, address) never
//! leaves this module except in [`ApplicationCase`], which only the handling unit's staff
//! receive. Audit records and log lines name the application by its number only.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use surrealdb::types::{RecordId, SurrealValue};

use super::audit::{self, AuditEntry};
use super::calendar;
use super::sha256;
use super::taxonomy::Taxonomy;
use super::workflow::{Stored, Take};
use crate::domain::application::channel::Channel;
use crate::domain::application::clock::{Clock, ClockEvent, Periods, Standing};
use crate::domain::application::intake::NewApplication;
use crate::domain::application::letter::{self, Letter, LetterFacts, LetterKind, Notice};
use crate::domain::application::{AppAction, AppStatus, ApplicationFlow};
use crate::domain::application::{Consulted, Fee, FeeMethod};
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
    notices: Vec<String>,
    fee: Option<String>,
    identity: String,
    created_at: DateTime<Utc>,
    attachments: Vec<Attachment>,
}

const FIELDS: &str = "code, status, record::id(unit) AS unit, unit.name AS unit_name, applicant, \
     description, doc_number, form, delivery, channel, received_on, receipt_reason, events, \
     reply_kind, letter, letter_number, signed_by, notices ?? [] AS notices, fee, identity, \
     created_at, attachments ?? [] AS attachments";

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

    /// The notices issued so far, in order.
    fn notices(&self) -> Vec<Notice> {
        self.notices
            .iter()
            .filter_map(|json| serde_json::from_str(json).ok())
            .collect()
    }

    fn fee(&self) -> Option<Fee> {
        self.fee
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
        notices: row
            .notices()
            .into_iter()
            .enumerate()
            .filter(|(_, n)| n.kind.to_applicant())
            .collect(),
        attachments: row.attachments.iter().map(|a| a.name.clone()).collect(),
        may_attach: status.is_open() && row.attachments.len() < MAX_ATTACHMENTS,
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

/// The open applications of `unit` that need someone now: overdue, due within
/// [`DUE_SOON_DAYS`](crate::domain::application::clock::DUE_SOON_DAYS) working days, or an
/// extension waiting for a reviewer.
pub async fn attention(
    db: &Db,
    unit: &TaxonomyCode,
    today: NaiveDate,
) -> Result<Vec<ApplicationLine>, AppError> {
    Ok(list(db, unit, today)
        .await?
        .into_iter()
        .filter(|l| l.overdue || l.due_soon || l.status == AppStatus::ExtensionRequested)
        .collect())
}

/// What the office should notice about `unit`'s applications: the same information asked
/// for by several applicants (第四十四条: consider publishing it), applicants with more
/// applications in a natural month than the free allowance (第三十五条), and the unit's
/// withheld policies with the day each is next re-assessed (第十八条: once a year, on the
/// anniversary of its signing).
pub async fn signals(
    db: &Db,
    unit: &TaxonomyCode,
    today: NaiveDate,
) -> Result<crate::dto::application::ApplicationSignals, AppError> {
    use crate::domain::application::fee::FREE_APPLICATIONS;
    use crate::dto::application::{ManyApplications, Reassessment, SameRequest};
    use std::collections::BTreeMap;
    let rows: Vec<Row> = db
        .query(format!(
            "SELECT {FIELDS} FROM application WHERE unit = $unit AND status != 'transferred' \
             ORDER BY created_at LIMIT 5000"
        ))
        .bind(("unit", Taxonomy::Unit.record(unit)))
        .await?
        .check()?
        .take(0)?;
    let mut by_request: BTreeMap<String, (String, Vec<(String, String)>)> = BTreeMap::new();
    let mut by_month: BTreeMap<(String, String), (String, u32)> = BTreeMap::new();
    for row in &rows {
        let key = crate::domain::application::intake::request_key(
            &row.description,
            row.doc_number.as_deref(),
        );
        let entry = by_request
            .entry(key)
            .or_insert_with(|| (row.description.clone(), Vec::new()));
        entry.1.push((row.identity.clone(), row.code.clone()));
        if let Some(received) = row.received() {
            let month = received.format("%Y-%m").to_string();
            let counted = by_month
                .entry((row.identity.clone(), month))
                .or_insert_with(|| (row.applicant.name.clone(), 0));
            counted.1 += 1;
        }
    }
    let same_request = by_request
        .into_values()
        .filter_map(|(description, asked)| {
            let mut people: Vec<String> = asked.iter().map(|(who, _)| who.clone()).collect();
            people.sort();
            people.dedup();
            (people.len() >= 2).then(|| SameRequest {
                description,
                applicants: people.len(),
                codes: asked.into_iter().map(|(_, code)| code).collect(),
            })
        })
        .collect();
    let many = by_month
        .into_iter()
        .filter(|(_, (_, count))| *count > FREE_APPLICATIONS)
        .map(|((_, month), (applicant, count))| ManyApplications {
            applicant,
            month,
            count,
        })
        .collect();
    #[derive(SurrealValue)]
    struct Withheld {
        id: String,
        title: String,
        signed_on: DateTime<Utc>,
    }
    let withheld: Vec<Withheld> = db
        .query(
            "SELECT record::id(id) AS id, title, signed_on FROM policy \
             WHERE unit = $unit AND disclosure = 'withheld' ORDER BY signed_on",
        )
        .bind(("unit", Taxonomy::Unit.record(unit)))
        .await?
        .check()?
        .take(0)?;
    let reassess = withheld
        .into_iter()
        .map(|p| {
            // The first anniversary of signing that is today or later.
            let signed = p.signed_on.date_naive();
            let anniversary = |years: i32| {
                u32::try_from(years.max(1))
                    .ok()
                    .and_then(|y| signed.checked_add_months(chrono::Months::new(12 * y)))
                    .unwrap_or(today)
            };
            let years = today.year() - signed.year();
            let due = Some(anniversary(years))
                .filter(|d| *d >= today)
                .unwrap_or_else(|| anniversary(years + 1));
            Reassessment {
                id: p.id,
                title: p.title,
                review_by: due,
            }
        })
        .collect();
    Ok(crate::dto::application::ApplicationSignals {
        same_request,
        many,
        reassess,
    })
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
    let history = super::activity::trail(db, &format!("{TABLE}:{}", row.code)).await?;
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
        notices: row.notices(),
        fee: row.fee(),
        attachments: row
            .attachments
            .iter()
            .map(|a| (a.name.clone(), a.size))
            .collect(),
        letter_number: row.letter_number.clone(),
        signed_by: row.signed_by.clone(),
        actions: crate::dto::Allowed(actions),
        history,
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
    /// A step that adds an event to the clock (补正, consultation, extension, fee), and
    /// issues the notice that goes with it.
    Clocked {
        action: AppAction,
        event: ClockEvent,
        note: Option<String>,
        notice: NoticeFacts,
    },
    /// The reply drafted (or redrafted): its kind and grounds, and the letter.
    Draft {
        reply: crate::domain::application::Reply,
        ground: Option<String>,
        letter: Letter,
    },
    /// Ended without a reply: withdrawn, or abandoned once the period for a supplement or
    /// a fee ran out (第三十条; 国办函〔2020〕109号).
    Close {
        reason: crate::domain::application::CloseReason,
        note: Option<String>,
    },
    /// To another unit, with the reason.
    Transfer { to: TaxonomyCode, reason: String },
}

/// What a notice needs beyond the record, the clock and the step's note.
#[derive(Debug, Clone, Default)]
pub struct NoticeFacts {
    /// 征求意见函: the third party or body written to.
    pub party: Option<String>,
    /// 收费通知书: how the fee is counted, and the reply's pages when by pages.
    pub fee: Option<(FeeMethod, Option<u32>)>,
}

/// Where the serial taken in a step's transaction goes in a letter's number.
const SERIAL_SLOT: &str = "\u{e000}";

/// Takes the unit's next serial inside a step's transaction when `$series` is set.
const TAKE_SERIAL: &str = "LET $serial = IF $series_unit THEN \
     (UPSERT type::record('letter_series', [$series_unit, $series_year]) \
      SET next = (next ?? 1) + 1 RETURN VALUE $before.next ?? 1)[0] ELSE NONE END;";

/// A letter's number in `unit_name`'s series (`县财政局依申复〔2026〕3号` for replies,
/// `…依申告〔2026〕4号` for notices, one count for both), its serial left to the step.
fn numbered(unit_name: &str, kind: LetterKind, year: i32) -> String {
    let series = if kind.is_reply() {
        "依申复"
    } else {
        "依申告"
    };
    format!("{unit_name}{series}〔{year}〕{SERIAL_SLOT}号")
}

impl AppStep {
    /// A clocked step whose notice needs nothing beyond the note.
    pub fn clocked(action: AppAction, event: ClockEvent, note: Option<String>) -> Self {
        Self::Clocked {
            action,
            event,
            note,
            notice: NoticeFacts::default(),
        }
    }

    fn action(&self) -> AppAction {
        match self {
            Self::Register { .. } => AppAction::Register,
            Self::Plain(action, _) | Self::Clocked { action, .. } => *action,
            Self::Draft { .. } => AppAction::DraftReply,
            Self::Transfer { .. } => AppAction::Transfer,
            Self::Close { .. } => AppAction::Close,
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
    // Refused before any notice is drafted or fee computed: nothing of it is shown.
    super::workflow::check::<ApplicationFlow>(db, &id, actor, step.action()).await?;
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
        AppStep::Clocked {
            event,
            note,
            notice,
            ..
        } => {
            let received = received(&current)?;
            let mut events = current.events();
            events.push(event);
            let calendar = calendar::load(db).await?;
            let clock = Clock::compute(&calendar, received, &events, Periods::default(), today)
                .map_err(AppError::Conflict)?;
            let issued = issue_notice(
                db,
                &current,
                Issue {
                    event,
                    note: note.as_deref(),
                    facts: notice,
                    clock: &clock,
                    calendar: &calendar,
                    today,
                },
            )
            .await?;
            let events =
                serde_json::to_string(&events).map_err(|e| AppError::internal("events", e))?;
            let (notice, fee) = issued;
            let notice = notice
                .map(|n| serde_json::to_string(&n))
                .transpose()
                .map_err(|e| AppError::internal("notice", e))?;
            let fee = fee
                .map(|f| serde_json::to_string(&f))
                .transpose()
                .map_err(|e| AppError::internal("fee", e))?;
            let series = notice.as_ref().map(|_| current.unit.clone());
            take.note(note)
                .before(TAKE_SERIAL)
                .set(
                    "events = $events, fee = $fee ?? fee, notices = IF $notice THEN \
                     array::append(notices ?? [], string::replace($notice, $slot, <string>$serial)) \
                     ELSE notices END",
                )
                .bind("events", events)
                .bind("notice", notice)
                .bind("fee", fee)
                .bind("series_unit", series)
                .bind("series_year", i64::from(today.year()))
                .bind("slot", SERIAL_SLOT)
        }
        AppStep::Draft {
            reply,
            ground,
            letter,
        } => {
            let kind = reply.kind().as_str().to_owned();
            let reply =
                serde_json::to_string(&reply).map_err(|e| AppError::internal("reply", e))?;
            let number = letter.number.clone();
            let series = number
                .contains(SERIAL_SLOT)
                .then(|| current.unit.clone());
            let letter =
                serde_json::to_string(&letter).map_err(|e| AppError::internal("letter", e))?;
            take.before(TAKE_SERIAL)
                .set(
                    "reply_kind = $kind, reply_ground = $ground, reply = $reply, \
                     letter = IF $serial THEN string::replace($letter, $slot, <string>$serial) \
                         ELSE $letter END, \
                     letter_number = IF $serial THEN string::replace($number, $slot, <string>$serial) \
                         ELSE $number END",
                )
                .detail(Some(kind.clone()))
                .bind("kind", kind)
                .bind("reply", reply)
                .bind("ground", ground)
                .bind("letter", letter)
                .bind("number", number)
                .bind("series_unit", series)
                .bind("series_year", i64::from(today.year()))
                .bind("slot", SERIAL_SLOT)
        }
        AppStep::Close { reason, note } => {
            let stage = current.status()?;
            crate::domain::application::flow::check_close(stage, reason)
                .map_err(AppError::Conflict)?;
            if reason != crate::domain::application::CloseReason::Withdrawn {
                let calendar = calendar::load(db).await?;
                let lapsed = current.clock(&calendar, today).is_some_and(|c| {
                    matches!(c.standing, Standing::Lapsed { reason: r, .. } if r == reason)
                });
                if !lapsed {
                    return Err(AppError::Conflict(crate::words!(
                        "给申请人的期限尚未届满，不能视为放弃",
                        "The period given to the applicant has not run out: it cannot be treated as abandoned yet"
                    )));
                }
            }
            take.note(note)
                .set("close_reason = $reason, closed_on = $now")
                .bind("reason", reason.as_str())
                .detail(Some(reason.as_str().to_owned()))
        }
        AppStep::Transfer { to, reason } => take
            .note(Some(reason))
            .set("transferred_to = $transfer_to")
            .bind("transfer_to", Taxonomy::Unit.record(&to))
            .detail(Some(to.to_string())),
    };
    let take = match take.action {
        AppAction::SignReply => take.set("signed_by = $actor"),
        AppAction::SendReply => take.set("replied_on = $now"),
        _ => take,
    };
    super::workflow::take(db, id, subject, take).await
}

/// The day `row` was received, or a refusal while the office has not confirmed it.
fn received(row: &Row) -> Result<NaiveDate, AppError> {
    row.received().ok_or_else(|| {
        AppError::Conflict(crate::words!(
            "请先确认收到申请",
            "Confirm the receipt of the application first"
        ))
    })
}

/// The facts every letter of `row` starts from: the applicant's name, the number, the
/// day received, the request, the unit.
fn letter_facts(row: &Row) -> Result<LetterFacts, AppError> {
    Ok(LetterFacts {
        applicant: row.applicant.name.clone(),
        tracking_no: row.code.clone(),
        received: received(row)?,
        requested: row.description.clone(),
        issuer: row.unit_name.clone(),
        review_body: Some(REVIEW_BODY.to_owned()),
        court: Some(COURT.to_owned()),
        ..Default::default()
    })
}

/// Why more time was asked for: the note of the latest request for an extension.
async fn extension_reason(db: &Db, row: &Row) -> Result<Option<String>, AppError> {
    let history = audit::history(db, &format!("{TABLE}:{}", row.code)).await?;
    Ok(history
        .into_iter()
        .rev()
        .find(|r| r.entry.action == "application.request_extension")
        .and_then(|r| r.entry.detail))
}

/// This application's number (from 1) among its applicant's received in the same natural
/// month, for a fee by count (国办函〔2020〕109号): the same identity document, in the
/// order received and then registered.
async fn nth_this_month(db: &Db, row: &Row) -> Result<u32, AppError> {
    let received = received(row)?;
    let first = received.with_day(1).unwrap_or(received);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let n: Option<i64> = db
        .query(
            "SELECT VALUE count() FROM application WHERE identity = $identity \
             AND received_on >= $first AND received_on < $next \
             AND (received_on < $received OR (received_on = $received AND created_at <= $created)) \
             GROUP ALL",
        )
        .bind(("identity", row.identity.clone()))
        .bind(("first", midnight(first)))
        .bind(("next", midnight(next)))
        .bind(("received", midnight(received)))
        .bind(("created", row.created_at))
        .await?
        .check()?
        .take(0)?;
    Ok(n.and_then(|n| u32::try_from(n).ok()).unwrap_or(1).max(1))
}

/// What one clocked step knows when it drafts its notice.
struct Issue<'a> {
    event: ClockEvent,
    note: Option<&'a str>,
    facts: NoticeFacts,
    /// The clock with the step's event.
    clock: &'a Clock,
    calendar: &'a crate::domain::calendar::Calendar,
    today: NaiveDate,
}

/// The notice a clocked step issues, if it issues one (补正告知书, 征求意见函, 延期答复告知书,
/// 收费通知书), its serial still to be taken; and the fee a fee notice charges. A fact
/// the letter needs and the step lacks is refused with its name.
async fn issue_notice(
    db: &Db,
    row: &Row,
    issue: Issue<'_>,
) -> Result<(Option<Notice>, Option<Fee>), AppError> {
    use crate::domain::application::clock::CONSULTATION_DAYS;
    let Issue {
        event,
        note,
        facts: given,
        clock,
        calendar,
        today,
    } = issue;
    let mut facts = letter_facts(row)?;
    let periods = Periods::default();
    let mut fee = None;
    let kind = match event {
        ClockEvent::SupplementRequested { days, .. } => {
            facts.supplement = note.map(str::to_owned);
            let days = days.unwrap_or(periods.supplement_days);
            facts.supplement_by = Some(calendar.add_working_days(today, days));
            LetterKind::Supplement
        }
        ClockEvent::ConsultationSent { to, .. } => {
            facts.consulted = given.party.clone();
            facts.consult_by = Some(calendar.add_working_days(today, CONSULTATION_DAYS));
            match to {
                Consulted::ThirdParty => LetterKind::ConsultThirdParty,
                Consulted::OtherBody => LetterKind::ConsultBody,
            }
        }
        ClockEvent::Extended { days, .. } => {
            facts.extension_days = Some(days);
            facts.new_due = clock.due;
            facts.extension_reason = extension_reason(db, row).await?;
            LetterKind::Extension
        }
        ClockEvent::FeeNoticeIssued { .. } => {
            let (method, pages) = given.fee.ok_or_else(|| AppError::Invalid {
                field: "fee_method".into(),
                message: crate::words!("请选择计收方式", "Choose how the fee is counted"),
            })?;
            let quantity = match method {
                FeeMethod::ByCount => nth_this_month(db, row).await?,
                FeeMethod::ByPages => pages.ok_or_else(|| AppError::Invalid {
                    field: "pages".into(),
                    message: crate::words!(
                        "按量计收须填写答复的页数",
                        "Give the reply's pages to charge by pages"
                    ),
                })?,
            };
            let computed = Fee::compute(method, quantity).map_err(|message| AppError::Invalid {
                field: "pages".into(),
                message,
            })?;
            if computed.yuan == 0 {
                let steps: Vec<String> = computed.breakdown.iter().map(|w| w.zh.clone()).collect();
                let steps_en: Vec<String> =
                    computed.breakdown.iter().map(|w| w.en.clone()).collect();
                return Err(AppError::Conflict(Words::new(
                    format!("未超过免费额度，不应收费（{}）", steps.join("；")),
                    format!(
                        "Within the free allowance: no fee is due ({})",
                        steps_en.join("; ")
                    ),
                )));
            }
            facts.fee_fen = Some(computed.yuan * 100);
            facts.fee_method = Some(method);
            facts.pay_how = Some("本机关出具的非税收入缴款码".to_owned());
            facts.pay_by = Some(calendar.add_working_days(today, periods.fee_days));
            fee = Some(computed);
            LetterKind::Fee
        }
        ClockEvent::FeeSettled { waived: true, .. } => {
            // Waived for hardship: the fee charged is kept with what was waived and why.
            let waived = row
                .fee()
                .map(|f| f.waive(note.unwrap_or_default()))
                .transpose()
                .map_err(AppError::from)?;
            return Ok((None, waived));
        }
        _ => return Ok((None, None)),
    };
    let number = numbered(&row.unit_name, kind, today.year());
    let letter = letter::draft(kind, &facts, number, today).map_err(AppError::from)?;
    Ok((Some(Notice { kind, letter }), fee))
}

/// An application as table 三 reads it.
#[derive(Debug, Clone, SurrealValue)]
struct Counted {
    kind: String,
    org_kind: Option<String>,
    received_on: DateTime<Utc>,
    status: String,
    reply: Option<String>,
    reply_kind: Option<String>,
    reply_ground: Option<String>,
    replied_on: Option<DateTime<Utc>>,
    close_reason: Option<String>,
    closed_on: Option<DateTime<Utc>>,
}

/// Table 三 of the annual report (收到和处理政府信息公开申请情况) for `year`: of `unit`, or
/// of the whole county. Applications not yet confirmed as received, and those transferred
/// to another unit (which counts them itself), are not counted.
pub async fn table(
    db: &Db,
    unit: Option<&TaxonomyCode>,
    year: i32,
) -> Result<crate::domain::application::ApplicationTable, AppError> {
    use crate::domain::application::{
        ApplicantKind, ApplicationTable, CloseReason, OrgKind, Outcome, Reply, ReplyForm, Summary,
    };
    let next_year = NaiveDate::from_ymd_opt(year + 1, 1, 1).ok_or(AppError::NotFound)?;
    let rows: Vec<Counted> = db
        .query(
            "SELECT applicant.kind AS kind, applicant.org_kind AS org_kind, received_on, status, \
             reply, reply_kind, reply_ground, replied_on, close_reason, closed_on \
             FROM application \
             WHERE received_on != NONE AND received_on < $next AND status != 'transferred' \
             AND ($unit = NONE OR unit = $unit)",
        )
        .bind(("next", midnight(next_year)))
        .bind(("unit", unit.map(|u| Taxonomy::Unit.record(u))))
        .await?
        .check()?
        .take(0)?;
    let china = |t: DateTime<Utc>| {
        t.with_timezone(&crate::domain::policy::china_offset())
            .date_naive()
    };
    let stored = |what: &str, e: Words| AppError::internal(what, e);
    let mut summaries = Vec::with_capacity(rows.len());
    for row in rows {
        let status = AppStatus::parse(&row.status).map_err(|e| stored("stored status", e))?;
        let ended = match status {
            AppStatus::Sent | AppStatus::Archived => {
                // Replies drafted before schema 0020 kept only their kind and ground.
                let reply: Reply = match row.reply.as_deref() {
                    Some(json) => serde_json::from_str(json)
                        .map_err(|e| AppError::internal("stored reply", e))?,
                    None => {
                        let ground = row.reply_ground.clone().unwrap_or_default();
                        Reply::parse(&ReplyForm {
                            kind: row.reply_kind.clone().unwrap_or_default(),
                            withheld: ground.split(',').map(|g| g.trim().to_owned()).collect(),
                            ground,
                            body: String::new(),
                        })
                        .map_err(|e| AppError::internal("stored reply", e.message.zh))?
                    }
                };
                row.replied_on
                    .map(|on| (china(on), Outcome::Replied(reply)))
            }
            AppStatus::Closed => {
                let reason = CloseReason::parse(row.close_reason.as_deref().unwrap_or_default())
                    .map_err(|e| stored("stored close reason", e))?;
                row.closed_on.map(|on| (china(on), Outcome::Closed(reason)))
            }
            _ => None,
        };
        summaries.push(Summary {
            kind: ApplicantKind::parse(&row.kind).map_err(|e| stored("stored kind", e))?,
            org: row
                .org_kind
                .as_deref()
                .map(OrgKind::parse)
                .transpose()
                .map_err(|e| stored("stored org kind", e))?,
            received: row.received_on.date_naive(),
            ended,
        });
    }
    Ok(ApplicationTable::count(year, &summaries))
}

/// A file the applicant added to their application.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct Attachment {
    /// The name it had on the applicant's machine, cleaned.
    pub name: String,
    /// SHA-256 of the content: its file under the private upload directory.
    pub hash: String,
    pub content_type: String,
    pub size: i64,
    pub added_at: DateTime<Utc>,
}

/// Files one application may carry.
pub const MAX_ATTACHMENTS: usize = 10;

/// Adds `file` to the open application `code` (its number is the applicant's key), with
/// an audit record, in one step: a closed application or one with
/// [`MAX_ATTACHMENTS`] files already is refused and nothing changes.
pub async fn attach(db: &Db, code: &str, file: Attachment) -> Result<(), AppError> {
    const REFUSED: &str = "attachment refused";
    let code = normalise_code(code).ok_or(AppError::NotFound)?;
    let open: Vec<&'static str> = AppStatus::ALL
        .iter()
        .filter(|s| s.is_open())
        .map(|s| s.as_str())
        .collect();
    let mut entry = AuditEntry::new(
        "public",
        "application.attach",
        Some(format!("{TABLE}:{code}")),
    );
    entry.detail = Some(file.hash.clone());
    let now = file.added_at;
    let mut response = db
        .query(format!(
            "BEGIN TRANSACTION;
             LET $changed = (UPDATE application SET attachments = array::append(attachments ?? [], $file),                  updated_at = $now WHERE code = $code AND status IN $open                  AND array::len(attachments ?? []) < $max RETURN VALUE id);
             IF array::len($changed) = 0 {{ THROW '{REFUSED}'; }};
             {}
             COMMIT TRANSACTION;",
            audit::APPEND
        ))
        .bind(("code", code.clone()))
        .bind(("file", file))
        .bind(("now", now))
        .bind(("open", open))
        .bind(("max", MAX_ATTACHMENTS as i64))
        .bind(("audit", entry))
        .await?;
    let errors = response.take_errors();
    if errors.values().any(|e| e.to_string().contains(REFUSED)) {
        let row = row(db, &code).await?.ok_or(AppError::NotFound)?;
        return Err(AppError::Conflict(if row.status()?.is_open() {
            crate::words!(
                "每件申请最多补充 {MAX_ATTACHMENTS} 个文件",
                "An application carries at most {MAX_ATTACHMENTS} files"
            )
        } else {
            crate::words!(
                "申请已办结，不能再补充材料",
                "The application is finished: nothing more can be added"
            )
        }));
    }
    if let Some((statement, e)) = super::cause(errors) {
        return Err(AppError::internal(
            &format!("attach (statement {statement})"),
            e,
        ));
    }
    Ok(())
}

/// The `n`-th file (from 0) of the application `code`, with its unit, for the unit's
/// staff.
pub async fn attachment(
    db: &Db,
    code: &str,
    n: usize,
) -> Result<Option<(TaxonomyCode, Attachment)>, AppError> {
    let Some(code) = normalise_code(code) else {
        return Ok(None);
    };
    #[derive(SurrealValue)]
    struct Files {
        unit: String,
        attachments: Vec<Attachment>,
    }
    let rows: Vec<Files> = db
        .query(
            "SELECT record::id(unit) AS unit, attachments ?? [] AS attachments FROM application \
             WHERE code = $code",
        )
        .bind(("code", code))
        .await?
        .check()?
        .take(0)?;
    let Some(files) = rows.into_iter().next() else {
        return Ok(None);
    };
    let unit =
        TaxonomyCode::parse(&files.unit).map_err(|e| AppError::internal("stored unit", e))?;
    Ok(files.attachments.into_iter().nth(n).map(|a| (unit, a)))
}

/// Which of an application's letters: the reply, or a notice by its place in the order
/// issued (from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhichLetter {
    Reply,
    Notice(usize),
}

impl WhichLetter {
    /// The letter, and whether the applicant may read it now (the reply once sent, a
    /// notice addressed to them).
    fn of(self, row: &Row) -> Option<(Letter, bool)> {
        match self {
            Self::Reply => row
                .letter()
                .map(|l| (l, row.status().is_ok_and(AppStatus::reply_sent))),
            Self::Notice(place) => row
                .notices()
                .into_iter()
                .nth(place)
                .map(|n| (n.letter, n.kind.to_applicant())),
        }
    }
}

/// A letter of `code` as the applicant may download it at `/track`: the reply once sent,
/// a notice addressed to them once issued; `None` for anything else.
pub async fn sent_letter(
    db: &Db,
    code: &str,
    which: WhichLetter,
) -> Result<Option<Letter>, AppError> {
    let Some(row) = row(db, code).await? else {
        return Ok(None);
    };
    Ok(which
        .of(&row)
        .and_then(|(letter, theirs)| theirs.then_some(letter)))
}

/// A letter of `code` as drafted or issued, for the unit's staff.
pub async fn draft_letter(
    db: &Db,
    code: &str,
    which: WhichLetter,
) -> Result<Option<(TaxonomyCode, Letter)>, AppError> {
    let Some(row) = row(db, code).await? else {
        return Ok(None);
    };
    let unit = TaxonomyCode::parse(&row.unit).map_err(|e| AppError::internal("stored unit", e))?;
    Ok(which.of(&row).map(|(letter, _)| (unit, letter)))
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
    let today = now
        .with_timezone(&crate::domain::policy::china_offset())
        .date_naive();
    let kind: ReplyKind = reply.kind();
    let id = record_of(db, code).await?;
    super::workflow::check::<ApplicationFlow>(db, &id, actor, AppAction::DraftReply).await?;
    let row = row(db, code).await?.ok_or(AppError::NotFound)?;
    let mut facts = letter_facts(&row)?;
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
            // The earlier application, when named by its number, gives its own date.
            let earlier = match detail.as_deref() {
                Some(number) => self::row(db, number).await?,
                None => None,
            };
            facts.earlier_on = detail_on.or_else(|| earlier.as_ref().and_then(Row::received));
            facts.earlier_no = earlier.map(|r| r.code).or(detail);
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
    // Numbered once, when first drafted; a redraft keeps its number.
    let number = match row.letter() {
        Some(letter) => letter.number,
        None => numbered(&row.unit_name, LetterKind::Reply(kind), today.year()),
    };
    let mut drafted = letter::draft(LetterKind::Reply(kind), &facts, number, today)?;
    if let Some(edited) = facts_in.paragraphs {
        drafted.paragraphs = edited;
    }
    step(
        db,
        code,
        AppStep::Draft {
            reply: reply.clone(),
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
