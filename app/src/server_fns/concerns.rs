//! Public concerns and Q&A: asking and tracking (no account), the desk inbox and its steps,
//! publishing Q&A, the public Q&A list, and the working-day calendar settings.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

use crate::domain::FieldError;
use crate::domain::calendar::CalendarDay;
use crate::domain::concern::AskForm;
use crate::error::AppError;

pub use crate::dto::concern::{ConcernPage, InboxPage, QaItem, QaPage, TrackPage};

/// The ask form: what was typed last time (if it was rejected), the policy it is about,
/// and how long to wait when the address asked too often.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskPage {
    pub values: AskForm,
    pub errors: Vec<FieldError>,
    pub policy_title: Option<String>,
}

#[server(input = GetUrl, prefix = "/api", endpoint = "ask_form")]
pub async fn get_ask_form(
    policy: Option<String>,
    stash: Option<String>,
) -> Result<AskPage, AppError> {
    use crate::domain::PolicyId;
    super::respond(
        async {
            let db = crate::ssr::state::db()?;
            let owner = asker_key();
            let (values, errors) = match super::stashed(&db, stash, &owner).await? {
                Some(attempt) => attempt,
                None => (
                    AskForm {
                        policy: policy.clone().unwrap_or_default(),
                        ..AskForm::default()
                    },
                    Vec::new(),
                ),
            };
            let policy_title = match PolicyId::parse(&values.policy) {
                Ok(id) => crate::ssr::repo::policy::get_public(&db, &id)
                    .await?
                    .map(|p| p.title),
                Err(_) => None,
            };
            Ok(AskPage {
                values,
                errors,
                policy_title,
            })
        }
        .await,
    )
}

/// The stash owner of someone without an account: a hash of their address.
#[cfg(feature = "ssr")]
fn asker_key() -> String {
    super::public_key("public")
}

/// Asks a question. `website` is a honeypot: people leave it empty (it is hidden), robots
/// fill it in, and then nothing is stored. A page is sent to `/track` with the new code, or
/// back to the form with what was typed and each problem, or (too many questions from this
/// address) to the form with how long to wait.
#[server(prefix = "/api", endpoint = "ask")]
pub async fn ask(
    question: String,
    name: Option<String>,
    contact: String,
    policy: Option<String>,
    website: Option<String>,
) -> Result<String, AppError> {
    use crate::domain::concern::NewConcern;
    use crate::ssr::repo::concern::{self, AskLimits, Asked};
    let form = AskForm {
        question,
        name: name.unwrap_or_default(),
        contact,
        policy: policy.unwrap_or_default(),
    };
    let state = match crate::ssr::state::state() {
        Ok(state) => state,
        Err(e) => return super::respond(Err(e)),
    };
    let html = crate::ssr::auth::wants_html();
    if website.is_some_and(|w| !w.trim().is_empty()) {
        if html {
            leptos_axum::redirect("/track?received=1");
        }
        return Ok(String::new());
    }
    let outcome = async {
        let parsed = NewConcern::parse(&form).map_err(AppError::Rejected)?;
        let office = crate::domain::TaxonomyCode::parse(OFFICE)
            .map_err(|e| AppError::internal("office unit", e))?;
        concern::ask(
            &state.db,
            &parsed,
            &crate::ssr::auth::client_address(),
            &office,
            state.clock.now(),
            AskLimits::default(),
        )
        .await
    }
    .await;
    if html && let Err(AppError::TooManyRequests { retry_after_secs }) = &outcome {
        leptos_axum::redirect(&format!("/ask?wait={}", retry_after_secs.div_ceil(60)));
        return Err(AppError::TooManyRequests {
            retry_after_secs: *retry_after_secs,
        });
    }
    let outcome = outcome.map(|asked| match asked {
        Asked::New(code) => (code, false),
        Asked::Repeat(code) => (code, true),
    });
    let done = |(code, repeat): &(String, bool)| {
        format!(
            "/track?code={code}&{}=1",
            if *repeat { "repeat" } else { "new" }
        )
    };
    super::finish_form(&state.db, &asker_key(), "/ask", &form, outcome, done)
        .await
        .map(|(code, _)| code)
}

/// The unit that receives general questions (the county government office).
pub const OFFICE: &str = "xzfb";

