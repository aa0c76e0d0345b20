//! Failed sign-ins, for throttling password guessing per account and per address.

use chrono::{DateTime, Duration, Utc};
use surrealdb::types::SurrealValue;

use crate::error::AppError;
use crate::ssr::Db;

/// How many failures within `window` lock further attempts.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_login: u64,
    pub per_address: u64,
    pub window: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_login: 10,
            per_address: 50,
            window: Duration::minutes(15),
        }
    }
}

#[derive(SurrealValue)]
struct Failures {
    by_login: i64,
    by_address: i64,
    oldest: Option<DateTime<Utc>>,
}

/// `Some(seconds to wait)` when this login name or address has failed too often lately.
/// The login name is counted whether or not such an account exists, so the answer says
/// nothing about which accounts exist.
pub async fn blocked_for(
    db: &Db,
    login: &str,
    address: &str,
    now: DateTime<Utc>,
    limits: Limits,
) -> Result<Option<u64>, AppError> {
    let rows: Vec<Failures> = db
        .query(
            "RETURN {
                by_login: (SELECT count() AS n FROM login_failure WHERE login = $login AND at > $since GROUP ALL)[0].n ?? 0,
                by_address: (SELECT count() AS n FROM login_failure WHERE address = $address AND at > $since GROUP ALL)[0].n ?? 0,
                oldest: (SELECT VALUE at FROM login_failure WHERE (login = $login OR address = $address) AND at > $since ORDER BY at LIMIT 1)[0],
            };",
        )
        .bind(("login", login.to_owned()))
        .bind(("address", address.to_owned()))
        .bind(("since", now - limits.window))
        .await?
        .check()?
        .take(0)?;
    let Some(f) = rows.into_iter().next() else {
        return Ok(None);
    };
    let over = u64::try_from(f.by_login).unwrap_or(0) >= limits.per_login
        || u64::try_from(f.by_address).unwrap_or(0) >= limits.per_address;
    if !over {
        return Ok(None);
    }
    let until = f.oldest.unwrap_or(now) + limits.window;
    Ok(Some(
        u64::try_from((until - now).num_seconds())
            .unwrap_or(0)
            .max(1),
    ))
}

/// Records a failed sign-in.
pub async fn record_failure(
    db: &Db,
    login: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    db.query("CREATE login_failure CONTENT { login: $login, address: $address, at: $at }")
        .bind(("login", login.to_owned()))
        .bind(("address", address.to_owned()))
        .bind(("at", now))
        .await?
        .check()?;
    Ok(())
}

/// Forgets an account's failures after it signs in successfully.
pub async fn clear(db: &Db, login: &str) -> Result<(), AppError> {
    db.query("DELETE login_failure WHERE login = $login")
        .bind(("login", login.to_owned()))
        .await?
        .check()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::memory_db;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).expect("time") + Duration::minutes(minutes)
    }

    #[tokio::test]
    async fn ten_failures_block_the_login_for_the_window() {
        let db = memory_db().await.expect("db");
        let limits = Limits::default();
        for n in 0..9 {
            record_failure(&db, "czj-editor", "10.0.0.1", at(n))
                .await
                .expect("record");
        }
        assert_eq!(
            blocked_for(&db, "czj-editor", "10.0.0.9", at(9), limits)
                .await
                .expect("check"),
            None
        );
        record_failure(&db, "czj-editor", "10.0.0.1", at(9))
            .await
            .expect("record");
        let wait = blocked_for(&db, "czj-editor", "10.0.0.9", at(10), limits)
            .await
            .expect("check");
        assert_eq!(
            wait,
            Some(5 * 60),
            "until the oldest failure leaves the window"
        );
        assert_eq!(
            blocked_for(&db, "other", "10.0.0.9", at(10), limits)
                .await
                .expect("check"),
            None
        );
        assert_eq!(
            blocked_for(&db, "czj-editor", "10.0.0.9", at(25), limits)
                .await
                .expect("check"),
            None
        );
        clear(&db, "czj-editor").await.expect("clear");
        assert_eq!(
            blocked_for(&db, "czj-editor", "10.0.0.9", at(10), limits)
                .await
                .expect("check"),
            None
        );
    }

    #[tokio::test]
    async fn many_failures_from_one_address_block_it() {
        let db = memory_db().await.expect("db");
        let limits = Limits {
            per_address: 3,
            ..Limits::default()
        };
        for (n, login) in ["a-user", "b-user", "c-user"].into_iter().enumerate() {
            record_failure(&db, login, "10.0.0.1", at(n as i64))
                .await
                .expect("record");
        }
        assert!(
            blocked_for(&db, "d-user", "10.0.0.1", at(3), limits)
                .await
                .expect("check")
                .is_some()
        );
        assert!(
            blocked_for(&db, "d-user", "10.0.0.2", at(3), limits)
                .await
                .expect("check")
                .is_none()
        );
    }
}
