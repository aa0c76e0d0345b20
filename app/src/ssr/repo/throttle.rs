//! Limits that hold under bursts: at most `limit` takes of one key within a sliding
//! `window` (five questions an hour from one address, ten failed sign-ins).
//!
//! Each (kind, key) is one `quota` record holding the times of its recent takes. Checking
//! and recording a take is one read-modify-write of those records in one transaction:
//! two requests that take at once write the same record, so one of them loses a write
//! conflict and is tried again after the other committed — it then sees the other's take.
//! There is no moment between "count" and "record" for a third request to slip through.
//! Keys are stored as SHA-256 digests (addresses and login names are not kept as typed).

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use surrealdb::types::{RecordId, SurrealValue};

use crate::error::AppError;
use crate::ssr::Db;

pub const TABLE: &str = "quota";

/// One limit on one key.
#[derive(Debug, Clone)]
pub struct Quota {
    slot: RecordId,
    limit: u64,
    window: Duration,
}

impl Quota {
    /// At most `limit` takes of `key` (of this `kind`) within `window`.
    pub fn new(kind: &str, key: &str, limit: u64, window: Duration) -> Self {
        let digest: String = Sha256::digest(format!("{kind}\n{key}").as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Self {
            slot: RecordId::new(TABLE, format!("{kind}_{}", &digest[..32])),
            limit,
            window,
        }
    }
}

#[derive(SurrealValue)]
struct Outcome {
    granted: bool,
    /// For each quota that is full, when its oldest take leaves the window.
    frees_at: Vec<Option<DateTime<Utc>>>,
}

/// Takes one of each quota, all or none: `None` when taken, `Some(seconds to wait)` when
/// any of them is full (then nothing is recorded).
pub async fn take(db: &Db, quotas: &[Quota], now: DateTime<Utc>) -> Result<Option<u64>, AppError> {
    if quotas.is_empty() {
        return Ok(None);
    }
    // Built from fixed fragments, one set of bound parameters per quota.
    let mut sql = String::from("BEGIN TRANSACTION;\n");
    for i in 0..quotas.len() {
        sql.push_str(&format!(
            "LET $kept{i} = array::filter(($slot{i}.hits ?? []), |$t| $t > $since{i});\n\
             LET $full{i} = array::len($kept{i}) >= $limit{i};\n"
        ));
    }
    let any_full = (0..quotas.len())
        .map(|i| format!("$full{i}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    sql.push_str(&format!("IF !({any_full}) {{\n"));
    for i in 0..quotas.len() {
        sql.push_str(&format!(
            "UPSERT $slot{i} SET hits = array::push($kept{i}, $now), until = $now + $window{i};\n"
        ));
    }
    sql.push_str("};\nRETURN { granted: !(");
    sql.push_str(&any_full);
    sql.push_str("), frees_at: [");
    sql.push_str(
        &(0..quotas.len())
            .map(|i| format!("IF $full{i} THEN $kept{i}[0] + $window{i} ELSE NONE END"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    sql.push_str("] };\nCOMMIT TRANSACTION;");
    let outcome: Result<Option<Outcome>, AppError> = super::retrying(
        || async {
            let mut query = db.query(sql.as_str()).bind(("now", now));
            for (i, q) in quotas.iter().enumerate() {
                query = query
                    .bind((format!("slot{i}"), q.slot.clone()))
                    .bind((format!("since{i}"), now - q.window))
                    .bind((
                        format!("limit{i}"),
                        i64::try_from(q.limit).unwrap_or(i64::MAX),
                    ))
                    .bind((format!("window{i}"), window_value(q.window)));
            }
            // BEGIN, two LETs a quota, the IF, then the RETURN.
            let returned = 1 + 2 * quotas.len() + 1;
            query.await?.check()?.take(returned)
        },
        |e| AppError::internal("quota", e),
    )
    .await;
    let outcome = match outcome {
        Ok(outcome) => outcome.ok_or_else(|| AppError::internal("quota", "no outcome"))?,
        // Still conflicting after the retries: so many takers at once that refusing is
        // the safe answer (a limit fails closed).
        Err(AppError::Busy) => return Ok(Some(1)),
        Err(e) => return Err(e),
    };
    if outcome.granted {
        return Ok(None);
    }
    let frees_at = outcome.frees_at.into_iter().flatten().max().unwrap_or(now);
    Ok(Some(
        u64::try_from((frees_at - now).num_seconds())
            .unwrap_or(0)
            .max(1),
    ))
}

/// Forgets every take of a quota (a sign-in that succeeded forgets its failures).
pub async fn clear(db: &Db, quota: &Quota) -> Result<(), AppError> {
    super::retrying(
        || async {
            db.query("DELETE $slot")
                .bind(("slot", quota.slot.clone()))
                .await?
                .check()
        },
        |e| AppError::internal("quota clear", e),
    )
    .await?;
    Ok(())
}

/// Gives back the takes made at `at` (a sign-in that succeeded was not a failure).
pub async fn release(db: &Db, quotas: &[Quota], at: DateTime<Utc>) -> Result<(), AppError> {
    for quota in quotas {
        super::retrying(
            || async {
                db.query("UPDATE $slot SET hits = array::filter(hits, |$t| $t != $at)")
                    .bind(("slot", quota.slot.clone()))
                    .bind(("at", at))
                    .await?
                    .check()
            },
            |e| AppError::internal("quota release", e),
        )
        .await?;
    }
    Ok(())
}

/// Drops quota records whose every take has left its window.
pub async fn prune(db: &Db, now: DateTime<Utc>) -> Result<(), AppError> {
    db.query("DELETE quota WHERE until < $now")
        .bind(("now", now))
        .await?
        .check()?;
    Ok(())
}

fn window_value(window: Duration) -> surrealdb::types::Duration {
    surrealdb::types::Duration::from_std(window.to_std().unwrap_or_default())
}

/// The sign-in limits: failures per login name from one address, per address over all
/// names, and per login name over all addresses.
///
/// Counting per name *and address* means that somebody failing an account's password
/// from their own address locks only themselves out: the account's owner, from another
/// address, still signs in. The wider per-name limit stops guessing spread over many
/// addresses; someone with that many addresses can still hold an account for one window
/// (see docs/SECURITY.md).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_login_and_address: u64,
    pub per_address: u64,
    pub per_login: u64,
    pub window: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_login_and_address: 10,
            per_address: 50,
            per_login: 100,
            window: Duration::minutes(15),
        }
    }
}

impl Limits {
    /// The quotas a sign-in attempt by `login` from `address` takes one of each, before its
    /// password is checked.
    pub fn quotas(&self, login: &str, address: &str) -> [Quota; 3] {
        [
            Quota::new(
                "signin_pair",
                &format!("{login}\n{address}"),
                self.per_login_and_address,
                self.window,
            ),
            Quota::new("signin_address", address, self.per_address, self.window),
            Quota::new("signin_login", login, self.per_login, self.window),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::memory_db;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).expect("time") + Duration::minutes(minutes)
    }

    #[tokio::test]
    async fn a_quota_refuses_past_its_limit_until_the_oldest_take_leaves() {
        let db = memory_db().await.expect("db");
        let q = [Quota::new("test", "k", 3, Duration::minutes(10))];
        for n in 0..3 {
            assert_eq!(take(&db, &q, at(n)).await.expect("take"), None);
        }
        assert_eq!(
            take(&db, &q, at(4)).await.expect("take"),
            Some(6 * 60),
            "until the first take, at minute 0, leaves the window at minute 10"
        );
        assert_eq!(take(&db, &q, at(10)).await.expect("take"), None);
        let other = [Quota::new("test", "other", 3, Duration::minutes(10))];
        assert_eq!(take(&db, &other, at(10)).await.expect("take"), None);
        clear(&db, &q[0]).await.expect("clear");
        for n in 0..3 {
            assert_eq!(take(&db, &q, at(11 + n)).await.expect("take"), None);
        }
    }

    #[tokio::test]
    async fn all_or_none_of_several_quotas_is_taken() {
        let db = memory_db().await.expect("db");
        let small = Quota::new("test", "small", 1, Duration::minutes(10));
        let big = Quota::new("test", "big", 5, Duration::minutes(10));
        let both = [small.clone(), big.clone()];
        assert_eq!(take(&db, &both, at(0)).await.expect("take"), None);
        assert!(take(&db, &both, at(1)).await.expect("take").is_some());
        // The refused attempt took nothing of the big one: four are left.
        for n in 0..4 {
            assert_eq!(
                take(&db, std::slice::from_ref(&big), at(2 + n))
                    .await
                    .expect("take"),
                None
            );
        }
        assert!(take(&db, &[big], at(7)).await.expect("take").is_some());
    }

    #[tokio::test]
    async fn a_burst_never_takes_more_than_the_limit() {
        let db = memory_db().await.expect("db");
        let now = at(0);
        let attempts = (0..25).map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                let q = [Quota::new("test", "burst", 5, Duration::hours(1))];
                take(&db, &q, now).await
            })
        });
        let mut granted = 0;
        for attempt in attempts.collect::<Vec<_>>() {
            if attempt.await.expect("task").expect("take").is_none() {
                granted += 1;
            }
        }
        assert_eq!(granted, 5);
    }
}
