//! The policy registry: public reads for the library, and writes for import and the desk.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use surrealdb::types::{RecordId, SurrealValue, Value};

use super::FAMILY;
use super::taxonomy::Taxonomy;
use super::workflow::{Stored, Take};
use super::{key_of, write_error};
use crate::domain::library::LibraryQuery;
use crate::domain::policy::china_offset;
use crate::domain::workflow::{Action, Actor, PolicyFlow};
use crate::domain::{
    Attachment, IndexNo, NewPolicy, PolicyId, PolicyInput, PolicyStatus, SanitizedHtml,
    TaxonomyCode, Validity,
};
use crate::dto::{FacetOption, PolicyDetail, PolicyLink, PolicySummary};
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::changes::{Change, Committed};
use crate::ssr::sanitize::sanitize;

pub const TABLE: &str = "policy";
const COUNTER: &str = "index_counter";

/// The condition every public read starts from: published and proactively disclosed.
/// Withheld (不予公开), on-request (依申请公开) and unpublished policies never match it.
pub(crate) const PUBLIC: &str = "status = 'published' AND disclosure = 'proactive'";

const SUMMARY_FIELDS: &str = "record::id(id) AS id, title, doc_number, unit.name AS unit_name, \
     directory.name AS directory_name, signed_on, published_at, validity";

pub fn record(id: &PolicyId) -> RecordId {
    RecordId::new(TABLE, id.as_str())
}

/// The conditions of a public listing, each fragment fixed text with a bound value.
struct Conditions {
    fragments: Vec<&'static str>,
    values: Vec<(&'static str, Value)>,
}

impl Conditions {
    fn public() -> Self {
        Self {
            fragments: vec![PUBLIC],
            values: Vec::new(),
        }
    }

    fn with(
        mut self,
        fragment: &'static str,
        name: &'static str,
        value: impl SurrealValue,
    ) -> Self {
        self.fragments.push(fragment);
        self.values.push((name, value.into_value()));
        self
    }

    fn from_query(q: &LibraryQuery) -> Self {
        let mut c = Self::public();
        if let Some(code) = &q.directory {
            c = c.with(
                "directory = $directory",
                "directory",
                Taxonomy::Directory.record(code),
            );
        }
        if let Some(code) = &q.key_area {
            c = c.with(
                "key_area = $key_area",
                "key_area",
                Taxonomy::KeyArea.record(code),
            );
        }
        if let Some(code) = &q.unit {
            c = c.with("unit = $unit", "unit", Taxonomy::Unit.record(code));
        }
        if let Some(year) = q.year {
            let (from, to) = year_bounds(year);
            c = c
                .with("published_at >= $from", "from", from)
                .with("published_at < $to", "to", to);
        }
        if let Some(validity) = q.validity {
            c = c.with("validity = $validity", "validity", validity);
        }
        c
    }