/// A concern's status by its tracking code; 404 for an unknown code.
#[server(input = GetUrl, prefix = "/api", endpoint = "track")]
pub async fn track(code: String) -> Result<TrackPage, AppError> {
    super::respond(
        async {
            let db = crate::ssr::state::db()?;
            let found = crate::ssr::repo::concern::track(&db, &code)
                .await?
                .ok_or(AppError::NotFound)?;
            Ok(found)
        }
        .await,
    )
}

/// The inbox of the signed-in account's unit (its editors and reviewers).
///
/// `show`: `open` (new and accepted, the default), `overdue`, or `all`.
#[server(input = GetUrl, prefix = "/api", endpoint = "inbox")]
pub async fn get_inbox(show: Option<String>) -> Result<InboxPage, AppError> {
    use crate::domain::concern::may_read;
    super::respond(
        async {
            let account = crate::ssr::auth::require(|a| {
                a.actor()
                    .unit
                    .as_ref()
                    .is_some_and(|u| may_read(&a.actor(), u))
            })
            .await?;
            let unit = account.actor().unit.ok_or(AppError::Forbidden)?;
            let db = crate::ssr::state::db()?;
            let now = crate::ssr::state::now()?;
            let items = crate::ssr::repo::concern::inbox(&db, &unit, 500).await?;
            let show = show.unwrap_or_default();
            let items = items
                .into_iter()
                .filter(|item| match show.as_str() {
                    "all" => true,
                    "overdue" => item.is_overdue(now),
                    _ => matches!(
                        item.status,
                        crate::domain::concern::ConcernStatus::New
                            | crate::domain::concern::ConcernStatus::Accepted
                    ),
                })
                .collect();
            let today = now
                .with_timezone(&crate::domain::policy::china_offset())
                .date_naive();
            let applications = crate::ssr::repo::application::attention(&db, &unit, today).await?;
            Ok(InboxPage::new(items, now, applications))
        }
        .await,
    )
}

