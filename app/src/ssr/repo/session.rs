//! Sessions, stored in the database so that several app instances share them.
//!
//! The browser holds a random 256-bit token; the database holds only its SHA-256, as the
//! session's record key. A session ends when idle too long, when it reaches its absolute
//! lifetime, on logout, or when its account signs out everywhere or is disabled.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use surrealdb::types::{RecordId, SurrealValue};

use super::audit::{self, AuditEntry};
use super::user::{self, Account};
use crate::domain::account::LoginName;
use crate::domain::workflow::Role;
use crate::error::AppError;
use crate::ssr::Db;

pub const TABLE: &str = "session";

/// How long sessions live.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    /// Ends a session nobody used for this long.
    pub idle: Duration,
    /// Ends every session this long after sign-in, used or not.
    pub absolute: Duration,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Self {
            idle: Duration::hours(2),
            absolute: Duration::hours(12),
        }
    }
}

/// The secret the browser keeps in its cookie. Never logged.
pub struct SessionToken(String);

impl SessionToken {
    /// A fresh token from the operating system's random source.
    fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(hex(&bytes))
    }

    /// A token as it came back in a cookie.
    pub fn from_cookie(value: &str) -> Self {
        Self(value.to_owned())
    }

    pub fn cookie_value(&self) -> &str {
        &self.0
    }

    fn record(&self) -> RecordId {
        RecordId::new(TABLE, hex(&Sha256::digest(self.0.as_bytes())))
    }
}

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(…)")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(SurrealValue)]
struct SessionContent {
    user: RecordId,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

/// Starts a session for an account (the sign-in itself is audited here).
pub async fn start(
    db: &Db,
    login: &LoginName,
    now: DateTime<Utc>,
    lifetimes: Lifetimes,
) -> Result<SessionToken, AppError> {
    let token = SessionToken::generate();
    let content = SessionContent {
        user: user::record(login),
        created_at: now,
        last_seen_at: now,
        expires_at: now + lifetimes.absolute,
    };
    let entry = AuditEntry::new(login.as_str(), "session.login", Some(user::subject(login)));
    db.query(format!(
        "BEGIN TRANSACTION; CREATE $id CONTENT $content; {} COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("id", token.record()))
    .bind(("content", content))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(token)
}

#[derive(SurrealValue)]
struct LiveSession {
    login: String,
    display_name: String,
    unit: Option<RecordId>,
    roles: Vec<Role>,
}

/// The account behind a token, if its session is alive; marks the session as used.
pub async fn resolve(
    db: &Db,
    token: &SessionToken,
    now: DateTime<Utc>,
    lifetimes: Lifetimes,
) -> Result<Option<Account>, AppError> {
    let rows: Vec<LiveSession> = db
        .query(
            "SELECT record::id(user) AS login, user.display_name AS display_name, user.unit AS unit, \
             user.roles AS roles FROM $id \
             WHERE expires_at > $now AND last_seen_at > $idle_since AND user.disabled = false;\n\
             UPDATE $id SET last_seen_at = $now WHERE expires_at > $now AND last_seen_at > $idle_since;",
        )
        .bind(("id", token.record()))
        .bind(("now", now))
        .bind(("idle_since", now - lifetimes.idle))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next().map(|s| Account {
        login: s.login,
        display_name: s.display_name,
        unit: s.unit.as_ref().map(super::key_of),
        roles: s.roles,
        disabled: false,
    }))
}

/// Ends one session (logout).
pub async fn end(db: &Db, token: &SessionToken) -> Result<(), AppError> {
    db.query("DELETE $id")
        .bind(("id", token.record()))
        .await?
        .check()?;
    Ok(())
}

/// Ends every session of an account (logout everywhere), audited.
pub async fn end_all(db: &Db, login: &LoginName, actor: &str) -> Result<(), AppError> {
    let entry = AuditEntry::new(actor, "session.logout_all", Some(user::subject(login)));
    db.query(format!(
        "BEGIN TRANSACTION; DELETE session WHERE user = $user; {} COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("user", user::record(login)))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::TaxonomyCode;
    use crate::domain::account::{DisplayName, NewPassword};
    use crate::ssr::db::memory_db;
    use crate::ssr::password::PasswordHash;
    use crate::ssr::repo::user::NewAccount;

    async fn db_with_account() -> (Db, LoginName) {
        let db = memory_db().await.expect("db");
        let login = LoginName::parse("czj-editor").expect("login");
        let account = NewAccount {
            login: login.clone(),
            display_name: DisplayName::parse("欧艳波").expect("name"),
            unit: Some(TaxonomyCode::parse("czj").expect("unit")),
            roles: vec![Role::Editor],
            password: PasswordHash::new(&NewPassword::parse("hengdong-2016!").expect("pw"))
                .await
                .expect("hash"),
        };
        user::create(&db, &account, audit::CLI_ACTOR)
            .await
            .expect("create");
        (db, login)
    }

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000, 0).expect("time") + Duration::minutes(minutes)
    }

    #[tokio::test]
    async fn a_session_resolves_to_its_account_until_idle() {
        let (db, login) = db_with_account().await;
        let life = Lifetimes::default();
        let token = start(&db, &login, at(0), life).await.expect("start");
        assert_eq!(token.cookie_value().len(), 64);
        let account = resolve(&db, &token, at(60), life)
            .await
            .expect("resolve")
            .expect("alive");
        assert_eq!(account.login, "czj-editor");
        assert_eq!(account.unit.as_deref(), Some("czj"));
        // Used at 60 minutes, so still alive at 170 (idle limit 120).
        assert!(
            resolve(&db, &token, at(170), life)
                .await
                .expect("resolve")
                .is_some()
        );
        // Not used between 170 and 300: idle.
        assert!(
            resolve(&db, &token, at(300), life)
                .await
                .expect("resolve")
                .is_none()
        );
    }

    #[tokio::test]
    async fn a_session_ends_at_its_absolute_lifetime_even_when_used() {
        let (db, login) = db_with_account().await;
        let life = Lifetimes::default();
        let token = start(&db, &login, at(0), life).await.expect("start");
        for hour in 1..12 {
            assert!(
                resolve(&db, &token, at(hour * 60), life)
                    .await
                    .expect("resolve")
                    .is_some(),
                "hour {hour}"
            );
        }
        assert!(
            resolve(&db, &token, at(12 * 60 + 1), life)
                .await
                .expect("resolve")
                .is_none()
        );
    }

    #[tokio::test]
    async fn logout_and_logout_everywhere_end_sessions_on_the_server() {
        let (db, login) = db_with_account().await;
        let life = Lifetimes::default();
        let one = start(&db, &login, at(0), life).await.expect("start");
        let two = start(&db, &login, at(0), life).await.expect("start");
        let three = start(&db, &login, at(0), life).await.expect("start");
        end(&db, &one).await.expect("logout");
        assert!(
            resolve(&db, &one, at(1), life)
                .await
                .expect("resolve")
                .is_none()
        );
        assert!(
            resolve(&db, &two, at(1), life)
                .await
                .expect("resolve")
                .is_some()
        );
        end_all(&db, &login, login.as_str())
            .await
            .expect("everywhere");
        assert!(
            resolve(&db, &two, at(2), life)
                .await
                .expect("resolve")
                .is_none()
        );
        assert!(
            resolve(&db, &three, at(2), life)
                .await
                .expect("resolve")
                .is_none()
        );
    }

    #[tokio::test]
    async fn a_disabled_account_has_no_live_session() {
        let (db, login) = db_with_account().await;
        let life = Lifetimes::default();
        let token = start(&db, &login, at(0), life).await.expect("start");
        user::set_disabled(&db, &login, true, audit::CLI_ACTOR)
            .await
            .expect("disable");
        assert!(
            resolve(&db, &token, at(1), life)
                .await
                .expect("resolve")
                .is_none()
        );
    }

    #[tokio::test]
    async fn an_unknown_token_resolves_to_nobody() {
        let (db, _) = db_with_account().await;
        let forged = SessionToken::from_cookie(&"0".repeat(64));
        assert!(
            resolve(&db, &forged, at(0), Lifetimes::default())
                .await
                .expect("resolve")
                .is_none()
        );
    }
}
