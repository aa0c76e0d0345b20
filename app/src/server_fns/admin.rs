//! Administration: accounts, units and taxonomies. Admins only.
//!
//! Every form here answers a page the way the desk forms do: a rejected attempt comes back
//! to `/admin` with what was typed and the problem beside its field.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::dto::AdminOverview;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::{domain::FieldError, dto::AdminAttempt, ssr::Db};

/// Everything the administration page lists, and the attempt stashed under `stash` if
/// the last form posted from it was rejected.
#[server(input = GetUrl, prefix = "/api", endpoint = "admin")]
pub async fn get_admin(stash: Option<String>) -> Result<AdminOverview, AppError> {
    use crate::ssr::repo::taxonomy::{self, Taxonomy};
    use crate::ssr::repo::user;
    super::respond(
        async {
            let admin = require_admin().await?;
            let db = crate::ssr::state::db()?;
            let (attempt, errors) = match super::stashed(&db, stash, &admin.login).await? {
                Some((attempt, errors)) => (Some(attempt), errors),
                None => (None, Vec::new()),
            };
            Ok(AdminOverview {
                users: user::list_all(&db).await?,
                units: taxonomy::options(taxonomy::list(&db, Taxonomy::Unit).await?),
                directories: taxonomy::options(taxonomy::list(&db, Taxonomy::Directory).await?),
                key_areas: taxonomy::options(taxonomy::list(&db, Taxonomy::KeyArea).await?),
                attempt,
                errors,
            })
        }
        .await,
    )
}

/// Creates an account. Each role is a checkbox of the form; every field is checked and
/// every problem reported.
#[server(prefix = "/api", endpoint = "admin_add_user")]
pub async fn admin_add_user(
    #[server(flatten)] form: crate::dto::NewUserForm,
) -> Result<(), AppError> {
    use crate::domain::workflow::Role;
    let roles: Vec<Role> = [
        (form.role_editor, Role::Editor),
        (form.role_reviewer, Role::Reviewer),
        (form.role_expert, Role::Expert),
        (form.role_admin, Role::Admin),
    ]
    .into_iter()
    .filter_map(|(checked, role)| checked.then_some(role))
    .collect();
    let password = form.password;
    let attempt = AdminAttempt::AddUser {
        login: form.login,
        name: form.name,
        unit: form.unit,
        roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
    };
    admin_form(attempt, "#users", async |admin, db, attempt| {
        let AdminAttempt::AddUser {
            login, name, unit, ..
        } = attempt
        else {
            unreachable!("built above")
        };
        add_user(admin, db, login, name, unit, &roles, &password).await
    })
    .await
}

/// Disables (or enables again) an account; disabling ends its sessions.
#[server(prefix = "/api", endpoint = "admin_set_disabled")]
pub async fn admin_set_disabled(login: String, disabled: bool) -> Result<(), AppError> {
    let attempt = AdminAttempt::Account {
        login: login.clone(),
    };
    admin_form(attempt, "#users", async |admin, db, _| {
        use crate::domain::account::LoginName;
        use crate::ssr::repo::{session, user};
        let login = match LoginName::parse(&login) {
            Ok(login) => login,
            Err(m) => return Err(AppError::Rejected(vec![FieldError::new("login", m)])),
        };
        if login.as_str() == admin.login {
            return Err(AppError::Conflict(crate::words!(
                "不能停用自己的账号",
                "You cannot deactivate your own account"
            )));
        }
        user::set_disabled(db, &login, disabled, &admin.login).await?;
        if disabled {
            session::end_all(db, &login, &admin.login).await?;
        }
        Ok(())
    })
    .await
}

/// Adds or renames a unit, a 公开目录 term or a 重点领域 term (`kind`: unit, directory,
/// key_area). A new term goes to the end of its list.
#[server(prefix = "/api", endpoint = "admin_save_term")]
pub async fn admin_save_term(kind: String, code: String, name: String) -> Result<(), AppError> {
    let attempt = AdminAttempt::Term { kind, code, name };
    let anchor = term_anchor(&attempt);
    admin_form(attempt, &anchor, async |admin, db, attempt| {
        use crate::ssr::repo::taxonomy;
        let (taxonomy, code, name) = match parse_term(attempt, true) {
            Ok(parsed) => parsed,
            Err(errors) => return Err(AppError::Rejected(errors)),
        };
        let saved = taxonomy::save(db, taxonomy, &code, &name, &admin.login).await?;
        crate::ssr::state::publish(saved)
    })
    .await
}

