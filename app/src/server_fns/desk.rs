//! The staff desk.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::dto::{Desk, DeskPolicyPage};
use crate::error::AppError;

/// How many items each desk list shows.
pub const DESK_LIST: u32 = 50;

/// How many of the unit's policies the desk home lists before "all".
pub const DESK_HOME_POLICIES: usize = 8;

/// The signed-in account's desk: its unit's drafts (editors) and what waits for review
/// (reviewers). Signed out is 401.
#[server(input = GetUrl, prefix = "/api", endpoint = "desk")]
pub async fn get_desk() -> Result<Desk, AppError> {
    use crate::domain::PolicyStatus;
    use crate::domain::workflow::Role;
    use crate::ssr::{auth, repo::policy};
    super::respond(
        async {
            let account = auth::require(|_| true).await?;
            let db = crate::ssr::state::db()?;
            let actor = account.actor();
            let editor_of = actor.unit.as_ref().filter(|_| actor.has(Role::Editor));
            let drafts = match editor_of {
                Some(unit) => {
                    policy::list_by_status(
                        &db,
                        Some(unit),
                        &[PolicyStatus::Draft, PolicyStatus::Returned],
                        DESK_LIST,
                        &actor,
                    )
                    .await?
                }
                None => Vec::new(),
            };
            // County-wide reviewers sign off every unit's policies.
            let county = actor.reviews_county();
            let waiting = if county {
                policy::list_by_status(&db, None, &[PolicyStatus::Submitted], DESK_LIST, &actor)
                    .await?
            } else {
                Vec::new()
            };
            let approved = match (county, editor_of) {
                (true, _) => {
                    policy::list_by_status(&db, None, &[PolicyStatus::Approved], DESK_LIST, &actor)
                        .await?
                }
                (false, Some(unit)) => {
                    policy::list_by_status(
                        &db,
                        Some(unit),
                        &[PolicyStatus::Approved],
                        DESK_LIST,
                        &actor,
                    )
                    .await?
                }
                (false, None) => Vec::new(),
            };
            let returned_to_me = policy::returned_to(&db, &actor, DESK_LIST).await?;
            let activity = match &actor.unit {
                Some(unit) => {
                    let records = crate::ssr::repo::user::recent_activity(&db, unit, 20).await?;
                    crate::ssr::repo::activity::named(&db, records).await?
                }
                None => Vec::new(),
            };
            // The work list's first rows, for those who have one.
            let (policies, policy_total) = match work_scope(&actor, None) {
                Ok(unit) => {
                    let query = crate::domain::worklist::WorkQuery {
                        page: 1,
                        ..Default::default()
                    };
                    let (mut rows, total) =
                        policy::work_list(&db, &query, unit.as_ref(), &actor).await?;
                    rows.truncate(DESK_HOME_POLICIES);
                    (rows, total)
                }
                Err(_) => (Vec::new(), 0),
            };
            let mine = crate::ssr::repo::activity::named(
                &db,
                crate::ssr::repo::user::own_activity(&db, &account.login, 10).await?,
            )
            .await?;
            use crate::domain::article::ArticleStatus;
            use crate::ssr::repo::{article, expert};
            let articles_to_review = if county {
                article::desk_list(
                    &db,
                    article::DeskList::All(&[ArticleStatus::Submitted]),
                    DESK_LIST,
                )
                .await?
            } else {
                Vec::new()
            };
            let my_articles =
                article::desk_list(&db, article::DeskList::WrittenBy(&account.login), DESK_LIST)
                    .await?;
            let unit_articles = match (&actor.unit, actor.has(Role::Editor)) {
                (Some(unit), true) => {
                    article::desk_list(
                        &db,
                        article::DeskList::Unit(
                            unit,
                            &[ArticleStatus::Approved, ArticleStatus::Scheduled],
                        ),
                        DESK_LIST,
                    )
                    .await?
                }
                _ => Vec::new(),
            };
            let assignments = if actor.has(Role::Expert) {
                expert::assignments(&db, &account.login).await?
            } else {
                Vec::new()
            };
            let plan_signals = match (&actor.unit, actor.has(Role::Editor)) {
                (Some(unit), true) => {
                    crate::ssr::repo::plan::signals(&db, unit, crate::ssr::state::now()?).await?
                }
                _ => Default::default(),
            };
            // The unit's applications that need someone now (its editors and reviewers).
            let applications = match &actor.unit {
                Some(unit) if crate::domain::concern::may_read(&actor, unit) => {
                    let today = crate::ssr::state::now()?
                        .with_timezone(&crate::domain::policy::china_offset())
                        .date_naive();
                    crate::ssr::repo::application::attention(&db, unit, today).await?
                }
                _ => Vec::new(),
            };
            Ok(Desk {
                plan_signals,
                applications,
                account,
                drafts,
                waiting,
                approved,
                returned_to_me,
                activity,
                mine,
                policies,
                policy_total,
                articles_to_review,
                my_articles,
                unit_articles,
                assignments,
            })
        }
        .await,
    )
}

