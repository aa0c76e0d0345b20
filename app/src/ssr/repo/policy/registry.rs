//! Registering policies (import, demo data, the desk's new drafts) with their 索引号, and
//! the registry's export.

use super::*;

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
    PolicyId::parse(&repo::short_key()).expect("generated ids are well formed")
}

/// Takes the next 索引号 of a unit and year. Numbers are never reused; a failed write
/// after this leaves a gap, which the index-number rules allow.
async fn next_index_no(db: &Db, unit: &TaxonomyCode, year: u16) -> Result<IndexNo, AppError> {
    let counter = RecordId::new(COUNTER, format!("{unit}_{year}"));
    // Editors of one unit register at once: the counter is one record, so concurrent
    // takers conflict and are tried again (a conflict increments nothing).
    let values: Vec<i64> = repo::retrying(
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
    repo::retrying(
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
            repo::audit::AuditEntry::new(actor, "policy.create", Some(format!("{TABLE}:{id}")));
        entry.to_status = Some(p.status.as_str().to_owned());
        entry
    });
    let statement = format!(
        "BEGIN TRANSACTION;\n\
         CREATE $id CONTENT $content;\n\
         IF $actor != NONE {{ UPDATE $id SET created_by = $actor, contributors = [$actor]; {} }};\n\
         LET $touched = $id; {FAMILY};\n\
         COMMIT TRANSACTION;",
        repo::audit::APPEND
    );
    // The unit's and directory's kept counts are shared records: concurrent registrations
    // conflict on them and are tried again, with the same 索引号.
    let change = repo::retrying(
        || async {
            let response = db
                .query(statement.as_str())
                .bind(("id", record(&id)))
                .bind(("content", content.clone()))
                .bind(("actor", actor.map(str::to_owned)))
                .bind(("audit", audit.clone()))
                .await?
                .check()?;
            repo::reported_change(response)
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
