//! Who is asking: session cookies, sign-in with throttling, and the one `require` check
//! every server function that is not public starts with.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use cookie::{Cookie, SameSite};
use leptos::prelude::use_context;

use crate::domain::account::LoginName;
use crate::dto::Account;
use crate::error::AppError;
use crate::ssr::password::verify_decoy;
use crate::ssr::repo::session::{self, SessionToken};
use crate::ssr::repo::{throttle, user};
use crate::ssr::state::{AppState, state};

/// The name of the session cookie.
pub const COOKIE: &str = "jiedu_session";

/// The `Set-Cookie` value that gives the browser its session.
pub fn session_cookie(token: &SessionToken, state: &AppState) -> String {
    Cookie::build((COOKIE, token.cookie_value().to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .max_age(cookie::time::Duration::seconds(
            state.settings.sessions.absolute.num_seconds(),
        ))
        .build()
        .to_string()
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn expired_cookie(state: &AppState) -> String {
    let mut gone = Cookie::build((COOKIE, ""))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .build();
    gone.make_removal();
    gone.to_string()
}

fn request_parts() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// The session token the request carries, if any.
pub fn request_token() -> Option<SessionToken> {
    token_in(&request_parts()?.headers)
}

/// The session token in these request headers, if any (for handlers outside Leptos).
pub fn token_in(headers: &http::HeaderMap) -> Option<SessionToken> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == COOKIE)
        .map(|c| SessionToken::from_cookie(c.value()))
}

/// The signed-in account behind these request headers (for handlers outside Leptos).
pub async fn account_in(
    state: &AppState,
    headers: &http::HeaderMap,
) -> Result<Option<Account>, AppError> {
    let Some(token) = token_in(headers) else {
        return Ok(None);
    };
    session::resolve(
        &state.db,
        &token,
        state.clock.now(),
        state.settings.sessions,
    )
    .await
}

/// Whether this is a form posted by a page (not a script) that came from a page of ours:
/// a failure then goes back to that page with the reason (leptos's `__err`), rather than
/// being answered with an error status the browser would show bare.
pub fn is_page_post() -> bool {
    request_parts().is_some_and(|p| {
        p.method == http::Method::POST && p.headers.contains_key(http::header::REFERER)
    }) && wants_html()
}

/// Whether the request came from a page's form (it accepts HTML) rather than a script.
pub fn wants_html() -> bool {
    request_parts()
        .and_then(|p| {
            p.headers
                .get(http::header::ACCEPT)?
                .to_str()
                .ok()
                .map(|a| a.contains("text/html"))
        })
        .unwrap_or(false)
}

/// The client's address, for throttling (never logged with the login name): the peer of
/// the connection, or, when that peer is a trusted proxy, the client it names
/// ([`crate::ssr::client`]).
pub fn client_address() -> String {
    let Some(parts) = request_parts() else {
        return "unknown".into();
    };
    let Some(peer) = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return "unknown".into();
    };
    match state() {
        Ok(state) => state.settings.proxies.client(peer, &parts.headers),
        Err(_) => peer,
    }
    .to_string()
}

/// The signed-in account of this request, if its session is alive.
pub async fn current_account() -> Result<Option<Account>, AppError> {
    let Some(token) = request_token() else {
        return Ok(None);
    };
    let state = state()?;
    session::resolve(
        &state.db,
        &token,
        state.clock.now(),
        state.settings.sessions,
    )
    .await
}

/// The one authorisation check: a signed-in account for which `allowed` holds.
/// Signed out is 401; signed in without the right is 403.
pub async fn require(allowed: impl FnOnce(&Account) -> bool) -> Result<Account, AppError> {
    let account = current_account().await?.ok_or(AppError::Unauthorized)?;
    if allowed(&account) {
        Ok(account)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Checks a login name and password and starts a session. Wrong name and wrong password
/// fail alike (same error, same work); repeated failures are throttled.
pub async fn sign_in(
    state: &AppState,
    login: &str,
    password: &str,
    address: &str,
) -> Result<(Account, SessionToken), AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let claimed = login.trim().to_ascii_lowercase();
    let limits = throttle::Limits::default();
    // One attempt is taken from each limit before the password is checked, in one atomic
    // step: a burst of guesses gets at most the limit's worth of checks, and the rest are
    // refused unread.
    let quotas = limits.quotas(&claimed, address);
    if let Some(retry_after_secs) = throttle::take(db, &quotas, now).await? {
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    let found = match LoginName::parse(&claimed) {
        Ok(name) => user::credentials(db, &name)
            .await?
            .map(|(account, hash)| (name, account, hash)),
        Err(_) => None,
    };
    let verified = match &found {
        Some((_, account, hash)) => hash.verify(password).await && !account.disabled,
        None => verify_decoy(password).await,
    };
    match found {
        Some((name, account, _)) if verified => {
            // Not a failure: this name's failures from this address are forgotten and
            // the wider limits get their attempt back.
            let [pair, wider @ ..] = quotas;
            throttle::clear(db, &pair).await?;
            throttle::release(db, &wider, now).await?;
            let token = session::start(db, &name, now, state.settings.sessions).await?;
            Ok((account, token))
        }
        _ => Err(AppError::Unauthorized),
    }
}