    fn sql(&self) -> String {
        self.fragments.join(" AND ")
    }
}

/// The first instant of a year and of the next, in China time.
pub(crate) fn year_bounds(year: u16) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |y: i32| {
        china_offset()
            .with_ymd_and_hms(y, 1, 1, 0, 0, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    };
    (start(i32::from(year)), start(i32::from(year) + 1))
}

#[derive(SurrealValue)]
struct Count {
    n: i64,
}

/// One page of public policies matching the query, newest first, and the total count.
/// With at most one filter the total is read from the kept counts; otherwise counted.
#[tracing::instrument(skip(db))]
pub async fn list_public(db: &Db, q: &LibraryQuery) -> Result<(Vec<PolicySummary>, u64), AppError> {
    let conditions = Conditions::from_query(q);
    let cond = conditions.sql();
    let (count, kept) = kept_count(q).unwrap_or_else(|| {
        let count = format!("SELECT VALUE count() FROM {TABLE} WHERE {cond} GROUP ALL;");
        (count, Value::None)
    });
    let sql = format!(
        "SELECT {SUMMARY_FIELDS} FROM {TABLE} WHERE {cond} ORDER BY recency \
         LIMIT $limit START $start;\n{count}"
    );
    let mut query = db
        .query(sql)
        .bind(("limit", i64::from(LibraryQuery::PER_PAGE)))
        .bind(("start", i64::from(q.offset())))
        .bind(("kept", kept));
    for (name, value) in conditions.values {
        query = query.bind((name, value));
    }
    let mut response = query.await?.check()?;
    let items: Vec<PolicySummary> = response.take(0)?;
    let counts: Vec<i64> = response.take(1)?;
    let total = counts.into_iter().map(to_count).sum();
    Ok((items, total))
}

/// The query that reads a listing's total from the kept counts, and the group value it
/// binds as `$kept`: for the whole library or a single filter; `None` for more filters.
/// A group with no policy left keeps a row with n = 0; summing covers both.
fn kept_count(q: &LibraryQuery) -> Option<(String, Value)> {
    let filters: Vec<(&str, &str, Value)> = [
        q.directory.as_ref().map(|code| {
            let group = Taxonomy::Directory.record(code).into_value();
            ("policy_by_directory", "code", group)
        }),
        q.key_area.as_ref().map(|code| {
            let group = Taxonomy::KeyArea.record(code).into_value();
            ("policy_by_key_area", "code", group)
        }),
        q.unit.as_ref().map(|code| {
            let group = Taxonomy::Unit.record(code).into_value();
            ("policy_by_unit", "code", group)
        }),
        q.year
            .map(|year| ("policy_by_year", "year", i64::from(year).into_value())),
        q.validity.map(|validity| {
            let group = validity.as_str().to_owned().into_value();
            ("policy_by_validity", "code", group)
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    match filters.as_slice() {
        [] => Some((
            "SELECT VALUE n FROM policy_by_validity;".to_owned(),
            Value::None,
        )),
        [(view, field, group)] => Some((
            format!("SELECT VALUE n FROM {view} WHERE {field} = $kept;"),
            group.clone(),
        )),
        _ => None,
    }
}

/// The home page's lists in one round trip: the `overall` newest public policies, and
/// the `per_directory` newest of each of `directories`.
#[tracing::instrument(skip(db))]
pub async fn newest(
    db: &Db,
    overall: u32,
    directories: &[TaxonomyCode],
    per_directory: u32,
) -> Result<(Vec<PolicySummary>, Vec<Vec<PolicySummary>>), AppError> {
    let select = |condition: &str, limit: &str| {
        format!(
            "SELECT {SUMMARY_FIELDS} FROM {TABLE} WHERE {PUBLIC}{condition} \
             ORDER BY recency LIMIT {limit};\n"
        )
    };
    let mut sql = select("", "$overall");
    for n in 0..directories.len() {
        sql.push_str(&select(
            &format!(" AND directory = $d{n}"),
            "$per_directory",
        ));
    }
    let mut query = db
        .query(sql)
        .bind(("overall", i64::from(overall)))
        .bind(("per_directory", i64::from(per_directory)));
    for (n, code) in directories.iter().enumerate() {
        query = query.bind((format!("d{n}"), Taxonomy::Directory.record(code)));
    }
    let mut response = query.await?.check()?;
    let latest = response.take(0)?;
    let by_directory = (1..=directories.len())
        .map(|n| response.take(n).map_err(AppError::from))
        .collect::<Result<_, _>>()?;
    Ok((latest, by_directory))
}

#[derive(SurrealValue)]
struct DetailRow {
    id: String,
    title: String,
    doc_number: Option<String>,
    index_no: String,
    unit_name: String,
    directory_name: String,
    key_area_name: Option<String>,
    signed_on: NaiveDate,
    published_at: DateTime<Utc>,
    validity: Validity,
    replaced_by: Option<RecordId>,
    major: bool,
    body: String,
    attachments: Vec<Attachment>,
}

/// A public policy by id; `None` if it does not exist or the public may not see it.
#[tracing::instrument(skip(db))]
pub async fn get_public(db: &Db, id: &PolicyId) -> Result<Option<PolicyDetail>, AppError> {
    let sql = format!(
        "SELECT record::id(id) AS id, title, doc_number, index_no, unit.name AS unit_name, \
         directory.name AS directory_name, key_area.name AS key_area_name, signed_on, \
         published_at, validity, replaced_by, major, body, attachments \
         FROM $id WHERE {PUBLIC};"
    );
    let mut response = db.query(sql).bind(("id", record(id))).await?.check()?;
    let rows: Vec<DetailRow> = response.take(0)?;
    let Some(row) = rows.into_iter().next() else {
        return Ok(None);
    };
    let replaced_by = match &row.replaced_by {
        Some(rid) => public_link(db, rid).await?,
        None => None,
    };
    Ok(Some(PolicyDetail {
        id: row.id,
        title: row.title,
        doc_number: row.doc_number,
        index_no: row.index_no,
        unit_name: row.unit_name,
        directory_name: row.directory_name,
        key_area_name: row.key_area_name,
        signed_on: row.signed_on,
        published_at: row.published_at,
        validity: row.validity,
        replaced_by,
        major: row.major,
        body: SanitizedHtml::trusted(row.body),
        attachments: row.attachments,
        interpretations: Vec::new(),
        qa: Vec::new(),
        issues: Vec::new(),
    }))
}

/// A link to a policy, only if the public may see it.
async fn public_link(db: &Db, id: &RecordId) -> Result<Option<PolicyLink>, AppError> {
    let sql = format!("SELECT record::id(id) AS id, title FROM $id WHERE {PUBLIC}");
    let rows: Vec<PolicyLink> = db
        .query(sql)
        .bind(("id", id.clone()))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

#[derive(SurrealValue)]
struct RecordGroup {
    code: Option<RecordId>,
    n: i64,
}

#[derive(SurrealValue)]
struct YearGroup {
    year: i64,
    n: i64,
}

#[derive(SurrealValue)]
struct TextGroup {
    code: String,
    n: i64,
}

/// How many public policies there are per directory, key area, unit, year and validity.
#[derive(Debug, PartialEq, Eq)]
pub struct PublicCounts {
    pub by_directory: Vec<(String, u64)>,
    pub by_key_area: Vec<(String, u64)>,
    pub by_unit: Vec<(String, u64)>,
    pub by_year: Vec<(i64, u64)>,
    pub by_validity: Vec<(String, u64)>,
    pub total: u64,
}

fn to_count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Counts public policies along every filter of the library, in one round trip. The
/// counts are kept by the database as policies change (schema 0013), so this reads a few
/// small tables rather than counting the policies.
#[tracing::instrument(skip(db))]
pub async fn public_counts(db: &Db) -> Result<PublicCounts, AppError> {
    let sql = "SELECT code, n FROM policy_by_directory WHERE n > 0;\n\
         SELECT code, n FROM policy_by_key_area WHERE n > 0;\n\
         SELECT code, n FROM policy_by_unit WHERE n > 0;\n\
         SELECT year, n FROM policy_by_year WHERE n > 0 AND year != NONE;\n\
         SELECT code, n FROM policy_by_validity WHERE n > 0;";
    let mut response = db.query(sql).await?.check()?;
    let records = |rows: Vec<RecordGroup>| -> Vec<(String, u64)> {
        rows.into_iter()
            .filter_map(|g| g.code.map(|c| (key_of(&c), to_count(g.n))))
            .collect()
    };
    let by_directory = records(response.take(0)?);
    let by_key_area = records(response.take(1)?);
    let by_unit = records(response.take(2)?);
    let years: Vec<YearGroup> = response.take(3)?;
    let validity: Vec<TextGroup> = response.take(4)?;
    let total = by_directory.iter().map(|(_, n)| n).sum();
    let mut by_year: Vec<(i64, u64)> = years.into_iter().map(|g| (g.year, to_count(g.n))).collect();
    by_year.sort_by_key(|(year, _)| std::cmp::Reverse(*year));
    Ok(PublicCounts {
        by_directory,
        by_key_area,
        by_unit,
        by_year,
        by_validity: validity
            .into_iter()
            .map(|g| (g.code, to_count(g.n)))
            .collect(),
        total,
    })
}

/// Joins taxonomy terms with their counts, keeping the taxonomy's order and leaving out
/// terms with no public policy.
pub fn facet(terms: &[super::taxonomy::Term], counts: &[(String, u64)]) -> Vec<FacetOption> {
    terms
        .iter()
        .filter_map(|t| {
            counts
                .iter()
                .find(|(code, _)| *code == t.code)
                .map(|(_, n)| FacetOption {
                    code: t.code.clone(),
                    name: t.name.clone(),
                    count: *n,
                })
        })
        .collect()
}

/// The stored fields of a policy, as written by `insert` and read by `export_all`.
#[derive(Clone, SurrealValue)]
struct Content {
    title: String,
    doc_number: Option<String>,
    unit: RecordId,
    signed_on: NaiveDate,
    published_at: Option<DateTime<Utc>>,
    status: String,
    directory: RecordId,
    key_area: Option<RecordId>,
    disclosure: String,
    disclosure_reason: Option<String>,
    validity: String,
    replaced_by: Option<RecordId>,
    major: bool,
    body: String,
    attachments: Vec<Attachment>,
    index_no: String,
}

impl Content {
    /// The stored fields of a new policy with its 索引号; the body is sanitised here.
    fn of(p: &NewPolicy, index_no: &IndexNo) -> Self {
        Self {
            title: p.title.as_str().to_owned(),
            doc_number: p.doc_number.as_ref().map(ToString::to_string),
            unit: Taxonomy::Unit.record(&p.unit),
            signed_on: p.signed_on,
            published_at: p.published_at,
            status: p.status.as_str().to_owned(),
            directory: Taxonomy::Directory.record(&p.directory),
            key_area: p.key_area.as_ref().map(|c| Taxonomy::KeyArea.record(c)),
            disclosure: p.disclosure.kind().as_str().to_owned(),
            disclosure_reason: p.disclosure.reason().map(str::to_owned),
            validity: p.validity.as_str().to_owned(),
            replaced_by: p.replaced_by.as_ref().map(record),
            major: p.major,
            body: sanitize(&p.body).as_str().to_owned(),
            attachments: p.attachments.clone(),
            index_no: index_no.to_string(),
        }
    }
}

/// A new random policy id: ten characters a person can read out without ambiguity.
fn new_id() -> PolicyId {
    PolicyId::parse(&super::short_key()).expect("generated ids are well formed")
}

/// A policy's id and title, whatever its state (the desk links to it).
pub async fn link(db: &Db, id: &PolicyId) -> Result<Option<PolicyLink>, AppError> {
    let rows: Vec<PolicyLink> = db
        .query("SELECT record::id(id) AS id, title FROM $id")
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// Whether a policy is marked major (重大政策); false when there is no such policy.
pub async fn is_major(db: &Db, id: &PolicyId) -> Result<bool, AppError> {
    let rows: Vec<bool> = db
        .query("SELECT VALUE major FROM $id")
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next().unwrap_or(false))
}

/// The unit a policy belongs to, if the policy exists.
pub async fn unit_of(db: &Db, id: &PolicyId) -> Result<Option<TaxonomyCode>, AppError> {
    let rows: Vec<String> = db
        .query("SELECT VALUE record::id(unit) FROM $id")
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    rows.into_iter()
        .next()
        .map(|u| TaxonomyCode::parse(&u).map_err(|e| AppError::internal("stored unit", e)))
        .transpose()
}

/// Takes the next 索引号 of a unit and year. Numbers are never reused; a failed write
/// after this leaves a gap, which the index-number rules allow.
async fn next_index_no(db: &Db, unit: &TaxonomyCode, year: u16) -> Result<IndexNo, AppError> {
    let counter = RecordId::new(COUNTER, format!("{unit}_{year}"));
    // Editors of one unit register at once: the counter is one record, so concurrent
    // takers conflict and are tried again (a conflict increments nothing).
    let values: Vec<i64> = super::retrying(
        || async {
            db.query("UPSERT $counter SET n = (n ?? 0) + 1 RETURN VALUE n")
                .bind(("counter", counter.clone()))
                .await?
                .check()?
                .take(0)
        },
        |e| AppError::internal("index counter", e),
    )
    .await?;
    let serial = values
        .first()
        .and_then(|n| u32::try_from(*n).ok())
        .ok_or_else(|| AppError::internal("index counter", "no value returned"))?;
    Ok(IndexNo::new(unit.clone(), year, serial))
}

/// Makes sure numbers generated later never collide with an index number given explicitly.
async fn reserve_index_no(db: &Db, index_no: &IndexNo) -> Result<(), AppError> {
    let counter = RecordId::new(COUNTER, format!("{}_{}", index_no.unit(), index_no.year()));
    super::retrying(
        || async {
            db.query("UPSERT $counter SET n = math::max([n ?? 0, $serial])")
                .bind(("counter", counter.clone()))
                .bind(("serial", i64::from(index_no.serial())))
                .await?
                .check()
        },
        |e| AppError::internal("index counter", e),
    )
    .await?;
    Ok(())
}

/// Registers a policy (import, demo data). The body is sanitised here, on its way in; the
/// id and 索引号 are generated when the input has none. Returns the policy's id.
pub async fn insert(db: &Db, p: &NewPolicy) -> Result<Committed<PolicyId>, AppError> {
    write_new(db, p, None).await
}

/// Registers a policy drafted on the desk by `actor`, audited in the same transaction.
pub async fn create_draft(
    db: &Db,
    p: &NewPolicy,
    actor: &str,
) -> Result<Committed<PolicyId>, AppError> {
    write_new(db, p, Some(actor)).await
}

#[tracing::instrument(skip(db, p), fields(title = %p.title.as_str()))]
async fn write_new(
    db: &Db,
    p: &NewPolicy,
    actor: Option<&str>,
) -> Result<Committed<PolicyId>, AppError> {
    let id = p.id.clone().unwrap_or_else(new_id);
    let index_no = match &p.index_no {
        Some(given) => {
            reserve_index_no(db, given).await?;
            given.clone()
        }
        None => {
            let year = u16::try_from(p.signed_on.year()).unwrap_or_default();
            next_index_no(db, &p.unit, year).await?
        }
    };
    let content = Content::of(p, &index_no);
    let audit = actor.map(|actor| {
        let mut entry =
            super::audit::AuditEntry::new(actor, "policy.create", Some(format!("{TABLE}:{id}")));
        entry.to_status = Some(p.status.as_str().to_owned());
        entry
    });
    let statement = format!(
        "BEGIN TRANSACTION;\n\
         CREATE $id CONTENT $content;\n\
         IF $actor != NONE {{ UPDATE $id SET created_by = $actor, contributors = [$actor]; {} }};\n\
         LET $touched = $id; {FAMILY};\n\
         COMMIT TRANSACTION;",
        super::audit::APPEND
    );
    // The unit's and directory's kept counts are shared records: concurrent registrations
    // conflict on them and are tried again, with the same 索引号.
    let change = super::retrying(
        || async {
            let response = db
                .query(statement.as_str())
                .bind(("id", record(&id)))
                .bind(("content", content.clone()))
                .bind(("actor", actor.map(str::to_owned)))
                .bind(("audit", audit.clone()))
                .await?
                .check()?;
            super::reported_change(response)
        },
        |e| write_error("policy insert", e),
    )
    .await?;
    Ok(Committed::new(id, change))
}

/// Registers many policies in one statement (benchmark data): each must carry its id and
/// 索引号, and the counters are moved past every 索引号 given. Bodies are sanitised here.
pub async fn insert_batch(db: &Db, policies: &[NewPolicy]) -> Result<Committed<()>, AppError> {
    #[derive(SurrealValue)]
    struct Keyed {
        id: RecordId,
        content: Content,
    }
    let mut rows = Vec::with_capacity(policies.len());
    let mut highest: std::collections::BTreeMap<(String, u16), u32> = Default::default();
    for p in policies {
        let (Some(id), Some(index_no)) = (&p.id, &p.index_no) else {
            return Err(AppError::internal(
                "insert_batch",
                "a policy without id or 索引号",
            ));
        };
        let serial = highest
            .entry((index_no.unit().to_string(), index_no.year()))
            .or_default();
        *serial = (*serial).max(index_no.serial());
        rows.push(Keyed {
            id: record(id),
            content: Content::of(p, index_no),
        });
    }
    db.query("FOR $row IN $rows { CREATE $row.id CONTENT $row.content; };")
        .bind(("rows", rows))
        .await
        .and_then(|r| r.check())
        .map_err(|e| write_error("policy batch insert", e))?;
    for ((unit, year), serial) in highest {
        let counter = RecordId::new(COUNTER, format!("{unit}_{year}"));
        db.query("UPSERT $counter SET n = math::max([n ?? 0, $serial])")
            .bind(("counter", counter))
            .bind(("serial", i64::from(serial)))
            .await?
            .check()?;
    }
    Ok(Committed::new((), Change::everything()))
}

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
            let unit =
                TaxonomyCode::parse(&r.unit).map_err(|e| AppError::internal("stored unit", e))?;
            let item = crate::domain::workflow::Item {
                unit: &unit,
                state: r.status,
                contributors: &r.contributors,
                owner: None,
            };
            let actions = crate::domain::workflow::actions::<PolicyFlow>(actor, &item);
            Ok(crate::dto::DeskItem {
                id: r.id,
                title: r.title,
                status: r.status,
                unit_name: r.unit_name,
                updated_at: r.updated_at,
                actions: crate::dto::Allowed(actions),
            })
        })
        .collect()
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
/// its audit record in one guarded transaction ([`super::workflow::take`]), with the
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
            message: "修改内容请使用编辑表单".into(),
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
            AppError::Conflict("重大政策须先审签其解读方案（同步审签），请先审签方案".into()),
        )
        .guard(
            "$id.major = true AND array::len($missing) > 0 AND $override = NONE",
            AppError::Conflict(
                "解读方案中与政策同日发布的解读尚未审签（同步部署）；审签人可填写理由后例外发布"
                    .into(),
            ),
        )
        .after(RELEASE_SAME_DAY)
        .detail(
            override_reason
                .as_ref()
                .map(|r| format!("同步部署例外：{r}")),
        )
        .bind("override", override_reason);
    super::workflow::take(db, record(id), format!("{TABLE}:{id}"), step).await
}

/// A policy for the desk, whatever its status; the caller authorises.
pub async fn desk_view(db: &Db, id: &PolicyId) -> Result<Option<crate::dto::DeskPolicy>, AppError> {
    let rows: Vec<crate::dto::DeskPolicy> = db
        .query(
            "SELECT record::id(id) AS id, title, status, validity, record::id(unit) AS unit, \
             unit.name AS unit_name, review_comment FROM $id",
        )
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// The editable fields of a policy as the desk form shows them, with its status and unit.
pub async fn form_values(
    db: &Db,
    id: &PolicyId,
) -> Result<Option<(crate::dto::PolicyForm, crate::domain::PolicyStatus, String)>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        title: String,
        doc_number: Option<String>,
        directory: String,
        key_area: Option<String>,
        signed_on: NaiveDate,
        disclosure: String,
        disclosure_reason: Option<String>,
        major: bool,
        body: String,
        attachments: Vec<Attachment>,
        status: crate::domain::PolicyStatus,
        unit: String,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT title, doc_number, record::id(directory) AS directory, \
             IF key_area != NONE THEN record::id(key_area) END AS key_area, signed_on, disclosure, \
             disclosure_reason, major, body, attachments, status, record::id(unit) AS unit FROM $id",
        )
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next().map(|r| {
        let form = crate::dto::PolicyForm {
            title: r.title,
            doc_number: r.doc_number.unwrap_or_default(),
            directory: r.directory,
            key_area: r.key_area.unwrap_or_default(),
            signed_on: r.signed_on.to_string(),
            disclosure: r.disclosure,
            disclosure_reason: r.disclosure_reason.unwrap_or_default(),
            major: r.major,
            body: r.body,
            attachments: crate::dto::PolicyForm::attachment_lines(&r.attachments),
            change_reason: String::new(),
        };
        (form, r.status, r.unit)
    }))
}

