//! A list of policies as the library and the home page show them.

use leptos::prelude::*;

use super::{format_day, iso_day};
use crate::domain::Validity;
use crate::dto::PolicySummary;
use crate::i18n::{content_lang, t};

#[component]
pub fn PolicyList(items: Vec<PolicySummary>, #[prop(optional)] compact: bool) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    view! {
        <ul class=if compact { "policy-list compact" } else { "policy-list" }>
            {items
                .into_iter()
                .map(|p| {
                    let badge = (p.validity != Validity::Effective).then(|| {
                        view! {
                            <span class=format!("badge {}", p.validity.as_str())>
                                {texts.validity(p.validity)}
                            </span>
                        }
                    });
                    let details = (!compact).then(|| {
                        view! {
                            <span class="meta">
                                {p.doc_number.clone().map(|n| view! { <span class="doc-number" lang=zh>{n}</span> })}
                                <span class="unit" lang=zh>{p.unit_name.clone()}</span>
                                <span class="directory" lang=zh>{p.directory_name.clone()}</span>
                            </span>
                        }
                    });
                    view! {
                        <li>
                            <a class="title" href=format!("/policies/{}", p.id) lang=zh>{p.title.clone()}</a>
                            {badge}
                            {details}
                            <time datetime=iso_day(p.published_at)>{format_day(p.published_at)}</time>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
