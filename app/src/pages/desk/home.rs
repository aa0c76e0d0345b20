//! `/desk`: what needs the signed-in person's attention.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ActivityList, ErrorView, format_day};
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
                        let editor = desk.account.roles.contains(&crate::domain::workflow::Role::Editor);
                        let expert_only = desk.account.roles == [crate::domain::workflow::Role::Expert];
                        let has_list = !desk.policies.is_empty() || desk.policy_total > 0 || editor;
                        let signals = &desk.plan_signals;
                        let nothing_waits = desk.returned_to_me.is_empty() && desk.drafts.is_empty()
                            && desk.waiting.is_empty() && desk.approved.is_empty()
                            && desk.assignments.is_empty() && desk.applications.is_empty()
                            && signals.due_soon.is_empty() && signals.overdue.is_empty()
                            && signals.without_plan.is_empty() && signals.uncovered.is_empty()
                            && desk.articles_to_review.is_empty() && desk.my_articles.is_empty()
                            && desk.unit_articles.is_empty();
                        view! {
                            <crate::components::StepError/>
                            <div class="desk-head">
                                <h1>{texts.desk_title}</h1>
                                <p class="who">
                                    {texts.desk_welcome}<strong lang=zh>{desk.account.display_name.clone()}</strong>
                                    {texts.paren_open}{roles}{texts.paren_close}
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
                            {editor.then(|| view! {
                                <p><a class="button" href="/desk/policies/new">{texts.new_policy}</a></p>
                            })}
                            <div role="region" class="waits" aria-labelledby="waits-title">
                            <h2 id="waits-title">{texts.desk_waits}</h2>
                            {nothing_waits.then(|| view! {
                                <p class="empty next-step">{if expert_only { texts.desk_nothing_waits_expert } else { texts.desk_nothing_waits }}</p>
                            })}
                            <DeskSection id="returned" title=texts.desk_returned items=desk.returned_to_me actions=Vec::new()/>
                            <DeskSection id="drafts" title=texts.desk_drafts items=desk.drafts actions=vec![(Action::Submit, texts.action_submit)]/>
                            <DeskSection id="waiting" title=texts.desk_waiting items=desk.waiting actions=vec![(Action::Approve, texts.action_approve), (Action::Return, texts.action_return)]/>
                            <DeskSection id="approved" title=texts.desk_approved items=desk.approved actions=vec![(Action::Publish, texts.action_publish)]/>
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
                            </div>
                            {has_list.then(|| view! {
                                <section aria-labelledby="policies-title" class="work">
                                    <h2 id="policies-title">{if desk.account.unit.is_some() { texts.desk_unit_policies } else { texts.desk_all_policies }}</h2>
                                    <form method="get" action="/desk/policies" class="inline-form" role="search">
                                        <label for="work-q">{texts.desk_search_words}</label>
                                        <input id="work-q" name="q" type="search" maxlength="50"/>
                                        <button type="submit">{texts.search_button}</button>
                                    </form>
                                    {if desk.policies.is_empty() {
                                        view! { <p class="empty">{texts.desk_no_policies}</p> }.into_any()
                                    } else {
                                        view! { <crate::pages::desk::worklist::WorkTable rows=desk.policies.clone()/> }.into_any()
                                    }}
                                    <p><a href="/desk/policies">{format!("{}{}{}{}{}", texts.desk_see_all, texts.paren_open, texts.count_prefix, desk.policy_total, texts.count_unit.trim())}{texts.paren_close}</a></p>
                                </section>
                            })}
                            <section aria-labelledby="mine-title">
                                <h2 id="mine-title">{texts.desk_mine}</h2>
                                <ActivityList entries=desk.mine.clone() empty=texts.desk_mine_empty/>
                            </section>
                            {desk.account.unit.is_some().then(|| view! {
                                <section aria-labelledby="activity-title">
                                    <h2 id="activity-title">{texts.desk_activity}</h2>
                                    <ActivityList entries=desk.activity.clone() empty=texts.desk_activity_empty/>
                                </section>
                            })}
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
                            " "<span class="muted">{format!("{} · ", texts.article_kind(a.kind))}<span lang=zh>{a.author_name.unwrap_or(a.created_by)}</span>" · "<span lang=zh>{a.policy_title}</span></span>
                            " "<time datetime=a.updated_at.to_rfc3339()>{format_day(a.updated_at)}</time>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

/// A section of what waits, with its list; nothing is shown when the list is empty.
#[component]
fn DeskSection(
    id: &'static str,
    title: &'static str,
    items: Vec<DeskItem>,
    actions: Vec<(Action, &'static str)>,
) -> impl IntoView {
    (!items.is_empty()).then(|| {
        let (heading, labelled_by) = (format!("{id}-title"), format!("{id}-title"));
        view! {
            <section aria-labelledby=labelled_by>
                <h2 id=heading>{title}</h2>
                <DeskList items actions/>
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
    view! {
        <ul class="policy-list desk-list">
            {items
                .into_iter()
                .map(|item| view! {
                    <li>
                        <a class="title" href=format!("/desk/policies/{}", item.id) lang=zh>{item.title}</a>
                        <span class=format!("badge status {}", item.status.as_str())>{texts.status(item.status)}</span>
                        <span class="meta"><span class="unit" lang=zh>{item.unit_name}</span></span>
                        <time datetime=item.updated_at.to_rfc3339()>{format_day(item.updated_at)}</time>
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
