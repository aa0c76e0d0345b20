//! Pieces of forms that a rejected attempt comes back to: each field with its problem
//! beside it, and one alert above the form.

use leptos::prelude::*;

use crate::domain::FieldError;
use crate::i18n::t;

/// The message for a field, if the last attempt had one.
pub fn error_for(errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.clone())
}

/// `aria-invalid` for a field with an error.
pub fn aria_invalid(errors: &[FieldError], field: &str) -> Option<&'static str> {
    errors.iter().any(|e| e.field == field).then_some("true")
}

/// A labelled field. `id` is the control's id when it differs from its `name` (several
/// forms on one page).
#[component]
pub fn Field(
    name: &'static str,
    #[prop(optional, into)] id: Option<String>,
    label: &'static str,
    errors: Vec<FieldError>,
    children: Children,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_owned());
    let message = error_for(&errors, name);
    let class = if message.is_some() {
        "field invalid"
    } else {
        "field"
    };
    view! {
        <div class=class>
            <label for=id.clone()>{label}</label>
            {children()}
            {message.map(|m| view! { <p class="field-error" id=format!("{id}-error")>{m}</p> })}
        </div>
    }
}

/// The alert above a rejected form: the problem with the form as a whole (field `form`,
/// e.g. a conflict), or else a pointer to the fields marked below.
#[component]
pub fn FormAlert(errors: Vec<FieldError>) -> impl IntoView {
    let texts = t();
    let message = error_for(&errors, "form")
        .or_else(|| (!errors.is_empty()).then(|| texts.form_has_errors.to_owned()));
    message.map(|m| view! { <p class="form-error" role="alert">{m}</p> })
}

/// A plain upload form (it works without JavaScript): the answer page shows the file's
/// address to paste into a body or an attachment line. It sits outside other forms.
#[component]
pub fn UploadForm() -> impl IntoView {
    let texts = t();
    view! {
        <form method="post" action="/api/upload" enctype="multipart/form-data" class="inline-form upload-form">
            <label for="upload-file">{texts.upload_label}</label>
            <input id="upload-file" name="file" type="file" required/>
            <button type="submit" class="secondary">{texts.upload_submit}</button>
            <span class="muted">{texts.upload_hint}</span>
        </form>
    }
}

/// Submits the enclosed form as soon as one of its fields changes, so a reader with
/// JavaScript does not need the submit button; without JavaScript the button remains.
/// One line of inline script rather than an island: the public pages stay free of wasm.
#[component]
pub fn AutoSubmit(children: Children) -> impl IntoView {
    view! {
        <div class="auto-submit" data-auto-submit=""
            onchange="var f=event.target.form;if(f&&f.requestSubmit)f.requestSubmit();">
            {children()}
        </div>
    }
}
