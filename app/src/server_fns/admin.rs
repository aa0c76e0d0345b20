//! Administration: accounts, units and taxonomies. Admins only.

// A server function takes one argument per form field (roles are checkboxes), and the
// client stub the macro generates for the wasm build inherits that arity.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::dto::AdminOverview;
use crate::error::AppError;

#[cfg(feature = "ssr")]
async fn require_admin() -> Result<crate::dto::Account, AppError> {
    crate::ssr::auth::require(|a| a.actor().has(crate::domain::workflow::Role::Admin)).await
}

/// Everything the administration page lists.
#[server(input = GetUrl, prefix = "/api", endpoint = "admin")]
pub async fn get_admin() -> Result<AdminOverview, AppError> {
    use crate::ssr::repo::taxonomy::{self, Taxonomy};
    use crate::ssr::repo::user;
    super::respond(
        async {
            require_admin().await?;
            let db = crate::ssr::state::db()?;
            Ok(AdminOverview {
                users: user::list_all(&db).await?,
                units: taxonomy::options(taxonomy::list(&db, Taxonomy::Unit).await?),
                directories: taxonomy::options(taxonomy::list(&db, Taxonomy::Directory).await?),
                key_areas: taxonomy::options(taxonomy::list(&db, Taxonomy::KeyArea).await?),
            })
        }
        .await,
    )
}

/// Creates an account. Each role is a checkbox of the form.
#[server(prefix = "/api", endpoint = "admin_add_user")]
pub async fn admin_add_user(
    login: String,
    name: String,
    unit: String,
    password: String,
    role_editor: Option<String>,
    role_reviewer: Option<String>,
    role_expert: Option<String>,
    role_admin: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::FieldError;
    use crate::domain::TaxonomyCode;
    use crate::domain::account::{DisplayName, LoginName, NewPassword};
    use crate::domain::workflow::Role;
    use crate::ssr::password::PasswordHash;
    use crate::ssr::repo::taxonomy::{self, Taxonomy};
    use crate::ssr::repo::user;
    super::respond(
        async {
            let admin = require_admin().await?;
            let db = crate::ssr::state::db()?;
            let login = LoginName::parse(&login).map_err(|m| FieldError::new("login", m))?;
            let display_name = DisplayName::parse(&name).map_err(|m| FieldError::new("name", m))?;
            let unit = Some(unit.trim())
                .filter(|u| !u.is_empty())
                .map(|u| TaxonomyCode::parse(u).map_err(|m| FieldError::new("unit", m)))
                .transpose()?;
            if let Some(code) = &unit
                && !taxonomy::codes(&db, Taxonomy::Unit)
                    .await?
                    .iter()
                    .any(|c| c == code.as_str())
            {
                return Err(FieldError::new("unit", format!("单位“{code}”不存在")).into());
            }
            let roles: Vec<Role> = [
                (role_editor, Role::Editor),
                (role_reviewer, Role::Reviewer),
                (role_expert, Role::Expert),
                (role_admin, Role::Admin),
            ]
            .into_iter()
            .filter_map(|(checked, role)| checked.map(|_| role))
            .collect();
            if roles.is_empty() {
                return Err(FieldError::new("roles", "至少选择一个角色").into());
            }
            if roles.contains(&Role::Editor) && unit.is_none() {
                return Err(FieldError::new("unit", "编辑须属于一个单位").into());
            }
            let password =
                NewPassword::parse(&password).map_err(|m| FieldError::new("password", m))?;
            let account = user::NewAccount {
                login,
                display_name,
                unit,
                roles,
                password: PasswordHash::new(&password)?,
            };
            user::create(&db, &account, &admin.login).await
        }
        .await,
    )
}

/// Disables (or enables again) an account; disabling ends its sessions.
#[server(prefix = "/api", endpoint = "admin_set_disabled")]
pub async fn admin_set_disabled(login: String, disabled: bool) -> Result<(), AppError> {
    use crate::domain::FieldError;
    use crate::domain::account::LoginName;
    use crate::ssr::repo::{session, user};
    super::respond(
        async {
            let admin = require_admin().await?;
            let db = crate::ssr::state::db()?;
            let login = LoginName::parse(&login).map_err(|m| FieldError::new("login", m))?;
            if login.as_str() == admin.login {
                return Err(AppError::Conflict("不能停用自己的账号".into()));
            }
            user::set_disabled(&db, &login, disabled, &admin.login).await?;
            if disabled {
                session::end_all(&db, &login, &admin.login).await?;
            }
            Ok(())
        }
        .await,
    )
}

/// Adds or renames a unit, a 公开目录 term or a 重点领域 term (`kind`: unit, directory,
/// key_area).
#[server(prefix = "/api", endpoint = "admin_save_term")]
pub async fn admin_save_term(kind: String, code: String, name: String) -> Result<(), AppError> {
    use crate::domain::{FieldError, TaxonomyCode};
    use crate::ssr::repo::taxonomy::{self, Taxonomy, Term};
    super::respond(
        async {
            require_admin().await?;
            let db = crate::ssr::state::db()?;
            let taxonomy = match kind.as_str() {
                "unit" => Taxonomy::Unit,
                "directory" => Taxonomy::Directory,
                "key_area" => Taxonomy::KeyArea,
                other => {
                    return Err(
                        FieldError::new("kind", format!("“{other}”不是可维护的分类")).into(),
                    );
                }
            };
            let code = TaxonomyCode::parse(&code).map_err(|m| FieldError::new("code", m))?;
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 100 {
                return Err(FieldError::new("name", "名称须为 1–100 个字").into());
            }
            let existing = taxonomy::list(&db, taxonomy).await?;
            let position = existing
                .iter()
                .find(|t| t.code == code.as_str())
                .map_or(existing.len() as i64 + 1, |t| t.position);
            let category = existing
                .iter()
                .find(|t| t.code == code.as_str())
                .and_then(|t| t.category.clone());
            taxonomy::upsert(
                &db,
                taxonomy,
                &Term {
                    code: code.to_string(),
                    name: name.to_owned(),
                    category,
                    position,
                },
            )
            .await
        }
        .await,
    )
}