/// Takes a workflow step on a policy (submit, return, approve, publish, withdraw).
/// Signed out is 401; a step the account may not take is 403 and changes nothing. The
/// synchronisation rules of a policy with a plan apply (see `repo::policy::transition_with`);
/// `override_reason` lets a reviewer publish without a same-day item.
#[server(prefix = "/api", endpoint = "transition_policy")]
pub async fn transition_policy(
    id: String,
    action: String,
    comment: Option<String>,
    override_reason: Option<String>,
) -> Result<crate::domain::PolicyStatus, AppError> {
    use crate::domain::PolicyId;
    use crate::domain::workflow::Action;
    use crate::ssr::{auth, repo::policy};
    super::respond(
        async {
            let account = auth::require(|_| true).await?;
            for (field, value) in [("comment", &comment), ("override_reason", &override_reason)] {
                crate::domain::PlainText::parse_optional(
                    field,
                    value.as_deref(),
                    crate::domain::PlainText::NOTE,
                )?;
            }
            let id = PolicyId::parse(&id).map_err(|_| AppError::NotFound)?;
            let action = Action::parse(&action).map_err(|message| AppError::Invalid {
                field: "action".into(),
                message,
            })?;
            let db = crate::ssr::state::db()?;
            let now = crate::ssr::state::now()?;
            let moved = policy::transition_with(
                &db,
                &id,
                &account.actor(),
                action,
                comment,
                override_reason,
                now,
            )
            .await?;
            crate::ssr::state::publish(moved)
        }
        .await,
    )
}

