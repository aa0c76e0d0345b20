//! `/desk/policies/{id}`: a policy's status, the reviewer's comment and its history.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{ErrorView, HistoryTable, RichText};
use crate::domain::PolicyStatus;
use crate::domain::policy::china_offset;
use crate::domain::workflow::{Action, ChangeAction, ChangeStatus};
use crate::dto::DeskPolicyPage;
use crate::i18n::t;
use crate::server_fns::desk::get_desk_policy;

#[component]
pub fn DeskPolicy() -> impl IntoView {
    let params = use_params_map();
    let texts = t();
    view! {
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let id = params.read().get("id").unwrap_or_default();
                Suspend::new(async move {
                    match get_desk_policy(id).await {
                        Ok(page) => view! { <PolicyHistory page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn PolicyHistory(page: DeskPolicyPage) -> impl IntoView {
    let texts = t();
    // An invitation just made for this policy: its link, to copy and send.
    let invitation = use_query_map()
        .with_untracked(|q| q.get("invitation"))
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()));
    let policy = page.policy;
    let editable = page.actions.can(Action::Edit) || page.change_actions.can(ChangeAction::Propose);
    let decide = page.change_actions.can(ChangeAction::Apply);
    view! {
        <Title text=policy.title.clone()/>
        <nav class="breadcrumb"><a href="/desk">{texts.desk_title}</a></nav>
        <crate::components::StepError/>
        <h1>{policy.title.clone()}</h1>
        {editable.then(|| view! {
            <p><a class="button" href=format!("/desk/policies/{}/edit", policy.id)>{texts.edit_policy}</a></p>
        })}
        <p>
            <span class=format!("badge status {}", policy.status.as_str())>{texts.status(policy.status)}</span>
            " "{policy.unit_name.clone()}
        </p>
        {policy.review_comment.clone().filter(|_| policy.status == PolicyStatus::Returned).map(|c| view! {
            <p class="form-error" role="note">{format!("{}{c}", texts.last_comment)}</p>
        })}
        {page.change.clone().map(|change| view! {
            <section class="review" aria-labelledby="change-title">
                <h2 id="change-title">{if change.status == ChangeStatus::Returned { texts.change_returned } else { texts.change_waiting }}</h2>
                {change.reason.clone().map(|r| view! { <p>{format!("{}：{r}", texts.change_reason)}</p> })}
                {change.review_comment.clone().filter(|_| change.status == ChangeStatus::Returned).map(|c| view! {
                    <p class="form-error" role="note">{format!("{}{c}", texts.last_comment)}</p>
                })}
                {change.disclosure.map(|d| view! { <p>{format!("{}：{}", texts.change_disclosure, texts.disclosure(d))}</p> })}
                {change.title.clone().map(|t| view! { <h3>{t}</h3> })}
                {change.body.clone().map(|b| view! { <RichText html=b class="policy-body"/> })}
                {decide.then(|| view! {
                    <form method="post" action="/api/decide_policy_change" class="inline-form">
                        <input type="hidden" name="id" value=policy.id.clone()/>
                        <input type="hidden" name="action" value="apply"/>
                        <button type="submit">{texts.change_apply}</button>
                    </form>
                    <form method="post" action="/api/decide_policy_change" class="inline-form">
                        <input type="hidden" name="id" value=policy.id.clone()/>
                        <input type="hidden" name="action" value="reject"/>
                        <label for="change-comment">{texts.comment}</label>
                        <input id="change-comment" name="comment" type="text" required/>
                        <button type="submit" class="secondary">{texts.change_reject}</button>
                    </form>
                })}
            </section>
        })}
        <PolicySteps id=policy.id.clone() actions=page.actions.clone() unsynchronised=page.unsynchronised.clone() may_override=page.may_override/>
        {page.actions.can(Action::Withdraw).then(|| view! {
            <form method="post" action="/api/transition_policy" class="inline-form">
                <input type="hidden" name="id" value=policy.id.clone()/>
                <input type="hidden" name="action" value="withdraw"/>
                <button type="submit" class="secondary">{texts.withdraw}</button>
            </form>
        })}
        {page.can_mark.then(|| view! {
            <form method="post" action="/api/mark_validity" class="inline-form">
                <input type="hidden" name="id" value=policy.id.clone()/>
                <label for="validity">{texts.label_validity}</label>
                <select id="validity" name="validity">
                    <option value="amended">{texts.validity_amended}</option>
                    <option value="repealed">{texts.validity_repealed}</option>
                </select>
                <label for="replaced_by">{texts.replaced_by}</label>
                <input id="replaced_by" name="replaced_by" type="text" placeholder="czj-2016-4"/>
                <button type="submit" class="secondary">{texts.mark}</button>
            </form>
        })}
        <p><a href=format!("/desk/policies/{}/plan", policy.id)>"解读方案（议题、发布节点、覆盖矩阵、时间线）"</a></p>
        {page.can_write.then(|| view! {
            <section class="write" aria-labelledby="write-title">
                <h2 id="write-title">{texts.desk_articles_of_policy}</h2>
                <p><a class="button" href=format!("/desk/articles/new?policy={}", policy.id)>{texts.write_on_policy}</a></p>
                {invitation.clone().map(|token| view! {
                    <p role="status" class="invitation">
                        {texts.invite_link}<br/>
                        <code class="invitation-link">{format!("/invite/{token}")}</code>
                    </p>
                })}
                <form method="post" action="/api/invite_expert" class="inline-form">
                    <input type="hidden" name="policy" value=policy.id.clone()/>
                    <label for="invite-name">{texts.invite_name}</label>
                    <input id="invite-name" name="name" type="text" required maxlength="50"/>
                    <button type="submit" class="secondary">{texts.invite_create}</button>
                </form>
            </section>
        })}
        <crate::pages::desk::home::ArticleSection id="policy-articles" title=texts.desk_articles_of_policy items=page.articles/>
        <HistoryTable entries=page.history/>
        {(!page.revisions.is_empty()).then(|| view! {
            <section aria-labelledby="revisions-title">
                <h2 id="revisions-title">{texts.revisions}</h2>
                <p class="muted">{texts.revisions_hint}</p>
                <ol class="revisions">
                    {page.revisions.into_iter().map(|r| {
                        let when = r.at.with_timezone(&china_offset()).format("%Y-%m-%d %H:%M").to_string();
                        view! {
                            <li>
                                <details>
                                    <summary>{format!("{when} · {} · {}", r.edited_by, r.title)}</summary>
                                    {r.doc_number.map(|n| view! { <p class="muted">{n}</p> })}
                                    <RichText html=r.body class="policy-body"/>
                                </details>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        })}
    }
    .into_any()
}

/// The workflow steps the account may take on the policy now, each a form. Publishing a
/// major policy whose same-day items are not signed off is refused (同步部署): the page says
/// which, and a county-wide reviewer gets the form to publish anyway with a reason.
#[component]
fn PolicySteps(
    id: String,
    actions: crate::dto::Allowed<Action>,
    unsynchronised: Vec<crate::domain::plan::MilestoneForm>,
    may_override: bool,
) -> impl IntoView {
    let texts = t();
    let step = |action: Action, label: &'static str| {
        let comment = (action == Action::Return).then(|| {
            view! {
                <label for="step-comment">{texts.review_comment}</label>
                <input id="step-comment" type="text" name="comment" required/>
            }
        });
        view! {
            <form method="post" action="/api/transition_policy" class="inline-form">
                <input type="hidden" name="id" value=id.clone()/>
                <input type="hidden" name="action" value=action.as_str()/>
                {comment}
                <button type="submit" class=if action == Action::Return { "secondary" } else { "" }>{label}</button>
            </form>
        }
    };
    let plain = [
        (Action::Submit, texts.action_submit),
        (Action::Approve, texts.action_approve),
        (Action::Return, texts.action_return),
    ];
    let publish = actions.can(Action::Publish).then(|| {
        if unsynchronised.is_empty() {
            return step(Action::Publish, texts.action_publish).into_any();
        }
        let forms: Vec<&str> = unsynchronised
            .iter()
            .map(|f| crate::pages::desk::plan::form_text(*f))
            .collect();
        let blocked = format!("{}{}", texts.sync_blocked, forms.join(texts.list_separator));
        let override_form = may_override.then(|| view! {
            <form method="post" action="/api/transition_policy" class="override-form">
                <input type="hidden" name="id" value=id.clone()/>
                <input type="hidden" name="action" value="publish"/>
                <label for="override-reason">{texts.sync_override_reason}</label>
                <crate::components::TextBox id="override-reason" name="override_reason" rows=3 {..} required=true maxlength="2000"/>
                <button type="submit">{texts.sync_override_submit}</button>
            </form>
        });
        view! {
            <div class="sync-blocked" role="note">
                <p>{blocked}</p>
                <p class="muted">{texts.sync_wait_hint}</p>
                {override_form}
            </div>
        }
        .into_any()
    });
    let any = plain.iter().any(|(a, _)| actions.can(*a)) || publish.is_some();
    any.then(|| view! {
        <section class="steps" aria-labelledby="steps-title">
            <h2 id="steps-title">{texts.steps_title}</h2>
            {plain.into_iter().filter(|(a, _)| actions.can(*a)).map(|(a, label)| step(a, label)).collect_view()}
            {publish}
        </section>
    })
}
