//! Connecting to SurrealDB and bringing its schema up to date.

use surrealdb::Surreal;
use surrealdb::engine::any::{Any, connect};
use surrealdb::opt::auth::Root;

/// The database handle used everywhere on the server. Cloning it is cheap.
pub type Db = Surreal<Any>;

const NAMESPACE: &str = "jiedu";
const DATABASE: &str = "jiedu";

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
    Ok(db)
}

/// Applies every schema file newer than the database's version, each in its own
/// transaction together with the version bump. Refuses a database from the future.
/// Returns the versions applied.
pub async fn migrate(db: &Db) -> Result<Vec<i64>, DbError> {
    let current = schema_version(db).await?;
    let known = latest_schema_version();
    if current > known {
        return Err(DbError::SchemaTooNew {
            found: current,
            known,
        });
    }
    let mut applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| m.version > current) {
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