/// A policy on the desk with its history: for editors of its unit, county-wide reviewers,
/// the unit's own reviewers and admins.
#[server(input = GetUrl, prefix = "/api", endpoint = "desk_policy")]
pub async fn get_desk_policy(id: String) -> Result<DeskPolicyPage, AppError> {
    use crate::domain::workflow::{Role, Scope};
    use crate::ssr::repo::{activity, policy, policy_change};
    super::respond(
        async {
            let Signed {
                account,
                db,
                id,
                found,
                unit,
            } = signed_in_on(&id).await?;
            let actor = account.actor();
            let reviewer = actor.reviews(Scope::County, &unit) || actor.reviews(Scope::Unit, &unit);
            if !(actor.edits_for(&unit) || reviewer || actor.has(Role::Admin)) {
                return Err(AppError::Forbidden);
            }
            let history = activity::trail(&db, &format!("{}:{id}", policy::TABLE)).await?;
            let published = found.status == crate::domain::PolicyStatus::Published;
            let can_mark = published
                && actor.edits_for(&unit)
                && found.validity != crate::domain::Validity::Repealed;
            let actions = policy::actions(&db, &id, &actor).await?;
            let change_actions = policy_change::actions(&db, &id, &actor).await?;
            let change = policy_change::of_policy(&db, &id)
                .await?
                .filter(|c| c.status != crate::domain::workflow::ChangeStatus::Open)
                .map(|c| crate::dto::PolicyChangeView {
                    status: c.status,
                    reason: c.reason,
                    review_comment: c.review_comment,
                    title: c.title,
                    disclosure: c
                        .disclosure
                        .and_then(|d| crate::domain::DisclosureKind::parse(&d).ok()),
                    // Stored proposals were sanitised when they were written.
                    body: c.body.map(crate::domain::SanitizedHtml::trusted),
                });
            let revisions = policy::revisions(&db, &id).await?;
            let can_write = actor.edits_for(&unit);
            let articles = if can_write || reviewer {
                crate::ssr::repo::article::desk_list(
                    &db,
                    crate::ssr::repo::article::DeskList::Policy(&id),
                    DESK_LIST,
                )
                .await?
            } else {
                Vec::new()
            };
            let unsynchronised = if actions.contains(&crate::domain::workflow::Action::Publish) {
                policy::unsynchronised(&db, &id).await?
            } else {
                Vec::new()
            };
            Ok(DeskPolicyPage {
                may_override: actor.reviews_county(),
                unsynchronised,
                policy: found,
                history,
                revisions,
                articles,
                can_write,
                can_mark,
                actions: crate::dto::Allowed(actions),
                change,
                change_actions: crate::dto::Allowed(change_actions),
            })
        }
        .await,
    )
}

/// Marks a published policy of the editor's unit amended or repealed, with the policy
/// that replaced it (which must be public).
#[server(prefix = "/api", endpoint = "mark_validity")]
pub async fn mark_validity(
    id: String,
    validity: String,
    replaced_by: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::workflow::check_validity_change;
    use crate::domain::{FieldError, PolicyId, Validity};
    use crate::ssr::repo::policy;
    super::respond(
        async {
            let Signed {
                account,
                db,
                id,
                found,
                unit,
            } = signed_in_on(&id).await?;
            if !account.actor().edits_for(&unit) {
                return Err(AppError::Forbidden);
            }
            let validity =
                Validity::parse(&validity).map_err(|m| FieldError::new("validity", m))?;
            let replaced_by = replaced_by
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(|r| PolicyId::parse(r).map_err(|m| FieldError::new("replaced_by", m)))
                .transpose()?;
            check_validity_change(&id, found.validity, validity, replaced_by.as_ref())?;
            if let Some(replacement) = &replaced_by
                && policy::get_public(&db, replacement).await?.is_none()
            {
                return Err(FieldError::new(
                    "replaced_by",
                    crate::words!(
                        "“{replacement}”不是已公开的文件",
                        "“{replacement}” is not a published policy"
                    ),
                )
                .into());
            }
            let now = crate::ssr::state::now()?;
            let marked = policy::set_validity(
                &db,
                &id,
                validity,
                replaced_by.as_ref(),
                &account.login,
                now,
            )
            .await?;
            crate::ssr::state::publish(marked)
        }
        .await,
    )
}

/// A county-wide reviewer applies (`apply`) or sends back (`reject`, with `comment`) the
/// change waiting on a published policy; never the editor who proposed it.
#[server(prefix = "/api", endpoint = "decide_policy_change")]
pub async fn decide_policy_change(
    id: String,
    action: String,
    comment: Option<String>,
) -> Result<crate::domain::workflow::ChangeStatus, AppError> {
    use crate::domain::workflow::ChangeAction;
    use crate::ssr::repo::policy_change;
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            crate::domain::PlainText::parse_optional(
                "comment",
                comment.as_deref(),
                crate::domain::PlainText::NOTE,
            )?;
            let id = crate::domain::PolicyId::parse(&id).map_err(|_| AppError::NotFound)?;
            let action = ChangeAction::parse(&action).map_err(|message| AppError::Invalid {
                field: "action".into(),
                message,
            })?;
            let db = crate::ssr::state::db()?;
            let now = crate::ssr::state::now()?;
            let decided =
                policy_change::decide(&db, &id, action, comment, &account.actor(), now).await?;
            crate::ssr::state::publish(decided)
        }
        .await,
    )
}

