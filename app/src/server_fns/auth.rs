//! Signing in and out.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::dto::Account;
use crate::error::AppError;

/// Signs in: on success the response sets the session cookie (a new token each time).
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(login: String, password: String) -> Result<Account, AppError> {
    use crate::ssr::auth;
    super::respond(
        async {
            let state = crate::ssr::state::state()?;
            let (account, token) =
                auth::sign_in(&state, &login, &password, &auth::client_address()).await?;
            super::set_cookie(&auth::session_cookie(&token, &state));
            Ok(account)
        }
        .await,
    )
}

/// Ends this session on the server and removes the cookie.
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
