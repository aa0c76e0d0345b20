//! What search engines and feed readers are told: every public page's address, by kind,
//! in chunks the sitemap protocol allows. The tables' own public conditions decide, so a
//! withheld or unpublished record is never listed.

use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

use super::{article, concern, policy};
use crate::domain::search::SearchKind;
use crate::error::AppError;
use crate::ssr::Db;

/// The most addresses one sitemap file may hold (sitemaps.org).
pub const CHUNK: u32 = 50_000;

/// A public page and when it last changed.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct PublicUrl {
    pub path: String,
    pub updated: DateTime<Utc>,
}

fn source(kind: SearchKind) -> (&'static str, &'static str, &'static str, &'static str) {
    match kind {
        SearchKind::Policy => (policy::TABLE, policy::PUBLIC, "/policies/", "updated_at"),
        SearchKind::Interpretation => (
            article::TABLE,
            article::PUBLIC,
            "/interpretations/",
            "updated_at",
        ),
        SearchKind::Qa => ("qa", concern::QA_PUBLIC, "/qa/", "published_at"),
    }
}

/// How many public records of a kind there are.
pub async fn count(db: &Db, kind: SearchKind) -> Result<u64, AppError> {
    #[derive(SurrealValue)]
    struct Count {
        n: u64,
    }
    let (table, public, _, _) = source(kind);
    let rows: Vec<Count> = db
        .query(format!(
            "SELECT count() AS n FROM {table} WHERE {public} GROUP ALL"
        ))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.first().map_or(0, |c| c.n))
}

/// The `chunk`th (zero-based) group of [`CHUNK`] public addresses of a kind, in key order.
pub async fn urls(db: &Db, kind: SearchKind, chunk: u32) -> Result<Vec<PublicUrl>, AppError> {
    let (table, public, prefix, updated) = source(kind);
    let rows: Vec<PublicUrl> = db
        .query(format!(
            "SELECT string::concat($prefix, record::id(id)) AS path, {updated} AS updated \
             FROM {table} WHERE {public} ORDER BY id LIMIT $limit START $start"
        ))
        .bind(("prefix", prefix))
        .bind(("limit", i64::from(CHUNK)))
        .bind(("start", i64::from(chunk) * i64::from(CHUNK)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows)
}
