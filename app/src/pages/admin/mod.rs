//! `/admin`: accounts, units and the two taxonomies. A rejected form comes back here with
//! what was typed and the problem beside its field, JavaScript or not.

pub mod calendar;

pub use calendar::CalendarAdmin;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{ErrorView, Field, FormAlert, aria_invalid};
use crate::domain::FieldError;
use crate::dto::{AdminAttempt, AdminOverview, FacetOption};
use crate::i18n::t;
use crate::server_fns::admin::get_admin;

#[component]
pub fn AdminPage() -> impl IntoView {
    let texts = t();
    let query = use_query_map();
    // A failure that is not about the form (leptos's fallback when a post errs).
    let failed = query.with_untracked(|q| q.get("__err").is_some());
    view! {
        <Title text=texts.admin_title/>
        <h1>{texts.admin_title}</h1>
        <p><a href="/admin/calendar">{texts.calendar_title}</a></p>
        {failed.then(|| view! { <p class="form-error" role="alert">{texts.admin_failed}</p> })}
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let stash = query.read().get("stash");
                Suspend::new(async move {
                    match get_admin(stash).await {
                        Ok(overview) => view! { <Overview overview/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Overview(overview: AdminOverview) -> impl IntoView {
    let texts = t();
    let AdminOverview {
        users,
        units,
        directories,
        key_areas,
        attempt,
        errors,
    } = overview;
    // Each section shows the errors of its own form only.
    let account_errors = match &attempt {
        Some(AdminAttempt::AddUser { .. } | AdminAttempt::Account { .. }) => errors.clone(),
        _ => Vec::new(),
    };
    let term_attempt = |section: &str| match &attempt {
        Some(AdminAttempt::Term { kind, code, name }) if kind == section => {
            (code.clone(), name.clone(), errors.clone())
        }
        _ => Default::default(),
    };
    let (unit_term, directory_term, key_area_term) = (
        term_attempt("unit"),
        term_attempt("directory"),
        term_attempt("key_area"),
    );
    let (login, name, unit, roles) = match attempt {
        Some(AdminAttempt::AddUser {
            login,
            name,
            unit,
            roles,
        }) => (login, name, unit, roles),
        _ => Default::default(),
    };
    let unit_options = units
        .iter()
        .map(|u| {
            let selected = u.code == unit;
            view! { <option value=u.code.clone() selected=selected>{u.name.clone()}</option> }
        })
        .collect_view();
    let invalid = |field| aria_invalid(&account_errors, field);
    let (login_invalid, name_invalid, unit_invalid, password_invalid) = (
        invalid("login"),
        invalid("name"),
        invalid("unit"),
        invalid("password"),
    );
    // Each section is type-erased: one concrete type for the whole page is too deep for
    // the compiler.
    let users_section = view! {
        <section id="users" aria-labelledby="users-title">
            <h2 id="users-title">{texts.admin_users}</h2>
            <FormAlert errors=account_errors.clone()/>
            <table class="history">
                <thead>
                    <tr>
                        <th scope="col">{texts.login_name}</th>
                        <th scope="col">{texts.admin_name}</th>
                        <th scope="col">{texts.admin_unit}</th>
                        <th scope="col">{texts.admin_roles}</th>
                        <th scope="col"></th>
                    </tr>
                </thead>
                <tbody>
                    {users.into_iter().map(|u| {
                        let roles = u.roles.iter().map(|r| texts.role(*r)).collect::<Vec<_>>().join("、");
                        let (label, next) = if u.disabled { (texts.admin_enable, "false") } else { (texts.admin_disable, "true") };
                        view! {
                            <tr class:disabled=u.disabled>
                                <td>{u.login.clone()}</td>
                                <td>{u.display_name}</td>
                                <td>{u.unit.unwrap_or_default()}</td>
                                <td>{roles}</td>
                                <td>
                                    <form method="post" action="/api/admin_set_disabled">
                                        <input type="hidden" name="login" value=u.login/>
                                        <input type="hidden" name="disabled" value=next/>
                                        <button type="submit" class="secondary">{label}</button>
                                    </form>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h3>{texts.admin_add_user}</h3>
            <form method="post" action="/api/admin_add_user" class="policy-form">
                <Field name="login" id="new-login" label=texts.login_name errors=account_errors.clone()>
                    <input id="new-login" name="login" type="text" required value=login aria-invalid=login_invalid/>
                </Field>
                <Field name="name" id="new-name" label=texts.admin_name errors=account_errors.clone()>
                    <input id="new-name" name="name" type="text" required value=name aria-invalid=name_invalid/>
                </Field>
                <Field name="unit" id="new-unit" label=texts.admin_unit errors=account_errors.clone()>
                    <select id="new-unit" name="unit" aria-invalid=unit_invalid>
                        <option value="">{texts.none}</option>
                        {unit_options}
                    </select>
                </Field>
                <RolesField checked=roles errors=account_errors.clone()/>
                <Field name="password" id="new-password" label=texts.password errors=account_errors.clone()>
                    <input id="new-password" name="password" type="password" required minlength="10" autocomplete="new-password" aria-invalid=password_invalid/>
                </Field>
                <button type="submit">{texts.admin_add_user}</button>
            </form>
        </section>
    }
    .into_any();
    view! {
        {users_section}
        <TermSection kind="unit" title=texts.admin_units terms=units attempt=unit_term/>
        <TermSection kind="directory" title=texts.label_directory terms=directories attempt=directory_term/>
        <TermSection kind="key_area" title=texts.label_key_area terms=key_areas attempt=key_area_term/>
    }
}

/// The role checkboxes of a new account.
#[component]
fn RolesField(checked: Vec<String>, errors: Vec<FieldError>) -> impl IntoView {
    let texts = t();
    let message = crate::components::form::error_for(&errors, "roles");
    let roles = [
        ("role_editor", "editor", texts.role_editor),
        ("role_reviewer", "reviewer", texts.role_reviewer),
        ("role_expert", "expert", texts.role_expert),
        ("role_admin", "admin", texts.role_admin),
    ];
    let invalid = message.is_some();
    view! {
        <fieldset class:invalid=invalid>
            <legend>{texts.admin_roles}</legend>
            {roles
                .into_iter()
                .map(|(name, role, label)| {
                    let on = checked.iter().any(|c| c == role);
                    view! { <label><input type="checkbox" name=name value="on" checked=on/>" "{label}</label>" " }
                })
                .collect_view()}
            {message.map(|m| view! { <p class="field-error">{m}</p> })}
        </fieldset>
    }
}

/// A taxonomy (or the units): its terms in order, each movable and removable, and a form
/// to add one or rename one by code. `attempt` is this section's rejected form, if any.
#[component]
fn TermSection(
    kind: &'static str,
    title: &'static str,
    terms: Vec<FacetOption>,
    attempt: (String, String, Vec<FieldError>),
) -> impl IntoView {
    let texts = t();
    let (code, name, errors) = attempt;
    let last = terms.len().saturating_sub(1);
    let (code_invalid, name_invalid) =
        (aria_invalid(&errors, "code"), aria_invalid(&errors, "name"));
    let code_id = format!("{kind}-code");
    let name_id = format!("{kind}-name");
    view! {
        <section id=format!("terms-{kind}")>
            <h2>{title}</h2>
            <FormAlert errors=errors.clone()/>
            <ol class="terms">
                {terms.into_iter().enumerate().map(|(i, term)| {
                    let (term_code, term_name) = (term.code.clone(), term.name.clone());
                    let button = move |action: &'static str, direction: Option<&'static str>, label: &'static str| {
                        view! {
                            <form method="post" action=action class="term-action">
                                <input type="hidden" name="kind" value=kind/>
                                <input type="hidden" name="code" value=term.code.clone()/>
                                {direction.map(|d| view! { <input type="hidden" name="direction" value=d/> })}
                                <button type="submit" class="link" aria-label=format!("{label} {}", term.name)>{label}</button>
                            </form>
                        }
                    };
                    view! {
                        <li>
                            <code>{term_code}</code>" "{term_name}
                            <div class="term-actions">
                                {(i > 0).then(|| button("/api/admin_move_term", Some("up"), texts.admin_move_up))}
                                {(i < last).then(|| button("/api/admin_move_term", Some("down"), texts.admin_move_down))}
                                {button("/api/admin_remove_term", None, texts.admin_remove)}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p class="muted">{texts.admin_term_hint}</p>
            <form method="post" action="/api/admin_save_term" class="inline-form">
                <input type="hidden" name="kind" value=kind/>
                <Field name="code" id=code_id.clone() label=texts.admin_code errors=errors.clone()>
                    <input id=code_id name="code" type="text" required value=code aria-invalid=code_invalid/>
                </Field>
                <Field name="name" id=name_id.clone() label=texts.admin_name errors=errors.clone()>
                    <input id=name_id name="name" type="text" required value=name aria-invalid=name_invalid/>
                </Field>
                <button type="submit" class="secondary">{texts.admin_save}</button>
            </form>
        </section>
    }
    .into_any()
}
