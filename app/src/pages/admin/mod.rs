//! `/admin`: accounts, units and the two taxonomies.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::ErrorView;
use crate::dto::{AdminOverview, FacetOption};
use crate::i18n::t;
use crate::server_fns::admin::get_admin;

#[component]
pub fn AdminPage() -> impl IntoView {
    let texts = t();
    let query = use_query_map();
    let failed = query.with_untracked(|q| q.get("__err").is_some());
    view! {
        <Title text=texts.admin_title/>
        <h1>{texts.admin_title}</h1>
        {failed.then(|| view! { <p class="form-error" role="alert">{texts.admin_failed}</p> })}
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || Suspend::new(async move {
                match get_admin().await {
                    Ok(overview) => view! { <Overview overview/> }.into_any(),
                    Err(error) => view! { <ErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Overview(overview: AdminOverview) -> impl IntoView {
    let texts = t();
    view! {
        <section aria-labelledby="users-title">
            <h2 id="users-title">{texts.admin_users}</h2>
            <table class="history">
                <thead>
                    <tr>
                        <th scope="col">{texts.login_name}</th>
                        <th scope="col">{texts.admin_name}</th>
                        <th scope="col">{texts.label_unit}</th>
                        <th scope="col">{texts.admin_roles}</th>
                        <th scope="col"></th>
                    </tr>
                </thead>
                <tbody>
                    {overview.users.into_iter().map(|u| {
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
                <label for="new-login">{texts.login_name}</label>
                <input id="new-login" name="login" type="text" required/>
                <label for="new-name">{texts.admin_name}</label>
                <input id="new-name" name="name" type="text" required/>
                <label for="new-unit">{texts.label_unit}</label>
                <select id="new-unit" name="unit">
                    <option value="">{texts.none}</option>
                    {overview.units.iter().map(|u| view! { <option value=u.code.clone()>{u.name.clone()}</option> }).collect_view()}
                </select>
                <fieldset>
                    <legend>{texts.admin_roles}</legend>
                    {[("role_editor", texts.role_editor), ("role_reviewer", texts.role_reviewer), ("role_expert", texts.role_expert), ("role_admin", texts.role_admin)]
                        .into_iter()
                        .map(|(name, label)| view! { <label><input type="checkbox" name=name value="on"/>" "{label}</label>" " })
                        .collect_view()}
                </fieldset>
                <label for="new-password">{texts.password}</label>
                <input id="new-password" name="password" type="password" required minlength="10" autocomplete="new-password"/>
                <button type="submit">{texts.admin_add_user}</button>
            </form>
        </section>
        <TermSection kind="unit" title=texts.admin_units terms=overview.units/>
        <TermSection kind="directory" title=texts.label_directory terms=overview.directories/>
        <TermSection kind="key_area" title=texts.label_key_area terms=overview.key_areas/>
    }
}

/// A taxonomy (or the units): its terms, and a form to add one or rename one by code.
#[component]
fn TermSection(kind: &'static str, title: &'static str, terms: Vec<FacetOption>) -> impl IntoView {
    let texts = t();
    view! {
        <section>
            <h2>{title}</h2>
            <ul class="terms">
                {terms.into_iter().map(|t| view! { <li><code>{t.code}</code>" "{t.name}</li> }).collect_view()}
            </ul>
            <form method="post" action="/api/admin_save_term" class="inline-form">
                <input type="hidden" name="kind" value=kind/>
                <label for=format!("{kind}-code")>{texts.admin_code}</label>
                <input id=format!("{kind}-code") name="code" type="text" required/>
                <label for=format!("{kind}-name")>{texts.admin_name}</label>
                <input id=format!("{kind}-name") name="name" type="text" required/>
                <button type="submit" class="secondary">{texts.admin_save}</button>
            </form>
        </section>
    }
}