/// One concern on the desk, private details included: its unit's editors and reviewers.
#[server(input = GetUrl, prefix = "/api", endpoint = "concern")]
pub async fn get_concern(code: String) -> Result<ConcernPage, AppError> {
    use crate::domain::concern::{may_handle, may_read};
    use crate::ssr::repo::{activity, concern, taxonomy};
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            let db = crate::ssr::state::db()?;
            let item = concern::get(&db, &code).await?.ok_or(AppError::NotFound)?;
            let unit = concern_unit(&item)?;
            let actor = account.actor();
            if !may_read(&actor, &unit) {
                return Err(AppError::Forbidden);
            }
            let history =
                activity::trail(&db, &format!("{}:{}", concern::TABLE, item.code)).await?;
            let units = taxonomy::options(taxonomy::list(&db, taxonomy::Taxonomy::Unit).await?);
            let now = crate::ssr::state::now()?;
            let can_handle = may_handle(&actor, &unit);
            let actions = concern::actions(&db, &item.code, &actor).await?;
            let code = item.code.clone();
            let mut page = ConcernPage::new(item, history, units, can_handle, actions, now);
            page.plan_issues = concern::plan_issues(&db, &code).await?;
            Ok(page)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn concern_unit(
    item: &crate::ssr::repo::concern::InboxItem,
) -> Result<crate::domain::TaxonomyCode, AppError> {
    let unit = item.unit.as_deref().ok_or(AppError::Forbidden)?;
    crate::domain::TaxonomyCode::parse(unit).map_err(|e| AppError::internal("stored unit", e))
}

/// A step on a concern: `accept` (with `class`), `close` (with `reason`, `note`), `assign`
/// (to `unit`), `draft` (the `answer`), `submit`, `approve`, `return` (with `note`).
#[server(prefix = "/api", endpoint = "concern_step")]
pub async fn concern_step(
    code: String,
    action: String,
    class: Option<String>,
    reason: Option<String>,
    note: Option<String>,
    unit: Option<String>,
    answer: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::TaxonomyCode;
    use crate::domain::concern::{CloseReason, ResponseClass};
    use crate::ssr::repo::concern::{self, ConcernStep};
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            // Notes and reasons have a length rule (the answer is rich text, bounded
            // by the request size and sanitised on write).
            crate::domain::PlainText::parse_optional(
                "note",
                note.as_deref(),
                crate::domain::PlainText::NOTE,
            )?;
            let db = crate::ssr::state::db()?;
            let item = concern::get(&db, &code).await?.ok_or(AppError::NotFound)?;
            let own_unit = concern_unit(&item)?;
            let actor = account.actor();
            let invalid = |field: &str, message: crate::domain::Words| AppError::Invalid {
                field: field.into(),
                message,
            };
            let step = match action.as_str() {
                "accept" => ConcernStep::Accept(
                    ResponseClass::parse(class.as_deref().unwrap_or_default())
                        .map_err(|m| invalid("class", m))?,
                ),
                "close" => ConcernStep::Close(
                    CloseReason::parse(reason.as_deref().unwrap_or_default())
                        .map_err(|m| invalid("reason", m))?,
                    note.unwrap_or_default(),
                ),
                "assign" => {
                    let to = TaxonomyCode::parse(unit.as_deref().unwrap_or_default())
                        .map_err(|m| invalid("unit", m))?;
                    let units = crate::ssr::repo::taxonomy::codes(
                        &db,
                        crate::ssr::repo::taxonomy::Taxonomy::Unit,
                    )
                    .await?;
                    if !units.iter().any(|u| u == to.as_str()) || to == own_unit {
                        return Err(invalid(
                            "unit",
                            crate::words!("请选择另一个单位", "Choose another unit"),
                        ));
                    }
                    ConcernStep::Assign(to)
                }
                "draft" => {
                    let answer = answer.unwrap_or_default();
                    if answer.trim().is_empty() {
                        return Err(invalid(
                            "answer",
                            crate::words!("答复不能为空", "The answer is required"),
                        ));
                    }
                    ConcernStep::Draft(answer)
                }
                "submit" => ConcernStep::SubmitAnswer,
                "approve" => ConcernStep::ApproveAnswer,
                "return" => {
                    let note = note.unwrap_or_default();
                    if note.trim().is_empty() {
                        return Err(invalid(
                            "note",
                            crate::words!("退回时必须填写意见", "Returning needs a comment"),
                        ));
                    }
                    ConcernStep::ReturnAnswer(note)
                }
                other => {
                    return Err(invalid(
                        "action",
                        crate::words!(
                            "“{other}”不是可执行的操作",
                            "“{other}” is not an action that can be taken"
                        ),
                    ));
                }
            };
            let now = crate::ssr::state::now()?;
            let stepped = concern::step(&db, &item.code, step, &actor, now).await?;
            crate::ssr::state::publish(stepped).map(|_| ())
        }
        .await,
    )
}

/// Links a concern to an issue of its policy's plan (the public's questions feed
/// issue-setting): an editor of the concern's unit.
#[server(prefix = "/api", endpoint = "raise_issue")]
pub async fn raise_issue(code: String, issue: String) -> Result<(), AppError> {
    use crate::domain::concern::may_handle;
    use crate::ssr::repo::concern;
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            let db = crate::ssr::state::db()?;
            let item = concern::get(&db, &code).await?.ok_or(AppError::NotFound)?;
            let unit = concern_unit(&item)?;
            if !may_handle(&account.actor(), &unit) {
                return Err(AppError::Forbidden);
            }
            let issue = issue.trim();
            if issue.is_empty()
                || !issue
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                return Err(AppError::Invalid {
                    field: "issue".into(),
                    message: crate::words!("请选择议题", "Choose an issue"),
                });
            }
            let raised = concern::raise(&db, &item.code, issue, &account.login).await?;
            crate::ssr::state::publish(raised)
        }
        .await,
    )
}