/// The fields the desk form writes.
const FORM_FIELDS: &str = "title = $title, doc_number = $doc_number, directory = $directory, \
     key_area = $key_area, signed_on = $signed_on, disclosure = $disclosure, \
     disclosure_reason = $reason, major = $major, body = $body, attachments = $attachments";

/// Binds the desk form's fields as [`FORM_FIELDS`] names them; the body is sanitised here.
pub(crate) fn bind_form<'a, W: crate::domain::workflow::Workflow>(
    step: Take<'a, W>,
    p: &NewPolicy,
) -> Take<'a, W> {
    step.bind("title", p.title.as_str().to_owned())
        .bind("doc_number", p.doc_number.as_ref().map(ToString::to_string))
        .bind("directory", Taxonomy::Directory.record(&p.directory))
        .bind(
            "key_area",
            p.key_area.as_ref().map(|c| Taxonomy::KeyArea.record(c)),
        )
        .bind("signed_on", p.signed_on)
        .bind("disclosure", p.disclosure.kind().as_str())
        .bind("reason", p.disclosure.reason().map(str::to_owned))
        .bind("major", p.major)
        .bind("body", sanitize(&p.body).as_str().to_owned())
        .bind("attachments", p.attachments.clone())
}

/// Saves the desk form's fields of a draft or returned policy: the workflow's edit step,
/// audited, in one guarded transaction. (A published policy changes through
/// [`super::policy_change`].)
pub async fn update_fields(
    db: &Db,
    id: &PolicyId,
    p: &NewPolicy,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Committed<PolicyStatus>, AppError> {
    let step = bind_form(
        Take::<PolicyFlow>::new(actor, Action::Edit, now).set(FORM_FIELDS),
        p,
    );
    super::workflow::take(db, record(id), format!("{TABLE}:{id}"), step).await
}

/// Marks a published policy amended or repealed, with what replaced it, audited; only
/// while it is still published.
pub async fn set_validity(
    db: &Db,
    id: &PolicyId,
    validity: Validity,
    replaced_by: Option<&PolicyId>,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Committed<()>, AppError> {
    let action = if validity == Validity::Repealed {
        "policy.repeal"
    } else {
        "policy.amend"
    };
    let mut entry = super::audit::AuditEntry::new(actor, action, Some(format!("{TABLE}:{id}")));
    entry.detail = replaced_by.map(|r| format!("{TABLE}:{r}"));
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         LET $changed = (UPDATE $id SET validity = $validity, replaced_by = $replaced_by, \
             updated_at = $now WHERE status = 'published' RETURN VALUE id);\n\
         IF array::len($changed) = 0 {{ THROW '{}'; }};\n\
         {}\n\
         LET $touched = $id; {FAMILY};\n\
         COMMIT TRANSACTION;",
        super::STATUS_CHANGED,
        super::audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("id", record(id)))
        .bind(("validity", validity))
        .bind(("replaced_by", replaced_by.map(record)))
        .bind(("now", now))
        .bind(("audit", entry))
        .await?;
    let change = super::guarded_change(
        response,
        super::STATUS_CHANGED,
        super::status_changed(),
        "policy validity",
    )?;
    Ok(Committed::new((), change))
}

/// Earlier texts of a published policy, newest first.
pub async fn revisions(
    db: &Db,
    id: &PolicyId,
) -> Result<Vec<crate::dto::PolicyRevision>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        title: String,
        doc_number: Option<String>,
        body: String,
        edited_by: String,
        at: DateTime<Utc>,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT title, doc_number, body, edited_by, at FROM policy_revision \
             WHERE policy = $id ORDER BY at DESC",
        )
        .bind(("id", record(id)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| crate::dto::PolicyRevision {
            title: r.title,
            doc_number: r.doc_number,
            // Stored bodies were sanitised when they were written.
            body: SanitizedHtml::trusted(r.body),
            edited_by: r.edited_by,
            at: r.at,
        })
        .collect())
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
    super::workflow::allowed::<PolicyFlow>(db, &record(id), actor).await
}

