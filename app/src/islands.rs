//! Islands: the only parts of a page that run in the browser. Everything else is
//! server-rendered HTML that works with JavaScript off.

use leptos::prelude::*;

/// Submits the enclosed form as soon as one of its fields changes, so a reader with
/// JavaScript does not need the submit button. Without JavaScript the button remains.
#[island]
pub fn AutoSubmit(children: Children) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let form = event_target::<web_sys::Element>(&ev)
                .closest("form")
                .ok()
                .flatten()
                .and_then(|el| el.dyn_into::<web_sys::HtmlFormElement>().ok());
            if let Some(form) = form {
                let _ = form.request_submit();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! { <div class="auto-submit" data-auto-submit="" on:change=on_change>{children()}</div> }
}
