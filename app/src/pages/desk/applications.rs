//! `/desk/applications`: the disclosure applications of the signed-in account's unit,
//! soonest due first; `/desk/applications/new`: registering one received at the office;
//! `/desk/applications/table`: table 三 of the annual report; and
//! `/desk/applications/{code}`: one case with the applicant, the clock explained, the
//! steps the person may take now, the notices issued, the reply form and the letter.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{ErrorView, Field, FormAlert, HistoryTable, LetterView, TextBox};
use crate::domain::application::{AppAction, Channel, ReplyKind};
use crate::dto::application::{ApplicationCase, ApplicationList, IntakePage, TablePage};
use crate::i18n::{say, t};
use crate::pages::public::apply::ApplicantFields;
use crate::server_fns::applications::{
    get_application, get_application_table, get_applications, get_intake_form,
};

#[component]
pub fn ApplicationsView() -> impl IntoView {
    let texts = t();
    view! {
        <Title text=texts.desk_applications/>
        <nav class="breadcrumb"><a href="/desk">{texts.desk_title}</a></nav>
        <h1>{texts.desk_applications}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {Suspend::new(async move {
                match get_applications().await {
                    Ok(list) => view! {
                        <p class="actions">
                            {list.may_register.then(|| view! {
                                <a class="button" href="/desk/applications/new">{texts.app_register_link}</a>" "
                            })}
                            <a href="/desk/applications/table">{texts.app_table}</a>
                        </p>
                        <SignalsView signals=list.signals.clone()/>
                        <ApplicationTable list/>
                    }.into_any(),
                    Err(error) => view! { <ErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The unit's applications that need someone now (overdue, due soon, an extension to
/// approve), on the desk home and in the inbox; nothing when there are none.
#[component]
pub fn ApplicationAttention(lines: Vec<crate::dto::application::ApplicationLine>) -> impl IntoView {
    let texts = t();
    (!lines.is_empty()).then(|| view! {
        <section aria-labelledby="applications-title">
            <h2 id="applications-title">{texts.app_attention}</h2>
            <ul class="desk-list">
                {lines.into_iter().map(|line| {
                    let flag = if line.overdue {
                        texts.app_overdue
                    } else if line.due_soon {
                        texts.app_due_soon
                    } else {
                        texts.app_extension_pending
                    };
                    view! {
                        <li>
                            <a href=format!("/desk/applications/{}", line.code)>{line.code.clone()}</a>" "
                            <strong class=if line.overdue { "overdue" } else { "due-soon" }>{flag}</strong>" "
                            <span lang="zh-CN">{line.description.clone()}</span>" "
                            {line.due.map(|d| view! { <time datetime=d.to_string()>{format!("{} {d}", texts.app_due)}</time> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// What the office should notice (第四十四条, 第三十五条, 第十八条); nothing when all is quiet.
#[component]
fn SignalsView(signals: crate::dto::application::ApplicationSignals) -> impl IntoView {
    let texts = t();
    let quiet =
        signals.same_request.is_empty() && signals.many.is_empty() && signals.reassess.is_empty();
    (!quiet).then(|| view! {
        <section class="signals" aria-labelledby="signals-title">
            <h2 id="signals-title">{texts.app_signals}</h2>
            {(!signals.same_request.is_empty()).then(|| view! {
                <h3>{texts.app_signal_proactive}</h3>
                <ul>
                    {signals.same_request.into_iter().map(|same| view! {
                        <li>
                            <span lang="zh-CN">{same.description}</span>
                            {format!("（{}：{}）", same.applicants, same.codes.join("、"))}" "
                            <a href="/desk/policies/new">{texts.app_signal_register_policy}</a>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            {(!signals.many.is_empty()).then(|| view! {
                <h3>{texts.app_signal_many}</h3>
                <ul>
                    {signals.many.into_iter().map(|many| view! {
                        <li>{format!("{} · {} · {}", many.applicant, many.month, many.count)}</li>
                    }).collect_view()}
                </ul>
            })}
            {(!signals.reassess.is_empty()).then(|| view! {
                <h3>{texts.app_signal_review}</h3>
                <ul>
                    {signals.reassess.into_iter().map(|p| view! {
                        <li>
                            <a href=format!("/desk/policies/{}", p.id) lang="zh-CN">{p.title}</a>
                            {format!(" · {} {}", texts.app_review_by, p.review_by)}
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    })
}

#[component]
fn ApplicationTable(list: ApplicationList) -> impl IntoView {
    let texts = t();
    if list.items.is_empty() {
        return view! { <p class="muted">{texts.app_none}</p> }.into_any();
    }
    view! {
        <table class="data-table">
            <thead>
                <tr>
                    <th scope="col">{texts.app_number}</th>
                    <th scope="col">{texts.app_applicant}</th>
                    <th scope="col">{texts.app_request}</th>
                    <th scope="col">{texts.app_stage}</th>
                    <th scope="col">{texts.app_received}</th>
                    <th scope="col">{texts.app_due}</th>
                </tr>
            </thead>
            <tbody>
                {list.items.into_iter().map(|line| {
                    let href = format!("/desk/applications/{}", line.code);
                    let flag = if line.overdue {
                        Some(view! { <strong class="overdue">{texts.app_overdue}</strong> })
                    } else if line.due_soon {
                        Some(view! { <strong class="due-soon">{texts.app_due_soon}</strong> })
                    } else {
                        None
                    };
                    view! {
                        <tr>
                            <td><a href=href>{line.code.clone()}</a></td>
                            <td>{line.applicant.clone()}</td>
                            <td>{line.description.clone()}</td>
                            <td>{say(&line.status.label())}</td>
                            <td>{line.received_on.map(|d| d.to_string())}</td>
                            <td>{line.due.map(|d| d.to_string())}" "{flag}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn ApplicationDesk() -> impl IntoView {
    let params = use_params_map();
    let texts = t();
    view! {
        <nav class="breadcrumb no-print">
            <a href="/desk">{texts.desk_title}</a>" › "
            <a href="/desk/applications">{texts.desk_applications}</a>
        </nav>
        <crate::components::StepError/>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let code = params.read().get("code").unwrap_or_default();
                Suspend::new(async move {
                    match get_application(code).await {
                        Ok(case) => view! { <CaseView case/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn CaseView(case: ApplicationCase) -> impl IntoView {
    let texts = t();
    let contact = [case.phone.clone(), case.email.clone(), case.address.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("；");
    let code = case.code.clone();
    let steps: Vec<AppAction> = case
        .actions
        .0
        .iter()
        .copied()
        .filter(|a| *a != AppAction::DraftReply)
        .collect();
    let may_draft = case.actions.can(AppAction::DraftReply);
    view! {
        <Title text=format!("{} {}", texts.desk_applications, case.code)/>
        <h1>{format!("{} {}", texts.app_number, case.code)}</h1>
        <dl class="track-facts no-print">
            <dt>{texts.app_stage}</dt><dd><strong>{say(&case.status.label())}</strong></dd>
            <dt>{texts.app_applicant}</dt><dd>{format!("{}（{}）", case.applicant, say(&case.applicant_kind))}</dd>
            <dt>{texts.app_id}</dt><dd>{format!("{} {}", say(&case.id_document), case.id_number)}</dd>
            <dt>{texts.app_contact}</dt><dd>{contact}</dd>
            <dt>{texts.app_request}</dt><dd>{case.description.clone()}{case.doc_number.clone().map(|d| format!("（{d}）"))}</dd>
            <dt>{texts.app_form_delivery}</dt><dd>{format!("{}；{}", say(&case.form), say(&case.delivery))}</dd>
            <dt>{texts.app_channel}</dt><dd>{say(&case.channel)}</dd>
            <dt>{texts.app_received}</dt>
            <dd>{case.received_on.map_or_else(|| texts.app_received_pending.to_owned(), |d| d.to_string())}" "<span class="muted">{say(&case.receipt_reason)}</span></dd>
            {case.due.map(|due| view! { <dt>{texts.app_due}</dt><dd><strong>{due.to_string()}</strong></dd> })}
        </dl>
        {(!case.explanation.is_empty()).then(|| view! {
            <details class="due-explanation no-print" open>
                <summary>{texts.app_due_how}</summary>
                <ul>{case.explanation.iter().map(|line| view! { <li>{say(line)}</li> }).collect_view()}</ul>
            </details>
        })}
        {(!steps.is_empty()).then(|| view! {
            <section class="no-print" aria-labelledby="steps-title">
                <h2 id="steps-title">{texts.app_steps}</h2>
                {steps.into_iter().map(|action| view! { <StepForm code=code.clone() action/> }).collect_view()}
            </section>
        })}
        {(!case.attachments.is_empty()).then(|| {
            let code = case.code.clone();
            view! {
                <section class="no-print" aria-labelledby="attachments-title">
                    <h2 id="attachments-title">{texts.app_attachments}</h2>
                    <ul>
                        {case.attachments.clone().into_iter().enumerate().map(|(n, (name, size))| view! {
                            <li>
                                <a href=format!("/desk/applications/{code}/attachment?n={n}") download>{name}</a>
                                {format!("（{} KB）", (size + 1023) / 1024)}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })}
        {case.fee.clone().map(|fee| view! {
            <section class="no-print" aria-labelledby="fee-title">
                <h2 id="fee-title">{texts.app_fee}</h2>
                <ul>{fee.breakdown.iter().map(|line| view! { <li>{say(line)}</li> }).collect_view()}</ul>
            </section>
        })}
        {(!case.notices.is_empty()).then(|| {
            let code = case.code.clone();
            view! {
                <section aria-labelledby="notices-title">
                    <h2 id="notices-title" class="no-print">{texts.app_notices}</h2>
                    {case.notices.clone().into_iter().enumerate().map(|(place, notice)| {
                        let docx = format!("/desk/applications/{code}/letter.docx?notice={place}");
                        view! {
                            <details class="notice">
                                <summary>{format!("{} {}", say(&notice.kind.label()), notice.letter.number)}</summary>
                                <p class="no-print"><a href=docx download>{texts.app_notice_docx}</a></p>
                                <LetterView letter=notice.letter/>
                            </details>
                        }
                    }).collect_view()}
                </section>
            }
        })}
        {may_draft.then(|| view! { <ReplyForm case=case.clone()/> })}
        {case.letter.clone().map(|letter| view! {
            <section aria-labelledby="letter-title">
                <h2 id="letter-title" class="no-print">{texts.app_letter}</h2>
                <p class="no-print"><button type="button" onclick="window.print()">{texts.print}</button></p>
                <LetterView letter/>
            </section>
        })}
        <div class="no-print"><HistoryTable entries=case.history.clone()/></div>
    }
}

/// One step's form: the fields it needs, and its button.
#[component]
fn StepForm(code: String, action: AppAction) -> impl IntoView {
    let texts = t();
    let id = |field: &str| format!("{}-{field}", action.as_str());
    let dated = matches!(
        action,
        AppAction::Register
            | AppAction::ReceiveSupplement
            | AppAction::RecordConsultation
            | AppAction::RecordPayment
    );
    let noted = !matches!(
        action,
        AppAction::Register
            | AppAction::Archive
            | AppAction::SendReply
            | AppAction::SignReply
            | AppAction::Accept
            | AppAction::Handle
    );
    view! {
        <form method="post" action="/api/application_step" class="policy-form step-form">
            <input type="hidden" name="code" value=code/>
            <input type="hidden" name="action" value=action.as_str()/>
            {noted.then(|| view! {
                <div class="field">
                    <label for=id("note")>{texts.app_note}</label>
                    <TextBox id=id("note") name="note" rows=2/>
                </div>
            })}
            {dated.then(|| view! {
                <div class="field">
                    <label for=id("date")>{texts.app_date}</label>
                    <input id=id("date") name="date" type="date"/>
                </div>
            })}
            {(action == AppAction::RequestSupplement).then(|| view! {
                <div class="field">
                    <label for=id("days")>{texts.app_supplement_days}</label>
                    <input id=id("days") name="days" type="number" min="1" max="60" placeholder="15"/>
                </div>
            })}
            {(action == AppAction::ApproveExtension).then(|| view! {
                <div class="field">
                    <label for=id("days")>{texts.app_days}</label>
                    <input id=id("days") name="days" type="number" min="1" max="20" value="20"/>
                </div>
            })}
            {(action == AppAction::Consult).then(|| view! {
                <div class="field">
                    <label for=id("consulted")>{texts.app_consulted}</label>
                    <select id=id("consulted") name="consulted">
                        <option value="third_party">{texts.app_consult_third}</option>
                        <option value="other_body">{texts.app_consult_body}</option>
                    </select>
                </div>
                <div class="field">
                    <label for=id("party")>{texts.app_party}</label>
                    <input id=id("party") name="party" type="text" required maxlength="200"/>
                </div>
            })}
            {(action == AppAction::IssueFeeNotice).then(|| view! {
                <div class="field">
                    <label for=id("fee_method")>{texts.app_fee_method}</label>
                    <select id=id("fee_method") name="fee_method">
                        <option value="by_count">{texts.app_fee_by_count}</option>
                        <option value="by_pages">{texts.app_fee_by_pages}</option>
                    </select>
                </div>
                <div class="field">
                    <label for=id("pages")>{texts.app_pages}</label>
                    <input id=id("pages") name="pages" type="number" min="1"/>
                </div>
            })}
            {(action == AppAction::Close).then(|| view! {
                <div class="field">
                    <label for=id("reason")>{texts.app_close_reason}</label>
                    <select id=id("reason") name="reason">
                        <option value="withdrawn">{texts.app_close_withdrawn}</option>
                        <option value="abandoned">{texts.app_close_abandoned}</option>
                        <option value="fee_unpaid">{texts.app_close_fee_unpaid}</option>
                    </select>
                </div>
            })}
            {(action == AppAction::Transfer).then(|| view! {
                <div class="field">
                    <label for=id("unit")>{texts.app_transfer_to}</label>
                    <input id=id("unit") name="unit" type="text" required/>
                </div>
            })}
            <button type="submit">{say(&action.label())}</button>
        </form>
    }
}

/// The reply form: kind, ground, the key facts, and the letter's text to edit.
#[component]
fn ReplyForm(case: ApplicationCase) -> impl IntoView {
    let texts = t();
    let chosen = case.reply_kind.clone().unwrap_or_default();
    let paragraphs = case
        .letter
        .as_ref()
        .map(|l| l.paragraphs.join("\n"))
        .unwrap_or_default();
    view! {
        <section class="no-print" aria-labelledby="reply-title">
            <h2 id="reply-title">{texts.app_reply}</h2>
            <form method="post" action="/api/draft_reply" class="policy-form">
                <input type="hidden" name="code" value=case.code.clone()/>
                <div class="field">
                    <label for="reply-kind">{texts.app_reply_kind}</label>
                    <select id="reply-kind" name="kind" required>
                        {ReplyKind::ALL.iter().map(|kind| {
                            let value = kind.as_str();
                            view! { <option value=value selected=value == chosen>{format!("{}（{}）", say(&kind.label()), say(&kind.article()))}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="reply-ground">{texts.app_ground}</label>
                    <input id="reply-ground" name="ground" type="text"/>
                </div>
                <div class="field">
                    <label for="reply-detail">{texts.app_detail}</label>
                    <TextBox id="reply-detail" name="detail" rows=2/>
                </div>
                <div class="field">
                    <label for="reply-detail-on">{texts.app_detail_on}</label>
                    <input id="reply-detail-on" name="detail_on" type="date"/>
                </div>
                <div class="field">
                    <label for="reply-paragraphs">{texts.app_paragraphs}</label>
                    <TextBox id="reply-paragraphs" name="paragraphs" rows=8 value=paragraphs/>
                </div>
                <button type="submit">{texts.app_draft}</button>
            </form>
        </section>
    }
}

/// `/desk/applications/new`: an application the office received in person, by post, by
/// fax or orally, registered by the unit's editor (第二十九条); JavaScript off working.
#[component]
pub fn ApplicationIntake() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.app_register_title/>
        <nav class="breadcrumb">
            <a href="/desk">{texts.desk_title}</a>" › "
            <a href="/desk/applications">{texts.desk_applications}</a>
        </nav>
        <h1>{texts.app_register_title}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let stash = query.read().get("stash");
                Suspend::new(async move {
                    match get_intake_form(stash).await {
                        Ok(page) => view! { <IntakeForm page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn IntakeForm(page: IntakePage) -> impl IntoView {
    let texts = t();
    let errors = page.errors;
    let channels = [
        (Channel::InPerson, texts.app_channel_in_person),
        (Channel::RegisteredPost, texts.app_channel_registered_post),
        (Channel::OrdinaryPost, texts.app_channel_ordinary_post),
        (Channel::Fax, texts.app_channel_fax),
        (Channel::Oral, texts.app_channel_oral),
    ];
    let chosen = page.channel.clone();
    let invalid_channel = crate::components::aria_invalid(&errors, "channel");
    let invalid_date = crate::components::aria_invalid(&errors, "date");
    view! {
        <FormAlert errors=errors.clone()/>
        <form method="post" action="/api/register_application" class="policy-form">
            <Field name="channel" label=texts.app_channel errors=errors.clone()>
                <select id="channel" name="channel" required aria-invalid=invalid_channel>
                    {channels.into_iter().map(|(channel, label)| {
                        let value = channel.as_str();
                        view! { <option value=value selected=value == chosen>{label}</option> }
                    }).collect_view()}
                </select>
            </Field>
            <Field name="date" label=texts.app_receipt_day errors=errors.clone()>
                <input id="date" name="date" type="date" value=page.date.clone() aria-invalid=invalid_date/>
            </Field>
            <ApplicantFields values=page.values errors=errors.clone()/>
            <button type="submit">{texts.app_register_submit}</button>
        </form>
    }
}

/// `/desk/applications/table`: table 三 of the annual report for a year, counted from the
/// records.
#[component]
pub fn ApplicationTableView() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.app_table/>
        <nav class="breadcrumb no-print">
            <a href="/desk">{texts.desk_title}</a>" › "
            <a href="/desk/applications">{texts.desk_applications}</a>
        </nav>
        <h1>{texts.app_table}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let year = query.read().get("year").and_then(|y| y.trim().parse::<i32>().ok());
                Suspend::new(async move {
                    match get_application_table(year).await {
                        Ok(page) => view! { <CountTable page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn CountTable(page: TablePage) -> impl IntoView {
    let texts = t();
    view! {
        <form method="get" action="/desk/applications/table" class="filters no-print">
            <label for="year">{texts.app_table_year}</label>
            <input id="year" name="year" type="number" min="2008" value=page.year.to_string()/>
            <button type="submit">{texts.app_table_show}</button>
        </form>
        <div class="table-scroll">
            <table class="data-table count-table">
                <caption>{format!("{} · {}", page.scope, page.year)}</caption>
                <thead>
                    <tr>
                        <th scope="col"></th>
                        {page.headings.iter().map(|h| view! { <th scope="col">{say(h)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {page.lines.into_iter().map(|(label, figures)| view! {
                        <tr>
                            <th scope="row">{say(&label)}</th>
                            {figures.into_iter().map(|n| view! { <td class="number">{n}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
