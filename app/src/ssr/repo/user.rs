//! Accounts. A password hash is read only by `credentials`, for signing in.

use surrealdb::types::{RecordId, SurrealValue};

use super::audit::{self, AuditEntry};
use super::key_of;
use super::taxonomy::Taxonomy;
use super::write_error;
use crate::domain::TaxonomyCode;
use crate::domain::account::{DisplayName, LoginName};
use crate::domain::workflow::Role;
pub use crate::dto::Account;
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::password::PasswordHash;

pub const TABLE: &str = "user";

pub fn record(login: &LoginName) -> RecordId {
    RecordId::new(TABLE, login.as_str())
}

/// How the audit trail names an account: `user:{login}`.
pub fn subject(login: &LoginName) -> String {
    format!("{TABLE}:{login}")
}

/// A new account, every field parsed.
#[derive(Debug)]
pub struct NewAccount {
    pub login: LoginName,
    pub display_name: DisplayName,
    pub unit: Option<TaxonomyCode>,
    pub roles: Vec<Role>,
    pub password: PasswordHash,
}

#[derive(SurrealValue)]
struct AccountContent {
    display_name: String,
    unit: Option<RecordId>,
    roles: Vec<Role>,
    password_hash: String,
    disabled: bool,
}

#[derive(SurrealValue)]
struct AccountRow {
    login: String,
    display_name: String,
    unit: Option<RecordId>,
    roles: Vec<Role>,
    disabled: bool,
    password_hash: String,
}

impl AccountRow {
    fn split(self) -> (Account, PasswordHash) {
        (
            Account {
                login: self.login,
                display_name: self.display_name,
                unit: self.unit.as_ref().map(key_of),
                roles: self.roles,
                disabled: self.disabled,
            },
            PasswordHash::from_stored(self.password_hash),
        )
    }
}

const SELECT_ROW: &str =
    "SELECT record::id(id) AS login, display_name, unit, roles, disabled, password_hash FROM $id";

