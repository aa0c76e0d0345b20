//! Connecting to SurrealDB and bringing its schema up to date.

use surrealdb::Surreal;
use surrealdb::engine::any::{Any, connect};
use surrealdb::opt::auth::Root;

/// The database handle used everywhere on the server, shared: cloning a `Surreal` handle
/// opens a session of its own (a random id, a registration with the engine's session
/// task and a teardown on drop), which cost more than rendering a cached page. Every
/// clone of this one is a reference count, and all share the one session `connect_db`
/// prepared (namespace, database and, for a remote server, the sign-in).
pub type Db = std::sync::Arc<Surreal<Any>>;

pub(crate) const NAMESPACE: &str = "jiedu";
pub(crate) const DATABASE: &str = "jiedu";

/// Where the database is and how to sign in to it.
#[derive(Debug, Clone)]
pub struct DbConfig {
    /// `surrealkv://path` (embedded, the default), `mem://` (tests) or `ws://host:port`.
    pub url: String,
    /// Root credentials for a remote server; unused by the embedded engines.
    pub credentials: Option<(String, String)>,
}

/// Why the database could not be opened or migrated.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot open the database at {url}: {source}")]
    Connect {
        url: String,
        source: surrealdb::Error,
    },
    #[error(
        "the database at {0} is in use by another process (is `jiedu serve` running on it?); \
         stop that process or point JIEDU_DB elsewhere"
    )]
    InUse(String),
    #[error("a remote database ({0}) needs JIEDU_DB_USER and JIEDU_DB_PASS")]
    MissingCredentials(String),
    #[error(
        "the database schema is at version {found}, newer than this build of jiedu knows \
         (version {known}); run a newer jiedu against this database"
    )]
    SchemaTooNew { found: i64, known: i64 },
    #[error("schema migration {version} ({name}) failed: {source}")]
    Migration {
        version: i64,
        name: &'static str,
        source: surrealdb::Error,
    },
    #[error(transparent)]
    Query(#[from] surrealdb::Error),
}

/// One numbered schema file, applied once in order.
struct Migration {
    version: i64,
    name: &'static str,
    sql: &'static str,
}

/// Every schema file, oldest first. Files are append-only: never edit one that has shipped.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "init",
        sql: include_str!("../../schema/0001_init.surql"),
    },
    Migration {
        version: 2,
        name: "accounts",
        sql: include_str!("../../schema/0002_accounts.surql"),
    },
    Migration {
        version: 3,
        name: "login_throttle",
        sql: include_str!("../../schema/0003_login_throttle.surql"),
    },
    Migration {
        version: 4,
        name: "policy_workflow",
        sql: include_str!("../../schema/0004_policy_workflow.surql"),
    },
    Migration {
        version: 5,
        name: "form_stash",
        sql: include_str!("../../schema/0005_form_stash.surql"),
    },
    Migration {
        version: 6,
        name: "policy_revision",
        sql: include_str!("../../schema/0006_policy_revision.surql"),
    },
    Migration {
        version: 7,
        name: "articles",
        sql: include_str!("../../schema/0007_articles.surql"),
    },
    Migration {
        version: 8,
        name: "concerns",
        sql: include_str!("../../schema/0008_concerns.surql"),
    },
    Migration {
        version: 9,
        name: "article_withdrawal",
        sql: include_str!("../../schema/0009_article_withdrawal.surql"),
    },
    Migration {
        version: 10,
        name: "plans",
        sql: include_str!("../../schema/0010_plans.surql"),
    },
    Migration {
        version: 11,
        name: "search",
        sql: include_str!("../../schema/0011_search.surql"),
    },
    Migration {
        version: 12,
        name: "replacements",
        sql: include_str!("../../schema/0012_replacements.surql"),
    },
    Migration {
        version: 13,
        name: "listing",
        sql: include_str!("../../schema/0013_listing.surql"),
    },
    Migration {
        version: 14,
        name: "listing_repair",
        sql: include_str!("../../schema/0014_listing_repair.surql"),
    },
    Migration {
        version: 15,
        name: "quotas",
        sql: include_str!("../../schema/0015_quotas.surql"),
    },
    Migration {
        version: 16,
        name: "file_refs",
        sql: include_str!("../../schema/0016_file_refs.surql"),
    },
    Migration {
        version: 17,
        name: "workflow",
        sql: include_str!("../../schema/0017_workflow.surql"),
    },
    Migration {
        version: 18,
        name: "term_references",
        sql: include_str!("../../schema/0018_term_references.surql"),
    },
    Migration {
        version: 19,
        name: "applications",
        sql: include_str!("../../schema/0019_applications.surql"),
    },
    Migration {
        version: 20,
        name: "application_notices",
        sql: include_str!("../../schema/0020_application_notices.surql"),
    },
    Migration {
        version: 21,
        name: "supervision",
        sql: include_str!("../../schema/0021_supervision.surql"),
    },
];

