//! Registering policies on the desk.

// A server function takes one argument per form field, so that a plain HTML form posts to
// it; the client stub the macro generates for the wasm build inherits that arity.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::dto::PolicyFormPage;
use crate::error::AppError;

/// The new-policy form for an editor: the taxonomies, and the attempt stashed under
/// `stash` if the last submission was rejected.
#[server(input = GetUrl, prefix = "/api", endpoint = "policy_form")]
pub async fn get_policy_form(stash: Option<String>) -> Result<PolicyFormPage, AppError> {
    use crate::domain::workflow::Role;
    use crate::dto::FacetOption;
    use crate::ssr::repo::{stash as stashes, taxonomy};
    use crate::ssr::{auth, repo::taxonomy::Taxonomy};
    super::respond(
        async {
            let account =
                auth::require(|a| a.actor().has(Role::Editor) && a.unit.is_some()).await?;
            let db = crate::ssr::state::db()?;
            let options = |terms: Vec<taxonomy::Term>| -> Vec<FacetOption> {
                terms
                    .into_iter()
                    .map(|t| FacetOption {
                        code: t.code,
                        name: t.name,
                        count: 0,
                    })
                    .collect()
            };
            let unit = account.unit.clone().unwrap_or_default();
            let unit_name = taxonomy::list(&db, Taxonomy::Unit)
                .await?
                .into_iter()
                .find(|t| t.code == unit)
                .map_or(unit, |t| t.name);
            let (values, errors) = match stash {
                Some(key) => {
                    match stashes::get(&db, &key, &account.login, chrono::Utc::now()).await? {
                        Some((payload, errors)) => (
                            serde_json::from_str(&payload).unwrap_or_default(),
                            serde_json::from_str(&errors).unwrap_or_default(),
                        ),
                        None => Default::default(),
                    }
                }
                None => Default::default(),
            };
            Ok(PolicyFormPage {
                unit_name,
                directories: options(taxonomy::list(&db, Taxonomy::Directory).await?),
                key_areas: options(taxonomy::list(&db, Taxonomy::KeyArea).await?),
                values,
                errors,
            })
        }
        .await,
    )
}

/// Registers a draft policy of the editor's unit. Every field is checked; a rejected form
/// from a page comes back to the form with what was typed and each problem by its field;
/// a script gets 400 naming the first field.
#[server(prefix = "/api", endpoint = "create_policy")]
pub async fn create_policy(
    title: String,
    doc_number: String,
    directory: String,
    key_area: String,
    signed_on: String,
    disclosure: String,
    disclosure_reason: String,
    major: Option<String>,
    body: String,
) -> Result<String, AppError> {
    use crate::domain::workflow::Role;
    use crate::domain::{FieldError, NewPolicy, PolicyInput};
    use crate::dto::PolicyForm;
    use crate::ssr::auth;
    use crate::ssr::repo::taxonomy::{self, Taxonomy};
    use crate::ssr::repo::{policy, stash};
    let form = PolicyForm {
        title,
        doc_number,
        directory,
        key_area,
        signed_on,
        disclosure,
        disclosure_reason,
        major: major.is_some(),
        body,
    };
    let account = match auth::require(|a| a.actor().has(Role::Editor) && a.unit.is_some()).await {
        Ok(account) => account,
        Err(e) => return super::respond(Err(e)),
    };
    let db = match crate::ssr::state::db() {
        Ok(db) => db,
        Err(e) => return super::respond(Err(e)),
    };
    let input = PolicyInput {
        title: form.title.clone(),
        doc_number: Some(form.doc_number.clone()),
        unit: account.unit.clone().unwrap_or_default(),
        signed_on: form.signed_on.clone(),
        status: "draft".into(),
        directory: form.directory.clone(),
        key_area: Some(form.key_area.clone()),
        disclosure: form.disclosure.clone(),
        disclosure_reason: Some(form.disclosure_reason.clone()),
        validity: "effective".into(),
        major: form.major,
        body: form.body.clone(),
        ..PolicyInput::default()
    };
    let mut errors = Vec::new();
    let parsed = NewPolicy::parse(&input).map_err(|e| errors.extend(e)).ok();
    // References must exist: a draft never points at a term that is not there.
    let known = |taxonomy, code: &str| {
        let db = db.clone();
        let code = code.trim().to_ascii_lowercase();
        async move { Ok::<_, AppError>(taxonomy::codes(&db, taxonomy).await?.contains(&code)) }
    };
    let directory_known = known(Taxonomy::Directory, &form.directory).await;
    let key_area_known = known(Taxonomy::KeyArea, &form.key_area).await;
    match directory_known {
        Ok(false) if !errors.iter().any(|e: &FieldError| e.field == "directory") => {
            errors.push(FieldError::new("directory", "请选择公开目录"));
        }
        Err(e) => return super::respond(Err(e)),
        _ => {}
    }
    match key_area_known {
        Ok(false) if !form.key_area.trim().is_empty() => {
            errors.push(FieldError::new("key_area", "所选重点领域不存在"))
        }
        Err(e) => return super::respond(Err(e)),
        _ => {}
    }
    let result = match parsed {
        Some(p) if errors.is_empty() => policy::create_draft(&db, &p, &account.login)
            .await
            .map(|id| id.to_string()),
        _ => Err(AppError::from(
            errors
                .first()
                .cloned()
                .unwrap_or_else(|| FieldError::new("form", "表单有误")),
        )),
    };
    if !auth::wants_html() {
        return super::respond(result);
    }
    match &result {
        Ok(id) => leptos_axum::redirect(&format!("/desk/policies/{id}")),
        Err(_) => {
            let payload = serde_json::to_string(&form).map_err(|e| AppError::internal("stash", e));
            let listed = serde_json::to_string(&errors).map_err(|e| AppError::internal("stash", e));
            let key = match (payload, listed) {
                (Ok(payload), Ok(listed)) => {
                    stash::put(&db, &account.login, payload, listed, chrono::Utc::now()).await
                }
                (Err(e), _) | (_, Err(e)) => Err(e),
            };
            match key {
                Ok(key) => leptos_axum::redirect(&format!("/desk/policies/new?stash={key}")),
                Err(e) => return super::respond(Err(e)),
            }
        }
    }
    result
}
