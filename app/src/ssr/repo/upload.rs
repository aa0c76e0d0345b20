//! Records of uploaded files: the content lives on disk under its SHA-256; the record
//! keeps its name, its type as recognised from its content, and who uploaded it.

use surrealdb::types::{RecordId, SurrealValue};

use super::audit::{self, AuditEntry};
use crate::error::AppError;
use crate::ssr::Db;

pub const TABLE: &str = "upload";

/// What is known of an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct Upload {
    pub name: String,
    pub content_type: String,
    pub size: u64,
}

/// A file name as shown and offered for download: the last path component only, no
/// control characters, at most 120 characters.
pub fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        "附件".to_owned()
    } else {
        cleaned
    }
}

/// Records an uploaded file (again, if the same content comes twice: the last name wins),
/// audited as `file.upload`.
pub async fn record(db: &Db, hash: &str, upload: &Upload, by: &str) -> Result<(), AppError> {
    let mut entry = AuditEntry::new(by, "file.upload", Some(format!("{TABLE}:{hash}")));
    entry.detail = Some(upload.name.clone());
    db.query(format!(
        "BEGIN TRANSACTION;\n\
         UPSERT $id SET name = $name, content_type = $type, size = $size, uploaded_by = $by;\n\
         {}\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("id", RecordId::new(TABLE, hash)))
    .bind(("name", upload.name.clone()))
    .bind(("type", upload.content_type.clone()))
    .bind(("size", upload.size as i64))
    .bind(("by", by.to_owned()))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(())
}

/// The record of an uploaded file.
pub async fn get(db: &Db, hash: &str) -> Result<Option<Upload>, AppError> {
    let rows: Vec<Upload> = db
        .query("SELECT name, content_type, size FROM $id")
        .bind(("id", RecordId::new(TABLE, hash)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// Whether a public page shows this file: a public policy names it in its body or
/// attachments, or a public interpretation or Q&A in its text. Each of those records keeps
/// the hashes it names (`files`, derived by the database on write, schema 0016), so this
/// is three index lookups.
pub async fn is_public(db: &Db, hash: &str) -> Result<bool, AppError> {
    let shown: Vec<bool> = db
        .query(format!(
            "RETURN array::len(SELECT VALUE id FROM policy WHERE files CONTAINS $hash AND {} LIMIT 1) > 0 \
             OR array::len(SELECT VALUE id FROM article WHERE files CONTAINS $hash AND {} LIMIT 1) > 0 \
             OR array::len(SELECT VALUE id FROM qa WHERE files CONTAINS $hash AND {} LIMIT 1) > 0;",
            super::policy::PUBLIC,
            super::article::PUBLIC,
            super::concern::QA_PUBLIC,
        ))
        .bind(("hash", hash.to_owned()))
        .await?
        .check()?
        .take(0)?;
    Ok(shown.first().copied().unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_path_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(
            clean_name(r"C:\Users\王\附件1：分工表.xls"),
            "附件1：分工表.xls"
        );
        assert_eq!(clean_name("..\u{0}"), "附件");
        assert_eq!(clean_name("a\r\nb\".png"), "ab.png");
    }
}
