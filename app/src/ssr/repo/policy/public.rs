//! What the public reads: the library, the newest lists, one policy, the kept counts.

use super::*;

/// The conditions of a public listing, each fragment fixed text with a bound value.
pub(super) struct Conditions {
    fragments: Vec<&'static str>,
    pub(super) values: Vec<(&'static str, Value)>,
}

impl Conditions {
    fn public() -> Self {
        Self {
            fragments: vec![PUBLIC],
            values: Vec::new(),
        }
    }

    /// No condition yet: every policy, in any state (the desk's lists).
    pub(super) fn any() -> Self {
        Self {
            fragments: vec!["true"],
            values: Vec::new(),
        }
    }

    pub(super) fn with(
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

    pub(super) fn sql(&self) -> String {
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
pub(super) struct Count {
    pub(super) n: i64,
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

pub(super) fn to_count(n: i64) -> u64 {
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
pub fn facet(terms: &[repo::taxonomy::Term], counts: &[(String, u64)]) -> Vec<FacetOption> {
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
