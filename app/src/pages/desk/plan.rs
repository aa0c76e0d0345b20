//! `/desk/policies/{id}/plan`: the interpretation plan of a policy — its fields, issues and
//! milestones, what fulfils and addresses them, a coverage matrix, a release timeline drawn
//! on the server, and the plan's sign-off.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{ErrorView, TextBox};
use crate::domain::plan::{MilestoneForm, MilestoneState, PlanAction, PlanStatus, RiskLevel};
use crate::domain::policy::china_offset;
use crate::dto::plan::{CoverageItem, MilestoneView, PlanPage, PlanView};
use crate::i18n::t;
use crate::server_fns::plans::get_plan_page;

#[component]
pub fn PlanDesk() -> impl IntoView {
    let params = use_params_map();
    let texts = t();
    view! {
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let id = params.read().get("id").unwrap_or_default();
                Suspend::new(async move {
                    match get_plan_page(id).await {
                        Ok(page) => view! { <PlanPageView page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn local(time: DateTime<Utc>) -> String {
    time.with_timezone(&china_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn form_text(form: MilestoneForm) -> &'static str {
    let texts = t();
    match form {
        MilestoneForm::Text => texts.form_text,
        MilestoneForm::Graphic => texts.form_graphic,
        MilestoneForm::Expert => texts.form_expert,
        MilestoneForm::Qa => texts.form_qa,
        MilestoneForm::Press => texts.form_press,
        MilestoneForm::Video => texts.form_video,
    }
}

fn state_text(state: MilestoneState) -> &'static str {
    match state {
        MilestoneState::Unscheduled => t().plan_state_unscheduled,
        MilestoneState::Pending => t().plan_state_pending,
        MilestoneState::OnTime => t().plan_state_on_time,
        MilestoneState::Late => t().plan_state_late,
        MilestoneState::Overdue => t().plan_state_overdue,
    }
}

pub fn status_text(status: PlanStatus) -> &'static str {
    let texts = t();
    match status {
        PlanStatus::Draft => texts.status_draft,
        PlanStatus::Submitted => texts.status_submitted,
        PlanStatus::Returned => texts.status_returned,
        PlanStatus::Approved => texts.status_approved,
    }
}

fn hidden(name: &'static str, value: String) -> impl IntoView {
    view! { <input type="hidden" name=name value=value/> }
}

#[component]
fn PlanPageView(page: PlanPage) -> impl IntoView {
    let texts = t();
    let id = page.policy_id.clone();
    let plan = page.plan.clone();
    let head = view! {
        <Title text=format!("{} · {}", texts.plan_title, page.policy_title)/>
        <nav class="breadcrumb">
            <a href="/desk">{texts.desk_title}</a>" › "
            <a href=format!("/desk/policies/{id}")>{page.policy_title.clone()}</a>
        </nav>
        <crate::components::StepError/>
        <h1>{texts.plan_title}</h1>
        <p class="interprets-banner">{texts.interprets}{page.policy_title.clone()}
            {page.major.then(|| view! { " "<span class="major-flag">{texts.major_policy}</span> })}
        </p>
    }
    .into_any();
    let status_line = plan.as_ref().map(|p| {
        let status = p.status;
        view! {
            <p>
                <span class=format!("badge status {}", status.as_str())>{status_text(status)}</span>
                {p.review_comment.clone().filter(|_| status == PlanStatus::Returned).map(|c| view! {
                    " "<span class="form-error">{format!("{}：{c}", texts.reviewer_comment)}</span>
                })}
            </p>
        }
    });
    let steps = view! {
        <div class="actions-row">
            {page.actions.can(PlanAction::Submit).then(|| view! {
                <form method="post" action="/api/plan_step" class="inline-form">
                    {hidden("policy", id.clone())}{hidden("action", "submit".into())}
                    <button type="submit">{texts.plan_submit}</button>
                </form>
            })}
            {page.actions.can(PlanAction::Approve).then(|| view! {
                <form method="post" action="/api/plan_step" class="inline-form">
                    {hidden("policy", id.clone())}{hidden("action", "approve".into())}
                    <button type="submit">{texts.plan_approve}</button>
                </form>
                <form method="post" action="/api/plan_step" class="inline-form">
                    {hidden("policy", id.clone())}{hidden("action", "return".into())}
                    <label for="plan-comment">{texts.comment}</label>
                    <input id="plan-comment" name="comment" type="text" required/>
                    <button type="submit" class="secondary">{texts.plan_return}</button>
                </form>
            })}
        </div>
    }
    .into_any();
    let fields = page.can_edit.then(|| plan_form(&id, plan.as_ref()));
    let experts = view! {
        <p class="muted">{texts.plan_experts}
            {if page.experts.is_empty() { texts.plan_none_yet.to_owned() } else { page.experts.join(texts.list_separator) }}
            " "<a href=format!("/desk/policies/{id}#write-title")>{texts.plan_invite}</a>
        </p>
    }
    .into_any();
    let body = plan.clone().map(|p| {
        // Items are linked once the plan exists: while it is drafted, and after sign-off.
        let linkable = page.can_edit || p.status == PlanStatus::Approved;
        view! {
            <IssuesSection plan=p.clone() page=page.clone()/>
            <MilestonesSection plan=p.clone() page=page.clone()/>
            <CoverageMatrix plan=p.clone() items=page.items.clone() policy=id.clone() can_edit=linkable/>
            <Timeline plan=p now=page.now/>
        }
        .into_any()
    });
    view! {
        {head}
        {status_line}
        {steps}
        {(plan.is_none() && !page.can_edit).then(|| view! { <p class="empty">{texts.plan_missing}</p> })}
        {experts}
        {fields}
        {body}
    }
    .into_any()
}

/// The plan's own fields (to start one, or change a draft).
fn plan_form(policy: &str, plan: Option<&PlanView>) -> AnyView {
    let texts = t();
    let (background, key_points, risk, assessment, editor) = plan.map_or_else(
        || {
            (
                String::new(),
                String::new(),
                RiskLevel::Low,
                String::new(),
                String::new(),
            )
        },
        |p| {
            (
                p.background.clone(),
                p.key_points.clone(),
                p.risk_level,
                p.risk_assessment.clone(),
                p.editor.clone(),
            )
        },
    );
    view! {
        <section aria-labelledby="plan-fields-title">
            <h2 id="plan-fields-title">{if plan.is_some() { texts.plan_fields } else { texts.plan_start }}</h2>
            <form method="post" action="/api/save_plan" class="policy-form">
                {hidden("policy", policy.to_owned())}
                <label for="background">{texts.plan_background}</label>
                <TextBox id="background" name="background" rows=3 value=background/>
                <label for="key_points">{texts.plan_key_points}</label>
                <TextBox id="key_points" name="key_points" rows=3 value=key_points/>
                <label for="risk_level">{texts.plan_risk}</label>
                <select id="risk_level" name="risk_level">
                    {[(RiskLevel::Low, texts.level_low), (RiskLevel::Medium, texts.level_medium), (RiskLevel::High, texts.level_high)].into_iter().map(|(level, label)| {
                        let selected = level == risk;
                        view! { <option value=level.as_str() selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
                <label for="risk_assessment">{texts.plan_risk_assessment}</label>
                <TextBox id="risk_assessment" name="risk_assessment" rows=2 value=assessment/>
                <label for="plan-editor">{texts.plan_editor}</label>
                <input id="plan-editor" name="editor" type="text" value=editor/>
                <button type="submit">{texts.admin_save}</button>
            </form>
        </section>
    }
    .into_any()
}

/// Move and edit controls of one issue.
fn issue_tools(
    policy: &str,
    issue: &crate::dto::plan::IssueView,
    n: usize,
    count: usize,
) -> AnyView {
    let texts = t();
    let mover = |direction: &'static str, label: &'static str| {
        view! {
            <form method="post" action="/api/move_issue" class="term-action">
                {hidden("policy", policy.to_owned())}{hidden("issue", issue.id.clone())}{hidden("direction", direction.into())}
                <button type="submit" class="link">{label}</button>
            </form>
        }
    };
    view! {
        <div class="term-actions">
            {(n > 0).then(|| mover("up", texts.admin_move_up))}
            {(n + 1 < count).then(|| mover("down", texts.admin_move_down))}
        </div>
        <details>
            <summary>{texts.plan_edit}</summary>
            <form method="post" action="/api/update_issue" class="inline-form">
                {hidden("policy", policy.to_owned())}{hidden("issue", issue.id.clone())}
                <label for=format!("q-{}", issue.id)>{texts.plan_issue}</label>
                <input id=format!("q-{}", issue.id) name="question" type="text" required value=issue.question.clone()/>
                <label for=format!("a-{}", issue.id)>{texts.plan_audience}</label>
                <input id=format!("a-{}", issue.id) name="audience" type="text" value=issue.audience.clone()/>
                <label for=format!("w-{}", issue.id)>{texts.plan_why}</label>
                <input id=format!("w-{}", issue.id) name="why" type="text" value=issue.why.clone()/>
                <label for=format!("p-{}", issue.id)>{texts.plan_priority}</label>
                <input id=format!("p-{}", issue.id) name="priority" type="number" min="1" max="3" value=issue.priority.to_string()/>
                <button type="submit" class="secondary">{texts.plan_save_issue}</button>
            </form>
        </details>
    }
    .into_any()
}

#[component]
fn IssuesSection(plan: PlanView, page: PlanPage) -> impl IntoView {
    let texts = t();
    let id = page.policy_id.clone();
    let count = plan.issues.len();
    view! {
        <section aria-labelledby="issues-title">
            <h2 id="issues-title">{texts.plan_issues}</h2>
            <ol class="issues">
                {plan.issues.into_iter().enumerate().map(|(n, i)| view! {
                    <li class:uncovered=!i.covered>
                        <strong>{i.question.clone()}</strong>
                        {format!(
                            "{}{} {}{}{}",
                            texts.paren_open,
                            texts.plan_priority,
                            i.priority,
                            if i.audience.is_empty() {
                                String::new()
                            } else {
                                format!("{}{}{}{}", texts.clause_separator, texts.plan_audience, texts.label_colon, i.audience)
                            },
                            texts.paren_close
                        )}
                        {(i.raised > 0).then(|| format!(" · {}{}{}", texts.plan_raised, i.raised, texts.plan_raised_unit))}
                        {(!i.why.is_empty()).then(|| view! { <p class="muted">{i.why.clone()}</p> })}
                        {page.can_edit.then(|| issue_tools(&id, &i, n, count))}
                    </li>
                }).collect_view()}
            </ol>
            {(!plan.unlinked_concerns.is_empty()).then(|| view! {
                <p class="muted">{texts.plan_unlinked}
                    {plan.unlinked_concerns.clone().into_iter().map(|code| view! { " "<a href=format!("/desk/concerns/{code}")>{code.clone()}</a> }).collect_view()}
                </p>
            })}
            {page.can_edit.then(|| view! {
                <form method="post" action="/api/add_issue" class="inline-form">
                    {hidden("policy", id.clone())}
                    <label for="issue-question">{texts.plan_new_issue}</label>
                    <input id="issue-question" name="question" type="text" required maxlength="200"/>
                    <label for="issue-audience">{texts.plan_audience}</label>
                    <input id="issue-audience" name="audience" type="text"/>
                    <label for="issue-priority">{texts.plan_priority}</label>
                    <select id="issue-priority" name="priority">
                        <option value="1">{format!("1 {}", texts.level_high)}</option><option value="2" selected>{format!("2 {}", texts.level_medium)}</option><option value="3">{format!("3 {}", texts.level_low)}</option>
                    </select>
                    <label for="issue-why">{texts.plan_why}</label>
                    <input id="issue-why" name="why" type="text"/>
                    <button type="submit" class="secondary">{texts.plan_add_issue}</button>
                </form>
            }
            .into_any())}
        </section>
    }
    .into_any()
}

#[component]
fn MilestonesSection(plan: PlanView, page: PlanPage) -> impl IntoView {
    let texts = t();
    let id = page.policy_id.clone();
    let items = page.items.clone();
    let linkable = page.can_edit || plan.status == PlanStatus::Approved;
    view! {
        <section aria-labelledby="milestones-title">
            <h2 id="milestones-title">{texts.plan_milestones}</h2>
            <div class="table-scroll" role="region" tabindex="0" aria-labelledby="milestones-title">
            <table class="history milestones">
                <thead><tr>
                    <th scope="col">{texts.plan_form}</th><th scope="col">{texts.plan_due}</th><th scope="col">{texts.plan_due_at}</th>
                    <th scope="col">{texts.plan_item}</th><th scope="col">{texts.plan_state}</th>
                </tr></thead>
                <tbody>
                    {plan.milestones.into_iter().map(|m: MilestoneView| {
                        let state = m.state;
                        view! {
                            <tr class=format!("state-{state:?}").to_lowercase()>
                                <td>{form_text(m.form)}</td>
                                <td>{m.due_label.clone()}</td>
                                <td title=m.due_note.clone().unwrap_or_default()>{m.due_at.map(local).unwrap_or_else(|| "—".into())}</td>
                                <td>
                                    {m.item.clone().map(|i| view! { <span>{i.title}</span> })}
                                    {linkable.then(|| view! {
                                        <form method="post" action="/api/fulfil_milestone" class="inline-form fulfil">
                                            {hidden("policy", id.clone())}{hidden("milestone", m.id.clone())}
                                            <label class="visually-hidden" for=format!("fulfil-{}", m.id)>{texts.plan_choose_item}</label>
                                            <select id=format!("fulfil-{}", m.id) name="item">
                                                {items.iter().map(|i| view! { <option value=i.key.clone()>{i.title.clone()}</option> }).collect_view()}
                                            </select>
                                            <button type="submit" class="link">{texts.plan_assign}</button>
                                        </form>
                                    }
                                    .into_any())}
                                </td>
                                <td><strong class=format!("milestone-state {state:?}").to_lowercase()>{state_text(state)}</strong></td>
                            </tr>
                        }
                        .into_any()
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            {page.can_edit.then(|| view! {
                <form method="post" action="/api/add_milestone" class="inline-form">
                    {hidden("policy", id.clone())}
                    <label for="ms-form">{texts.plan_form}</label>
                    <select id="ms-form" name="form">
                        {MilestoneForm::ALL.iter().map(|f| view! { <option value=f.as_str()>{form_text(*f)}</option> }).collect_view()}
                    </select>
                    <label for="ms-kind">{texts.plan_due_kind}</label>
                    <select id="ms-kind" name="due_kind">
                        <option value="working_days">{texts.plan_due_working_days}</option>
                        <option value="hours">{texts.plan_due_hours}</option>
                        <option value="at">{texts.plan_due_fixed}</option>
                    </select>
                    <label for="ms-offset">{texts.plan_offset}</label>
                    <input id="ms-offset" name="offset" type="number" min="0" max="365" value="0"/>
                    <label for="ms-at">{texts.plan_due_fixed}</label>
                    <input id="ms-at" name="due_at" type="datetime-local"/>
                    <label for="ms-assignee">{texts.plan_assignee}</label>
                    <input id="ms-assignee" name="assignee" type="text"/>
                    <button type="submit" class="secondary">{texts.plan_add_milestone}</button>
                </form>
            }
            .into_any())}
        </section>
    }
    .into_any()
}

/// Issues × items: which item addresses which issue; uncovered issues are marked.
#[component]
fn CoverageMatrix(
    plan: PlanView,
    items: Vec<CoverageItem>,
    policy: String,
    can_edit: bool,
) -> impl IntoView {
    let issues = plan.issues.clone();
    let texts = t();
    view! {
        <section aria-labelledby="coverage-title">
            <h2 id="coverage-title">{texts.plan_coverage}</h2>
            <div class="table-scroll">
                <table class="coverage">
                    <thead><tr>
                        <th scope="col">{texts.plan_issue}</th>
                        {items.iter().map(|i| view! { <th scope="col" title=i.key.clone()>{i.title.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {issues.iter().map(|issue| {
                            let row: Vec<bool> = items.iter().map(|i| issue.items.iter().any(|c| c.key == i.key)).collect();
                            view! {
                                <tr class:uncovered=!issue.covered>
                                    <th scope="row">
                                        {issue.question.clone()}
                                        {(!issue.covered).then(|| view! { " "<strong class="overdue-flag">{texts.plan_uncovered}</strong> })}
                                    </th>
                                    {row.into_iter().map(|hit| view! { <td>{if hit { "✓" } else { "" }}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(can_edit && !items.is_empty() && !issues.is_empty()).then(|| view! {
                <form method="post" action="/api/address_issue" class="inline-form">
                    {hidden("policy", policy.clone())}
                    <label for="address-item">{texts.plan_item}</label>
                    <select id="address-item" name="item">
                        {items.iter().map(|i| view! { <option value=i.key.clone()>{i.title.clone()}</option> }).collect_view()}
                    </select>
                    <label for="address-issue">{texts.plan_answers}</label>
                    <select id="address-issue" name="issue">
                        {issues.iter().map(|i| view! { <option value=i.id.clone()>{i.question.clone()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="secondary">{texts.plan_link}</button>
                </form>
            }
            .into_any())}
        </section>
    }
    .into_any()
}

/// The release timeline as an SVG drawn on the server: the policy's release, each
/// milestone's due time (circle) and its item's release (square; red when late or overdue).
#[component]
fn Timeline(plan: PlanView, now: DateTime<Utc>) -> impl IntoView {
    let texts = t();
    let Some(start) = plan.policy_published_at else {
        return view! {
            <section aria-labelledby="timeline-title">
                <h2 id="timeline-title">{texts.plan_timeline}</h2>
                <p class="muted">{texts.plan_timeline_pending}</p>
            </section>
        }
        .into_any();
    };
    // The scale runs to the last due date or release; today only stretches it while it is
    // near (a plan of 2016 read in 2026 would otherwise squash every mark at the start).
    let mut end = start + chrono::Duration::days(1);
    for m in &plan.milestones {
        if let Some(due) = m.due_at {
            end = end.max(due);
        }
        if let Some(at) = m.item.as_ref().and_then(|i| i.published_at) {
            end = end.max(at);
        }
    }
    let near = now <= end + (end - start) / 2;
    if near {
        end = end.max(now);
    }
    let span = (end - start).num_seconds().max(1) as f64;
    let (width, left, right) = (720.0, 120.0, 20.0);
    let x = move |t: DateTime<Utc>| {
        left + ((t - start).num_seconds() as f64 / span) * (width - left - right)
    };
    let row_height = 28.0;
    let height = 40.0 + row_height * plan.milestones.len() as f64;
    let rows = plan.milestones.iter().enumerate().map(|(n, m)| {
        let y = 40.0 + row_height * n as f64;
        let late = matches!(m.state, MilestoneState::Late | MilestoneState::Overdue);
        let colour = if late { "#b3261e" } else { "#1e6b34" };
        let due = m.due_at.map(|d| view! {
            <circle cx=format!("{:.1}", x(d)) cy=format!("{y:.1}") r="6" fill="none" stroke="#0b57a4" stroke-width="2">
                <title>{format!("{} {}", texts.plan_due_at, local(d))}</title>
            </circle>
        });
        let released = m.item.as_ref().and_then(|i| i.published_at).map(|at| view! {
            <rect x=format!("{:.1}", x(at) - 5.0) y=format!("{:.1}", y - 5.0) width="10" height="10" fill=colour>
                <title>{format!("{} {}", texts.action_publish, local(at))}</title>
            </rect>
        });
        view! {
            <text x="4" y=format!("{:.1}", y + 4.0) font-size="12" fill=if late { "#b3261e" } else { "#1f2328" }>
                {format!("{} {}", form_text(m.form), if late { state_text(m.state) } else { "" })}
            </text>
            <line x1=format!("{left}") x2=format!("{:.1}", width - right) y1=format!("{y:.1}") y2=format!("{y:.1}") stroke="#d8dde3"/>
            {due}
            {released}
        }
        .into_any()
    }).collect_view();
    let now_mark = near.then(|| {
        let now_x = x(now);
        view! {
            <line x1=format!("{now_x:.1}") x2=format!("{now_x:.1}") y1="10" y2=format!("{height:.0}") stroke="#5b636e" stroke-dasharray="4 3"/>
            <text x=format!("{:.1}", now_x - 24.0) y="34" font-size="11" fill="#5b636e">{texts.plan_now}</text>
        }
    });
    let end_label = view! {
        <text x=format!("{:.1}", width - right) y="34" font-size="11" fill="#5b636e" text-anchor="end">{local(end)}</text>
    };
    view! {
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{texts.plan_timeline}</h2>
            <svg class="timeline" role="img" viewBox=format!("0 0 {width} {height:.0}") width="100%"
                aria-label=texts.plan_timeline_label>
                <line x1=format!("{left}") x2=format!("{left}") y1="10" y2=format!("{height:.0}") stroke="#b3261e" stroke-width="2"/>
                <text x=format!("{left}") y="20" font-size="12" fill="#b3261e">{format!("{} {}", texts.plan_policy_released, local(start))}</text>
                {now_mark}
                {end_label}
                {rows}
            </svg>
            <p class="muted">{texts.plan_legend}</p>
        </section>
    }
    .into_any()
}
