//! A record's history as the desk shows it: who did what, when, from which state to which.

use leptos::prelude::*;

use crate::domain::PolicyStatus;
use crate::domain::activity;
use crate::domain::article::ArticleStatus;
use crate::domain::policy::china_offset;
use crate::dto::HistoryEntry;
use crate::i18n::{content_lang, say, t};

/// The text of a status as stored in the audit trail (a policy's or an article's).
fn status_text(stored: Option<&str>) -> String {
    let texts = t();
    match stored {
        Some(s) => PolicyStatus::parse(s)
            .map(|p| texts.status(p))
            .or_else(|_| ArticleStatus::parse(s).map(|a| texts.article_status(a)))
            .unwrap_or_default()
            .to_owned(),
        None => String::new(),
    }
}

/// An action in words, without the colon that joins it to its object in a sentence.
fn verb(action: &str) -> String {
    let (verb, _) = activity::describe(action);
    say(&verb).trim_end_matches(['：', ':']).to_owned()
}

/// Audit records as sentences: who did what to which item, with a link to the item
/// ("欧艳波 提交审签 政策文件《…》"), newest first; `empty` when there are none.
#[component]
pub fn ActivityList(entries: Vec<HistoryEntry>, empty: &'static str) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    if entries.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <ul class="activity">
            {entries.into_iter().map(|h| {
                let when = h.at.with_timezone(&china_offset()).format("%m-%d %H:%M").to_string();
                let (verb, kind) = activity::describe(&h.action);
                let kind = kind.map(|k| say(&k));
                let title = h.subject_title.clone().map(|title| match kind.as_deref() {
                    Some(_) if h.subject.as_deref().is_some_and(|s| s.starts_with("concern:") || s.starts_with("application:")) => title,
                    Some(_) => format!("《{title}》"),
                    None => title,
                });
                let object = match (title, h.href.clone()) {
                    (Some(title), Some(href)) => view! { <a href=href lang=zh>{title}</a> }.into_any(),
                    (Some(title), None) => view! { <span lang=zh>{title}</span> }.into_any(),
                    (None, _) => ().into_any(),
                };
                view! {
                    <li>
                        <time datetime=h.at.to_rfc3339()>{when}</time>" "
                        <strong lang=zh>{texts.actor(&h)}</strong>" "
                        {say(&verb)}" "{kind.unwrap_or_default()}{object}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn HistoryTable(entries: Vec<HistoryEntry>) -> impl IntoView {
    let texts = t();
    view! {
        <section aria-labelledby="history-title">
            <h2 id="history-title">{texts.history}</h2>
            <table class="history">
                <thead>
                    <tr>
                        <th scope="col">{texts.history_time}</th>
                        <th scope="col">{texts.history_actor}</th>
                        <th scope="col">{texts.history_action}</th>
                        <th scope="col">{texts.history_change}</th>
                        <th scope="col">{texts.history_detail}</th>
                    </tr>
                </thead>
                <tbody>
                    {entries.into_iter().map(|h| view! {
                        <tr>
                            <td><time datetime=h.at.to_rfc3339()>{h.at.with_timezone(&china_offset()).format("%Y-%m-%d %H:%M").to_string()}</time></td>
                            <td>{texts.actor(&h)}</td>
                            <td>{verb(&h.action)}</td>
                            <td>{format!("{} → {}", status_text(h.from_status.as_deref()), status_text(h.to_status.as_deref()))}</td>
                            <td>{h.detail.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
