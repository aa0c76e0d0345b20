//! The audit trail: append-only records of every state change and sign-in.
//!
//! The lowest repository: every other one appends here in its own transactions, so this
//! one uses none of them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use surrealdb::types::{SurrealValue, Value};

use crate::error::AppError;
use crate::ssr::Db;

pub const TABLE: &str = "audit";

/// The statement that appends one audit record bound as `$audit`; repositories put it in
/// the same transaction as the change it records.
pub const APPEND: &str = "CREATE audit CONTENT $audit;";

/// One audit record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, SurrealValue)]
pub struct AuditEntry {
    /// Login of the acting account; `system:cli` for the command line.
    pub actor: Option<String>,
    /// What happened, e.g. `user.create`, `policy.approve`, `session.login`.
    pub action: String,
    /// The record it happened to, e.g. `policy:czj-2016-4`.
    pub subject: Option<String>,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    /// A comment or reason given with the step.
    pub detail: Option<String>,
    pub request_id: Option<String>,
}

/// The actor recorded for changes made on the command line.
pub const CLI_ACTOR: &str = "system:cli";

impl AuditEntry {
    pub fn new(actor: &str, action: &str, subject: impl Into<Option<String>>) -> Self {
        Self {
            actor: Some(actor.to_owned()),
            action: action.to_owned(),
            subject: subject.into(),
            from_status: None,
            to_status: None,
            detail: None,
            request_id: crate::ssr::request_id::current(),
        }
    }
}

/// The fields of an [`AuditRecord`], for the modules that read the trail by other keys.
pub const RECORD_FIELDS: &str =
    "actor, action, subject, from_status, to_status, detail, request_id, at";

/// An audit record as read back, with its time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, SurrealValue)]
pub struct AuditRecord {
    #[surreal(flatten)]
    #[serde(flatten)]
    pub entry: AuditEntry,
    pub at: DateTime<Utc>,
}

/// Appends one record on its own (for events that change nothing else, like a sign-in).
pub async fn append(db: &Db, entry: AuditEntry) -> Result<(), AppError> {
    db.query(APPEND).bind(("audit", entry)).await?.check()?;
    Ok(())
}

/// The history of one record, oldest first.
pub async fn history(db: &Db, subject: &str) -> Result<Vec<AuditRecord>, AppError> {
    let rows = db
        .query(format!(
            "SELECT {RECORD_FIELDS} FROM audit WHERE subject = $subject ORDER BY at, id"
        ))
        .bind(("subject", subject.to_owned()))
        .await?
        .check()?
        .take(0)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::memory_db;

    #[tokio::test]
    async fn records_are_kept_in_order() {
        let db = memory_db().await.expect("db");
        for action in ["policy.submit", "policy.approve"] {
            append(
                &db,
                AuditEntry::new("czj-editor", action, Some("policy:p1".to_owned())),
            )
            .await
            .expect("append");
        }
        append(
            &db,
            AuditEntry::new("x", "policy.submit", Some("policy:other".to_owned())),
        )
        .await
        .expect("append");
        let actions: Vec<String> = history(&db, "policy:p1")
            .await
            .expect("history")
            .into_iter()
            .map(|r| r.entry.action)
            .collect();
        assert_eq!(actions, ["policy.submit", "policy.approve"]);
    }

    #[tokio::test]
    async fn audit_records_cannot_be_updated_or_deleted() {
        let db = memory_db().await.expect("db");
        append(
            &db,
            AuditEntry::new("czj-editor", "policy.submit", Some("policy:p1".to_owned())),
        )
        .await
        .expect("append");
        for statement in [
            "UPDATE audit SET action = 'policy.approve'",
            "UPSERT audit SET actor = 'someone-else' WHERE subject = 'policy:p1'",
            "DELETE audit",
            "DELETE audit WHERE subject = 'policy:p1'",
        ] {
            let result = db.query(statement).await.and_then(|r| r.check());
            let err = result.expect_err(statement);
            assert!(
                err.to_string().contains("append-only"),
                "{statement}: {err}"
            );
        }
        let kept = history(&db, "policy:p1").await.expect("history");
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].entry.action, "policy.submit");
        assert_eq!(kept[0].entry.actor.as_deref(), Some("czj-editor"));
    }
}
