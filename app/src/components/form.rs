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
