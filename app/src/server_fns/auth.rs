//! Signing in and out.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::dto::Account;
use crate::error::AppError;

/// Signs in: on success the response sets the session cookie (a new token each time).
/// A form posted by a page (JavaScript or not) is sent on to the desk, or back to the
/// login page with the login name kept and the reason shown.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(login: String, password: String) -> Result<Account, AppError> {
    use crate::ssr::auth;
    let result = async {
        let state = crate::ssr::state::state()?;
        let (account, token) =
            auth::sign_in(&state, &login, &password, &auth::client_address()).await?;
        super::set_cookie(&auth::session_cookie(&token, &state));
        Ok(account)
    }
    .await;
    if !auth::wants_html() {
        return super::respond(result);
    }
    match &result {
        Ok(_) => leptos_axum::redirect("/desk"),
        Err(error) => {
            let reason = match error {
                AppError::TooManyRequests { retry_after_secs } => {
                    format!("wait-{}", retry_after_secs.div_ceil(60))
                }
                AppError::Unauthorized => "credentials".to_owned(),
                _ => "error".to_owned(),
            };
            let query = crate::domain::library::query_string(&[
                ("login", login.trim()),
                ("failed", &reason),
            ]);
            leptos_axum::redirect(&format!("/login?{query}"));
        }
    }
    result
}

/// Ends this session on the server and removes the cookie; a page's form goes home.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::{auth, repo::session};
    super::respond(
        async {
            let state = crate::ssr::state::state()?;
            if let Some(token) = auth::request_token() {
                session::end(&state.db, &token).await?;
            }
            super::set_cookie(&auth::expired_cookie(&state));
            if auth::wants_html() {
                leptos_axum::redirect("/");
            }
            Ok(())
        }
        .await,
    )
}

/// Ends every session of the signed-in account, on every device.
#[server(prefix = "/api", endpoint = "logout_everywhere")]
pub async fn logout_everywhere() -> Result<(), AppError> {
    use crate::domain::account::LoginName;
    use crate::ssr::{auth, repo::session};
    super::respond(
        async {
            let account = auth::require(|_| true).await?;
            let state = crate::ssr::state::state()?;
            let login = LoginName::parse(&account.login)
                .map_err(|e| AppError::internal("stored login", e))?;
            session::end_all(&state.db, &login, &account.login).await?;
            super::set_cookie(&auth::expired_cookie(&state));
            Ok(())
        }
        .await,
    )
}

/// The signed-in account, or nothing.
#[server(input = GetUrl, prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Account>, AppError> {
    super::respond(crate::ssr::auth::current_account().await)
}
