//! `/apply`: a disclosure application from the public (no account, JavaScript off
//! working), and the application's part of `/track`: its receipt, stage, due date with
//! how it was counted, and the reply letter once sent.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::error::set_status;
use crate::components::{ErrorView, Field, FormAlert, LetterView, TextBox, aria_invalid};
use crate::domain::application::identity::{ApplicantKind, IdDocument, OrgKind};
use crate::domain::application::intake::{ApplyForm, DESCRIPTION_MAX, Delivery, InfoForm};
use crate::domain::{FieldError, Words};
use crate::dto::application::{ApplyPage as ApplyData, TrackedApplication};
use crate::error::AppError;
use crate::i18n::{content_lang, say, t};
use crate::server_fns::applications::{get_apply_form, track_application};

#[component]
pub fn ApplyPage() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.apply_title/>
        <crate::components::PageMeta title=texts.apply_title.to_owned() description=texts.describe_apply.to_owned() path="/apply".to_owned() og_type="website"/>
        <h1>{texts.apply_title}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let (unit, stash, wait) = {
                    let q = query.read();
                    (q.get("unit"), q.get("stash"), q.get("wait").and_then(|w| w.parse::<u64>().ok()))
                };
                Suspend::new(async move {
                    match get_apply_form(unit, stash).await {
                        Ok(data) => view! { <ApplyForm data wait/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// A `<select>` of a closed set, each choice labelled in the reader's language.
fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> Words,
    chosen: &str,
) -> impl IntoView + use<T> {
    all.iter()
        .map(|&item| {
            let value = code(item);
            view! { <option value=value selected=value == chosen>{say(&label(item))}</option> }
        })
        .collect_view()
}

#[component]
fn ApplyForm(data: ApplyData, wait: Option<u64>) -> impl IntoView {
    let texts = t();
    if wait.is_some() {
        set_status(429);
    }
    let errors: Vec<FieldError> = data.errors;
    let v = data.values;
    let invalid_unit = aria_invalid(&errors, "unit");
    let chosen_unit = data.unit.clone();
    view! {
        <section class="apply" aria-labelledby="apply-heading">
            <h2 id="apply-heading" class="visually-hidden">{texts.apply_title}</h2>
            {wait.map(|minutes| view! {
                <p class="form-error" role="alert">{format!("{}{}{}", texts.apply_wait_prefix, minutes.max(1), texts.ask_wait_suffix)}</p>
            })}
            <p class="muted">{texts.apply_intro}</p>
            <FormAlert errors=errors.clone()/>
            <form method="post" action="/api/apply" class="policy-form">
                <Field name="unit" label=texts.apply_unit errors=errors.clone()>
                    <select id="unit" name="unit" aria-invalid=invalid_unit>
                        {data.units.iter().map(|u| {
                            let code = u.code.clone();
                            let selected = code == chosen_unit;
                            view! { <option value=code selected=selected lang=content_lang()>{u.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </Field>
                <ApplicantFields values=v errors=errors.clone()/>
                // A field people never see: robots fill it in.
                <div class="hp" aria-hidden="true">
                    <label for="website">"Website"</label>
                    <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"/>
                </div>
                <button type="submit">{texts.apply_submit}</button>
            </form>
        </section>
    }
}

/// The applicant and the request: the fields the public form and the desk's intake share.
#[component]
pub fn ApplicantFields(values: ApplyForm, errors: Vec<FieldError>) -> impl IntoView {
    let texts = t();
    let v = values;
    let invalid_kind = aria_invalid(&errors, "kind");
    let invalid_org_kind = aria_invalid(&errors, "org_kind");
    let invalid_name = aria_invalid(&errors, "name");
    let invalid_id_kind = aria_invalid(&errors, "id_kind");
    let invalid_id_number = aria_invalid(&errors, "id_number");
    let invalid_phone = aria_invalid(&errors, "phone");
    let invalid_email = aria_invalid(&errors, "email");
    let invalid_address = aria_invalid(&errors, "address");
    let invalid_description = aria_invalid(&errors, "description");
    let invalid_doc_number = aria_invalid(&errors, "doc_number");
    let invalid_form = aria_invalid(&errors, "form");
    let invalid_delivery = aria_invalid(&errors, "delivery");
    view! {
        <Field name="kind" label=texts.apply_kind errors=errors.clone()>
            <select id="kind" name="kind" aria-invalid=invalid_kind>
                {choices(ApplicantKind::ALL, ApplicantKind::as_str, ApplicantKind::label, &v.kind)}
            </select>
        </Field>
        <Field name="org_kind" label=texts.apply_org_kind errors=errors.clone()>
            <select id="org_kind" name="org_kind" aria-invalid=invalid_org_kind>
                <option value="">{texts.none}</option>
                {choices(OrgKind::ALL, OrgKind::as_str, OrgKind::label, &v.org_kind)}
            </select>
        </Field>
        <Field name="name" label=texts.apply_name errors=errors.clone()>
            <input id="name" name="name" type="text" required maxlength="100" autocomplete="name" value=v.name.clone() aria-invalid=invalid_name/>
        </Field>
        <Field name="id_kind" label=texts.apply_id_kind errors=errors.clone()>
            <select id="id_kind" name="id_kind" aria-invalid=invalid_id_kind>
                {choices(IdDocument::ALL, IdDocument::as_str, IdDocument::label, &v.id_kind)}
            </select>
        </Field>
        <Field name="id_number" label=texts.apply_id_number errors=errors.clone()>
            // Never shown back: typed again after a rejected attempt.
            <input id="id_number" name="id_number" type="text" required maxlength="40" autocomplete="off" aria-invalid=invalid_id_number/>
        </Field>
        <Field name="phone" label=texts.apply_phone errors=errors.clone()>
            <input id="phone" name="phone" type="tel" autocomplete="tel" value=v.phone.clone() aria-invalid=invalid_phone/>
        </Field>
        <Field name="email" label=texts.apply_email errors=errors.clone()>
            <input id="email" name="email" type="email" autocomplete="email" value=v.email.clone() aria-invalid=invalid_email/>
        </Field>
        <Field name="address" label=texts.apply_address errors=errors.clone()>
            <input id="address" name="address" type="text" maxlength="200" autocomplete="address-line1" value=v.address.clone() aria-invalid=invalid_address/>
        </Field>
        <Field name="description" label=texts.apply_description errors=errors.clone()>
            <TextBox id="description" name="description" rows=5 value=v.description.clone() {..} required=true maxlength=DESCRIPTION_MAX.to_string() aria-invalid=invalid_description/>
        </Field>
        <Field name="doc_number" label=texts.apply_doc_number errors=errors.clone()>
            <input id="doc_number" name="doc_number" type="text" maxlength="60" value=v.doc_number.clone() aria-invalid=invalid_doc_number/>
        </Field>
        <Field name="form" label=texts.apply_form errors=errors.clone()>
            <select id="form" name="form" aria-invalid=invalid_form>
                {choices(InfoForm::ALL, InfoForm::as_str, InfoForm::label, &v.form)}
            </select>
        </Field>
        <Field name="delivery" label=texts.apply_delivery errors=errors.clone()>
            <select id="delivery" name="delivery" aria-invalid=invalid_delivery>
                {choices(Delivery::ALL, Delivery::as_str, Delivery::label, &v.delivery)}
            </select>
        </Field>
    }
}

/// The application part of `/track` for `code`.
#[component]
pub fn ApplicationResult(code: String, new: bool) -> impl IntoView {
    let texts = t();
    view! {
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {
                let code = code.clone();
                Suspend::new(async move {
                    match track_application(code).await {
                        Ok(found) => view! { <ApplicationTracking found new/> }.into_any(),
                        Err(AppError::NotFound) => {
                            set_status(404);
                            view! { <p class="form-error" role="alert">{texts.track_unknown}</p> }.into_any()
                        }
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }
        </Suspense>
    }
}

#[component]
fn ApplicationTracking(found: TrackedApplication, new: bool) -> impl IntoView {
    let texts = t();
    let docx = format!("/track/letter.docx?code={}", found.code);
    view! {
        <section class="tracking" aria-labelledby="tracking-title">
            <h2 id="tracking-title">{if new { texts.apply_receipt } else { texts.app_number }}</h2>
            {new.then(|| view! { <p class="muted">{texts.apply_receipt_note}</p> })}
            <dl class="track-facts">
                <dt>{texts.app_number}</dt>
                <dd><strong>{found.code.clone()}</strong></dd>
                <dt>{texts.app_stage}</dt>
                <dd><strong>{say(&found.status.label())}</strong></dd>
                <dt>{texts.app_unit}</dt>
                <dd lang=content_lang()>{found.unit_name.clone()}</dd>
                <dt>{texts.app_received}</dt>
                <dd>{found.received_on.map_or_else(|| texts.app_received_pending.to_owned(), |d| d.to_string())}</dd>
                {found.due.map(|due| view! { <dt>{texts.app_due}</dt><dd><time datetime=due.to_string()>{due.to_string()}</time></dd> })}
            </dl>
            {(!found.explanation.is_empty()).then(|| view! {
                <details class="due-explanation">
                    <summary>{texts.app_due_how}</summary>
                    <ul>{found.explanation.iter().map(|line| view! { <li>{say(line)}</li> }).collect_view()}</ul>
                </details>
            })}
            {(!found.notices.is_empty()).then(|| {
                let code = found.code.clone();
                view! {
                    <section aria-labelledby="notices-title">
                        <h3 id="notices-title">{texts.app_notices}</h3>
                        {found.notices.clone().into_iter().map(|(place, notice)| {
                            let docx = format!("/track/letter.docx?code={code}&notice={place}");
                            view! {
                                <details class="notice">
                                    <summary>{notice.letter.title.clone()}" "{notice.letter.number.clone()}</summary>
                                    <p class="no-print"><a href=docx download>{texts.app_notice_docx}</a></p>
                                    <LetterView letter=notice.letter/>
                                </details>
                            }
                        }).collect_view()}
                    </section>
                }
            })}
            {(!found.attachments.is_empty()).then(|| view! {
                <section class="no-print" aria-labelledby="attachments-title">
                    <h3 id="attachments-title">{texts.app_attachments}</h3>
                    <ul>{found.attachments.iter().map(|name| view! { <li>{name.clone()}</li> }).collect_view()}</ul>
                </section>
            })}
            {found.may_attach.then(|| view! {
                <form method="post" action="/track/attachments" enctype="multipart/form-data" class="policy-form no-print">
                    <input type="hidden" name="code" value=found.code.clone()/>
                    <div class="field">
                        <label for="attach-file">{texts.app_attach}</label>
                        <input id="attach-file" name="file" type="file" required accept="image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.zip"/>
                        <p class="hint">{texts.app_attach_hint}</p>
                    </div>
                    <button type="submit" class="secondary">{texts.app_attach_submit}</button>
                </form>
            })}
            {found.letter.clone().map(|letter| view! {
                <section class="answer" aria-labelledby="letter-title">
                    <h3 id="letter-title" class="no-print">{texts.app_letter}</h3>
                    <p class="no-print"><a href=docx.clone() download>{texts.app_docx}</a></p>
                    <LetterView letter/>
                </section>
            })}
        </section>
    }
}