/// The newest schema version this build knows.
pub fn latest_schema_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Makes the embedded SurrealKV store sync every commit to disk unless the URL says otherwise.
fn with_durable_sync(url: &str) -> String {
    if url.starts_with("surrealkv://") && !url.contains("sync=") {
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}sync=every")
    } else {
        url.to_owned()
    }
}

/// Opens the database, signs in where needed, and selects Jiedu's namespace and database.
pub async fn connect_db(config: &DbConfig) -> Result<Db, DbError> {
    let url = with_durable_sync(&config.url);
    let remote = url.starts_with("ws://") || url.starts_with("wss://");
    let credentials = match (&config.credentials, remote) {
        (None, true) => return Err(DbError::MissingCredentials(config.url.clone())),
        (credentials, _) => credentials.clone(),
    };
    let db = connect(url.as_str()).await.map_err(|source| {
        // An embedded store admits one process at a time; say so plainly.
        if source.message().contains("already locked") {
            DbError::InUse(config.url.clone())
        } else {
            DbError::Connect {
                url: config.url.clone(),
                source,
            }
        }
    })?;
    if let (Some((username, password)), true) = (credentials, remote) {
        db.signin(Root { username, password }).await?;
    }
    db.use_ns(NAMESPACE).use_db(DATABASE).await?;
    Ok(std::sync::Arc::new(db))
}

