//! Disclosure applications (依申请公开): applying and tracking (no account), and the
//! handling unit's list, case, steps and reply letter on the desk.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::GetUrl;

use crate::domain::application::intake::ApplyForm;
use crate::error::AppError;

pub use crate::dto::application::{
    ApplicationCase, ApplicationList, ApplyPage, TrackedApplication,
};

/// The unit an application goes to when the applicant names none (the county
/// government office).
pub const OFFICE: &str = "xzfb";

/// The public application form: the bodies one may apply to, and the attempt stashed
/// under `stash` if the last one was rejected.
#[server(input = GetUrl, prefix = "/api", endpoint = "apply_form")]
pub async fn get_apply_form(
    unit: Option<String>,
    stash: Option<String>,
) -> Result<ApplyPage, AppError> {
    use crate::ssr::repo::taxonomy::{self, Taxonomy};
    super::respond(
        async {
            let db = crate::ssr::state::db()?;
            let (values, errors) =
                match super::stashed::<(ApplyForm, String)>(&db, stash, &applicant_key()).await? {
                    Some(((values, unit), errors)) => ((values, unit), errors),
                    None => (
                        (
                            ApplyForm::default(),
                            unit.unwrap_or_else(|| OFFICE.to_owned()),
                        ),
                        Vec::new(),
                    ),
                };
            Ok(ApplyPage {
                values: values.0,
                unit: values.1,
                units: taxonomy::options(taxonomy::list(&db, Taxonomy::Unit).await?),
                errors,
            })
        }
        .await,
    )
}

/// The stash owner of an applicant without an account: a hash of their address.
#[cfg(feature = "ssr")]
fn applicant_key() -> String {
    super::public_key("apply")
}

/// Today's date in China, where every statutory day is counted.
#[cfg(feature = "ssr")]
fn today(now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    now.with_timezone(&crate::domain::policy::china_offset())
        .date_naive()
}

/// Sends an application to `unit`. `website` is a honeypot (hidden; robots fill it in,
/// and then nothing is stored). A page goes on to `/track` with the new number, or back
/// to the form with what was typed (never the ID number) and each problem, or (too many
/// from this address) to the form with how long to wait.
#[server(prefix = "/api", endpoint = "apply")]
pub async fn apply(
    #[server(flatten)] form: ApplyForm,
    unit: Option<String>,
    website: Option<String>,
) -> Result<String, AppError> {
    use crate::domain::TaxonomyCode;
    use crate::domain::application::intake::NewApplication;
    use crate::ssr::repo::application::{self, Applied, Source};
    let unit = unit.unwrap_or_else(|| OFFICE.to_owned());
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
    let now = state.clock.now();
    let outcome = async {
        let mut errors = Vec::new();
        let parsed = NewApplication::parse(&form, today(now))
            .map_err(|e| errors.extend(e))
            .ok();
        let units = crate::ssr::repo::taxonomy::codes(
            &state.db,
            crate::ssr::repo::taxonomy::Taxonomy::Unit,
        )
        .await?;
        let to = TaxonomyCode::parse(&unit)
            .ok()
            .filter(|u| units.contains(&u.to_string()));
        if to.is_none() {
            errors.push(crate::domain::FieldError::new(
                "unit",
                crate::words!("请选择受理申请的机关", "Choose the body you apply to"),
            ));
        }
        let (Some(parsed), Some(to), true) = (parsed, to, errors.is_empty()) else {
            return Err(AppError::Rejected(errors));
        };
        let address = crate::ssr::auth::client_address();
        application::apply(
            &state.db,
            &parsed,
            &to,
            Source::Online { address: &address },
            now,
        )
        .await
    }
    .await;
    if html && let Err(AppError::TooManyRequests { retry_after_secs }) = &outcome {
        leptos_axum::redirect(&format!("/apply?wait={}", retry_after_secs.div_ceil(60)));
        return Err(AppError::TooManyRequests {
            retry_after_secs: *retry_after_secs,
        });
    }
    let outcome = outcome.map(|applied| match applied {
        Applied::New(code) => (code, false),
        Applied::Repeat(code) => (code, true),
    });
    let done = |(code, repeat): &(String, bool)| {
        format!(
            "/track?code={code}&{}=1",
            if *repeat { "repeat" } else { "new" }
        )
    };
    let typed = (form, unit);
    super::finish_form(&state.db, &applicant_key(), "/apply", &typed, outcome, done)
        .await
        .map(|(code, _)| code)
}

