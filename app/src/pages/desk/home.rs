//! `/desk`: what needs the signed-in person's attention.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorView, format_day};
use crate::domain::workflow::Action;
use crate::dto::DeskItem;
use crate::i18n::{content_lang, t};
use crate::server_fns::desk::get_desk;

#[component]
pub fn DeskHome() -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    view! {
        <Title text=texts.desk_title/>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || Suspend::new(async move {
                match get_desk().await {
                    Err(error) => view! { <ErrorView error/> }.into_any(),
                    Ok(desk) => {
                        let roles = desk.account.roles.iter().map(|r| texts.role(*r)).collect::<Vec<_>>().join(texts.list_separator);
                        view! {
                            <crate::components::StepError/>
                            <div class="desk-head">
                                <h1>{texts.desk_title}</h1>
                                <p class="who">
                                    {texts.desk_welcome}<strong lang=zh>{desk.account.display_name.clone()}</strong>
                                    " ("{roles}")"
                                </p>
                                {desk.account.roles.contains(&crate::domain::workflow::Role::Admin).then(|| view! {
                                    <a href="/admin">{texts.admin_title}</a>
                                })}
                                {desk.account.unit.is_some().then(|| view! {
                                    <a href="/desk/inbox">{texts.desk_inbox_link}</a>" "
                                    <a href="/desk/applications">{texts.desk_applications}</a>
                                })}
                                <form method="post" action="/api/logout">
                                    <button type="submit" class="secondary">{texts.sign_out}</button>
                                </form>
                            </div>
                            {(!desk.returned_to_me.is_empty()).then(|| view! {
                                <section aria-labelledby="returned-title">
                                    <h2 id="returned-title">{texts.desk_returned}</h2>
                                    <DeskList items=desk.returned_to_me actions=Vec::new()/>
                                </section>
                            })}
                            <section aria-labelledby="drafts-title">
                                <h2 id="drafts-title">{texts.desk_drafts}</h2>
                                {desk.account.roles.contains(&crate::domain::workflow::Role::Editor).then(|| view! {
                                    <p><a class="button" href="/desk/policies/new">{texts.new_policy}</a></p>
                                })}
                                <DeskList items=desk.drafts actions=vec![(Action::Submit, texts.action_submit)]/>
                            </section>
                            <section aria-labelledby="waiting-title">
                                <h2 id="waiting-title">{texts.desk_waiting}</h2>
                                <DeskList items=desk.waiting actions=vec![(Action::Approve, texts.action_approve), (Action::Return, texts.action_return)]/>
                            </section>
                            <section aria-labelledby="approved-title">
                                <h2 id="approved-title">{texts.desk_approved}</h2>
                                <DeskList items=desk.approved actions=vec![(Action::Publish, texts.action_publish)]/>
                            </section>
                            {(!desk.assignments.is_empty()).then(|| view! {
                                <section aria-labelledby="assignments-title">
                                    <h2 id="assignments-title">{texts.my_assignments}</h2>
                                    <ul class="desk-list">
                                        {desk.assignments.into_iter().map(|p| view! {
                                            <li>
                                                <span class="title" lang=zh>{p.title}</span>" "
                                                <a class="button" href=format!("/desk/articles/new?policy={}", p.id)>{texts.new_article}</a>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <crate::pages::desk::applications::ApplicationAttention lines=desk.applications.clone()/>
                            <PlanSignalsView signals=desk.plan_signals.clone()/>
                            <ArticleSection id="review-articles" title=texts.articles_to_review items=desk.articles_to_review/>
                            <ArticleSection id="my-articles" title=texts.my_articles items=desk.my_articles/>
                            <ArticleSection id="unit-articles" title=texts.unit_articles items=desk.unit_articles/>
                            <section aria-labelledby="activity-title">
                                <h2 id="activity-title">{texts.desk_activity}</h2>
                                {if desk.activity.is_empty() {
                                    view! { <p class="empty">{texts.desk_empty}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="activity">
                                            {desk.activity.into_iter().map(|h| {
                                                let when = h.at.with_timezone(&crate::domain::policy::china_offset()).format("%m-%d %H:%M").to_string();
                                                let what = format!("{} {} {}", h.actor.unwrap_or_default(), h.action, h.subject.unwrap_or_default());
                                                view! { <li><time>{when}</time>" "{what}</li> }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A list of interpretations on the desk, each linking to its page (the steps are there);
/// nothing is shown for an empty list.
#[component]
pub fn ArticleSection(
    id: &'static str,
    title: &'static str,
    items: Vec<crate::dto::article::DeskArticleItem>,
) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    (!items.is_empty()).then(|| {
        let (heading, labelled_by) = (format!("{id}-title"), format!("{id}-title"));
        view! {
            <section aria-labelledby=labelled_by id=id>
                <h2 id=heading>{title}</h2>
                <ul class="desk-list">
                    {items.into_iter().map(|a| view! {
                        <li>
                            <a class="title" href=format!("/desk/articles/{}", a.id) lang=zh>{a.title}</a>
                            " "<span class=format!("badge status {}", a.status.as_str())>{texts.article_status(a.status)}</span>
                            " "<span class="muted">{format!("{} · {} · ", texts.article_kind(a.kind), a.created_by)}<span lang=zh>{a.policy_title}</span></span>
                            " "<time>{format_day(a.updated_at)}</time>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// A desk list; each item carries a form per step of `actions` that the signed-in account
/// may take on it now. Returning needs a comment, so that form has a comment field.
#[component]
fn DeskList(items: Vec<DeskItem>, actions: Vec<(Action, &'static str)>) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    if items.is_empty() {
        return view! { <p class="empty">{texts.desk_empty}</p> }.into_any();
    }
    view! {
        <ul class="policy-list desk-list">
            {items
                .into_iter()
                .map(|item| view! {
                    <li>
                        <a class="title" href=format!("/desk/policies/{}", item.id) lang=zh>{item.title}</a>
                        <span class=format!("badge status {}", item.status.as_str())>{texts.status(item.status)}</span>
                        <span class="meta"><span class="unit" lang=zh>{item.unit_name}</span></span>
                        <time>{format_day(item.updated_at)}</time>
                        <div class="desk-actions">
                            {actions
                                .iter()
                                .filter(|(action, _)| item.actions.can(*action))
                                .map(|(action, label)| {
                                    let comment = (*action == Action::Return).then(|| view! {
                                        <input type="text" name="comment" required aria-label=texts.review_comment placeholder=texts.review_comment/>
                                    });
                                    view! {
                                        <form method="post" action="/api/transition_policy">
                                            <input type="hidden" name="id" value=item.id.clone()/>
                                            <input type="hidden" name="action" value=action.as_str()/>
                                            {comment}
                                            <button type="submit" class="secondary">{*label}</button>
                                        </form>
                                    }
                                })
                                .collect_view()}
                        </div>
                    </li>
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// What the unit's interpretation plans need: nothing is shown when all is well.
#[component]
fn PlanSignalsView(signals: crate::dto::plan::PlanSignals) -> impl IntoView {
    use crate::pages::desk::plan::form_text;
    let texts = t();
    let zh = content_lang();
    let empty = signals.due_soon.is_empty()
        && signals.overdue.is_empty()
        && signals.without_plan.is_empty()
        && signals.uncovered.is_empty();
    let milestone_list = |items: Vec<crate::dto::plan::MilestoneSignal>, overdue: bool| {
        view! {
            <ul class="desk-list">
                {items.into_iter().map(|m| view! {
                    <li class:overdue=overdue>
                        <a href=format!("/desk/policies/{}/plan", m.policy.id) lang=zh>{m.policy.title.clone()}</a>
                        " · "{form_text(m.form)}
                        {m.due_at.map(|d| format!(" · {}", d.with_timezone(&crate::domain::policy::china_offset()).format("%Y-%m-%d %H:%M")))}
                    </li>
                }).collect_view()}
            </ul>
        }
    };
    let policy_list = |items: Vec<crate::dto::PolicyLink>| {
        view! {
            <ul class="desk-list">
                {items.into_iter().map(|p| view! {
                    <li><a href=format!("/desk/policies/{}/plan", p.id) lang=zh>{p.title}</a></li>
                }).collect_view()}
            </ul>
        }
    };
    (!empty).then(|| {
        view! {
            <section aria-labelledby="signals-title" class="signals">
                <h2 id="signals-title">{texts.signals_title}</h2>
                {(!signals.overdue.is_empty()).then(|| view! { <h3 class="overdue-flag">{texts.signals_overdue}</h3>{milestone_list(signals.overdue.clone(), true)} })}
                {(!signals.due_soon.is_empty()).then(|| view! { <h3>{texts.signals_due_soon}</h3>{milestone_list(signals.due_soon.clone(), false)} })}
                {(!signals.without_plan.is_empty()).then(|| view! { <h3>{texts.signals_without_plan}</h3>{policy_list(signals.without_plan.clone())} })}
                {(!signals.uncovered.is_empty()).then(|| view! { <h3>{texts.signals_uncovered}</h3>{policy_list(signals.uncovered.clone())} })}
            </section>
        }
        .into_any()
    })
}