/// Closes an embedded store and returns once it is closed; call it with the last handle,
/// before the process exits.
///
/// When its last handle is dropped, SurrealDB closes an embedded store in a task of its
/// own, and closing is what writes the store's in-memory table to its files (up to 1 GiB
/// on a machine of 16–64 GiB). A process that exits first leaves all of that in the
/// write-ahead log, and the next start replays it: 12 s for a store of 10,000 policies.
/// The task cannot be awaited, but the store holds an exclusive lock on its `LOCK` file
/// until it is closed: this waits for that lock (at most a minute). Nothing to do for
/// `mem://` or a remote server.
pub async fn close(db: Db, config: &DbConfig) {
    let Some(lock) = store_dir(&config.url).map(|dir| dir.join("LOCK")) else {
        return;
    };
    if std::sync::Arc::strong_count(&db) > 1 {
        tracing::warn!("the database is still in use; it is not closed before exit");
        return;
    }
    tracing::info!("closing the database (writing what it holds in memory to its files)");
    let started = std::time::Instant::now();
    drop(db);
    loop {
        match std::fs::File::open(&lock).map(|file| file.try_lock()) {
            Ok(Ok(())) => {
                tracing::info!(secs = started.elapsed().as_secs_f32(), "database closed");
                return;
            }
            Ok(Err(std::fs::TryLockError::WouldBlock)) => {
                if started.elapsed() > std::time::Duration::from_secs(60) {
                    tracing::warn!("the database did not close within a minute");
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Ok(Err(std::fs::TryLockError::Error(e))) | Err(e) => {
                tracing::warn!(error = %e, "could not check that the database closed");
                return;
            }
        }
    }
}

/// The directory of an embedded SurrealKV store (`surrealkv://data?sync=every` → `data`).
fn store_dir(url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix("surrealkv://")?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty()).then(|| std::path::PathBuf::from(path))
}

/// Applies every schema file newer than the database's version, each in its own
/// transaction together with the version bump. Refuses a database from the future.
/// Returns the versions applied.
///
/// A file may commit part-way (`COMMIT TRANSACTION; BEGIN TRANSACTION;`): SurrealDB
/// builds an index over existing rows from committed data, so the fields and analyzers an
/// index reads are committed before it is defined. What comes before such a break must be
/// safe to run again, since the version moves only with the last part.
pub async fn migrate(db: &Db) -> Result<Vec<i64>, DbError> {
    migrate_to(db, latest_schema_version()).await
}

/// [`migrate`], stopping at `target`: a database as an older build left it.
async fn migrate_to(db: &Db, target: i64) -> Result<Vec<i64>, DbError> {
    let current = schema_version(db).await?;
    let known = latest_schema_version();
    if current > known {
        return Err(DbError::SchemaTooNew {
            found: current,
            known,
        });
    }
    let mut applied = Vec::new();
    let pending = MIGRATIONS
        .iter()
        .filter(|m| m.version > current && m.version <= target);
    for migration in pending {
        // The statement text is our own embedded schema file, never user input.
        let sql = format!(
            "BEGIN TRANSACTION;\n{}\nUPSERT schema_version:current SET version = $version, \
             applied_at = time::now();\nCOMMIT TRANSACTION;",
            migration.sql
        );
        db.query(sql)
            .bind(("version", migration.version))
            .await
            .and_then(|response| response.check())
            .map_err(|source| DbError::Migration {
                version: migration.version,
                name: migration.name,
                source,
            })?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "schema migrated"
        );
        applied.push(migration.version);
    }
    Ok(applied)
}

/// The schema version recorded in the database; 0 for an empty database.
pub async fn schema_version(db: &Db) -> Result<i64, DbError> {
    // The version table is the one thing that exists before any schema file has run.
    let mut response = db
        .query(
            "DEFINE TABLE IF NOT EXISTS schema_version SCHEMAFULL;\n\
             DEFINE FIELD IF NOT EXISTS version ON schema_version TYPE int;\n\
             DEFINE FIELD IF NOT EXISTS applied_at ON schema_version TYPE datetime;\n\
             SELECT VALUE version FROM schema_version:current;",
        )
        .await?
        .check()?;
    let versions: Vec<i64> = response.take(3)?;
    Ok(versions.first().copied().unwrap_or(0))
}

/// Records a schema version by hand. Only for tests of the refusal to open a newer database.
#[doc(hidden)]
pub async fn force_schema_version(db: &Db, version: i64) -> Result<(), DbError> {
    db.query("UPSERT schema_version:current SET version = $version, applied_at = time::now()")
        .bind(("version", version))
        .await?
        .check()?;
    Ok(())
}