/// Moves a term one place up or down its list (`direction`: up, down).
#[server(prefix = "/api", endpoint = "admin_move_term")]
pub async fn admin_move_term(
    kind: String,
    code: String,
    direction: String,
) -> Result<(), AppError> {
    let attempt = AdminAttempt::Term {
        kind,
        code,
        name: String::new(),
    };
    let anchor = term_anchor(&attempt);
    admin_form(attempt, &anchor, async |admin, db, attempt| {
        use crate::ssr::repo::taxonomy::{self, Direction};
        let direction = match direction.as_str() {
            "up" => Direction::Up,
            "down" => Direction::Down,
            _ => {
                return Err(AppError::Rejected(vec![FieldError::new(
                    "direction",
                    crate::words!("方向须为 up 或 down", "The direction is up or down"),
                )]));
            }
        };
        let (taxonomy, code, _) = match parse_term(attempt, false) {
            Ok(parsed) => parsed,
            Err(errors) => return Err(AppError::Rejected(errors)),
        };
        match taxonomy::move_term(db, taxonomy, &code, direction, &admin.login).await {
            Err(AppError::NotFound) => Err(AppError::Rejected(vec![no_such_term(&code)])),
            moved => crate::ssr::state::publish(moved?),
        }
    })
    .await
}

/// Removes a term that no policy or account uses.
#[server(prefix = "/api", endpoint = "admin_remove_term")]
pub async fn admin_remove_term(kind: String, code: String) -> Result<(), AppError> {
    let attempt = AdminAttempt::Term {
        kind,
        code,
        name: String::new(),
    };
    let anchor = term_anchor(&attempt);
    admin_form(attempt, &anchor, async |admin, db, attempt| {
        use crate::ssr::repo::taxonomy;
        let (taxonomy, code, _) = match parse_term(attempt, false) {
            Ok(parsed) => parsed,
            Err(errors) => return Err(AppError::Rejected(errors)),
        };
        if !taxonomy::codes(db, taxonomy)
            .await?
            .iter()
            .any(|c| c == code.as_str())
        {
            return Err(AppError::Rejected(vec![no_such_term(&code)]));
        }
        let removed = taxonomy::remove(db, taxonomy, &code, &admin.login).await?;
        crate::ssr::state::publish(removed)
    })
    .await
}

#[cfg(feature = "ssr")]
async fn require_admin() -> Result<crate::dto::Account, AppError> {
    crate::ssr::auth::require(|a| a.actor().has(crate::domain::workflow::Role::Admin)).await
}

/// Runs an administration form for a signed-in admin and answers it: a page goes back to
/// `/admin` (at `anchor`), with the attempt when it was rejected.
#[cfg(feature = "ssr")]
async fn admin_form(
    attempt: AdminAttempt,
    anchor: &str,
    work: impl AsyncFnOnce(&crate::dto::Account, &Db, &AdminAttempt) -> Result<(), AppError>,
) -> Result<(), AppError> {
    let admin = match require_admin().await {
        Ok(admin) => admin,
        Err(e) => return super::respond(Err(e)),
    };
    let db = match crate::ssr::state::db() {
        Ok(db) => db,
        Err(e) => return super::respond(Err(e)),
    };
    let outcome = work(&admin, &db, &attempt).await;
    let page = format!("/admin{anchor}");
    super::finish_form(&db, &admin.login, &page, &attempt, outcome, |_| {
        page.clone()
    })
    .await
}

