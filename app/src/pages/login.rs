//! `/login`: staff sign in. A plain form post, the same with JavaScript on or off.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::t;

#[component]
pub fn LoginPage() -> impl IntoView {
    let texts = t();
    let query = use_query_map();
    let (login, failed) =
        query.with_untracked(|q| (q.get("login").unwrap_or_default(), q.get("failed")));
    let message = failed.map(|reason| match reason.strip_prefix("wait-") {
        Some(minutes) => format!("{}{minutes}", texts.login_wait),
        None if reason == "credentials" => texts.login_failed.to_owned(),
        None => texts.error_internal.to_owned(),
    });
    view! {
        <Title text=texts.login_title/>
        <section class="login" aria-labelledby="login-title">
            <h1 id="login-title">{texts.login_title}</h1>
            {message.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <form method="post" action="/api/login" class="login-form">
                <label for="login">{texts.login_name}</label>
                <input id="login" name="login" type="text" autocomplete="username" required value=login/>
                <label for="password">{texts.password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit">{texts.sign_in}</button>
            </form>
        </section>
    }
}
