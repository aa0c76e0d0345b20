//! Rejected forms, kept for their author for an hour so that a page posted without
//! JavaScript can be shown again with what was typed and what was wrong.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use surrealdb::types::{RecordId, SurrealValue};

use crate::error::AppError;
use crate::ssr::Db;

pub const TABLE: &str = "form_stash";
const LIFETIME_MINUTES: i64 = 60;

#[derive(SurrealValue)]
struct Stashed {
    payload: String,
    errors: String,
}

/// A fresh random key: 128 bits as 32 hex digits.
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Keeps a form's payload and errors (both JSON) for `owner`; returns the stash id.
pub async fn put(
    db: &Db,
    owner: &str,
    payload: String,
    errors: String,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let key = new_key();
    db.query(
        "DELETE form_stash WHERE expires_at < $now;\n\
         CREATE $id CONTENT { owner: $owner, payload: $payload, errors: $errors, expires_at: $expires };",
    )
    .bind(("id", RecordId::new(TABLE, key.as_str())))
    .bind(("owner", owner.to_owned()))
    .bind(("payload", payload))
    .bind(("errors", errors))
    .bind(("now", now))
    .bind(("expires", now + Duration::minutes(LIFETIME_MINUTES)))
    .await?
    .check()?;
    Ok(key)
}

/// A stash of `owner`'s that has not expired: `(payload, errors)`.
pub async fn get(
    db: &Db,
    key: &str,
    owner: &str,
    now: DateTime<Utc>,
) -> Result<Option<(String, String)>, AppError> {
    if key.len() != 32 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let rows: Vec<Stashed> = db
        .query("SELECT payload, errors FROM $id WHERE owner = $owner AND expires_at > $now")
        .bind(("id", RecordId::new(TABLE, key)))
        .bind(("owner", owner.to_owned()))
        .bind(("now", now))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next().map(|s| (s.payload, s.errors)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::memory_db;

    #[tokio::test]
    async fn a_stash_is_its_owners_for_an_hour() {
        let db = memory_db().await.expect("db");
        let now = Utc::now();
        let key = put(&db, "czj-editor", "{}".into(), "[]".into(), now)
            .await
            .expect("put");
        assert_eq!(
            get(&db, &key, "czj-editor", now).await.expect("get"),
            Some(("{}".into(), "[]".into()))
        );
        assert_eq!(
            get(&db, &key, "jsj-editor", now).await.expect("get"),
            None,
            "not someone else's"
        );
        assert_eq!(
            get(&db, &key, "czj-editor", now + Duration::minutes(61))
                .await
                .expect("get"),
            None
        );
        assert_eq!(
            get(&db, "../../etc", "czj-editor", now).await.expect("get"),
            None
        );
    }
}
