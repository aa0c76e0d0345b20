//! Interpretation articles: the public's reading, and the desk's drafting, review and
//! release.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::domain::article::ArticleStatus;
use crate::dto::article::{ArticleDetail, ArticleFormPage, ArticlePage, DeskArticlePage};
use crate::error::AppError;

/// One page of published interpretations, newest first, filtered by kind and unit.
#[server(input = GetUrl, prefix = "/api", endpoint = "interpretations")]
pub async fn get_interpretations(
    kind: Option<String>,
    unit: Option<String>,
    page: Option<u32>,
) -> Result<ArticlePage, AppError> {
    use crate::domain::TaxonomyCode;
    use crate::domain::article::ArticleKind;
    use crate::ssr::repo::article::{self, ArticleFilter};
    super::respond(
        async {
            let db = crate::ssr::state::db()?;
            // Unknown filter values are ignored rather than refused: old links keep working.
            let filter = ArticleFilter {
                kind: kind.as_deref().and_then(|k| ArticleKind::parse(k).ok()),
                unit: unit.as_deref().and_then(|u| TaxonomyCode::parse(u).ok()),
                page: page.unwrap_or(1).clamp(1, 10_000),
            };
            article::list_public(&db, &filter).await
        }
        .await,
    )
}

/// A published interpretation; anything else is 404.
#[server(input = GetUrl, prefix = "/api", endpoint = "interpretation")]
pub async fn get_interpretation(id: String) -> Result<ArticleDetail, AppError> {
    use crate::domain::ArticleId;
    use crate::ssr::repo::article;
    super::respond(
        async {
            let id = ArticleId::parse(&id).map_err(|_| AppError::NotFound)?;
            let db = crate::ssr::state::db()?;
            article::get_public(&db, &id)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// The article form: new (on `policy`) or editing `id`, with the stashed attempt if the
/// last one was rejected. Editors of the policy's unit, and experts assigned to it.
#[server(input = GetUrl, prefix = "/api", endpoint = "article_form")]
pub async fn get_article_form(
    policy: Option<String>,
    id: Option<String>,
    stash: Option<String>,
) -> Result<ArticleFormPage, AppError> {
    use crate::domain::article::ArticleInput;
    use crate::domain::workflow::Role;
    use crate::ssr::repo::{article, policy as policies};
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            let db = crate::ssr::state::db()?;
            let actor = account.actor();
            let (policy_id, current) = match &id {
                Some(raw) => {
                    let (id, row) = article_row(&db, raw).await?;
                    let (_, actions) = article::access(&actor, &row)?;
                    if !actions.contains(&crate::domain::article::ArticleAction::Edit) {
                        return Err(AppError::Forbidden);
                    }
                    let desk = article::get_desk(&db, &id)
                        .await?
                        .ok_or(AppError::NotFound)?;
                    let values = ArticleInput {
                        kind: desk.kind.as_str().to_owned(),
                        title: desk.title,
                        summary: desk.summary,
                        byline: desk.byline,
                        body: desk.body,
                    };
                    (row.policy, Some(values))
                }
                None => (policy.clone().ok_or(AppError::NotFound)?, None),
            };
            let policy_id =
                crate::domain::PolicyId::parse(&policy_id).map_err(|_| AppError::NotFound)?;
            let link = policies::link(&db, &policy_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if id.is_none() {
                may_write_on(&db, &actor, &policy_id).await?;
            }
            let expert = actor.has(Role::Expert) && !actor.has(Role::Editor);
            // A rejected attempt's body goes into the editor, whose surface is live HTML:
            // what was typed is sanitised before it is shown again, as saving would.
            let stashed = super::stashed::<ArticleInput>(&db, stash, &account.login)
                .await?
                .map(|(mut attempt, errors)| {
                    attempt.body = crate::ssr::sanitize::sanitize(&attempt.body)
                        .as_str()
                        .to_owned();
                    (attempt, errors)
                });
            let (values, errors) = match stashed {
                Some(attempt) => attempt,
                None => (
                    current.unwrap_or_else(|| ArticleInput {
                        kind: if expert { "expert" } else { "department" }.into(),
                        byline: if expert {
                            account.display_name.clone()
                        } else {
                            String::new()
                        },
                        ..ArticleInput::default()
                    }),
                    Vec::new(),
                ),
            };
            Ok(ArticleFormPage {
                id,
                policy: Some(link),
                expert,
                values,
                errors,
            })
        }
        .await,
    )
}

/// Creates (no `id`; on `policy`) or saves a new revision of an article. A page is sent
/// to the article, or back to the form with what was typed and each problem.
#[server(prefix = "/api", endpoint = "save_article")]
pub async fn save_article(
    id: Option<String>,
    policy: Option<String>,
    kind: Option<String>,
    title: String,
    summary: String,
    byline: String,
    body: String,
) -> Result<String, AppError> {
    use crate::domain::article::ArticleInput;
    let input = ArticleInput {
        kind: kind.unwrap_or_default(),
        title,
        summary,
        byline,
        body,
    };
    let account = match crate::ssr::auth::require(|_| true).await {
        Ok(account) => account,
        Err(e) => return super::respond(Err(e)),
    };
    let db = match crate::ssr::state::db() {
        Ok(db) => db,
        Err(e) => return super::respond(Err(e)),
    };
    let outcome = write_article(&db, &account, &input, id.as_deref(), policy.as_deref()).await;
    let form_page = match (&id, &policy) {
        (Some(id), _) => format!("/desk/articles/{id}/edit"),
        (None, Some(policy)) => format!("/desk/articles/new?policy={policy}"),
        (None, None) => "/desk".to_owned(),
    };
    let done = |saved: &String| format!("/desk/articles/{saved}");
    super::finish_form(&db, &account.login, &form_page, &input, outcome, done).await
}

/// An article on the desk: its text, status, history and (for a reviewer) what changed
/// since the previous submission.
#[server(input = GetUrl, prefix = "/api", endpoint = "desk_article")]
pub async fn get_desk_article(id: String) -> Result<DeskArticlePage, AppError> {
    use crate::domain::SanitizedHtml;
    use crate::domain::workflow::Role;
    use crate::ssr::repo::article;
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            let db = crate::ssr::state::db()?;
            let actor = account.actor();
            let (id, row) = article_row(&db, &id).await?;
            let (readable, actions) = article::access(&actor, &row)?;
            if !readable {
                return Err(AppError::Forbidden);
            }
            let desk = article::get_desk(&db, &id)
                .await?
                .ok_or(AppError::NotFound)?;
            // The reviewer's comparison: this submission against the one before it.
            let (diff, diff_from) = match (desk.previous_submission, actor.has(Role::Reviewer)) {
                (Some(from), true) => match article::revision_body(&db, &id, from).await? {
                    Some(before) => (Some(article::diff(&before, &desk.body)), Some(from)),
                    None => (None, None),
                },
                _ => (None, None),
            };
            let history =
                crate::ssr::repo::activity::trail(&db, &format!("{}:{id}", article::TABLE)).await?;
            Ok(DeskArticlePage {
                id: id.to_string(),
                title: desk.title,
                kind: desk.kind,
                status: desk.status,
                summary: desk.summary,
                byline: desk.byline,
                // Stored bodies were sanitised when they were written.
                body: SanitizedHtml::trusted(desk.body),
                policy: desk.policy,
                created_by: desk.created_by,
                submitted_by: desk.submitted_by,
                review_comment: desk.review_comment,
                scheduled_at: desk.scheduled_at,
                withdraw_at: desk.withdraw_at,
                published_at: desk.published_at,
                late_secs: desk.late_secs,
                revision: desk.revision,
                diff,
                diff_from,
                history,
                actions: crate::dto::Allowed(actions),
            })
        }
        .await,
    )
}

