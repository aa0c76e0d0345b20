//! A record's history as the desk shows it: who did what, when, from which state to which.

use leptos::prelude::*;

use crate::domain::PolicyStatus;
use crate::domain::article::ArticleStatus;
use crate::domain::policy::china_offset;
use crate::dto::HistoryEntry;
use crate::i18n::t;

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
                            <td>{h.at.with_timezone(&china_offset()).format("%Y-%m-%d %H:%M").to_string()}</td>
                            <td>{h.actor.unwrap_or_default()}</td>
                            <td>{h.action}</td>
                            <td>{format!("{} → {}", status_text(h.from_status.as_deref()), status_text(h.to_status.as_deref()))}</td>
                            <td>{h.detail.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