/// A fresh, migrated in-memory database: what every repository test starts from.
pub async fn memory_db() -> Result<Db, DbError> {
    let db = connect_db(&DbConfig {
        url: "mem://".into(),
        credentials: None,
    })
    .await?;
    migrate(&db).await?;
    Ok(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_directory_is_read_from_the_url() {
        assert_eq!(store_dir("surrealkv://data"), Some("data".into()));
        assert_eq!(
            store_dir("surrealkv:///var/lib/jiedu?sync=every"),
            Some("/var/lib/jiedu".into())
        );
        assert_eq!(store_dir("mem://"), None);
        assert_eq!(store_dir("ws://db:8000"), None);
    }

    #[test]
    fn embedded_store_syncs_every_commit_by_default() {
        assert_eq!(
            with_durable_sync("surrealkv://data"),
            "surrealkv://data?sync=every"
        );
        assert_eq!(
            with_durable_sync("surrealkv://d?versioned=true"),
            "surrealkv://d?versioned=true&sync=every"
        );
        assert_eq!(
            with_durable_sync("surrealkv://d?sync=1s"),
            "surrealkv://d?sync=1s"
        );
        assert_eq!(with_durable_sync("mem://"), "mem://");
    }

    #[tokio::test]
    async fn migrating_twice_applies_once() {
        let db = memory_db().await.expect("db");
        assert_eq!(
            schema_version(&db).await.expect("version"),
            latest_schema_version()
        );
        assert!(migrate(&db).await.expect("again").is_empty());
    }

    /// A database at `version` holding the fixture policies, as an older build left it;
    /// with `first_0013`, then upgraded by the first version of migration 0013.
    async fn older_database(version: i64, first_0013: bool) -> Db {
        let db = connect_db(&DbConfig {
            url: "mem://".into(),
            credentials: None,
        })
        .await
        .expect("db");
        migrate_to(&db, version).await.expect("older schema");
        crate::ssr::tooling::fixtures::load(&db)
            .await
            .expect("fixtures, older schema");
        if first_0013 {
            let sql = format!(
                "BEGIN TRANSACTION;\n{}\nUPSERT schema_version:current SET version = 13;\n\
                 COMMIT TRANSACTION;",
                include_str!("../../schema/superseded/0013_listing_first.surql")
            );
            db.query(sql)
                .await
                .and_then(|r| r.check())
                .expect("first 0013");
        }
        db
    }

    /// A database written by an older build lists, counts and searches exactly like one
    /// created with the newest schema once migrated: the migrations fill in and index what
    /// the older rows lack (from before the search migration, 0011, and before the listing
    /// one, 0013), and 0014 repairs the listings of one the first 0013 upgraded.
    #[tokio::test]
    async fn older_databases_list_and_search_like_a_fresh_one() {
        use crate::domain::library::{LibraryQuery, PolicyFilter};
        use crate::domain::search::SearchParams;
        use crate::ssr::{repo::policy, repo::search, tooling::fixtures};

        let fresh = memory_db().await.expect("db");
        fixtures::load(&fresh).await.expect("fixtures");
        let everything = LibraryQuery::parse(&PolicyFilter::default()).expect("query");
        let by_unit = LibraryQuery::parse(&PolicyFilter {
            unit: Some("czj".into()),
            ..Default::default()
        })
        .expect("query");
        let (all, _) = policy::list_public(&fresh, &everything)
            .await
            .expect("list");
        assert!(all.len() > 2, "enough fixtures to show an order");
        assert!(
            all.windows(2)
                .all(|w| w[0].published_at >= w[1].published_at)
        );

        for (version, first_0013) in [(10, false), (12, false), (12, true)] {
            let case = format!("from {version}, first 0013: {first_0013}");
            let old = older_database(version, first_0013).await;
            if first_0013 {
                let (broken, _) = policy::list_public(&old, &everything).await.expect("list");
                assert_ne!(broken, all, "the first 0013 left listings wrong");
            }
            let applied = migrate(&old).await.expect("upgrade");
            assert_eq!(applied.last(), Some(&latest_schema_version()), "{case}");

            for query in [&everything, &by_unit] {
                let (upgraded, upgraded_total) =
                    policy::list_public(&old, query).await.expect("list");
                let (expected, expected_total) =
                    policy::list_public(&fresh, query).await.expect("list");
                assert!(!expected.is_empty(), "{query:?} lists fixtures");
                assert_eq!(upgraded, expected, "{case}: {query:?}");
                assert_eq!(upgraded_total, expected_total, "{case}: {query:?}");
            }
            let directories = [crate::domain::TaxonomyCode::parse("fgwj").expect("code")];
            assert_eq!(
                policy::newest(&old, 3, &directories, 3)
                    .await
                    .expect("newest"),
                policy::newest(&fresh, 3, &directories, 3)
                    .await
                    .expect("newest"),
                "{case}"
            );
            let counts = policy::public_counts(&old).await.expect("counts");
            assert_eq!(counts.total, all.len() as u64, "{case}");
            assert_eq!(
                counts,
                policy::public_counts(&fresh).await.expect("counts"),
                "{case}"
            );

            for text in ["医疗保险", "预算", "东财发"] {
                let query = SearchParams {
                    q: Some(text.into()),
                    ..Default::default()
                }
                .parse()
                .expect("search");
                let upgraded = search::search(&old, &query).await.expect("search");
                let expected = search::search(&fresh, &query).await.expect("search");
                assert!(expected.total > 0, "{text} finds fixtures");
                assert_eq!(upgraded.hits, expected.hits, "{case}: {text}");
                assert_eq!(upgraded.total, expected.total, "{case}: {text}");
            }
        }
    }

    /// Rows written before schema 0018 keep their terms too: once migrated, a directory,
    /// key area or unit that an older row names is not deleted, one nothing names is,
    /// and no row changed on the way.
    #[tokio::test]
    async fn older_rows_keep_the_terms_they_name() {
        use crate::domain::TaxonomyCode;
        use crate::error::AppError;
        use crate::ssr::repo::taxonomy::{self, Taxonomy};
        use surrealdb::types::Value;

        async fn rows(db: &Db) -> Value {
            db.query("SELECT * FROM policy ORDER BY id; SELECT * FROM policy_by_unit ORDER BY id")
                .await
                .and_then(|r| r.check())
                .expect("rows")
                .take::<Value>(0)
                .expect("take")
        }
        let old = older_database(17, false).await;
        let before = rows(&old).await;
        let newer: Vec<i64> = (18..=latest_schema_version()).collect();
        assert_eq!(migrate(&old).await.expect("upgrade"), newer);
        assert_eq!(rows(&old).await, before, "the migration changes no row");
        for (taxonomy, used) in [
            (Taxonomy::Directory, "fgwj"),
            (Taxonomy::KeyArea, "shbx"),
            (Taxonomy::Unit, "czj"),
        ] {
            let used = TaxonomyCode::parse(used).expect("code");
            let refused = taxonomy::remove(&old, taxonomy, &used, "admin").await;
            assert!(
                matches!(refused, Err(AppError::Conflict(_))),
                "{taxonomy:?} {used}: {refused:?}"
            );
        }
        let unused = TaxonomyCode::parse("jgxx").expect("code");
        taxonomy::remove(&old, Taxonomy::Directory, &unused, "admin")
            .await
            .expect("a directory no policy names")
            .publish(&crate::ssr::changes::Changes::unobserved());
    }

    /// `close` returns once the embedded store is closed: it opens again at once, with
    /// what was written, and what the store held in memory is in its table files.
    #[tokio::test]
    async fn a_closed_store_opens_again_at_once_with_its_data_on_disk() {
        let dir = tempfile::tempdir().expect("directory");
        let config = DbConfig {
            url: format!("surrealkv://{}", dir.path().join("db").display()),
            credentials: None,
        };
        let db = connect_db(&config).await.expect("open");
        migrate(&db).await.expect("migrate");
        crate::ssr::tooling::fixtures::load(&db)
            .await
            .expect("fixtures");
        close(db, &config).await;
        let tables = std::fs::read_dir(dir.path().join("db/sstables"))
            .expect("table files")
            .count();
        assert!(tables > 0, "closing wrote the in-memory table to files");
        let again = connect_db(&config).await.expect("opens again at once");
        assert_eq!(
            schema_version(&again).await.expect("version"),
            latest_schema_version()
        );
        let counts = crate::ssr::repo::policy::public_counts(&again)
            .await
            .expect("counts");
        assert!(counts.total > 0);
    }

    #[tokio::test]
    async fn a_newer_schema_is_refused() {
        let db = memory_db().await.expect("db");
        force_schema_version(&db, latest_schema_version() + 1)
            .await
            .expect("force");
        let err = migrate(&db).await.expect_err("newer schema");
        assert!(matches!(err, DbError::SchemaTooNew { .. }));
        assert!(err.to_string().contains("newer than this build"));
    }
}