/// Takes a workflow step on an article: submit, return (with `comment`), approve,
/// schedule (at `at`, China time), unschedule, publish (now), withdraw; and
/// `schedule_withdraw` (at `at`) / `cancel_withdraw` for a published article.
#[server(prefix = "/api", endpoint = "article_step")]
pub async fn article_step(
    id: String,
    action: String,
    comment: Option<String>,
    at: Option<String>,
) -> Result<ArticleStatus, AppError> {
    use crate::domain::article::{ArticleAction, parse_local_time};
    use crate::ssr::repo::article::{self, Step};
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            crate::domain::PlainText::parse_optional(
                "comment",
                comment.as_deref(),
                crate::domain::PlainText::NOTE,
            )?;
            let db = crate::ssr::state::db()?;
            let (id, _) = article_row(&db, &id).await?;
            let at = at
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(parse_local_time)
                .transpose()
                .map_err(|message| AppError::Invalid {
                    field: "at".into(),
                    message,
                })?;
            let now = crate::ssr::state::now()?;
            let actor = account.actor();
            // Withdrawing at a time (or no longer): the article stays published until then.
            match action.as_str() {
                "schedule_withdraw" if at.is_none() => {
                    return Err(AppError::Invalid {
                        field: "at".into(),
                        message: crate::words!(
                            "请填写定时撤回的时间",
                            "Give the time to withdraw it"
                        ),
                    });
                }
                "schedule_withdraw" | "cancel_withdraw" => {
                    let at = at.filter(|_| action == "schedule_withdraw");
                    let set = article::set_withdrawal(&db, &id, &actor, at, now).await?;
                    crate::ssr::state::publish(set)?;
                    return Ok(ArticleStatus::Published);
                }
                _ => {}
            }
            let action = ArticleAction::parse(&action).map_err(|message| AppError::Invalid {
                field: "action".into(),
                message,
            })?;
            let step = Step {
                action,
                comment,
                at,
            };
            let stepped = article::transition(&db, &id, &actor, step, now).await?;
            crate::ssr::state::publish(stepped)
        }
        .await,
    )
}

