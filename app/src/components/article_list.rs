//! A list of published interpretations, as the policy page and the list of all
//! interpretations show them.

use leptos::prelude::*;

use super::{format_day, iso_day};
use crate::dto::article::ArticleSummary;
use crate::i18n::{content_lang, t};

/// `with_policy`: name the policy each one interprets (not needed on the policy's page).
#[component]
pub fn ArticleList(
    items: Vec<ArticleSummary>,
    #[prop(optional)] with_policy: bool,
) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    view! {
        <ul class="article-list">
            {items
                .into_iter()
                .map(|a| {
                    let policy = with_policy.then(|| view! {
                        <span class="interprets">
                            {texts.interprets}
                            <a href=format!("/policies/{}", a.policy.id) lang=zh>{a.policy.title.clone()}</a>
                        </span>
                    });
                    view! {
                        <li>
                            <span class=format!("kind kind-{}", a.kind.as_str())>{texts.article_kind(a.kind)}</span>
                            <a class="title" href=format!("/interpretations/{}", a.id) lang=zh>{a.title.clone()}</a>
                            {(!a.summary.is_empty()).then(|| view! { <p class="summary" lang=zh>{a.summary.clone()}</p> })}
                            <span class="meta">
                                <span class="byline" lang=zh>{a.byline.clone()}</span>
                                <time datetime=iso_day(a.published_at)>{format_day(a.published_at)}</time>
                            </span>
                            {policy}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