/// Creates an account, audited as done by `actor`. A taken login name is a conflict.
pub async fn create(db: &Db, account: &NewAccount, actor: &str) -> Result<(), AppError> {
    let content = AccountContent {
        display_name: account.display_name.as_str().to_owned(),
        unit: account.unit.as_ref().map(|u| Taxonomy::Unit.record(u)),
        roles: account.roles.clone(),
        password_hash: account.password.as_stored().to_owned(),
        disabled: false,
    };
    let id = record(&account.login);
    let entry = AuditEntry::new(actor, "user.create", Some(subject(&account.login)));
    db.query(format!(
        "BEGIN TRANSACTION; CREATE $id CONTENT $content; {} COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("id", id))
    .bind(("content", content))
    .bind(("audit", entry))
    .await
    .and_then(|r| r.check())
    .map_err(|e| write_error("user create", e))?;
    Ok(())
}

/// The account with this login name, if any.
pub async fn get(db: &Db, login: &LoginName) -> Result<Option<Account>, AppError> {
    Ok(credentials(db, login).await?.map(|(account, _)| account))
}

/// The account and its password hash, for signing in only.
pub async fn credentials(
    db: &Db,
    login: &LoginName,
) -> Result<Option<(Account, PasswordHash)>, AppError> {
    let rows: Vec<AccountRow> = db
        .query(SELECT_ROW)
        .bind(("id", record(login)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next().map(AccountRow::split))
}

/// Every account, by unit then login name.
pub async fn list_all(db: &Db) -> Result<Vec<Account>, AppError> {
    let rows: Vec<AccountRow> = db
        .query(
            "SELECT record::id(id) AS login, display_name, unit, roles, disabled, password_hash \
             FROM type::table($table) ORDER BY unit, login",
        )
        .bind(("table", TABLE))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().map(|r| r.split().0).collect())
}

/// Runs one audited update of an existing account; `NotFound` if there is none.
async fn update(
    db: &Db,
    login: &LoginName,
    set: &'static str,
    value: impl SurrealValue,
    entry: AuditEntry,
) -> Result<(), AppError> {
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         LET $found = (UPDATE $id SET {set} RETURN VALUE id);\n\
         IF array::len($found) = 0 {{ THROW 'no such account'; }};\n\
         {}\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    );
    let response = db
        .query(sql)
        .bind(("id", record(login)))
        .bind(("value", value))
        .bind(("audit", entry))
        .await?;
    super::guarded(
        response,
        "no such account",
        AppError::NotFound,
        "user update",
    )
}

/// Replaces an account's password.
pub async fn set_password(
    db: &Db,
    login: &LoginName,
    hash: &PasswordHash,
    actor: &str,
) -> Result<(), AppError> {
    let entry = AuditEntry::new(actor, "user.password", Some(subject(login)));
    update(
        db,
        login,
        "password_hash = $value",
        hash.as_stored().to_owned(),
        entry,
    )
    .await
}

/// Disables or re-enables an account. A disabled account cannot sign in.
pub async fn set_disabled(
    db: &Db,
    login: &LoginName,
    disabled: bool,
    actor: &str,
) -> Result<(), AppError> {
    let action = if disabled {
        "user.disable"
    } else {
        "user.enable"
    };
    let entry = AuditEntry::new(actor, action, Some(subject(login)));
    update(db, login, "disabled = $value", disabled, entry).await
}

/// The latest audit records of one account, newest first, without its sign-ins (the
/// desk's "what I did recently").
pub async fn own_activity(
    db: &Db,
    login: &str,
    limit: u32,
) -> Result<Vec<audit::AuditRecord>, AppError> {
    let rows = db
        .query(format!(
            "SELECT {} FROM audit WHERE actor = $login AND !string::starts_with(action, 'session.') \
             ORDER BY at DESC LIMIT $limit",
            audit::RECORD_FIELDS
        ))
        .bind(("login", login.to_owned()))
        .bind(("limit", i64::from(limit)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows)
}

/// The latest audit records made by the accounts of one unit, newest first, without their
/// sign-ins (the desk's activity list).
pub async fn recent_activity(
    db: &Db,
    unit: &TaxonomyCode,
    limit: u32,
) -> Result<Vec<audit::AuditRecord>, AppError> {
    let rows = db
        .query(format!(
            "SELECT {} FROM audit \
             WHERE actor IN (SELECT VALUE record::id(id) FROM user WHERE unit = $unit) \
             AND !string::starts_with(action, 'session.') ORDER BY at DESC LIMIT $limit",
            audit::RECORD_FIELDS
        ))
        .bind(("unit", Taxonomy::Unit.record(unit)))
        .bind(("limit", i64::from(limit)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::NewPassword;
    use crate::ssr::db::memory_db;
    use crate::ssr::tooling::fixtures;

    async fn new_account(login: &str) -> NewAccount {
        NewAccount {
            login: LoginName::parse(login).expect("login"),
            display_name: DisplayName::parse("彭新兰").expect("name"),
            unit: Some(TaxonomyCode::parse("czj").expect("unit")),
            roles: vec![Role::Editor],
            password: PasswordHash::new(&NewPassword::parse("hengdong-2016!").expect("pw"))
                .await
                .expect("hash"),
        }
    }

    #[tokio::test]
    async fn create_read_and_audit() {
        let db = memory_db().await.expect("db");
        fixtures::load_taxonomies(&db).await.expect("taxonomies");
        create(&db, &new_account("czj-editor").await, audit::CLI_ACTOR)
            .await
            .expect("create");
        let login = LoginName::parse("czj-editor").expect("login");
        let account = get(&db, &login).await.expect("get").expect("exists");
        assert_eq!(account.unit.as_deref(), Some("czj"));
        assert_eq!(account.roles, [Role::Editor]);
        assert!(!account.disabled);
        let (_, hash) = credentials(&db, &login)
            .await
            .expect("creds")
            .expect("exists");
        assert!(hash.verify("hengdong-2016!").await);
        let history = audit::history(&db, &subject(&login))
            .await
            .expect("history");
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].entry.action, "user.create");
    }

    #[tokio::test]
    async fn a_taken_login_is_a_conflict() {
        let db = memory_db().await.expect("db");
        create(&db, &new_account("dup-user").await, audit::CLI_ACTOR)
            .await
            .expect("first");
        let err = create(&db, &new_account("dup-user").await, audit::CLI_ACTOR)
            .await
            .expect_err("second");
        assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    }

    #[tokio::test]
    async fn password_and_disable_update_an_existing_account_only() {
        let db = memory_db().await.expect("db");
        create(&db, &new_account("someone").await, audit::CLI_ACTOR)
            .await
            .expect("create");
        let login = LoginName::parse("someone").expect("login");
        let hash = PasswordHash::new(&NewPassword::parse("another-pass-1").expect("pw"))
            .await
            .expect("hash");
        set_password(&db, &login, &hash, audit::CLI_ACTOR)
            .await
            .expect("passwd");
        let (_, stored) = credentials(&db, &login)
            .await
            .expect("creds")
            .expect("exists");
        assert!(stored.verify("another-pass-1").await);
        assert!(!stored.verify("hengdong-2016!").await);

        set_disabled(&db, &login, true, audit::CLI_ACTOR)
            .await
            .expect("disable");
        assert!(
            get(&db, &login)
                .await
                .expect("get")
                .expect("exists")
                .disabled
        );

        let ghost = LoginName::parse("nobody").expect("login");
        assert_eq!(
            set_disabled(&db, &ghost, true, audit::CLI_ACTOR).await,
            Err(AppError::NotFound)
        );
        assert_eq!(get(&db, &ghost).await.expect("get"), None);
        let actions: Vec<String> = audit::history(&db, &subject(&login))
            .await
            .expect("history")
            .into_iter()
            .map(|r| r.entry.action)
            .collect();
        assert_eq!(actions, ["user.create", "user.password", "user.disable"]);
    }
}
