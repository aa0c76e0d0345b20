//! Interpretation plans on the desk: the plan of a policy, its issues and milestones, what
//! fulfils and addresses them, and its sign-off.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::domain::plan::PlanStatus;
use crate::dto::plan::{PlanPage, PlanView};
use crate::error::AppError;

/// A policy's plan with its issues (and coverage) and milestones (with due times and
/// states): the policy's unit's editors and reviewers. 404 when it has none yet.
#[server(input = GetUrl, prefix = "/api", endpoint = "plan")]
pub async fn get_plan(policy: String) -> Result<PlanView, AppError> {
    super::respond(
        async {
            let (_, db, id) = may_see(&policy).await?;
            let now = crate::ssr::state::now()?;
            crate::ssr::repo::plan::view(&db, &id, now)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Everything the desk's plan page shows.
#[server(input = GetUrl, prefix = "/api", endpoint = "plan_page")]
pub async fn get_plan_page(policy: String) -> Result<PlanPage, AppError> {
    use crate::domain::plan::PlanAction;
    use crate::dto::plan::CoverageItem;
    use crate::ssr::repo::{article, concern, policy as policies};
    super::respond(
        async {
            let (account, db, id) = may_see(&policy).await?;
            let actor = account.actor();
            let now = crate::ssr::state::now()?;
            let found = policies::desk_view(&db, &id)
                .await?
                .ok_or(AppError::NotFound)?;
            let unit = crate::domain::TaxonomyCode::parse(&found.unit)
                .map_err(|e| AppError::internal("stored unit", e))?;
            let plan = crate::ssr::repo::plan::view(&db, &id, now).await?;
            let mut items: Vec<CoverageItem> =
                article::desk_list(&db, article::DeskList::Policy(&id), 200)
                    .await?
                    .into_iter()
                    .map(|a| CoverageItem {
                        key: format!("article:{}", a.id),
                        title: a.title,
                        status: a.status.as_str().to_owned(),
                        published_at: None,
                    })
                    .collect();
            items.extend(
                concern::qa_for_policy(&db, &id)
                    .await?
                    .into_iter()
                    .map(|q| CoverageItem {
                        key: format!("qa:{}", q.id),
                        title: q.question,
                        status: "published".into(),
                        published_at: Some(q.published_at),
                    }),
            );
            let actions = crate::ssr::repo::plan::actions(&db, &id, &actor).await?;
            let can_edit = match &plan {
                Some(_) => actions.contains(&PlanAction::Edit),
                None => actor.edits_for(&unit),
            };
            let experts = crate::ssr::repo::expert::assignments_of_policy(&db, &id).await?;
            Ok(PlanPage {
                experts,
                policy_id: id.to_string(),
                policy_title: found.title,
                major: policies::is_major(&db, &id).await?,
                can_edit,
                actions: crate::dto::Allowed(actions),
                plan,
                items,
                now,
            })
        }
        .await,
    )
}

/// The signed-in account, the database and the policy, when the account may see the
/// policy's plan: an editor of its unit, a county-wide reviewer or the unit's own.
#[cfg(feature = "ssr")]
async fn may_see(
    policy: &str,
) -> Result<(crate::dto::Account, crate::ssr::Db, crate::domain::PolicyId), AppError> {
    use crate::domain::workflow::Scope;
    let account = crate::ssr::auth::require(|_| true).await?;
    let db = crate::ssr::state::db()?;
    let id = crate::domain::PolicyId::parse(policy).map_err(|_| AppError::NotFound)?;
    let unit = crate::ssr::repo::policy::unit_of(&db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let actor = account.actor();
    if !(actor.edits_for(&unit)
        || actor.reviews(Scope::County, &unit)
        || actor.reviews(Scope::Unit, &unit))
    {
        return Err(AppError::Forbidden);
    }
    Ok((account, db, id))
}

/// The same, for changes: an editor of the policy's unit.
#[cfg(feature = "ssr")]
async fn may_change(
    policy: &str,
) -> Result<(crate::dto::Account, crate::ssr::Db, crate::domain::PolicyId), AppError> {
    let account = crate::ssr::auth::require(|_| true).await?;
    let db = crate::ssr::state::db()?;
    let id = crate::domain::PolicyId::parse(policy).map_err(|_| AppError::NotFound)?;
    let unit = crate::ssr::repo::policy::unit_of(&db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !account.actor().edits_for(&unit) {
        return Err(AppError::Forbidden);
    }
    Ok((account, db, id))
}

#[cfg(feature = "ssr")]
fn invalid(field: &str, message: crate::domain::Words) -> AppError {
    AppError::Invalid {
        field: field.into(),
        message,
    }
}

/// Creates or changes the plan of a policy (while a draft or returned).
#[server(prefix = "/api", endpoint = "save_plan")]
pub async fn save_plan(
    policy: String,
    background: String,
    key_points: String,
    risk_level: String,
    risk_assessment: String,
    editor: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::PlainText;
    use crate::domain::plan::RiskLevel;
    use crate::ssr::repo::plan::{self, PlanFields};
    super::respond(
        async {
            let (account, db, id) = may_change(&policy).await?;
            let risk_level = RiskLevel::parse(&risk_level).map_err(|m| invalid("risk_level", m))?;
            let text = |field: &str, value: &str, max: usize| {
                PlainText::parse(field, value, max).map(PlainText::into_string)
            };
            let fields = PlanFields {
                background: text("background", &background, PlainText::PROSE)?,
                key_points: text("key_points", &key_points, PlainText::PROSE)?,
                risk_level,
                risk_assessment: text("risk_assessment", &risk_assessment, PlainText::NOTE)?,
                editor: Some(text(
                    "editor",
                    editor.as_deref().unwrap_or_default(),
                    PlainText::LINE,
                )?)
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| account.login.clone()),
            };
            let now = crate::ssr::state::now()?;
            let saved = plan::save(&db, &id, &fields, &account.actor(), now).await?;
            crate::ssr::state::publish(saved)?;
            back_to_plan(&id);
            Ok(())
        }
        .await,
    )
}

/// A page that posted a plan form goes back to the plan.
#[cfg(feature = "ssr")]
fn back_to_plan(policy: &crate::domain::PolicyId) {
    if crate::ssr::auth::wants_html() {
        leptos_axum::redirect(&format!("/desk/policies/{policy}/plan"));
    }
}

/// Adds an issue (议题) to the plan.
#[server(prefix = "/api", endpoint = "add_issue")]
pub async fn add_issue(
    policy: String,
    question: String,
    why: Option<String>,
    audience: Option<String>,
    priority: Option<String>,
) -> Result<String, AppError> {
    use crate::ssr::repo::plan::{self, IssueFields};
    super::respond(
        async {
            let (account, db, id) = may_change(&policy).await?;
            let issue: IssueFields = issue_fields(question, why, audience, priority)?;
            let now = crate::ssr::state::now()?;
            let created = plan::add_issue(&db, &id, &issue, &account.actor(), now).await?;
            let created = crate::ssr::state::publish(created)?;
            back_to_plan(&id);
            Ok(created)
        }
        .await,
    )
}

/// Moves an issue one place `up` or `down`.
#[server(prefix = "/api", endpoint = "move_issue")]
pub async fn move_issue(policy: String, issue: String, direction: String) -> Result<(), AppError> {
    super::respond(
        async {
            let (account, db, id) = may_change(&policy).await?;
            let up = match direction.as_str() {
                "up" => true,
                "down" => false,
                _ => {
                    return Err(invalid(
                        "direction",
                        crate::words!("方向须为 up 或 down", "The direction is up or down"),
                    ));
                }
            };
            let now = crate::ssr::state::now()?;
            let moved = crate::ssr::repo::plan::move_issue(
                &db,
                &id,
                issue.trim(),
                up,
                &account.actor(),
                now,
            )
            .await?;
            crate::ssr::state::publish(moved)?;
            back_to_plan(&id);
            Ok(())
        }
        .await,
    )
}

/// Changes an issue's question, reason, audience and priority.
#[server(prefix = "/api", endpoint = "update_issue")]
pub async fn update_issue(
    policy: String,
    issue: String,
    question: String,
    why: Option<String>,
    audience: Option<String>,
    priority: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::repo::plan;
    super::respond(
        async {
            let (account, db, id) = may_change(&policy).await?;
            let fields = issue_fields(question, why, audience, priority)?;
            let now = crate::ssr::state::now()?;
            let updated =
                plan::update_issue(&db, &id, issue.trim(), &fields, &account.actor(), now).await?;
            crate::ssr::state::publish(updated)?;
            back_to_plan(&id);
            Ok(())
        }
        .await,
    )
}

/// An issue's fields from a form, checked.
#[cfg(feature = "ssr")]
fn issue_fields(
    question: String,
    why: Option<String>,
    audience: Option<String>,
    priority: Option<String>,
) -> Result<crate::ssr::repo::plan::IssueFields, AppError> {
    let question = question.trim().to_owned();
    if question.is_empty() || question.chars().count() > 200 {
        return Err(invalid(
            "question",
            crate::words!("议题须为 1–200 字", "An issue has 1–200 characters"),
        ));
    }
    let priority = priority
        .as_deref()
        .unwrap_or("2")
        .trim()
        .parse::<u8>()
        .ok()
        .filter(|p| (1..=3).contains(p))
        .ok_or_else(|| {
            invalid(
                "priority",
                crate::words!(
                    "优先级为 1（高）到 3（低）",
                    "The priority is 1 (high) to 3 (low)"
                ),
            )
        })?;
    use crate::domain::PlainText;
    Ok(crate::ssr::repo::plan::IssueFields {
        question,
        why: PlainText::parse_optional("why", why.as_deref(), PlainText::NOTE)?.into_string(),
        audience: PlainText::parse_optional("audience", audience.as_deref(), PlainText::LINE)?
            .into_string(),
        priority,
    })
}

/// Adds a milestone: `due_kind` `working_days` or `hours` with `offset`, or `at` with a
/// time (China time).
#[server(prefix = "/api", endpoint = "add_milestone")]
pub async fn add_milestone(
    policy: String,
    form: String,
    due_kind: String,
    offset: Option<String>,
    due_at: Option<String>,
    assignee: Option<String>,
    note: Option<String>,
) -> Result<String, AppError> {
    use crate::domain::PlainText;
    use crate::domain::article::parse_local_time;
    use crate::domain::plan::{Due, MilestoneForm};
    use crate::ssr::repo::plan::{self, MilestoneFields};
    super::respond(
        async {
            let (account, db, id) = may_change(&policy).await?;
            let form = MilestoneForm::parse(&form).map_err(|m| invalid("form", m))?;
            let at = due_at
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(parse_local_time)
                .transpose()
                .map_err(|m| invalid("due_at", m))?;
            let offset = offset
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(|o| {
                    o.parse::<i64>().map_err(|_| {
                        invalid(
                            "offset",
                            crate::words!("偏移量须为整数", "The offset is a whole number"),
                        )
                    })
                })
                .transpose()?;
            let due = Due::parse(&due_kind, at, offset).map_err(|m| invalid("offset", m))?;
            let milestone = MilestoneFields {
                form,
                due,
                assignee: Some(
                    PlainText::parse_optional("assignee", assignee.as_deref(), PlainText::LINE)?
                        .into_string(),
                )
                .filter(|a| !a.is_empty()),
                note: PlainText::parse_optional("note", note.as_deref(), PlainText::NOTE)?
                    .into_string(),
            };
            let now = crate::ssr::state::now()?;
            let created = plan::add_milestone(&db, &id, &milestone, &account.actor(), now).await?;
            let created = crate::ssr::state::publish(created)?;
            back_to_plan(&id);
            Ok(created)
        }
        .await,
    )
}

/// Names the article or Q&A (`article:{id}` / `qa:{id}`) that fulfils a milestone.
#[server(prefix = "/api", endpoint = "fulfil_milestone")]
pub async fn fulfil_milestone(
    policy: String,
    milestone: String,
    item: String,
) -> Result<(), AppError> {
    use crate::ssr::repo::plan::{self, Item};
    super::respond(
        async {
            let (account, db, id) = may_change(&policy).await?;
            let item = Item::parse(&item).ok_or_else(|| {
                invalid(
                    "item",
                    crate::words!("请选择稿件或问答", "Choose an interpretation or a Q&A"),
                )
            })?;
            let fulfilled = plan::fulfil(&db, &id, milestone.trim(), &item, &account.login).await?;
            crate::ssr::state::publish(fulfilled)?;
            back_to_plan(&id);
            Ok(())
        }
        .await,
    )
}

/// Records that an article or Q&A addresses an issue.
#[server(prefix = "/api", endpoint = "address_issue")]
pub async fn address_issue(policy: String, issue: String, item: String) -> Result<(), AppError> {
    use crate::ssr::repo::plan::{self, Item};
    super::respond(
        async {
            let (account, db, id) = may_change(&policy).await?;
            let item = Item::parse(&item).ok_or_else(|| {
                invalid(
                    "item",
                    crate::words!("请选择稿件或问答", "Choose an interpretation or a Q&A"),
                )
            })?;
            let addressed = plan::address(&db, &id, &item, issue.trim(), &account.login).await?;
            crate::ssr::state::publish(addressed)?;
            back_to_plan(&id);
            Ok(())
        }
        .await,
    )
}

/// Submits (an editor of the unit), approves or returns (a reviewer who did not submit it)
/// the plan.
#[server(prefix = "/api", endpoint = "plan_step")]
pub async fn plan_step(
    policy: String,
    action: String,
    comment: Option<String>,
) -> Result<PlanStatus, AppError> {
    use crate::domain::plan::PlanAction;
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            let db = crate::ssr::state::db()?;
            let id = crate::domain::PolicyId::parse(&policy).map_err(|_| AppError::NotFound)?;
            let action = PlanAction::parse(&action).map_err(|m| invalid("action", m))?;
            let now = crate::ssr::state::now()?;
            let stepped = crate::ssr::repo::plan::transition(
                &db,
                &id,
                &account.actor(),
                action,
                comment,
                now,
            )
            .await?;
            let status = crate::ssr::state::publish(stepped)?;
            back_to_plan(&id);
            Ok(status)
        }
        .await,
    )
}