/// A signed-in account and the policy it asked about, as the desk sees it.
#[cfg(feature = "ssr")]
struct Signed {
    account: crate::dto::Account,
    db: crate::ssr::Db,
    id: crate::domain::PolicyId,
    found: crate::dto::DeskPolicy,
    unit: crate::domain::TaxonomyCode,
}

/// Signed in (else 401) and the policy exists (else 404); the caller authorises.
#[cfg(feature = "ssr")]
async fn signed_in_on(raw_id: &str) -> Result<Signed, AppError> {
    use crate::domain::{PolicyId, TaxonomyCode};
    let account = crate::ssr::auth::require(|_| true).await?;
    let id = PolicyId::parse(raw_id).map_err(|_| AppError::NotFound)?;
    let db = crate::ssr::state::db()?;
    let found = crate::ssr::repo::policy::desk_view(&db, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let unit =
        TaxonomyCode::parse(&found.unit).map_err(|e| AppError::internal("stored unit", e))?;
    Ok(Signed {
        account,
        db,
        id,
        found,
        unit,
    })
}

/// Whose policies the work list shows `actor`: the unit chosen (county-wide reviewers and
/// admins, who see every unit's when none is chosen), else the account's own unit (its
/// editors and reviewers). Another unit, or no unit, is 403.
#[cfg(feature = "ssr")]
fn work_scope(
    actor: &crate::domain::workflow::Actor,
    chosen: Option<&crate::domain::TaxonomyCode>,
) -> Result<Option<crate::domain::TaxonomyCode>, AppError> {
    use crate::domain::workflow::{Role, Scope};
    if actor.reviews_county() || actor.has(Role::Admin) {
        return Ok(chosen.cloned());
    }
    match (chosen, &actor.unit) {
        (Some(chosen), Some(own)) if chosen != own => Err(AppError::Forbidden),
        (_, Some(own)) if actor.edits_for(own) || actor.reviews(Scope::Unit, own) => {
            Ok(Some(own.clone()))
        }
        _ => Err(AppError::Forbidden),
    }
}

/// One page of the desk's work list: the policies of the account's unit in every state,
/// searched and filtered (`domain::worklist`). County-wide reviewers and admins see every
/// unit's, or one unit's with `unit`; anyone else only their own unit's (another unit is
/// 403). A bad filter value is a 400 naming the filter.
#[server(input = GetUrl, prefix = "/api", endpoint = "desk_policies")]
pub async fn desk_policies(
    filter: crate::domain::worklist::WorkFilter,
) -> Result<crate::dto::WorkPage, AppError> {
    use crate::domain::workflow::Role;
    use crate::domain::worklist::WorkQuery;
    use crate::ssr::repo::{policy, taxonomy};
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            let query = WorkQuery::parse(&filter)?;
            let actor = account.actor();
            let county = actor.reviews_county() || actor.has(Role::Admin);
            let unit = work_scope(&actor, query.unit.as_ref())?;
            let db = crate::ssr::state::db()?;
            let (rows, total) = policy::work_list(&db, &query, unit.as_ref(), &actor).await?;
            let units = taxonomy::options(taxonomy::list(&db, taxonomy::Taxonomy::Unit).await?);
            let unit_name = unit.as_ref().and_then(|code| {
                units
                    .iter()
                    .find(|u| u.code == code.as_str())
                    .map(|u| u.name.clone())
            });
            let units = if county { units } else { Vec::new() };
            Ok(crate::dto::WorkPage {
                rows,
                total,
                page: query.page,
                per_page: WorkQuery::PER_PAGE,
                unit_name,
                narrowed: query.narrows(),
                directories: policy::work_directories(&db, unit.as_ref()).await?,
                units,
            })
        }
        .await,
    )
}
