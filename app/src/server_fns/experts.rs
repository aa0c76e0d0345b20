//! Inviting experts: an editor makes a one-time link; the expert opens it, sets a
//! password and a profile, and lands on their desk.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

use crate::dto::PolicyLink;
use crate::error::AppError;

/// An invitation as its link shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub policy: PolicyLink,
    /// The expert's name as the editor typed it.
    pub name: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// The last attempt, if it was rejected: the login name and profile as typed.
    pub login: String,
    pub profile: crate::dto::article::ExpertProfile,
    pub errors: Vec<crate::domain::FieldError>,
}

/// Makes an invitation for an expert to write on a policy of the editor's unit. A page is
/// sent back to the policy with the link to copy; a script gets the link's token.
#[server(prefix = "/api", endpoint = "invite_expert")]
pub async fn invite_expert(policy: String, name: String) -> Result<String, AppError> {
    use crate::domain::PolicyId;
    use crate::domain::account::DisplayName;
    use crate::ssr::repo::{expert, policy as policies};
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            let db = crate::ssr::state::db()?;
            let id = PolicyId::parse(&policy).map_err(|_| AppError::NotFound)?;
            let unit = policies::unit_of(&db, &id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !account.actor().edits_for(&unit) {
                return Err(AppError::Forbidden);
            }
            let name = DisplayName::parse(&name).map_err(|message| AppError::Invalid {
                field: "name".into(),
                message,
            })?;
            let now = crate::ssr::state::now()?;
            let (token, _) = expert::invite(&db, &id, &name, &account.login, now).await?;
            if crate::ssr::auth::wants_html() {
                leptos_axum::redirect(&format!(
                    "/desk/policies/{id}?invitation={}",
                    token.as_str()
                ));
            }
            Ok(token.as_str().to_owned())
        }
        .await,
    )
}

/// The invitation behind a link, while it can be accepted (else 404).
#[server(input = GetUrl, prefix = "/api", endpoint = "invitation")]
pub async fn get_invitation(
    token: String,
    stash: Option<String>,
) -> Result<InvitationView, AppError> {
    use crate::ssr::repo::expert::{self, InvitationToken};
    super::respond(
        async {
            let db = crate::ssr::state::db()?;
            let now = crate::ssr::state::now()?;
            let open = expert::open_invitation(&db, &InvitationToken::from_link(&token), now)
                .await?
                .ok_or(AppError::NotFound)?;
            let (login, profile, errors) = match super::stashed(&db, stash, token.trim()).await? {
                Some(((login, profile), errors)) => (login, profile, errors),
                None => (
                    String::new(),
                    crate::dto::article::ExpertProfile {
                        name: open.name.clone(),
                        ..Default::default()
                    },
                    Vec::new(),
                ),
            };
            Ok(InvitationView {
                policy: open.policy,
                name: open.name,
                expires_at: open.expires_at,
                login,
                profile,
                errors,
            })
        }
        .await,
    )
}

/// Accepts an invitation: creates the expert's account and profile, signs them in and
/// (for a page) sends them to their desk. A rejected form goes back to the link with what
/// was typed (never the password) and each problem.
#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    login: String,
    password: String,
    #[server(flatten)] profile: crate::dto::article::ExpertProfile,
) -> Result<(), AppError> {
    use crate::domain::FieldError;
    use crate::domain::account::{DisplayName, LoginName, NewPassword};
    use crate::dto::article::ExpertProfile;
    use crate::ssr::password::PasswordHash;
    use crate::ssr::repo::expert::{self, Acceptance, InvitationToken};
    use crate::ssr::repo::session;
    let name = profile.name.clone();
    let profile = ExpertProfile {
        name: profile.name,
        field: profile.field.trim().to_owned(),
        affiliation: profile.affiliation.trim().to_owned(),
        title: profile.title.trim().to_owned(),
        bio: profile.bio.trim().to_owned(),
    };
    let typed = (login.clone(), profile.clone());
    let state = match crate::ssr::state::state() {
        Ok(state) => state,
        Err(e) => return super::respond(Err(e)),
    };
    let outcome = async {
        let mut errors = Vec::new();
        let login = LoginName::parse(&login)
            .map_err(|m| errors.push(FieldError::new("login", m)))
            .ok();
        let display_name = DisplayName::parse(&name)
            .map_err(|m| errors.push(FieldError::new("name", m)))
            .ok();
        let password = NewPassword::parse(&password)
            .map_err(|m| errors.push(FieldError::new("password", m)))
            .ok();
        for (field, value, max) in [
            ("field", &profile.field, 100),
            ("affiliation", &profile.affiliation, 100),
            ("title", &profile.title, 50),
            ("bio", &profile.bio, 1000),
        ] {
            if value.chars().count() > max {
                errors.push(FieldError::new(
                    field,
                    crate::words!("不能超过 {max} 字", "At most {max} characters"),
                ));
            }
        }
        let (Some(login), Some(display_name), Some(password), true) =
            (login, display_name, password, errors.is_empty())
        else {
            return Err(AppError::Rejected(errors));
        };
        let now = state.clock.now();
        let acceptance = Acceptance {
            login: login.clone(),
            display_name,
            password: PasswordHash::new(&password).await?,
            profile: profile.clone(),
        };
        expert::accept(
            &state.db,
            &InvitationToken::from_link(&token),
            &acceptance,
            now,
        )
        .await?;
        let session = session::start(&state.db, &login, now, state.settings.sessions).await?;
        super::set_cookie(&crate::ssr::auth::session_cookie(&session, &state));
        Ok(())
    }
    .await;
    let page = format!("/invite/{}", token.trim());
    // The attempt is stashed under the invitation's token: the expert has no account yet.
    super::finish_form(&state.db, token.trim(), &page, &typed, outcome, |_| {
        "/desk".to_owned()
    })
    .await
}
