//! The only place HTML from the database is put into a page.

use leptos::prelude::*;

use crate::domain::SanitizedHtml;

/// Renders sanitised HTML. It takes nothing but `SanitizedHtml`, which only the
/// server-side sanitiser (or a stored, sanitised body) can produce.
#[component]
pub fn RichText(html: SanitizedHtml, #[prop(optional)] class: &'static str) -> impl IntoView {
    view! { <div class=format!("rich-text {class}") inner_html=html.as_str().to_owned()></div> }
}
