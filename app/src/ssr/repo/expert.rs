//! Invited experts: one-time invitations, the policies each expert writes for, and their
//! public profiles.

use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use surrealdb::types::{RecordId, SurrealValue};

use super::audit::{self, AuditEntry};
use super::policy as policies;
use crate::domain::PolicyId;
use crate::domain::account::{DisplayName, LoginName};
use crate::domain::workflow::Role;
use crate::dto::PolicyLink;
use crate::dto::article::ExpertProfile;
use crate::error::AppError;
use crate::ssr::Db;
use crate::ssr::password::PasswordHash;

const INVITATIONS: &str = "invitation";
const ASSIGNMENTS: &str = "assignment";

/// How long an invitation link stays valid.
pub const INVITATION_DAYS: i64 = 7;

/// The secret in an invitation link; only its SHA-256 is stored.
pub struct InvitationToken(String);

impl InvitationToken {
    pub fn from_link(value: &str) -> Self {
        Self(value.trim().to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn record(&self) -> RecordId {
        RecordId::new(INVITATIONS, hex(&Sha256::digest(self.0.as_bytes())))
    }
}

impl std::fmt::Debug for InvitationToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InvitationToken(…)")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes a one-time invitation for an expert (named `name`) to write on `policy`; returns
/// the token for the link and when it expires.
pub async fn invite(
    db: &Db,
    policy: &PolicyId,
    name: &DisplayName,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(InvitationToken, DateTime<Utc>), AppError> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = InvitationToken(hex(&bytes));
    let expires_at = now + Duration::days(INVITATION_DAYS);
    let mut entry = AuditEntry::new(
        by,
        "expert.invite",
        Some(format!("{}:{policy}", policies::TABLE)),
    );
    entry.detail = Some(name.as_str().to_owned());
    db.query(format!(
        "BEGIN TRANSACTION;\n\
         CREATE $id CONTENT {{ policy: $policy, name: $name, created_by: $by, expires_at: $expires }};\n\
         {}\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind(("id", token.record()))
    .bind(("policy", policies::record(policy)))
    .bind(("name", name.as_str().to_owned()))
    .bind(("by", by.to_owned()))
    .bind(("expires", expires_at))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok((token, expires_at))
}

/// An invitation that can still be accepted.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
pub struct OpenInvitation {
    pub policy: PolicyLink,
    pub name: String,
    pub expires_at: DateTime<Utc>,
}

/// The invitation behind a link, if it is unused and unexpired at `now`.
pub async fn open_invitation(
    db: &Db,
    token: &InvitationToken,
    now: DateTime<Utc>,
) -> Result<Option<OpenInvitation>, AppError> {
    let rows: Vec<OpenInvitation> = db
        .query(
            "SELECT { id: record::id(policy), title: policy.title } AS policy, name, expires_at \
             FROM $id WHERE used_at = NONE AND expires_at > $now",
        )
        .bind(("id", token.record()))
        .bind(("now", now))
        .await?
        .check()?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// What an expert gives when accepting an invitation.
pub struct Acceptance {
    pub login: LoginName,
    pub display_name: DisplayName,
    pub password: PasswordHash,
    pub profile: ExpertProfile,
}

/// Accepts an invitation: creates the expert's account with its profile, assigns the
/// policy, and spends the invitation, in one transaction. A used or expired invitation
/// is a conflict; so is a login name that is taken.
pub async fn accept(
    db: &Db,
    token: &InvitationToken,
    acceptance: &Acceptance,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const SPENT: &str = "invitation spent or expired";
    #[derive(SurrealValue)]
    struct Profile {
        field: String,
        affiliation: String,
        title: String,
        bio: String,
    }
    let login = acceptance.login.as_str().to_owned();
    let user = RecordId::new(super::user::TABLE, login.as_str());
    let mut entry = AuditEntry::new(&login, "expert.accept", Some(format!("user:{login}")));
    entry.detail = Some(acceptance.display_name.as_str().to_owned());
    let sql = format!(
        "BEGIN TRANSACTION;\n\
         LET $invitation = (SELECT policy FROM ONLY $id WHERE used_at = NONE AND expires_at > $now);\n\
         IF $invitation = NONE {{ THROW '{SPENT}'; }};\n\
         CREATE $user CONTENT {{ display_name: $name, unit: NONE, roles: $roles, \
             password_hash: $hash, disabled: false, profile: $profile }};\n\
         CREATE {ASSIGNMENTS} CONTENT {{ expert: $user, policy: $invitation.policy, by: $login }};\n\
         UPDATE $id SET used_by = $login, used_at = $now;\n\
         {}\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    );
    let mut response = db
        .query(sql)
        .bind(("id", token.record()))
        .bind(("now", now))
        .bind(("user", user))
        .bind(("name", acceptance.display_name.as_str().to_owned()))
        .bind(("roles", vec![Role::Expert]))
        .bind(("hash", acceptance.password.as_stored().to_owned()))
        .bind((
            "profile",
            Profile {
                field: acceptance.profile.field.clone(),
                affiliation: acceptance.profile.affiliation.clone(),
                title: acceptance.profile.title.clone(),
                bio: acceptance.profile.bio.clone(),
            },
        ))
        .bind(("login", login))
        .bind(("audit", entry))
        .await?;
    let errors = response.take_errors();
    let messages: Vec<String> = errors.values().map(|e| e.message().to_owned()).collect();
    if messages.iter().any(|m| m.contains(SPENT)) {
        return Err(AppError::Conflict(crate::words!(
            "邀请链接已使用或已过期，请联系邀请您的编辑",
            "The invitation link was used or has expired; ask the editor who invited you"
        )));
    }
    if messages.iter().any(|m| m.contains("already exists")) {
        return Err(AppError::Invalid {
            field: "login".into(),
            message: crate::words!(
                "该登录名已被使用，请换一个",
                "This login name is taken; choose another"
            ),
        });
    }
    match errors.into_values().next() {
        Some(e) => Err(AppError::internal("accept invitation", e)),
        None => Ok(()),
    }
}

/// Assigns a policy to an existing expert (an editor's step); assigning twice is harmless.
pub async fn assign(
    db: &Db,
    expert: &LoginName,
    policy: &PolicyId,
    by: &str,
) -> Result<(), AppError> {
    let mut entry = AuditEntry::new(
        by,
        "expert.assign",
        Some(format!("{}:{policy}", policies::TABLE)),
    );
    entry.detail = Some(expert.as_str().to_owned());
    db.query(format!(
        "BEGIN TRANSACTION;\n\
         IF (SELECT VALUE id FROM {ASSIGNMENTS} WHERE expert = $expert AND policy = $policy) = [] {{\n\
             CREATE {ASSIGNMENTS} CONTENT {{ expert: $expert, policy: $policy, by: $by }};\n\
             {}\n\
         }};\n\
         COMMIT TRANSACTION;",
        audit::APPEND
    ))
    .bind((
        "expert",
        RecordId::new(super::user::TABLE, expert.as_str()),
    ))
    .bind(("policy", policies::record(policy)))
    .bind(("by", by.to_owned()))
    .bind(("audit", entry))
    .await?
    .check()?;
    Ok(())
}

/// Whether the expert `login` writes for `policy`.
pub async fn is_assigned(db: &Db, login: &str, policy: &PolicyId) -> Result<bool, AppError> {
    let rows: Vec<RecordId> = db
        .query(format!(
            "SELECT VALUE id FROM {ASSIGNMENTS} WHERE expert = $expert AND policy = $policy"
        ))
        .bind(("expert", RecordId::new(super::user::TABLE, login)))
        .bind(("policy", policies::record(policy)))
        .await?
        .check()?
        .take(0)?;
    Ok(!rows.is_empty())
}

/// The policies the expert `login` writes for.
pub async fn assignments(db: &Db, login: &str) -> Result<Vec<PolicyLink>, AppError> {
    let rows: Vec<PolicyLink> = db
        .query(format!(
            "SELECT record::id(policy) AS id, policy.title AS title, at FROM {ASSIGNMENTS} \
             WHERE expert = $expert ORDER BY at DESC"
        ))
        .bind(("expert", RecordId::new(super::user::TABLE, login)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows)
}

/// Sets an expert's profile (demo data, and the expert's own edits).
pub async fn set_profile(db: &Db, login: &str, profile: &ExpertProfile) -> Result<(), AppError> {
    db.query(
        "UPDATE $id SET profile = { field: $field, affiliation: $affiliation, title: $title, bio: $bio }",
    )
    .bind(("id", RecordId::new(super::user::TABLE, login)))
    .bind(("field", profile.field.clone()))
    .bind(("affiliation", profile.affiliation.clone()))
    .bind(("title", profile.title.clone()))
    .bind(("bio", profile.bio.clone()))
    .await?
    .check()?;
    Ok(())
}

/// The experts writing on a policy, as "name（affiliation）".
pub async fn assignments_of_policy(db: &Db, policy: &PolicyId) -> Result<Vec<String>, AppError> {
    #[derive(SurrealValue)]
    struct Row {
        name: String,
        affiliation: Option<String>,
    }
    let rows: Vec<Row> = db
        .query(format!(
            "SELECT expert.display_name AS name, expert.profile.affiliation AS affiliation \
             FROM {ASSIGNMENTS} WHERE policy = $policy ORDER BY at"
        ))
        .bind(("policy", policies::record(policy)))
        .await?
        .check()?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| match r.affiliation.filter(|a| !a.is_empty()) {
            Some(a) => format!("{}（{a}）", r.name),
            None => r.name,
        })
        .collect())
}
