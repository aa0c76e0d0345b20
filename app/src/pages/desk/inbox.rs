//! `/desk/inbox`: the public's questions to the signed-in account's unit, soonest due
//! first, overdue unmistakable; and `/desk/concerns/{code}`: one concern with its steps.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{ErrorView, HistoryTable, RichText, TextBox};
use crate::domain::concern::{
    AnswerStatus, CloseReason, ConcernAction, ConcernStatus, ResponseClass,
};
use crate::domain::policy::china_offset;
use crate::dto::concern::{ConcernPage, InboxPage};
use crate::i18n::t;
use crate::pages::public::concerns::close_reason_text;
use crate::server_fns::concerns::{get_concern, get_inbox};

fn local(time: chrono::DateTime<chrono::Utc>) -> String {
    time.with_timezone(&china_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn class_text(class: ResponseClass) -> &'static str {
    let texts = t();
    match class {
        ResponseClass::Routine => texts.class_routine,
        ResponseClass::Opinion => texts.class_opinion,
        ResponseClass::Emergency => texts.class_emergency,
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

#[component]
pub fn InboxView() -> impl IntoView {
    let texts = t();
    let query = use_query_map();
    view! {
        <Title text=texts.inbox_title/>
        <nav class="breadcrumb"><a href="/desk">{texts.desk_title}</a></nav>
        <h1>{texts.inbox_title}</h1>
        <nav class="tabs" aria-label=texts.inbox_filter>
            {[("", "/desk/inbox", texts.inbox_open), ("overdue", "/desk/inbox?show=overdue", texts.overdue), ("all", "/desk/inbox?show=all", texts.inbox_all)]
                .into_iter()
                .map(|(show, href, label)| {
                    let current = move || {
                        let shown = query.read().get("show").unwrap_or_default();
                        let shown = if matches!(shown.as_str(), "overdue" | "all") { shown } else { String::new() };
                        (shown == show).then_some("page")
                    };
                    view! { <a href=href aria-current=current>{label}</a> }
                })
                .collect_view()}
        </nav>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let show = query.read().get("show");
                Suspend::new(async move {
                    match get_inbox(show).await {
                        Ok(page) => view! { <InboxTable page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
        <WriteQa/>
    }
}

#[component]
fn InboxTable(page: InboxPage) -> impl IntoView {
    let attention = page.applications.clone();
    view! {
        <crate::pages::desk::applications::ApplicationAttention lines=attention/>
        <Questions page/>
    }
}

#[component]
fn Questions(page: InboxPage) -> impl IntoView {
    let texts = t();
    if page.items.is_empty() {
        return view! { <p class="empty">{texts.inbox_empty}</p> }.into_any();
    }
    let now = page.now;
    view! {
        <table class="history inbox">
            <thead>
                <tr>
                    <th scope="col">{texts.track_code}</th>
                    <th scope="col">{texts.inbox_question}</th>
                    <th scope="col">{texts.track_status}</th>
                    <th scope="col">{texts.inbox_due}</th>
                </tr>
            </thead>
            <tbody>
                {page.items.into_iter().map(|item| {
                    let overdue = item.is_overdue(now);
                    let preview: String = item.question.chars().take(60).collect();
                    view! {
                        <tr class:overdue=overdue>
                            <td><a href=format!("/desk/concerns/{}", item.code)>{item.code.clone()}</a></td>
                            <td lang=crate::i18n::content_lang()>{preview}</td>
                            <td>{status_text(item.status)}{item.class.map(|c| format!("（{}）", class_text(c)))}</td>
                            <td>
                                {item.due_at.map(local).unwrap_or_default()}
                                {overdue.then(|| view! { " "<strong class="overdue-flag">{texts.overdue}</strong> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn ConcernDesk() -> impl IntoView {
    let params = use_params_map();
    let texts = t();
    view! {
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let code = params.read().get("code").unwrap_or_default();
                Suspend::new(async move {
                    match get_concern(code).await {
                        Ok(page) => view! { <ConcernView page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ConcernView(page: ConcernPage) -> impl IntoView {
    let texts = t();
    let item = page.item;
    let code = item.code.clone();
    let hidden = move |name: &'static str, value: String| view! { <input type="hidden" name=name value=value/> };
    let status = item.status;
    let answer_status = item.answer_status;
    let can = |action| page.actions.can(action);
    let draft = item
        .answer
        .clone()
        .map(|a| a.as_str().to_owned())
        .unwrap_or_default();
    view! {
        <Title text=format!("{} {}", texts.inbox_title, code)/>
        <nav class="breadcrumb"><a href="/desk">{texts.desk_title}</a>" › "<a href="/desk/inbox">{texts.inbox_title}</a></nav>
        <crate::components::StepError/>
        <h1>{format!("{} {}", texts.track_code, code)}</h1>
        <p>
            <span class=format!("badge status {}", status.as_str())>{status_text(status)}</span>
            {item.class.map(|c| format!(" {}", class_text(c)))}
            {page.overdue.then(|| view! { " "<strong class="overdue-flag">{texts.overdue}</strong> })}
        </p>
        <dl class="track-facts">
            <dt>{texts.track_received_at}</dt><dd>{local(item.received_at)}</dd>
            {item.due_at.map(|d| view! { <dt>{texts.inbox_due}</dt><dd>{local(d)}</dd> })}
            {item.second_due_at.map(|d| view! { <dt>{texts.inbox_second_due}</dt><dd>{local(d)}</dd> })}
            {item.due_note.clone().map(|n| view! { <dt>{texts.inbox_due_note}</dt><dd>{n}</dd> })}
            {item.policy_id.clone().zip(item.policy_title.clone()).map(|(id, title)| view! {
                <dt>{texts.interprets}</dt><dd><a href=format!("/desk/policies/{id}")>{title}</a></dd>
            })}
            <dt>{texts.ask_name}</dt><dd>{item.name.clone().unwrap_or_default()}</dd>
            <dt>{texts.ask_contact}</dt><dd class="private">{item.contact.clone()}</dd>
            {item.close_reason.map(|r| view! { <dt>{texts.track_closed_because}</dt><dd>{close_reason_text(r)}{item.close_note.clone().map(|n| format!("：{n}"))}</dd> })}
        </dl>
        <section aria-labelledby="question-title">
            <h2 id="question-title">{texts.inbox_original}</h2>
            <blockquote class="original-question">{item.question.clone()}</blockquote>
        </section>
        {can(ConcernAction::Accept).then(|| view! {
            <section class="triage" aria-labelledby="triage-title">
                <h2 id="triage-title">{texts.inbox_triage}</h2>
                <form method="post" action="/api/concern_step" class="inline-form">
                    {hidden("code", code.clone())}{hidden("action", "accept".into())}
                    <label for="class">{texts.inbox_class}</label>
                    <select id="class" name="class">
                        {ResponseClass::ALL.iter().map(|c| view! { <option value=c.as_str()>{class_text(*c)}</option> }).collect_view()}
                    </select>
                    <button type="submit">{texts.inbox_accept}</button>
                </form>
            </section>
        })}
        {can(ConcernAction::Close).then(|| view! {
            <form method="post" action="/api/concern_step" class="inline-form">
                {hidden("code", code.clone())}{hidden("action", "close".into())}
                <label for="reason">{texts.inbox_close}</label>
                <select id="reason" name="reason">
                    {CloseReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{close_reason_text(*r)}</option> }).collect_view()}
                </select>
                <label for="close-note">{texts.comment}</label>
                <input id="close-note" name="note" type="text"/>
                <button type="submit" class="secondary">{texts.inbox_close}</button>
            </form>
        })}
        {can(ConcernAction::Assign).then(|| view! {
            <form method="post" action="/api/concern_step" class="inline-form">
                {hidden("code", code.clone())}{hidden("action", "assign".into())}
                <label for="assign-unit">{texts.inbox_assign}</label>
                <select id="assign-unit" name="unit">
                    {page.units.clone().into_iter().filter(|u| Some(&u.code) != item.unit.as_ref()).map(|u| view! { <option value=u.code>{u.name}</option> }).collect_view()}
                </select>
                <button type="submit" class="secondary">{texts.inbox_assign}</button>
            </form>
        })}
        {can(ConcernAction::Draft).then(|| view! {
            <section aria-labelledby="answer-title">
                <h2 id="answer-title">{texts.inbox_answer}</h2>
                <form method="post" action="/api/concern_step" class="policy-form">
                    {hidden("code", code.clone())}{hidden("action", "draft".into())}
                    <label for="answer">{texts.inbox_answer_rich}</label>
                    <crate::islands::RichTextEditor name="answer".to_owned() initial=draft.clone() invalid=false/>
                    <button type="submit" class="secondary">{texts.inbox_save_answer}</button>
                </form>
                {(can(ConcernAction::Submit) && !draft.is_empty()).then(|| view! {
                    <form method="post" action="/api/concern_step" class="inline-form">
                        {hidden("code", code.clone())}{hidden("action", "submit".into())}
                        <button type="submit">{texts.submit_for_review}</button>
                    </form>
                })}
            </section>
        })}
        {item.answer.clone().map(|answer| view! {
            <section class="answer" aria-labelledby="current-answer-title">
                <h2 id="current-answer-title">{texts.track_answer}{answer_status.map(|s| format!("（{}）", match s {
                    AnswerStatus::Draft => texts.article_status_draft,
                    AnswerStatus::Submitted => texts.article_status_submitted,
                    AnswerStatus::Approved => texts.article_status_approved,
                }))}</h2>
                <RichText html=answer class="policy-body"/>
            </section>
        })}
        {can(ConcernAction::Approve).then(|| view! {
            <section class="review" aria-labelledby="sign-off-title">
                <h2 id="sign-off-title">{texts.approve}</h2>
                <form method="post" action="/api/concern_step" class="inline-form">
                    {hidden("code", code.clone())}{hidden("action", "approve".into())}
                    <button type="submit">{texts.approve}</button>
                </form>
                <form method="post" action="/api/concern_step" class="policy-form">
                    {hidden("code", code.clone())}{hidden("action", "return".into())}
                    <label for="return-note">{texts.comment}</label>
                    <TextBox id="return-note" name="note" rows=2 {..} required=true/>
                    <button type="submit" class="secondary">{texts.return_with_comment}</button>
                </form>
            </section>
        })}
        {(page.can_handle && status == ConcernStatus::Answered && item.published_qa.is_none()).then(|| view! {
            <section aria-labelledby="publish-title">
                <h2 id="publish-title">{texts.inbox_publish_qa}</h2>
                <p class="muted">{texts.inbox_publish_hint}</p>
                <form method="post" action="/api/publish_qa" class="policy-form">
                    {hidden("code", code.clone())}
                    <label for="qa-question">{texts.inbox_public_question}</label>
                    <TextBox id="qa-question" name="question" rows=3 value=item.question.clone() {..} required=true/>
                    <button type="submit">{texts.inbox_publish_qa}</button>
                </form>
            </section>
        })}
        {item.published_qa.clone().map(|_| view! { <p role="status">{texts.inbox_published}</p> })}
        {(page.can_handle && !page.plan_issues.is_empty()).then(|| view! {
            <form method="post" action="/api/raise_issue" class="inline-form">
                {hidden("code", code.clone())}
                <label for="raise-issue">"关联解读方案议题"</label>
                <select id="raise-issue" name="issue">
                    {page.plan_issues.clone().into_iter().map(|(id, question)| view! { <option value=id>{question}</option> }).collect_view()}
                </select>
                <button type="submit" class="secondary">"关联"</button>
            </form>
        }.into_any())}
        <HistoryTable entries=page.history/>
    }
    .into_any()
}

/// Writing a Q&A directly, for the unit in general or on one of its policies (by id).
#[component]
fn WriteQa() -> impl IntoView {
    let texts = t();
    view! {
        <section aria-labelledby="write-qa-title">
            <h2 id="write-qa-title">{texts.write_qa}</h2>
            <form method="post" action="/api/write_qa" class="policy-form">
                <label for="qa-policy">{texts.write_qa_policy}</label>
                <input id="qa-policy" name="policy" type="text" placeholder="czj-2016-2"/>
                <label for="qa-question-direct">{texts.inbox_public_question}</label>
                <TextBox id="qa-question-direct" name="question" rows=2 {..} required=true/>
                <label for="answer">{texts.inbox_answer_rich}</label>
                <crate::islands::RichTextEditor name="answer".to_owned() initial=String::new() invalid=false/>
                <button type="submit">{texts.inbox_publish_qa}</button>
            </form>
        </section>
    }
}