/// Which of these ids are already taken.
pub async fn existing_ids(db: &Db, ids: &[PolicyId]) -> Result<Vec<String>, AppError> {
    let records: Vec<RecordId> = ids.iter().map(record).collect();
    let found: Vec<String> = db
        .query("SELECT VALUE record::id(id) FROM $ids")
        .bind(("ids", records))
        .await?
        .check()?
        .take(0)?;
    Ok(found)
}

/// A stored policy with its id, as export reads it.
#[derive(SurrealValue)]
struct StoredRow {
    id: RecordId,
    #[surreal(flatten)]
    content: Content,
}

/// Every policy, public or not, in the form `jiedu import` reads.
pub async fn export_all(db: &Db) -> Result<Vec<PolicyInput>, AppError> {
    let rows: Vec<StoredRow> = db
        .query(
            "SELECT id, title, doc_number, unit, signed_on, published_at, status, directory, \
             key_area, disclosure, disclosure_reason, validity, replaced_by, major, body, \
             attachments, index_no FROM type::table($table) ORDER BY id",
        )
        .bind(("table", TABLE))
        .await?
        .check()?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|StoredRow { id, content: c }| PolicyInput {
            id: Some(key_of(&id)),
            title: c.title,
            doc_number: c.doc_number,
            unit: key_of(&c.unit),
            signed_on: c.signed_on.to_string(),
            published_at: c.published_at.map(|t| t.to_rfc3339()),
            status: c.status,
            directory: key_of(&c.directory),
            key_area: c.key_area.as_ref().map(key_of),
            disclosure: c.disclosure,
            disclosure_reason: c.disclosure_reason,
            validity: c.validity,
            replaced_by: c.replaced_by.as_ref().map(key_of),
            major: c.major,
            body: c.body,
            attachments: c.attachments,
            index_no: Some(c.index_no),
        })
        .collect())
}

/// How many policies exist at all (public or not); 0 means an empty registry.
pub async fn count_all(db: &Db) -> Result<u64, AppError> {
    let rows: Vec<Count> = db
        .query("SELECT count() AS n FROM type::table($table) GROUP ALL")
        .bind(("table", TABLE))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.first().map_or(0, |c| to_count(c.n)))
}

#[cfg(test)]
mod tests;