/// Checks the fields of a new account and creates it.
#[cfg(feature = "ssr")]
async fn add_user(
    admin: &crate::dto::Account,
    db: &Db,
    login: &str,
    name: &str,
    unit: &str,
    roles: &[crate::domain::workflow::Role],
    password: &str,
) -> Result<(), AppError> {
    use crate::domain::TaxonomyCode;
    use crate::domain::account::{DisplayName, LoginName, NewPassword};
    use crate::domain::workflow::Role;
    use crate::ssr::password::PasswordHash;
    use crate::ssr::repo::taxonomy::{self, Taxonomy};
    use crate::ssr::repo::user;
    let mut errors = Vec::new();
    let login = LoginName::parse(login)
        .map_err(|m| errors.push(FieldError::new("login", m)))
        .ok();
    let display_name = DisplayName::parse(name)
        .map_err(|m| errors.push(FieldError::new("name", m)))
        .ok();
    let unit = match Some(unit.trim()).filter(|u| !u.is_empty()) {
        None if roles.contains(&Role::Editor) => {
            errors.push(FieldError::new(
                "unit",
                crate::words!("编辑须属于一个单位", "An editor belongs to a unit"),
            ));
            None
        }
        None => None,
        Some(raw) => match TaxonomyCode::parse(raw) {
            Ok(code)
                if taxonomy::codes(db, Taxonomy::Unit)
                    .await?
                    .iter()
                    .any(|c| c == code.as_str()) =>
            {
                Some(code)
            }
            _ => {
                errors.push(FieldError::new(
                    "unit",
                    crate::words!("单位“{raw}”不存在", "The unit “{raw}” does not exist"),
                ));
                None
            }
        },
    };
    if roles.is_empty() {
        errors.push(FieldError::new(
            "roles",
            crate::words!("至少选择一个角色", "Choose at least one role"),
        ));
    }
    let password = NewPassword::parse(password)
        .map_err(|m| errors.push(FieldError::new("password", m)))
        .ok();
    let (Some(login), Some(display_name), Some(password), true) =
        (login, display_name, password, errors.is_empty())
    else {
        return Err(AppError::Rejected(errors));
    };
    let account = user::NewAccount {
        login,
        display_name,
        unit,
        roles: roles.to_vec(),
        password: PasswordHash::new(&password).await?,
    };
    user::create(db, &account, &admin.login).await?;
    Ok(())
}

/// Where on the page a term form sits.
#[cfg(feature = "ssr")]
fn term_anchor(attempt: &AdminAttempt) -> String {
    match attempt {
        AdminAttempt::Term { kind, .. } if kind_of(kind).is_some() => format!("#terms-{kind}"),
        _ => String::new(),
    }
}

#[cfg(feature = "ssr")]
fn kind_of(kind: &str) -> Option<crate::ssr::repo::taxonomy::Taxonomy> {
    use crate::ssr::repo::taxonomy::Taxonomy;
    match kind {
        "unit" => Some(Taxonomy::Unit),
        "directory" => Some(Taxonomy::Directory),
        "key_area" => Some(Taxonomy::KeyArea),
        _ => None,
    }
}

/// The taxonomy, code and (when `named`) name of a term form, or each problem.
#[cfg(feature = "ssr")]
fn parse_term(
    attempt: &AdminAttempt,
    named: bool,
) -> Result<
    (
        crate::ssr::repo::taxonomy::Taxonomy,
        crate::domain::TaxonomyCode,
        String,
    ),
    Vec<FieldError>,
> {
    use crate::domain::TaxonomyCode;
    let AdminAttempt::Term { kind, code, name } = attempt else {
        return Err(vec![FieldError::new(
            "form",
            crate::words!("不是分类表单", "This is not a taxonomy form"),
        )]);
    };
    let mut errors = Vec::new();
    let taxonomy = kind_of(kind);
    if taxonomy.is_none() {
        errors.push(FieldError::new(
            "kind",
            crate::words!(
                "“{kind}”不是可维护的分类",
                "“{kind}” is not a taxonomy that can be maintained"
            ),
        ));
    }
    let code = TaxonomyCode::parse(code)
        .map_err(|m| errors.push(FieldError::new("code", m)))
        .ok();
    let name = name.trim().to_owned();
    if named && (name.is_empty() || name.chars().count() > 100) {
        errors.push(FieldError::new(
            "name",
            crate::words!("名称须为 1–100 个字", "A name has 1–100 characters"),
        ));
    }
    match (taxonomy, code) {
        (Some(taxonomy), Some(code)) if errors.is_empty() => Ok((taxonomy, code, name)),
        _ => Err(errors),
    }
}

#[cfg(feature = "ssr")]
fn no_such_term(code: &crate::domain::TaxonomyCode) -> FieldError {
    FieldError::new(
        "code",
        crate::words!("“{code}”不存在", "“{code}” does not exist"),
    )
}
