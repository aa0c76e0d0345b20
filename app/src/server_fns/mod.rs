//! Server functions: thin entry points that authorise, parse, make one repository
//! call and return DTOs. Pages call them; so can the browser, over HTTP.

pub mod admin;
pub mod applications;
pub mod articles;
pub mod auth;
pub mod concerns;
pub mod desk;
pub mod editing;
pub mod experts;
pub mod plans;
pub mod policies;

#[cfg(feature = "ssr")]
use crate::error::AppError;

/// The stash owner of someone without an account: `{kind}:` and a hash of their address.
#[cfg(feature = "ssr")]
pub(crate) fn public_key(kind: &str) -> String {
    let hash = crate::ssr::repo::sha256(&crate::ssr::auth::client_address());
    format!("{kind}:{}", &hash[..16])
}

/// Gives an error its HTTP status (and `Retry-After` where it applies) before it is sent;
/// a page's form post is left to go back to its page with the reason.
#[cfg(feature = "ssr")]
pub(crate) fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    // A page's form goes back to the page with the reason; a status would stop that.
    if crate::ssr::auth::is_page_post() && !matches!(result, Err(AppError::TooManyRequests { .. }))
    {
        return result;
    }
    if let Err(error) = &result
        && let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
    {
        if let Ok(status) = http::StatusCode::from_u16(error.status()) {
            response.set_status(status);
        }
        if let AppError::TooManyRequests { retry_after_secs } = error {
            response.insert_header(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(*retry_after_secs),
            );
        }
    }
    result
}

/// Adds a `Set-Cookie` header to the response being built.
#[cfg(feature = "ssr")]
pub(crate) fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Sends a page whose form was rejected back to `form_page`, with what was typed and each
/// problem kept for its author under a stash key (`?stash=…`). Never pass a password in
/// `values`.
#[cfg(feature = "ssr")]
pub(crate) async fn send_back(
    db: &crate::ssr::Db,
    owner: &str,
    form_page: &str,
    values: &impl serde::Serialize,
    errors: &[crate::domain::FieldError],
) -> Result<(), AppError> {
    let values = serde_json::to_string(values).map_err(|e| AppError::internal("stash", e))?;
    // What comes back to the page quotes what was typed: a short excerpt of it.
    let errors: Vec<crate::domain::FieldError> = errors
        .iter()
        .map(|e| {
            crate::domain::FieldError::new(&e.field, e.message.clone().map(crate::error::excerpt))
        })
        .collect();
    let errors = serde_json::to_string(&errors).map_err(|e| AppError::internal("stash", e))?;
    let browser = match browser_key() {
        Some(key) => key,
        None => {
            let key = crate::ssr::repo::stash::new_key();
            set_cookie(&browser_cookie(&key)?);
            key
        }
    };
    let owner = format!("{owner} {browser}");
    let key = crate::ssr::repo::stash::put(db, &owner, values, errors, chrono::Utc::now()).await?;
    let (page, fragment) = form_page.split_once('#').unwrap_or((form_page, ""));
    let separator = if page.contains('?') { '&' } else { '?' };
    let fragment = if fragment.is_empty() {
        String::new()
    } else {
        format!("#{fragment}")
    };
    leptos_axum::redirect(&format!("{page}{separator}stash={key}{fragment}"));
    Ok(())
}

/// The cookie that ties a stash to the browser that made it: a stash is read back only
/// by its owner (an account, an invitation, an address) *in that browser*, so its
/// address alone, shared or guessed, shows nothing.
#[cfg(feature = "ssr")]
const BROWSER_COOKIE: &str = "jiedu_form";

#[cfg(feature = "ssr")]
fn browser_key() -> Option<String> {
    use leptos::prelude::use_context;
    let parts = use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == BROWSER_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(feature = "ssr")]
fn browser_cookie(key: &str) -> Result<String, AppError> {
    let state = crate::ssr::state::state()?;
    Ok(cookie::Cookie::build((BROWSER_COOKIE, key.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .build()
        .to_string())
}

/// The attempt stashed under `key` by [`send_back`] for `owner`, if it is still there.
#[cfg(feature = "ssr")]
pub(crate) async fn stashed<T: serde::de::DeserializeOwned>(
    db: &crate::ssr::Db,
    key: Option<String>,
    owner: &str,
) -> Result<Option<(T, Vec<crate::domain::FieldError>)>, AppError> {
    let (Some(key), Some(browser)) = (key, browser_key()) else {
        return Ok(None);
    };
    let owner = format!("{owner} {browser}");
    let Some((values, errors)) =
        crate::ssr::repo::stash::get(db, &key, &owner, chrono::Utc::now()).await?
    else {
        return Ok(None);
    };
    // A stash written by an older build may not read back; then the form starts afresh.
    Ok(serde_json::from_str(&values)
        .ok()
        .map(|values| (values, serde_json::from_str(&errors).unwrap_or_default())))
}

/// The end of every form post. A script gets the result (a rejected form is a 400 that
/// names every field; a conflict a 409). A page is redirected to `done(&value)` on success
/// and, when the form was rejected or conflicts with the data, back to `form_page` with
/// what was typed and each problem (a conflict is reported on the field `form`).
#[cfg(feature = "ssr")]
pub(crate) async fn finish_form<T>(
    db: &crate::ssr::Db,
    owner: &str,
    form_page: &str,
    values: &impl serde::Serialize,
    outcome: Result<T, AppError>,
    done: impl FnOnce(&T) -> String,
) -> Result<T, AppError> {
    use crate::domain::FieldError;
    let errors = match &outcome {
        Ok(_) => Vec::new(),
        Err(AppError::Rejected(errors)) => errors.clone(),
        Err(AppError::Invalid { field, message }) => vec![FieldError::new(field, message.clone())],
        Err(AppError::Conflict(message)) => vec![FieldError::new("form", message.clone())],
        Err(_) => return respond(outcome),
    };
    if !crate::ssr::auth::wants_html() {
        return respond(outcome);
    }
    match &outcome {
        Ok(value) => leptos_axum::redirect(&done(value)),
        Err(_) => {
            if let Err(e) = send_back(db, owner, form_page, values, &errors).await {
                return respond(Err(e));
            }
        }
    }
    outcome
}