/// Publishes an answered concern as a Q&A, with the question as edited for the public (the
/// original stays private). An editor of the concern's unit.
#[server(prefix = "/api", endpoint = "publish_qa")]
pub async fn publish_qa(code: String, question: String) -> Result<String, AppError> {
    use crate::domain::PolicyId;
    use crate::domain::concern::{Question, may_handle};
    use crate::ssr::repo::concern::{self, NewQa};
    super::respond(
        async {
            let account = crate::ssr::auth::require(|_| true).await?;
            let db = crate::ssr::state::db()?;
            let item = concern::get(&db, &code).await?.ok_or(AppError::NotFound)?;
            let unit = concern_unit(&item)?;
            if !may_handle(&account.actor(), &unit) {
                return Err(AppError::Forbidden);
            }
            let question = Question::parse(&question).map_err(|message| AppError::Invalid {
                field: "question".into(),
                message,
            })?;
            let policy = item
                .policy_id
                .as_deref()
                .map(PolicyId::parse)
                .transpose()
                .map_err(|e| AppError::internal("stored policy", e))?;
            let answer = item.answer.clone().unwrap_or_default().as_str().to_owned();
            let new_qa = NewQa {
                unit: &unit,
                policy: policy.as_ref(),
                question: &question,
                answer_html: &answer,
                from_concern: Some(&item.code),
            };
            let now = crate::ssr::state::now()?;
            let id = concern::publish_qa(&db, &new_qa, &account.login, now).await?;
            crate::ssr::state::publish(id)
        }
        .await,
    )
}

/// Writes and publishes a Q&A directly (not from a concern): an editor, on a policy of
/// their unit or (no policy) for their unit in general. A page goes to the Q&A on the
/// policy page, or to the list.
#[server(prefix = "/api", endpoint = "write_qa")]
pub async fn write_qa(
    policy: Option<String>,
    question: String,
    answer: String,
) -> Result<String, AppError> {
    use crate::domain::PolicyId;
    use crate::domain::concern::{Question, may_handle};
    use crate::domain::workflow::Role;
    use crate::ssr::repo::concern::{self, NewQa};
    super::respond(
        async {
            let account = crate::ssr::auth::require(|a| a.actor().has(Role::Editor)).await?;
            let db = crate::ssr::state::db()?;
            let actor = account.actor();
            let policy = match policy.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                Some(raw) => Some(PolicyId::parse(raw).map_err(|_| AppError::NotFound)?),
                None => None,
            };
            let unit = match &policy {
                Some(id) => crate::ssr::repo::policy::unit_of(&db, id)
                    .await?
                    .ok_or(AppError::NotFound)?,
                None => actor.unit.clone().ok_or(AppError::Forbidden)?,
            };
            if !may_handle(&actor, &unit) {
                return Err(AppError::Forbidden);
            }
            let mut errors = Vec::new();
            let question = Question::parse(&question)
                .map_err(|m| errors.push(FieldError::new("question", m)))
                .ok();
            if answer.trim().is_empty() {
                errors.push(FieldError::new(
                    "answer",
                    crate::words!("答复不能为空", "The answer is required"),
                ));
            }
            let Some(question) = question.filter(|_| errors.is_empty()) else {
                return Err(AppError::Rejected(errors));
            };
            let new_qa = NewQa {
                unit: &unit,
                policy: policy.as_ref(),
                question: &question,
                answer_html: &answer,
                from_concern: None,
            };
            let now = crate::ssr::state::now()?;
            let id = concern::publish_qa(&db, &new_qa, &account.login, now).await?;
            let id = crate::ssr::state::publish(id)?;
            if crate::ssr::auth::wants_html() {
                leptos_axum::redirect(&match &policy {
                    Some(p) => format!("/policies/{p}#qa-{id}"),
                    None => "/qa".to_owned(),
                });
            }
            Ok(id)
        }
        .await,
    )
}

/// One page of the public Q&A, newest first, by unit and policy.
#[server(input = GetUrl, prefix = "/api", endpoint = "qa")]
pub async fn get_qa(
    unit: Option<String>,
    policy: Option<String>,
    page: Option<u32>,
) -> Result<QaPage, AppError> {
    use crate::domain::{PolicyId, TaxonomyCode};
    use crate::ssr::repo::{concern, taxonomy};
    super::respond(
        async {
            let db = crate::ssr::state::db()?;
            let unit = unit.as_deref().and_then(|u| TaxonomyCode::parse(u).ok());
            let policy = policy.as_deref().and_then(|p| PolicyId::parse(p).ok());
            let page = page.unwrap_or(1).clamp(1, 10_000);
            let per_page = 20;
            let (items, total) =
                concern::list_qa(&db, unit.as_ref(), policy.as_ref(), page, per_page).await?;
            let units: Vec<crate::dto::FacetOption> =
                taxonomy::options(taxonomy::list(&db, taxonomy::Taxonomy::Unit).await?);
            Ok(QaPage {
                items,
                total,
                page,
                per_page,
                units,
                unit: unit.map(|u| u.to_string()),
                policy: policy.map(|p| p.to_string()),
            })
        }
        .await,
    )
}

