//! The staff desk.

use leptos::prelude::*;
use server_fn::codec::GetUrl;

use crate::dto::Desk;
use crate::error::AppError;

/// How many items each desk list shows.
pub const DESK_LIST: u32 = 50;

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
            let drafts = match (&actor.unit, actor.has(Role::Editor)) {
                (Some(unit), true) => {
                    policy::list_by_status(
                        &db,
                        Some(unit),
                        &[PolicyStatus::Draft, PolicyStatus::Returned],
                        DESK_LIST,
                    )
                    .await?
                }
                _ => Vec::new(),
            };
            let waiting = if actor.has(Role::Reviewer) {
                policy::list_by_status(&db, None, &[PolicyStatus::Submitted], DESK_LIST).await?
            } else {
                Vec::new()
            };
            Ok(Desk {
                account,
                drafts,
                waiting,
            })
        }
        .await,
    )
}

/// Takes a workflow step on a policy (submit, return, approve, publish, withdraw).
/// Signed out is 401; a step the account may not take is 403 and changes nothing.
#[server(prefix = "/api", endpoint = "transition_policy")]
pub async fn transition_policy(
    id: String,
    action: String,
    comment: Option<String>,
) -> Result<crate::domain::PolicyStatus, AppError> {
    use crate::domain::PolicyId;
    use crate::domain::workflow::Action;
    use crate::ssr::{auth, repo::policy};
    super::respond(
        async {
            let account = auth::require(|_| true).await?;
            let id = PolicyId::parse(&id).map_err(|_| AppError::NotFound)?;
            let action = Action::parse(&action).map_err(|message| AppError::Invalid {
                field: "action".into(),
                message,
            })?;
            let db = crate::ssr::state::db()?;
            policy::transition(&db, &id, &account.actor(), action, comment).await
        }
        .await,
    )
}
