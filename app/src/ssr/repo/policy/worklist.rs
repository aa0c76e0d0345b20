//! The desk's work list: a unit's policies in every state, with their plan and how far the
//! public has had them explained.

use super::public::{Conditions, to_count, year_bounds};
use super::steps::actions_on;
use super::*;
use crate::domain::plan::PlanStatus;
use crate::domain::worklist::{Coverage, WorkQuery};
use crate::dto::WorkRow;

/// A coverage filter is worked out here, not in the database, so a filtered list reads at
/// most this many of the scope's most recently changed policies.
pub const COVERAGE_SCAN: u32 = 2_000;

/// The fields of a work row: the policy, its plan's state, its published interpretations
/// and, per issue of its plan, whether a published item answers it.
const WORK_FIELDS: &str = "record::id(id) AS id, title, doc_number, status, \
     record::id(unit) AS unit, unit.name AS unit_name, directory.name AS directory_name, \
     signed_on, major, updated_at, contributors, \
     type::record('plan', record::id(id)).status AS plan, \
     count(SELECT VALUE id FROM article WHERE policy = $parent.id AND status = 'published') \
         AS published_articles, \
     (SELECT VALUE count(<-addresses<-article[WHERE status = 'published']) \
             + count(<-addresses<-qa) > 0 \
         FROM issue WHERE plan = type::record('plan', record::id($parent.id))) AS answered";

#[derive(SurrealValue)]
struct WorkDbRow {
    id: String,
    title: String,
    doc_number: Option<String>,
    status: PolicyStatus,
    unit: String,
    unit_name: String,
    directory_name: String,
    signed_on: NaiveDate,
    major: bool,
    updated_at: DateTime<Utc>,
    contributors: Vec<String>,
    plan: Option<PlanStatus>,
    published_articles: i64,
    answered: Vec<bool>,
}

impl WorkDbRow {
    fn coverage(&self) -> Coverage {
        Coverage::of(
            to_count(self.published_articles),
            self.plan == Some(PlanStatus::Approved),
            &self.answered,
        )
    }

    fn into_row(self, actor: &Actor) -> Result<WorkRow, AppError> {
        let coverage = self.coverage();
        Ok(WorkRow {
            actions: actions_on(actor, &self.unit, self.status, &self.contributors)?,
            coverage,
            issues: self.answered.len() as u64,
            issues_answered: self.answered.iter().filter(|a| **a).count() as u64,
            id: self.id,
            title: self.title,
            doc_number: self.doc_number,
            status: self.status,
            unit_name: self.unit_name,
            directory_name: self.directory_name,
            signed_on: self.signed_on,
            major: self.major,
            plan: self.plan,
            published_articles: to_count(self.published_articles),
            updated_at: self.updated_at,
        })
    }
}

/// The conditions of the query's filters the database answers, within `unit` (none: every
/// unit).
fn conditions(q: &WorkQuery, unit: Option<&TaxonomyCode>) -> Conditions {
    let mut c = Conditions::any();
    if let Some(unit) = unit {
        c = c.with("unit = $unit", "unit", Taxonomy::Unit.record(unit));
    }
    if let Some(words) = &q.words {
        c = c.with(
            "(string::contains(string::lowercase(title), $words) \
              OR string::contains(string::lowercase(doc_number ?? ''), $words))",
            "words",
            words.clone(),
        );
    }
    if let Some(status) = q.status {
        c = c.with("status = $status", "status", status);
    }
    if let Some(year) = q.year {
        let (from, to) = year_bounds(year);
        c = c
            .with("signed_on >= $from", "from", from)
            .with("signed_on < $to", "to", to);
    }
    if let Some(code) = &q.directory {
        c = c.with(
            "directory = $directory",
            "directory",
            Taxonomy::Directory.record(code),
        );
    }
    if let Some(major) = q.major {
        c = c.with("major = $major", "major", major);
    }
    if let Some(has_plan) = q.has_plan {
        c = c.with(
            "(type::record('plan', record::id(id)).status != NONE) = $has_plan",
            "has_plan",
            has_plan,
        );
    }
    c
}

/// One page of the work list within `unit` (none: every unit), most recently changed
/// first, with the steps `actor` may take on each, and the total.
pub async fn work_list(
    db: &Db,
    q: &WorkQuery,
    unit: Option<&TaxonomyCode>,
    actor: &Actor,
) -> Result<(Vec<WorkRow>, u64), AppError> {
    let c = conditions(q, unit);
    let cond = c.sql();
    let (limit, start) = match q.coverage {
        None => (WorkQuery::PER_PAGE, q.offset()),
        Some(_) => (COVERAGE_SCAN, 0),
    };
    let sql = format!(
        "SELECT {WORK_FIELDS} FROM {TABLE} WHERE {cond} ORDER BY updated_at DESC \
         LIMIT $limit START $start;\n\
         SELECT VALUE count() FROM {TABLE} WHERE {cond} GROUP ALL;"
    );
    let mut query = db
        .query(sql)
        .bind(("limit", i64::from(limit)))
        .bind(("start", i64::from(start)));
    for (name, value) in c.values {
        query = query.bind((name, value));
    }
    let mut response = query.await?.check()?;
    let rows: Vec<WorkDbRow> = response.take(0)?;
    let counts: Vec<i64> = response.take(1)?;
    let (rows, total) = match q.coverage {
        None => (rows, counts.into_iter().map(to_count).sum()),
        Some(wanted) => {
            let kept: Vec<WorkDbRow> = rows
                .into_iter()
                .filter(|r| r.coverage() == wanted)
                .collect();
            let total = kept.len() as u64;
            let page = kept
                .into_iter()
                .skip(q.offset() as usize)
                .take(WorkQuery::PER_PAGE as usize)
                .collect();
            (page, total)
        }
    };
    let rows = rows
        .into_iter()
        .map(|r| r.into_row(actor))
        .collect::<Result<_, _>>()?;
    Ok((rows, total))
}

/// The directories the scope's policies are filed under, with how many each holds.
pub async fn work_directories(
    db: &Db,
    unit: Option<&TaxonomyCode>,
) -> Result<Vec<FacetOption>, AppError> {
    #[derive(SurrealValue)]
    struct Group {
        code: String,
        n: i64,
    }
    let groups: Vec<Group> = db
        .query(format!(
            "SELECT record::id(directory) AS code, count() AS n FROM {TABLE} \
             WHERE $unit = NONE OR unit = $unit GROUP BY code"
        ))
        .bind(("unit", unit.map(|u| Taxonomy::Unit.record(u))))
        .await?
        .check()?
        .take(0)?;
    let terms = repo::taxonomy::list(db, Taxonomy::Directory).await?;
    let counts: Vec<(String, u64)> = groups
        .into_iter()
        .map(|g| (g.code, to_count(g.n)))
        .collect();
    Ok(facet(&terms, &counts))
}