/// One published question and answer. Anything not public is simply not found.
#[server(input = GetUrl, prefix = "/api", endpoint = "qa_item")]
pub async fn get_qa_item(id: String) -> Result<QaItem, AppError> {
    super::respond(
        async {
            let valid = !id.is_empty()
                && id.len() <= 40
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !valid {
                return Err(AppError::NotFound);
            }
            let db = crate::ssr::state::db()?;
            crate::ssr::repo::concern::get_public_qa(&db, &id)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// The working-day calendar and the routine answer period, for the admin page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarPage {
    pub days: Vec<CalendarDay>,
    pub routine_days: u32,
    pub errors: Vec<FieldError>,
}

#[server(input = GetUrl, prefix = "/api", endpoint = "calendar")]
pub async fn get_calendar(stash: Option<String>) -> Result<CalendarPage, AppError> {
    use crate::ssr::repo::concern;
    super::respond(
        async {
            let admin = require_admin().await?;
            let db = crate::ssr::state::db()?;
            let errors = super::stashed::<serde_json::Value>(&db, stash, &admin.login)
                .await?
                .map(|(_, errors)| errors)
                .unwrap_or_default();
            Ok(CalendarPage {
                days: crate::ssr::repo::calendar::load(&db).await?.entries(),
                routine_days: concern::routine_days(&db).await?,
                errors,
            })
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn require_admin() -> Result<crate::dto::Account, AppError> {
    crate::ssr::auth::require(|a| a.actor().has(crate::domain::workflow::Role::Admin)).await
}

/// Adds calendar days from text, one a line (`2026-02-16 休 春节`, `2026-02-14 班 春节`): the
/// admin page's form and a pasted or uploaded file alike. Every bad line is named.
#[server(prefix = "/api", endpoint = "import_calendar")]
pub async fn import_calendar(text: String) -> Result<usize, AppError> {
    use crate::domain::calendar::Calendar;
    let admin = match require_admin().await {
        Ok(admin) => admin,
        Err(e) => return super::respond(Err(e)),
    };
    let db = match crate::ssr::state::db() {
        Ok(db) => db,
        Err(e) => return super::respond(Err(e)),
    };
    let outcome = async {
        let days = Calendar::parse_text(&text).map_err(AppError::Rejected)?;
        crate::ssr::repo::calendar::save(&db, &days, &admin.login).await?;
        Ok(days.len())
    }
    .await;
    super::finish_form(&db, &admin.login, "/admin/calendar", &text, outcome, |_| {
        "/admin/calendar".to_owned()
    })
    .await
}

/// Makes a date an ordinary day again.
#[server(prefix = "/api", endpoint = "remove_calendar_day")]
pub async fn remove_calendar_day(date: String) -> Result<(), AppError> {
    super::respond(
        async {
            let admin = require_admin().await?;
            let db = crate::ssr::state::db()?;
            let date = crate::domain::parse_date(&date).map_err(|message| AppError::Invalid {
                field: "date".into(),
                message,
            })?;
            crate::ssr::repo::calendar::remove_day(&db, date, &admin.login).await?;
            if crate::ssr::auth::wants_html() {
                leptos_axum::redirect("/admin/calendar");
            }
            Ok(())
        }
        .await,
    )
}

/// Sets how many working days a routine answer may take (1–60).
#[server(prefix = "/api", endpoint = "set_routine_days")]
pub async fn set_routine_days(days: String) -> Result<(), AppError> {
    super::respond(
        async {
            let admin = require_admin().await?;
            let db = crate::ssr::state::db()?;
            let days: u32 = days
                .trim()
                .parse()
                .ok()
                .filter(|d| (1..=60).contains(d))
                .ok_or_else(|| AppError::Invalid {
                    field: "days".into(),
                    message: crate::words!(
                        "请填写 1–60 之间的工作日数",
                        "Give a number of working days from 1 to 60"
                    ),
                })?;
            crate::ssr::repo::concern::set_routine_days(&db, days, &admin.login).await?;
            if crate::ssr::auth::wants_html() {
                leptos_axum::redirect("/admin/calendar");
            }
            Ok(())
        }
        .await,
    )
}