/// The article id and its workflow facts; 404 when there is no such article.
#[cfg(feature = "ssr")]
async fn article_row(
    db: &crate::ssr::Db,
    raw: &str,
) -> Result<
    (
        crate::domain::ArticleId,
        crate::ssr::repo::article::WorkflowRow,
    ),
    AppError,
> {
    let id = crate::domain::ArticleId::parse(raw).map_err(|_| AppError::NotFound)?;
    let row = crate::ssr::repo::article::workflow_row(db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((id, row))
}

/// Whether `actor` may start an article on this policy: an editor of its unit, or an
/// expert assigned to it.
#[cfg(feature = "ssr")]
async fn may_write_on(
    db: &crate::ssr::Db,
    actor: &crate::domain::workflow::Actor,
    policy: &crate::domain::PolicyId,
) -> Result<(), AppError> {
    use crate::domain::workflow::Role;
    use crate::ssr::repo::{expert, policy as policies};
    let unit = policies::unit_of(db, policy)
        .await?
        .ok_or(AppError::NotFound)?;
    let allowed = actor.edits_for(&unit)
        || (actor.has(Role::Expert) && expert::is_assigned(db, &actor.login, policy).await?);
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Authorises, parses and writes an article. Field problems come back as
/// [`AppError::Rejected`].
#[cfg(feature = "ssr")]
async fn write_article(
    db: &crate::ssr::Db,
    account: &crate::dto::Account,
    input: &crate::domain::article::ArticleInput,
    id: Option<&str>,
    policy: Option<&str>,
) -> Result<String, AppError> {
    use crate::domain::article::ArticleFields;
    use crate::domain::workflow::Role;
    use crate::ssr::repo::article;
    let actor = account.actor();
    let existing = match id {
        Some(raw) => {
            let (id, row) = article_row(db, raw).await?;
            let (_, actions) = article::access(&actor, &row)?;
            if !actions.contains(&crate::domain::article::ArticleAction::Edit) {
                return Err(AppError::Forbidden);
            }
            Some((id, row))
        }
        None => {
            let raw = policy.ok_or(AppError::NotFound)?;
            let policy = crate::domain::PolicyId::parse(raw).map_err(|_| AppError::NotFound)?;
            may_write_on(db, &actor, &policy).await?;
            None
        }
    };
    // An expert's articles are always expert articles; so is a revision of one.
    let expert_writer = (actor.has(Role::Expert) && !actor.has(Role::Editor))
        || existing
            .as_ref()
            .is_some_and(|(_, row)| row.kind == crate::domain::article::ArticleKind::Expert);
    let fields = ArticleFields::parse(input, expert_writer).map_err(AppError::Rejected)?;
    match existing {
        Some((id, _)) => {
            let now = crate::ssr::state::now()?;
            let saved = article::update(db, &id, &fields, &actor, now).await?;
            crate::ssr::state::publish(saved)?;
            Ok(id.to_string())
        }
        None => {
            let policy = crate::domain::PolicyId::parse(policy.unwrap_or_default())
                .map_err(|_| AppError::NotFound)?;
            let created = article::create(db, &policy, &fields, &account.login).await?;
            Ok(crate::ssr::state::publish(created)?.to_string())
        }
    }
}
