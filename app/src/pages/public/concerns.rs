//! `/ask` (a question from the public, no account), `/track` (its status and answer by
//! code) and `/qa` (every published Q&A). Everything works with JavaScript off.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::error::set_status;
use crate::components::{
    ErrorView, FeedLink, Field, FormAlert, RichText, TextBox, aria_invalid, format_day, iso_day,
};
use crate::domain::concern::{CloseReason, ConcernStatus, QUESTION_MAX};
use crate::dto::concern::{QaItem, QaPage, Tracked};
use crate::error::AppError;
use crate::i18n::{content_lang, count, t};
use crate::server_fns::concerns::{AskPage as AskData, get_ask_form, get_qa, get_qa_item, track};

#[component]
pub fn AskPage() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.ask_title/>
        <crate::components::PageMeta title=texts.ask_title.to_owned() description=texts.describe_ask.to_owned() path="/ask".to_owned() og_type="website"/>
        <h1>{texts.ask_title}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let (policy, stash, wait) = {
                    let q = query.read();
                    (q.get("policy"), q.get("stash"), q.get("wait").and_then(|w| w.parse::<u64>().ok()))
                };
                Suspend::new(async move {
                    match get_ask_form(policy, stash).await {
                        Ok(data) => view! { <AskFormView data wait/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The ask form, on `/ask` and under each policy.
#[component]
pub fn AskFormView(data: AskData, wait: Option<u64>) -> impl IntoView {
    let texts = t();
    if wait.is_some() {
        set_status(429);
    }
    let errors = data.errors;
    let v = data.values;
    let (question_invalid, name_invalid, contact_invalid) = (
        aria_invalid(&errors, "question"),
        aria_invalid(&errors, "name"),
        aria_invalid(&errors, "contact"),
    );
    view! {
        <section class="ask" id="ask" aria-labelledby="ask-title">
            <h2 id="ask-title">{texts.ask_heading}</h2>
            {wait.map(|minutes| view! {
                <p class="form-error" role="alert">{format!("{}{}{}", texts.ask_wait_prefix, minutes.max(1), texts.ask_wait_suffix)}</p>
            })}
            {data.policy_title.clone().map(|title| view! { <p class="muted">{texts.ask_about}<span lang=content_lang()>{title}</span></p> })}
            <p class="muted">{texts.ask_privacy}</p>
            <FormAlert errors=errors.clone()/>
            <form method="post" action="/api/ask" class="policy-form">
                <input type="hidden" name="policy" value=v.policy.clone()/>
                <Field name="question" label=texts.ask_question errors=errors.clone()>
                    <TextBox id="question" name="question" rows=5 value=v.question.clone() {..} required=true maxlength=QUESTION_MAX.to_string() aria-invalid=question_invalid/>
                </Field>
                <Field name="name" label=texts.ask_name errors=errors.clone()>
                    <input id="name" name="name" type="text" maxlength="50" autocomplete="name" value=v.name.clone() aria-invalid=name_invalid/>
                </Field>
                <Field name="contact" label=texts.ask_contact errors=errors.clone()>
                    <input id="contact" name="contact" type="text" required autocomplete="tel" value=v.contact.clone() aria-invalid=contact_invalid/>
                </Field>
                // A field people never see: robots fill it in.
                <div class="hp" aria-hidden="true">
                    <label for="website">"Website"</label>
                    <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"/>
                </div>
                <button type="submit">{texts.ask_submit}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
pub fn TrackPage() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.track_title/>
        <crate::components::PageMeta title=texts.track_title.to_owned() description=texts.describe_track.to_owned() path="/track".to_owned() og_type="website"/>
        <h1>{texts.track_title}</h1>
        {move || {
            let q = query.read();
            let code = q.get("code").unwrap_or_default();
            let new = q.get("new").is_some();
            let repeat = q.get("repeat").is_some();
            let received = q.get("received").is_some();
            view! {
                {new.then(|| view! { <p class="notice" role="status">{texts.track_new}</p> })}
                {repeat.then(|| view! { <p class="notice" role="status">{texts.track_repeat}</p> })}
                {received.then(|| view! { <p class="notice" role="status">{texts.track_received}</p> })}
                <form method="get" action="/track" class="inline-form">
                    <label for="code">{texts.track_code}</label>
                    <input id="code" name="code" type="text" required value=code.clone() autocomplete="off"/>
                    <button type="submit">{texts.track_submit}</button>
                </form>
                {(!code.is_empty()).then(|| {
                    if crate::domain::application::is_number(&code) {
                        view! { <super::apply::ApplicationResult code=code.clone() new/> }.into_any()
                    } else {
                        view! { <TrackResult code=code.clone()/> }.into_any()
                    }
                })}
            }
        }}
    }
}

#[component]
fn TrackResult(code: String) -> impl IntoView {
    let texts = t();
    view! {
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {
                let code = code.clone();
                Suspend::new(async move {
                    match track(code).await {
                        Ok(found) => view! { <Tracking found/> }.into_any(),
                        Err(AppError::NotFound) => {
                            set_status(404);
                            view! { <p class="form-error" role="alert">{texts.track_unknown}</p> }.into_any()
                        }
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }
        </Suspense>
    }
}

fn status_text(status: ConcernStatus) -> &'static str {
    let texts = t();
    match status {
        ConcernStatus::New => texts.concern_new,
        ConcernStatus::Accepted => texts.concern_accepted,
        ConcernStatus::Closed => texts.concern_closed,
        ConcernStatus::Answered => texts.concern_answered,
    }
}

pub fn close_reason_text(reason: CloseReason) -> &'static str {
    let texts = t();
    match reason {
        CloseReason::Spam => texts.close_spam,
        CloseReason::OffTopic => texts.close_off_topic,
        CloseReason::Duplicate => texts.close_duplicate,
    }
}

#[component]
fn Tracking(found: Tracked) -> impl IntoView {
    let texts = t();
    view! {
        <section class="tracking" aria-labelledby="tracking-title">
            <h2 id="tracking-title">{format!("{} {}", texts.track_code, found.code)}</h2>
            <dl class="track-facts">
                <dt>{texts.track_status}</dt>
                <dd><strong>{status_text(found.status)}</strong></dd>
                <dt>{texts.track_received_at}</dt>
                <dd><time datetime=iso_day(found.received_at)>{format_day(found.received_at)}</time></dd>
                {found.unit_name.clone().map(|u| view! { <dt>{texts.track_unit}</dt><dd lang=content_lang()>{u}</dd> })}
                {found.due_at.filter(|_| found.status == ConcernStatus::Accepted).map(|due| view! {
                    <dt>{texts.track_due}</dt><dd><time datetime=iso_day(due)>{format_day(due)}</time></dd>
                })}
                {found.close_reason.map(|r| view! { <dt>{texts.track_closed_because}</dt><dd>{close_reason_text(r)}</dd> })}
            </dl>
            {found.answer.clone().map(|answer| view! {
                <section class="answer" aria-labelledby="answer-title">
                    <h3 id="answer-title">{texts.track_answer}</h3>
                    <div lang=content_lang()><RichText html=answer class="policy-body"/></div>
                </section>
            })}
        </section>
    }
    .into_any()
}

#[component]
pub fn QaListPage() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.qa_title/>
        <crate::components::PageMeta title=texts.qa_title.to_owned() description=texts.describe_qa.to_owned() path="/qa".to_owned() og_type="website"/>
        <FeedLink href="/feeds/qa.atom" title=texts.search_kind_qa/>
        <h1>{texts.qa_title}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let (unit, policy, page) = {
                    let q = query.read();
                    (q.get("unit"), q.get("policy"), q.get("page").and_then(|p| p.parse().ok()))
                };
                Suspend::new(async move {
                    match get_qa(unit, policy, page).await {
                        Ok(page) => view! { <QaListing page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn QaListing(page: QaPage) -> impl IntoView {
    let texts = t();
    let unit = page.unit.clone().unwrap_or_default();
    let pages = page.total.div_ceil(u64::from(page.per_page.max(1))) as u32;
    let current = page.page;
    let base = {
        let mut pairs = Vec::new();
        if let Some(u) = &page.unit {
            pairs.push(format!("unit={u}"));
        }
        if let Some(p) = &page.policy {
            pairs.push(format!("policy={p}"));
        }
        pairs
    };
    let link = move |p: u32| {
        let mut pairs = base.clone();
        pairs.push(format!("page={p}"));
        format!("/qa?{}", pairs.join("&"))
    };
    let prev =
        (current > 1).then(|| view! { <a rel="prev" href=link(current - 1)>{texts.prev_page}</a> });
    let next = (current < pages)
        .then(|| view! { <a rel="next" href=link(current + 1)>{texts.next_page}</a> });
    view! {
        <form method="get" action="/qa" class="inline-form filter-bar">
            {page.policy.clone().map(|p| view! { <input type="hidden" name="policy" value=p/> })}
            <label for="filter-unit">{texts.label_unit}</label>
            <select id="filter-unit" name="unit">
                <option value="" selected=unit.is_empty()>{texts.all_units}</option>
                {page.units.into_iter().map(|u| {
                    let selected = u.code == unit;
                    view! { <option value=u.code selected=selected lang=content_lang()>{u.name}</option> }
                }).collect_view()}
            </select>
            <button type="submit">{texts.filter_apply}</button>
            <a href="/ask">{texts.ask_heading}</a>
        </form>
        <p class="results-count" role="status">{count(texts, page.total)}</p>
        <QaList items=page.items with_policy=true/>
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=texts.pagination>
                {prev}
                <span>{format!("{}{current} / {pages}{}", texts.page_prefix, texts.page_suffix)}</span>
                {next}
            </nav>
        })}
    }
    .into_any()
}

/// `/qa/:id`: one published question and its answer, the address feeds and search link to.
#[component]
pub fn QaItemPage() -> impl IntoView {
    let params = use_params_map();
    let texts = t();
    view! {
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let id = params.read().get("id").unwrap_or_default();
                Suspend::new(async move {
                    match get_qa_item(id).await {
                        Ok(qa) => {
                            let title = qa.question.clone();
                            view! {
                                <Title text=title.clone()/>
                                <Meta name="description" content=title/>
                                <nav class="breadcrumb" aria-label=texts.breadcrumb_label>
                                    <a href="/">{texts.nav_home}</a>" › "<a href="/qa">{texts.qa_title}</a>
                                </nav>
                                <h1>{texts.qa_title}</h1>
                                <QaList items=vec![qa] with_policy=true/>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Published questions and answers, newest first.
#[component]
pub fn QaList(items: Vec<QaItem>, #[prop(optional)] with_policy: bool) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    if items.is_empty() {
        return view! { <p class="empty">{texts.qa_none}</p> }.into_any();
    }
    view! {
        <ol class="qa-list">
            {items.into_iter().map(|qa| view! {
                <li id=format!("qa-{}", qa.id)>
                    <p class="qa-question"><span class="qa-mark">{texts.qa_q}</span><a href=format!("/qa/{}", qa.id) lang=zh>{qa.question.clone()}</a></p>
                    <div class="qa-answer">
                        <span class="qa-mark">{texts.qa_a}</span>
                        <div lang=zh><RichText html=qa.answer.clone() class="policy-body"/></div>
                    </div>
                    <p class="meta">
                        <span lang=zh>{qa.unit_name.clone()}</span>
                        <time datetime=iso_day(qa.published_at)>{format_day(qa.published_at)}</time>
                        {with_policy.then(|| qa.policy_id.clone().zip(qa.policy_title.clone()).map(|(id, title)| view! {
                            <a href=format!("/policies/{id}") lang=zh>{title}</a>
                        })).flatten()}
                    </p>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}
