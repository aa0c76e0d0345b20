//! The store as a whole, for `jiedu backup` and `jiedu restore`: how many records each
//! table holds, SurrealDB's own dump of everything (definitions and records), and loading
//! such a dump in place of whatever the store held.
//!
//! The dump is SurrealDB's export: every table, field, index, event, analyzer and
//! function definition, then every record, as SurrealQL. It includes the
//! `schema_version` record, so a loaded dump is at the schema version it was made at and
//! [`super::db::migrate`] takes it from there.

use std::collections::BTreeMap;
use std::path::Path;

use super::db::{DATABASE, NAMESPACE};
use crate::ssr::Db;

/// The tables whose records say nothing about the registry: a store that holds records in
/// these alone is empty (a fresh store after `jiedu migrate`, or one the server was started
/// on once: its publisher took its lease).
const BOOKKEEPING: &[&str] = &["schema_version", "job_lease"];

/// Why the store could not be counted, dumped or loaded.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "backup and restore work on the embedded store (surrealkv:// or mem://); for a \
         remote SurrealDB server use SurrealDB's own `surreal export` and `surreal import`"
    )]
    Unsupported,
    #[error("no file at {0}")]
    NoFile(std::path::PathBuf),
    #[error("{what}: {source}")]
    Database {
        what: &'static str,
        source: surrealdb::Error,
    },
}

fn failed(what: &'static str) -> impl FnOnce(surrealdb::Error) -> StoreError {
    move |source| {
        if source.message().contains("does not support backups") {
            StoreError::Unsupported
        } else {
            StoreError::Database { what, source }
        }
    }
}

/// Every table of the database and how many records it holds, by name.
pub async fn table_counts(db: &Db) -> Result<BTreeMap<String, u64>, StoreError> {
    let names: Vec<String> = db
        .query("RETURN array::sort(object::keys((INFO FOR DB).tables))")
        .await
        .and_then(|r| r.check())
        .map_err(failed("list the tables"))?
        .take(0)
        .map_err(failed("list the tables"))?;
    let mut counts = BTreeMap::new();
    for name in names {
        let count: Vec<i64> = db
            .query("SELECT VALUE count FROM (SELECT count() FROM type::table($table) GROUP ALL)")
            .bind(("table", name.clone()))
            .await
            .and_then(|r| r.check())
            .map_err(failed("count a table"))?
            .take(0)
            .map_err(failed("count a table"))?;
        counts.insert(name, count.first().copied().unwrap_or(0).max(0) as u64);
    }
    Ok(counts)
}

/// Whether the store holds nothing but bookkeeping (see [`BOOKKEEPING`]).
pub fn holds_records(counts: &BTreeMap<String, u64>) -> bool {
    counts
        .iter()
        .any(|(table, n)| *n > 0 && !BOOKKEEPING.contains(&table.as_str()))
}

/// Writes SurrealDB's dump of the whole database to `file`, from one transaction (a
/// consistent snapshot).
pub async fn dump(db: &Db, file: &Path) -> Result<(), StoreError> {
    db.export(file.to_path_buf())
        .await
        .map_err(failed("export the database"))
}

/// Replaces the whole database with the dump in `file`: the database is removed (every
/// definition and record, including the schema version), made anew, and the dump run into
/// it. SurrealDB runs a dump one statement at a time: a dump that fails part-way leaves
/// part of it in the store (load it again).
pub async fn load(db: &Db, file: &Path) -> Result<(), StoreError> {
    if !file.is_file() {
        return Err(StoreError::NoFile(file.to_path_buf()));
    }
    // The name is our constant, not input.
    db.query(format!("REMOVE DATABASE IF EXISTS {DATABASE}"))
        .await
        .and_then(|r| r.check())
        .map_err(failed("remove the old database"))?;
    // Selecting the database again creates it, empty.
    db.use_ns(NAMESPACE)
        .use_db(DATABASE)
        .await
        .map_err(failed("create the database"))?;
    db.import(file).await.map_err(failed("import the dump"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::{latest_schema_version, memory_db, schema_version};

    #[tokio::test]
    async fn a_migrated_store_is_empty_and_a_dump_loads_into_it_exactly() {
        let source = memory_db().await.expect("db");
        let before = table_counts(&source).await.expect("counts");
        assert!(before.contains_key("policy"), "{before:?}");
        assert!(!holds_records(&before), "{before:?}");
        crate::ssr::tooling::demo::load_taxonomies(
            &source,
            &crate::ssr::changes::Changes::unobserved(),
        )
        .await
        .expect("taxonomies");
        let counts = table_counts(&source).await.expect("counts");
        assert!(holds_records(&counts), "{counts:?}");

        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("dump.surql");
        dump(&source, &file).await.expect("dump");
        let target = memory_db().await.expect("db");
        load(&target, &file).await.expect("load");
        assert_eq!(table_counts(&target).await.expect("counts"), counts);
        assert_eq!(
            schema_version(&target).await.expect("version"),
            latest_schema_version()
        );
    }
}
