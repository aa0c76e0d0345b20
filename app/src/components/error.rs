//! Error pages: they say what went wrong and set the HTTP status to match.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::{say, t};

/// Sets the status of the HTTP response being rendered (server only).
pub(crate) fn set_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let texts = t();
    view! {
        <Title text=texts.not_found_title/>
        <section class="notice-page" aria-labelledby="error-title">
            <h1 id="error-title">{texts.not_found_title}</h1>
            <p>{texts.not_found_body}</p>
            <p><a href="/">{texts.back_home}</a></p>
        </section>
    }
}

/// Shows an error from a server function, with the matching status.
#[component]
pub fn ErrorView(error: AppError) -> impl IntoView {
    if error == AppError::NotFound {
        return view! { <NotFound/> }.into_any();
    }
    if error == AppError::Unauthorized {
        // Signed out (or the session ended): on to the login page.
        #[cfg(feature = "ssr")]
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::FOUND);
            response.insert_header(
                http::header::LOCATION,
                http::HeaderValue::from_static("/login"),
            );
        }
        let texts = t();
        return view! { <p><a href="/login">{texts.login_title}</a></p> }.into_any();
    }
    set_status(error.status());
    let texts = t();
    let message = match &error {
        AppError::Invalid { field, message } => {
            format!("{}{field}：{}", texts.error_invalid, say(message))
        }
        AppError::Rejected(errors) => {
            let listed: Vec<String> = errors
                .iter()
                .map(|e| format!("{}：{}", e.field, say(&e.message)))
                .collect();
            format!("{}{}", texts.error_invalid, listed.join("；"))
        }
        AppError::Forbidden | AppError::Unauthorized => texts.error_forbidden.to_owned(),
        AppError::TooManyRequests { retry_after_secs } => {
            format!(
                "{}{}",
                texts.error_too_many,
                retry_after_secs.div_ceil(60).max(1)
            )
        }
        AppError::Conflict(message) => say(message),
        _ => texts.error_internal.to_owned(),
    };
    // On the desk, the way back is the desk.
    let on_desk = crate::components::layout::is_desk(
        &leptos_router::hooks::use_location()
            .pathname
            .get_untracked(),
    );
    let (back, back_text) = if on_desk {
        ("/desk", texts.back_desk)
    } else {
        ("/", texts.back_home)
    };
    view! {
        <Title text=texts.error_title/>
        <section class="notice-page" role="alert" aria-labelledby="error-title">
            <h1 id="error-title">{texts.error_title}</h1>
            <p class="error-message">{message}</p>
            <p><a href=back>{back_text}</a></p>
        </section>
    }
    .into_any()
}

/// The message of a failed step posted by a page without JavaScript: the server function
/// sends the page back with the error encoded in `__err`, and this shows it in words.
#[component]
pub fn StepError() -> impl IntoView {
    let texts = t();
    let encoded = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("__err"));
    encoded.map(|encoded| {
        let error = server_fn::error::ServerFnUrlError::<AppError>::decode_err(&encoded);
        let message = match error {
            AppError::Conflict(message) => say(&message),
            AppError::Invalid { field, message } => format!("{field}：{}", say(&message)),
            AppError::Rejected(errors) => errors
                .iter()
                .map(|e| format!("{}：{}", e.field, say(&e.message)))
                .collect::<Vec<_>>()
                .join("；"),
            AppError::Forbidden | AppError::Unauthorized => texts.error_forbidden.to_owned(),
            AppError::NotFound => texts.not_found_title.to_owned(),
            _ => texts.admin_failed.to_owned(),
        };
        view! { <p class="form-error step-error" role="alert">{message}</p> }
    })
}
