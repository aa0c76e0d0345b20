//! `/invite/{token}`: an invited expert sets a password and a profile, and starts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{Field, FormAlert, TextBox, aria_invalid};
use crate::error::AppError;
use crate::i18n::t;
use crate::server_fns::experts::{InvitationView, get_invitation};

#[component]
pub fn InvitePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.accept_title/>
        <h1>{texts.accept_title}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let token = params.read().get("token").unwrap_or_default();
                let stash = query.read().get("stash");
                Suspend::new(async move {
                    match get_invitation(token.clone(), stash).await {
                        Ok(invitation) => view! { <AcceptForm token invitation/> }.into_any(),
                        Err(AppError::NotFound) => view! {
                            <p class="form-error" role="alert">{texts.accept_invalid}</p>
                        }.into_any(),
                        Err(error) => view! { <crate::components::ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn AcceptForm(token: String, invitation: InvitationView) -> impl IntoView {
    let texts = t();
    let errors = invitation.errors;
    let p = invitation.profile;
    let invalid = |field| aria_invalid(&errors, field);
    let (login_invalid, name_invalid, password_invalid) =
        (invalid("login"), invalid("name"), invalid("password"));
    view! {
        <p>{texts.accept_intro}<strong>{invitation.policy.title}</strong></p>
        <FormAlert errors=errors.clone()/>
        <form method="post" action="/api/accept_invitation" class="policy-form">
            <input type="hidden" name="token" value=token/>
            <Field name="login" label=texts.login_name errors=errors.clone()>
                <input id="login" name="login" type="text" required autocomplete="username" value=invitation.login aria-invalid=login_invalid/>
            </Field>
            <Field name="name" label=texts.admin_name errors=errors.clone()>
                <input id="name" name="name" type="text" required value=p.name aria-invalid=name_invalid/>
            </Field>
            <Field name="password" label=texts.password errors=errors.clone()>
                <input id="password" name="password" type="password" required minlength="10" autocomplete="new-password" aria-invalid=password_invalid/>
            </Field>
            <Field name="title" label=texts.expert_title errors=errors.clone()>
                <input id="title" name="title" type="text" value=p.title/>
            </Field>
            <Field name="affiliation" label=texts.expert_affiliation errors=errors.clone()>
                <input id="affiliation" name="affiliation" type="text" value=p.affiliation/>
            </Field>
            <Field name="field" label=texts.expert_field errors=errors.clone()>
                <input id="field" name="field" type="text" value=p.field/>
            </Field>
            <Field name="bio" label=texts.expert_bio errors=errors.clone()>
                <TextBox id="bio" name="bio" rows=4 value=p.bio/>
            </Field>
            <button type="submit">{texts.accept_submit}</button>
        </form>
    }
    .into_any()
}
