//! What a shared link and a search engine see of a page: description, canonical address
//! and Open Graph tags.

use leptos::prelude::*;
use leptos_meta::{Link, Meta};

/// The absolute address of the site (server only; empty in the browser, where the head
/// is never rendered again).
pub fn site_base() -> String {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::state::public_base()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// A page's description from its HTML body: the first sentences of its text.
pub fn describe(html: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::sanitize::plain_text(html, 120)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = html;
        String::new()
    }
}

/// Description, canonical link and Open Graph tags of a page at `path`.
#[component]
pub fn PageMeta(
    title: String,
    description: String,
    path: String,
    /// `article` for a policy or interpretation, `website` for lists.
    #[prop(default = "article")]
    og_type: &'static str,
) -> impl IntoView {
    let texts = crate::i18n::t();
    let url = format!("{}{path}", site_base());
    view! {
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=url.clone()/>
        <Meta property="og:type" content=og_type/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:url" content=url/>
        <Meta property="og:site_name" content=texts.site_name/>
        <Meta property="og:locale" content="zh_CN"/>
    }
}

/// A print button (the page's print style gives clean A4) and, on paper only, the
/// address the page was printed from.
#[component]
pub fn PrintTools(path: String) -> impl IntoView {
    let texts = crate::i18n::t();
    let url = format!("{}{path}", site_base());
    view! {
        <p class="page-tools">
            <button type="button" class="secondary" onclick="window.print()">{texts.print}</button>
        </p>
        <p class="print-only">{texts.print_source}{url}</p>
    }
}

/// The Atom feed of a list page, for browsers and readers that discover feeds.
#[component]
pub fn FeedLink(href: &'static str, title: &'static str) -> impl IntoView {
    view! { <Link rel="alternate" type_="application/atom+xml" href=href title=title/> }
}