/// An application's stage, due date and (once sent) reply letter by its number; 404 for
/// an unknown number.
#[server(input = GetUrl, prefix = "/api", endpoint = "track_application")]
pub async fn track_application(code: String) -> Result<TrackedApplication, AppError> {
    super::respond(
        async {
            let state = crate::ssr::state::state()?;
            crate::ssr::repo::application::track(&state.db, &code, today(state.clock.now()))
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// The applications of the signed-in account's unit (its editors and reviewers).
#[server(input = GetUrl, prefix = "/api", endpoint = "applications")]
pub async fn get_applications() -> Result<ApplicationList, AppError> {
    use crate::domain::concern::may_read;
    use crate::domain::workflow::Role;
    super::respond(
        async {
            let account = crate::ssr::auth::require(|a| {
                a.actor()
                    .unit
                    .as_ref()
                    .is_some_and(|u| may_read(&a.actor(), u))
            })
            .await?;
            let unit = account.actor().unit.clone().ok_or(AppError::Forbidden)?;
            let state = crate::ssr::state::state()?;
            let items =
                crate::ssr::repo::application::list(&state.db, &unit, today(state.clock.now()))
                    .await?;
            Ok(ApplicationList {
                unit_name: crate::ssr::repo::taxonomy::list(
                    &state.db,
                    crate::ssr::repo::taxonomy::Taxonomy::Unit,
                )
                .await?
                .into_iter()
                .find(|t| t.code == unit.as_str())
                .map_or_else(|| unit.to_string(), |t| t.name),
                items,
                may_register: account.actor().has(Role::Editor),
                signals: crate::ssr::repo::application::signals(
                    &state.db,
                    &unit,
                    today(state.clock.now()),
                )
                .await?,
            })
        }
        .await,
    )
}

/// One application of the signed-in account's unit, the applicant's details included.
#[server(input = GetUrl, prefix = "/api", endpoint = "application")]
pub async fn get_application(code: String) -> Result<ApplicationCase, AppError> {
    super::respond(
        async {
            let (account, state) = case_reader(&code).await?;
            crate::ssr::repo::application::case(
                &state.db,
                &code,
                &account.actor(),
                today(state.clock.now()),
            )
            .await?
            .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// The signed-in account, if it may read the application `code` (its unit's editors and
/// reviewers): 404 for an unknown number, 403 for anyone else.
#[cfg(feature = "ssr")]
async fn case_reader(
    code: &str,
) -> Result<(crate::dto::Account, crate::ssr::state::AppState), AppError> {
    let account = crate::ssr::auth::require(|_| true).await?;
    let state = crate::ssr::state::state()?;
    let unit = crate::ssr::repo::application::unit_of(&state.db, code)
        .await?
        .ok_or(AppError::NotFound)?;
    if !crate::domain::concern::may_read(&account.actor(), &unit) {
        return Err(AppError::Forbidden);
    }
    Ok((account, state))
}

/// A step on an application, as the case page's forms post it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepForm {
    pub code: String,
    pub action: String,
    /// The comment or reason (what to supplement, whom consulted, why more time…).
    pub note: String,
    /// The day it happened, where the step records one (receipt, supplement received).
    pub date: String,
    /// Working days of an extension.
    pub days: String,
    /// The unit to transfer to.
    pub unit: String,
    /// Whom a consultation asks: `third_party` or `other_body`.
    pub consulted: String,
    /// The name of the third party or body consulted (the letter's addressee).
    pub party: String,
    /// How a fee is counted: `by_count` or `by_pages`.
    pub fee_method: String,
    /// The reply's pages, for a fee by pages.
    pub pages: String,
    /// Why an application ends without a reply: `withdrawn`, `abandoned`, `fee_unpaid`.
    pub reason: String,
}

/// Takes a step on an application. A page goes back to the case (with the reason when
/// the step is refused); a script gets the result.
#[server(prefix = "/api", endpoint = "application_step")]
pub async fn application_step(#[server(flatten)] form: StepForm) -> Result<(), AppError> {
    use crate::domain::application::{AppAction, ClockEvent, Consulted, FeeMethod};
    use crate::domain::{PlainText, TaxonomyCode};
    use crate::ssr::repo::application::{self, AppStep, NoticeFacts};
    super::respond(
        async {
            let (account, state) = case_reader(&form.code).await?;
            let note = PlainText::parse("note", &form.note, PlainText::NOTE)?.into_string();
            let note = Some(note).filter(|n| !n.is_empty());
            let now = state.clock.now();
            let today = today(now);
            let action = AppAction::parse(&form.action).map_err(|message| AppError::Invalid {
                field: "action".into(),
                message,
            })?;
            let date = || -> Result<chrono::NaiveDate, AppError> {
                if form.date.trim().is_empty() {
                    return Ok(today);
                }
                crate::domain::parse_date(&form.date).map_err(|message| AppError::Invalid {
                    field: "date".into(),
                    message,
                })
            };
            let step = match action {
                AppAction::Register => AppStep::Register { on: date()? },
                AppAction::RequestSupplement => {
                    let days = Some(form.days.trim())
                        .filter(|d| !d.is_empty())
                        .map(|d| {
                            whole_number(
                                "days",
                                d,
                                1..=60,
                                crate::words!(
                                    "补正期限为 1–60 个工作日",
                                    "The period to supplement is 1–60 working days"
                                ),
                            )
                        })
                        .transpose()?;
                    let event = ClockEvent::SupplementRequested { on: today, days };
                    AppStep::clocked(action, event, note)
                }
                AppAction::ReceiveSupplement => {
                    AppStep::clocked(action, ClockEvent::SupplementReceived { on: date()? }, note)
                }
                AppAction::Consult => {
                    let to =
                        Consulted::parse(&form.consulted).map_err(|message| AppError::Invalid {
                            field: "consulted".into(),
                            message,
                        })?;
                    let party = PlainText::parse("party", &form.party, PlainText::LINE)?;
                    if party.as_str().is_empty() {
                        return Err(AppError::Invalid {
                            field: "party".into(),
                            message: crate::words!(
                                "请填写征求意见的第三方或机关名称",
                                "Name the third party or body consulted"
                            ),
                        });
                    }
                    AppStep::Clocked {
                        action,
                        event: ClockEvent::ConsultationSent { on: today, to },
                        note,
                        notice: NoticeFacts {
                            party: Some(party.into_string()),
                            ..NoticeFacts::default()
                        },
                    }
                }
                AppAction::RecordConsultation => AppStep::clocked(
                    action,
                    ClockEvent::ConsultationAnswered { on: date()? },
                    note,
                ),
                AppAction::ApproveExtension => {
                    let days = whole_number(
                        "days",
                        &form.days,
                        1..=20,
                        crate::words!(
                            "延长期限为 1–20 个工作日",
                            "An extension is 1–20 working days"
                        ),
                    )?;
                    AppStep::clocked(action, ClockEvent::Extended { on: today, days }, note)
                }
                AppAction::IssueFeeNotice => {
                    let method = FeeMethod::parse(&form.fee_method).map_err(|message| {
                        AppError::Invalid {
                            field: "fee_method".into(),
                            message,
                        }
                    })?;
                    let pages = match method {
                        FeeMethod::ByCount => None,
                        FeeMethod::ByPages => Some(whole_number(
                            "pages",
                            &form.pages,
                            1..=100_000,
                            crate::words!(
                                "请填写答复的页数（正整数）",
                                "Give the reply's pages (a whole number)"
                            ),
                        )?),
                    };
                    AppStep::Clocked {
                        action,
                        event: ClockEvent::FeeNoticeIssued { on: today },
                        note,
                        notice: NoticeFacts {
                            fee: Some((method, pages)),
                            ..NoticeFacts::default()
                        },
                    }
                }
                AppAction::RecordPayment => AppStep::clocked(
                    action,
                    ClockEvent::FeeSettled {
                        on: date()?,
                        waived: false,
                    },
                    note,
                ),
                AppAction::Waive => AppStep::clocked(
                    action,
                    ClockEvent::FeeSettled {
                        on: today,
                        waived: true,
                    },
                    note,
                ),
                AppAction::Transfer => {
                    let to =
                        TaxonomyCode::parse(&form.unit).map_err(|message| AppError::Invalid {
                            field: "unit".into(),
                            message,
                        })?;
                    AppStep::Transfer {
                        to,
                        reason: note.unwrap_or_default(),
                    }
                }
                AppAction::Close => AppStep::Close {
                    reason: crate::domain::application::CloseReason::parse(&form.reason).map_err(
                        |message| AppError::Invalid {
                            field: "reason".into(),
                            message,
                        },
                    )?,
                    note,
                },
                AppAction::DraftReply => {
                    return Err(AppError::Invalid {
                        field: "action".into(),
                        message: crate::words!(
                            "答复请使用答复表单",
                            "Use the reply form to draft the reply"
                        ),
                    });
                }
                other => AppStep::Plain(other, note),
            };
            let moved =
                application::step(&state.db, &form.code, step, &account.actor(), now, today)
                    .await?;
            moved.publish(&state.changes);
            back_to_case(&form.code);
            Ok(())
        }
        .await,
    )
}

/// A whole number typed into `field`, within `range`; otherwise the field is named with
/// `message`.
#[cfg(feature = "ssr")]
fn whole_number(
    field: &str,
    typed: &str,
    range: std::ops::RangeInclusive<u32>,
    message: crate::domain::Words,
) -> Result<u32, AppError> {
    typed
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| AppError::Invalid {
            field: field.into(),
            message,
        })
}

/// A page without JavaScript goes back to the case after a step.
#[cfg(feature = "ssr")]
fn back_to_case(code: &str) {
    if crate::ssr::auth::wants_html()
        && let Some(code) = crate::ssr::repo::application::normalise_code(code)
    {
        leptos_axum::redirect(&format!("/desk/applications/{code}"));
    }
}

/// The reply as the case page's reply form posts it: its kind, its ground, the facts the
/// letter needs, and (when redrafting) the letter's paragraphs as edited.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyDraft {
    pub code: String,
    pub kind: String,
    pub ground: String,
    /// Where it was published, how it is given, the part withheld, the body responsible…
    /// (the letter template says which it needs).
    pub detail: String,
    /// The day it is given or was published, where the kind needs one.
    pub detail_on: String,
    /// The letter's paragraphs as edited, one a line; empty to draft them afresh.
    pub paragraphs: String,
}

/// Drafts (or redrafts) the reply of an application: its kind and ground (checked as
/// Art. 36/37/39 require), and the letter filled from the record, numbered in the unit's
/// reply series and editable until it is signed.
#[server(prefix = "/api", endpoint = "draft_reply")]
pub async fn draft_reply(#[server(flatten)] form: ReplyDraft) -> Result<(), AppError> {
    use crate::domain::application::{Reply, ReplyForm};
    use crate::ssr::repo::application;
    super::respond(
        async {
            let (account, state) = case_reader(&form.code).await?;
            let now = state.clock.now();
            let reply = Reply::parse(&ReplyForm {
                kind: form.kind.clone(),
                ground: form.ground.clone(),
                withheld: form
                    .ground
                    .split(',')
                    .map(str::trim)
                    .filter(|g| !g.is_empty())
                    .map(str::to_owned)
                    .collect(),
                body: form.detail.clone(),
            })?;
            let detail_on = Some(form.detail_on.trim())
                .filter(|d| !d.is_empty())
                .map(crate::domain::parse_date)
                .transpose()
                .map_err(|message| AppError::Invalid {
                    field: "detail_on".into(),
                    message,
                })?;
            let edited = Some(form.paragraphs.trim())
                .filter(|p| !p.is_empty())
                .map(|p| {
                    crate::domain::PlainText::parse(
                        "paragraphs",
                        p,
                        crate::domain::PlainText::PROSE,
                    )
                })
                .transpose()?
                .map(|p| {
                    p.as_str()
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned)
                        .collect()
                });
            let moved = application::draft_reply(
                &state.db,
                &form.code,
                &reply,
                application::ReplyFacts {
                    ground: Some(form.ground.trim().to_owned()).filter(|g| !g.is_empty()),
                    detail: Some(form.detail.trim().to_owned()).filter(|d| !d.is_empty()),
                    detail_on,
                    paragraphs: edited,
                },
                &account.actor(),
                now,
            )
            .await?;
            moved.publish(&state.changes);
            back_to_case(&form.code);
            Ok(())
        }
        .await,
    )
}

/// What the desk's intake form was sent with besides the applicant and the request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntakeForm {
    /// How it arrived (`in_person`, `registered_post`, `ordinary_post`, `fax`, `oral`…).
    pub channel: String,
    /// The day that fixes receipt for that channel (handed in, signed for, confirmed).
    pub date: String,
}

/// The desk's intake form for the signed-in editor: what was typed last time if it was
/// rejected.
#[server(input = GetUrl, prefix = "/api", endpoint = "intake_form")]
pub async fn get_intake_form(
    stash: Option<String>,
) -> Result<crate::dto::application::IntakePage, AppError> {
    super::respond(
        async {
            let account = intake_clerk().await?;
            let db = crate::ssr::state::db()?;
            let ((values, intake), errors) =
                super::stashed::<(ApplyForm, IntakeForm)>(&db, stash, &intake_key(&account))
                    .await?
                    .unwrap_or_default();
            Ok(crate::dto::application::IntakePage {
                values,
                channel: intake.channel,
                date: intake.date,
                errors,
            })
        }
        .await,
    )
}

/// The signed-in editor of a unit, who registers applications for it.
#[cfg(feature = "ssr")]
async fn intake_clerk() -> Result<crate::dto::Account, AppError> {
    use crate::domain::workflow::Role;
    crate::ssr::auth::require(|a| a.actor().unit.is_some() && a.actor().has(Role::Editor)).await
}

#[cfg(feature = "ssr")]
fn intake_key(account: &crate::dto::Account) -> String {
    format!("intake:{}", account.login)
}

/// Registers an application the office received in person, by post, by fax or orally
/// (第二十九条), for the editor's unit: received on the day Art. 31 gives for its channel,
/// with the reason. A page goes on to the new case, or back to the form with what was
/// typed and each problem.
#[server(prefix = "/api", endpoint = "register_application")]
pub async fn register_application(
    #[server(flatten)] form: ApplyForm,
    #[server(flatten)] intake: IntakeForm,
) -> Result<String, AppError> {
    use crate::domain::FieldError;
    use crate::domain::application::intake::NewApplication;
    use crate::domain::application::{Channel, ReceiptFacts, receipt_date};
    use crate::ssr::repo::application::{self, Applied, Source};
    let account = match intake_clerk().await {
        Ok(account) => account,
        Err(e) => return super::respond(Err(e)),
    };
    let state = match crate::ssr::state::state() {
        Ok(state) => state,
        Err(e) => return super::respond(Err(e)),
    };
    let now = state.clock.now();
    let outcome = async {
        let actor = account.actor();
        let unit = actor.unit.clone().ok_or(AppError::Forbidden)?;
        let mut errors = Vec::new();
        let received = match Channel::parse(&intake.channel) {
            Ok(Channel::Online | Channel::Email) => {
                errors.push(FieldError::new(
                    "channel",
                    crate::words!(
                        "网上和电子邮件申请由申请人在线提交，本表登记当面、信函、传真和口头申请",
                        "Online and e-mail applications are sent by the applicant; this form registers those in person, by post, fax or orally"
                    ),
                ));
                None
            }
            Ok(channel) => {
                let day = if intake.date.trim().is_empty() {
                    Ok(today(now))
                } else {
                    crate::domain::parse_date(&intake.date)
                };
                match day {
                    Err(message) => {
                        errors.push(FieldError::new("date", message));
                        None
                    }
                    Ok(day) if day > today(now) => {
                        errors.push(FieldError::new(
                            "date",
                            crate::words!("日期不能晚于今天", "The date cannot be in the future"),
                        ));
                        None
                    }
                    Ok(day) => {
                        let facts = match channel {
                            Channel::InPerson | Channel::Oral => ReceiptFacts {
                                submitted_on: Some(day),
                                ..ReceiptFacts::default()
                            },
                            Channel::RegisteredPost => ReceiptFacts {
                                signed_for_on: Some(day),
                                ..ReceiptFacts::default()
                            },
                            _ => ReceiptFacts {
                                confirmed_on: Some(day),
                                ..ReceiptFacts::default()
                            },
                        };
                        match receipt_date(channel, &facts) {
                            Ok((on, reason)) => Some((channel, on, reason)),
                            Err(mut e) => {
                                e.field = "date".into();
                                errors.push(e);
                                None
                            }
                        }
                    }
                }
            }
            Err(message) => {
                errors.push(FieldError::new("channel", message));
                None
            }
        };
        let on = received.as_ref().map_or_else(|| today(now), |(_, on, _)| *on);
        let parsed = NewApplication::parse(&form, on)
            .map_err(|e| errors.extend(e))
            .ok();
        let (Some(parsed), Some((channel, received_on, reason)), true) =
            (parsed, received, errors.is_empty())
        else {
            return Err(AppError::Rejected(errors));
        };
        application::apply(
            &state.db,
            &parsed,
            &unit,
            Source::Desk {
                channel,
                received_on,
                reason,
                actor: &actor.login,
            },
            now,
        )
        .await
    }
    .await;
    let outcome = outcome.map(|applied| match applied {
        Applied::New(code) | Applied::Repeat(code) => code,
    });
    let typed = (form, intake);
    super::finish_form(
        &state.db,
        &intake_key(&account),
        "/desk/applications/new",
        &typed,
        outcome,
        |code| format!("/desk/applications/{code}"),
    )
    .await
}

/// Table 三 of the annual report (收到和处理政府信息公开申请情况) for `year` (this year when
/// none): the signed-in account's unit, or the county for admins and county-wide
/// reviewers.
#[server(input = GetUrl, prefix = "/api", endpoint = "application_table")]
pub async fn get_application_table(
    year: Option<i32>,
) -> Result<crate::dto::application::TablePage, AppError> {
    use crate::domain::workflow::Role;
    use chrono::Datelike;
    super::respond(
        async {
            let account = crate::ssr::auth::require(|a| {
                let actor = a.actor();
                actor.unit.is_some() || actor.has(Role::Admin) || actor.reviews_county()
            })
            .await?;
            let state = crate::ssr::state::state()?;
            let this_year = today(state.clock.now()).year();
            let year = year.unwrap_or(this_year);
            if !(2008..=this_year).contains(&year) {
                return Err(AppError::Invalid {
                    field: "year".into(),
                    message: crate::words!(
                        "年度应在 2008 年至今年之间",
                        "The year is between 2008 and this year"
                    ),
                });
            }
            let actor = account.actor();
            let unit = actor
                .unit
                .clone()
                .filter(|_| !actor.has(Role::Admin) && !actor.reviews_county());
            let table =
                crate::ssr::repo::application::table(&state.db, unit.as_ref(), year).await?;
            Ok(crate::dto::application::TablePage {
                year,
                scope: match &unit {
                    Some(unit) => crate::ssr::repo::taxonomy::list(
                        &state.db,
                        crate::ssr::repo::taxonomy::Taxonomy::Unit,
                    )
                    .await?
                    .into_iter()
                    .find(|t| t.code == unit.as_str())
                    .map_or_else(|| unit.to_string(), |t| t.name),
                    None => "全县".to_owned(),
                },
                headings: crate::domain::application::stats::Counts::headings().to_vec(),
                lines: table.lines(),
            })
        }
        .await,
    )
}
