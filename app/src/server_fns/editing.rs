//! Registering policies on the desk.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::dto::PolicyFormPage;
use crate::error::AppError;

/// The new-policy form for an editor: the taxonomies, and the attempt stashed under
/// `stash` if the last submission was rejected.
#[server(input = GetUrl, prefix = "/api", endpoint = "policy_form")]
pub async fn get_policy_form(
    stash: Option<String>,
    id: Option<String>,
) -> Result<PolicyFormPage, AppError> {
    use crate::domain::workflow::Role;
    use crate::ssr::repo::taxonomy;
    use crate::ssr::{auth, repo::taxonomy::Taxonomy};
    super::respond(
        async {
            let account =
                auth::require(|a| a.actor().has(Role::Editor) && a.unit.is_some()).await?;
            let db = crate::ssr::state::db()?;
            let unit = account.unit.clone().unwrap_or_default();
            let unit_name = taxonomy::list(&db, Taxonomy::Unit)
                .await?
                .into_iter()
                .find(|t| t.code == unit)
                .map_or(unit, |t| t.name);
            // Editing: the policy's current values, if this editor may edit it now (a
            // draft), or propose a change to it (published).
            let (current, published) = match &id {
                Some(raw) => {
                    let pid =
                        crate::domain::PolicyId::parse(raw).map_err(|_| AppError::NotFound)?;
                    let (values, status) = editable(&db, &account.actor(), &pid).await?;
                    (
                        Some(values),
                        status == crate::domain::PolicyStatus::Published,
                    )
                }
                None => (None, false),
            };
            let (values, errors) = match super::stashed(&db, stash, &account.login).await? {
                Some(attempt) => attempt,
                None => (current.unwrap_or_default(), Vec::new()),
            };
            Ok(PolicyFormPage {
                id,
                published,
                unit_name,
                directories: taxonomy::options(taxonomy::list(&db, Taxonomy::Directory).await?),
                key_areas: taxonomy::options(taxonomy::list(&db, Taxonomy::KeyArea).await?),
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
    #[server(flatten)] form: crate::dto::PolicyForm,
) -> Result<String, AppError> {
    let form = crate::dto::PolicyForm {
        change_reason: String::new(),
        ..form
    };
    save(form, None).await
}

/// Saves the fields of an existing policy: an editor of its unit, while it is a draft or
/// returned. For a published policy it proposes the change, with `change_reason`, for a
/// county-wide reviewer to apply (the public sees the current version until then; a
/// change to a non-public 公开属性 takes effect at once).
#[server(prefix = "/api", endpoint = "update_policy")]
pub async fn update_policy(
    id: String,
    #[server(flatten)] form: crate::dto::PolicyForm,
) -> Result<String, AppError> {
    save(form, Some(id)).await
}

/// The form values and status of a policy `actor` may edit (a draft or returned) or
/// propose a change to (published) now; 403 otherwise.
#[cfg(feature = "ssr")]
async fn editable(
    db: &crate::ssr::Db,
    actor: &crate::domain::workflow::Actor,
    id: &crate::domain::PolicyId,
) -> Result<(crate::dto::PolicyForm, crate::domain::PolicyStatus), AppError> {
    use crate::domain::workflow::{Action, ChangeAction};
    use crate::ssr::repo::{policy, policy_change};
    let (values, status, _) = policy::form_values(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let may = if status == crate::domain::PolicyStatus::Published {
        policy_change::actions(db, id, actor)
            .await?
            .contains(&ChangeAction::Propose)
    } else {
        policy::actions(db, id, actor)
            .await?
            .contains(&Action::Edit)
    };
    if may {
        Ok((values, status))
    } else {
        Err(AppError::Forbidden)
    }
}

/// Creates (`id` none) or updates a policy from the desk form, then answers a page with a
/// redirect (to the policy, or back to the form with the attempt stashed) and a script
/// with the result.
#[cfg(feature = "ssr")]
async fn save(form: crate::dto::PolicyForm, id: Option<String>) -> Result<String, AppError> {
    use crate::ssr::auth;
    let account =
        match auth::require(|a| a.actor().has(crate::domain::workflow::Role::Editor)).await {
            Ok(account) => account,
            Err(e) => return super::respond(Err(e)),
        };
    let db = match crate::ssr::state::db() {
        Ok(db) => db,
        Err(e) => return super::respond(Err(e)),
    };
    let outcome = check_and_write(&db, &account, &form, id.as_deref()).await;
    let form_page = match &id {
        Some(id) => format!("/desk/policies/{id}/edit"),
        None => "/desk/policies/new".to_owned(),
    };
    let done = |saved: &String| format!("/desk/policies/{saved}");
    super::finish_form(&db, &account.login, &form_page, &form, outcome, done).await
}

/// Authorises, parses and writes. Field problems come back as [`AppError::Rejected`].
#[cfg(feature = "ssr")]
async fn check_and_write(
    db: &crate::ssr::Db,
    account: &crate::dto::Account,
    form: &crate::dto::PolicyForm,
    id: Option<&str>,
) -> Result<String, AppError> {
    use crate::domain::{FieldError, NewPolicy, PolicyId, PolicyInput, PolicyStatus, TaxonomyCode};
    use crate::ssr::repo::taxonomy::{self, Taxonomy};
    use crate::ssr::repo::{policy, policy_change};
    let actor = account.actor();
    let unit = actor.unit.clone().ok_or(AppError::Forbidden)?;
    // For an edit: the policy must be this unit's and in a state that may be edited.
    let existing = match id {
        Some(raw) => {
            let id = PolicyId::parse(raw).map_err(|_| AppError::NotFound)?;
            let (_, status, owner) = policy::form_values(db, &id)
                .await?
                .ok_or(AppError::NotFound)?;
            let owner =
                TaxonomyCode::parse(&owner).map_err(|e| AppError::internal("stored unit", e))?;
            if !actor.edits_for(&owner) {
                return Err(AppError::Forbidden);
            }
            Some((id, status))
        }
        None => None,
    };
    let input = PolicyInput {
        title: form.title.clone(),
        doc_number: Some(form.doc_number.clone()),
        unit: unit.to_string(),
        signed_on: form.signed_on.clone(),
        // The form does not change the status or the publication time; they only matter
        // here for the checks between fields.
        status: PolicyStatus::Draft.as_str().into(),
        directory: form.directory.clone(),
        key_area: Some(form.key_area.clone()),
        disclosure: form.disclosure.clone(),
        disclosure_reason: Some(form.disclosure_reason.clone()),
        validity: "effective".into(),
        major: form.major,
        body: form.body.clone(),
        attachments: form.attachment_list(),
        ..PolicyInput::default()
    };
    let mut errors = Vec::new();
    let parsed = NewPolicy::parse(&input).map_err(|e| errors.extend(e)).ok();
    // References must exist: a policy never points at a term that is not there.
    let directories = taxonomy::codes(db, Taxonomy::Directory).await?;
    let key_areas = taxonomy::codes(db, Taxonomy::KeyArea).await?;
    let directory = form.directory.trim().to_ascii_lowercase();
    let key_area = form.key_area.trim().to_ascii_lowercase();
    if !directories.contains(&directory)
        && !errors.iter().any(|e: &FieldError| e.field == "directory")
    {
        errors.push(FieldError::new(
            "directory",
            crate::words!("请选择公开目录", "Choose a directory"),
        ));
    }
    if !key_area.is_empty() && !key_areas.contains(&key_area) {
        errors.push(FieldError::new(
            "key_area",
            crate::words!("所选重点领域不存在", "The chosen key area does not exist"),
        ));
    }
    let published = matches!(existing, Some((_, PolicyStatus::Published)));
    let change_reason = crate::domain::PlainText::parse(
        "change_reason",
        &form.change_reason,
        crate::domain::PlainText::NOTE,
    )
    .map_err(|e| errors.push(e))
    .ok()
    .map(crate::domain::PlainText::into_string);
    if published
        && change_reason
            .as_deref()
            .is_none_or(|r| r.chars().count() < 4)
    {
        errors.push(FieldError::new(
            "change_reason",
            crate::words!("修改已发布的政策须说明理由（至少 4 个字），由审签人确认后生效", "A change to a published policy needs a reason (at least 4 characters); it takes effect when a reviewer applies it"),
        ));
    }
    let Some(parsed) = parsed.filter(|_| errors.is_empty()) else {
        return Err(AppError::Rejected(errors));
    };
    let now = crate::ssr::state::now()?;
    match existing {
        Some((id, PolicyStatus::Published)) => {
            let proposed =
                policy_change::propose(db, &id, &parsed, change_reason, &actor, now).await?;
            crate::ssr::state::publish(proposed)?;
            Ok(id.to_string())
        }
        Some((id, _)) => {
            let saved = policy::update_fields(db, &id, &parsed, &actor, now).await?;
            crate::ssr::state::publish(saved)?;
            Ok(id.to_string())
        }
        None => {
            let created = policy::create_draft(db, &parsed, &account.login).await?;
            Ok(crate::ssr::state::publish(created)?.to_string())
        }
    }
}
