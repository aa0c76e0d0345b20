//! `/desk/policies/new`: an editor registers a draft policy of their unit. A rejected
//! form comes back here with what was typed and each problem beside its field.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{ErrorView, Field, FormAlert, TextBox, UploadForm, aria_invalid};
use crate::domain::DisclosureKind;
use crate::dto::{FacetOption, PolicyFormPage};
use crate::i18n::t;
use crate::server_fns::editing::get_policy_form;

#[component]
pub fn NewPolicy() -> impl IntoView {
    let query = use_query_map();
    let params = use_params_map();
    let texts = t();
    view! {
        <Title text=texts.new_policy/>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let stash = query.read().get("stash");
                let id = params.read().get("id");
                Suspend::new(async move {
                    match get_policy_form(stash, id).await {
                        Ok(page) => view! { <PolicyFormView page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn options(list: Vec<FacetOption>, selected: String, none: Option<&'static str>) -> impl IntoView {
    view! {
        {none.map(|label| view! { <option value="">{label}</option> })}
        {list
            .into_iter()
            .map(|o| {
                let is_selected = o.code == selected;
                view! { <option value=o.code selected=is_selected>{o.name}</option> }
            })
            .collect_view()}
    }
}

#[component]
fn PolicyFormView(page: PolicyFormPage) -> impl IntoView {
    let texts = t();
    let v = page.values;
    let errors = page.errors;
    let invalid_title = aria_invalid(&errors, "title");
    let invalid_doc_number = aria_invalid(&errors, "doc_number");
    let invalid_signed_on = aria_invalid(&errors, "signed_on");
    let invalid_directory = aria_invalid(&errors, "directory");
    let invalid_key_area = aria_invalid(&errors, "key_area");
    let invalid_disclosure = aria_invalid(&errors, "disclosure");
    let invalid_disclosure_reason = aria_invalid(&errors, "disclosure_reason");
    let invalid_body = aria_invalid(&errors, "body");
    let invalid_attachments = aria_invalid(&errors, "attachments");
    let invalid_change_reason = aria_invalid(&errors, "change_reason");
    let disclosure = if v.disclosure.is_empty() {
        "proactive".to_owned()
    } else {
        v.disclosure.clone()
    };
    view! {
        <nav class="breadcrumb"><a href="/desk">{texts.desk_title}</a></nav>
        <h1>{if page.id.is_some() { texts.edit_policy } else { texts.new_policy }}</h1>
        <p class="muted">{format!("{}{}", texts.label_issuer, page.unit_name)}</p>
        <FormAlert errors=errors.clone()/>
        <form method="post" action=if page.id.is_some() { "/api/update_policy" } else { "/api/create_policy" } class="policy-form">
            {page.id.clone().map(|id| view! { <input type="hidden" name="id" value=id/> })}
            <Field name="title" label=texts.field_title errors=errors.clone()>
                <input id="title" name="title" type="text" required maxlength="200" value=v.title.clone() aria-invalid=invalid_title/>
            </Field>
            <Field name="doc_number" label=texts.label_doc_number errors=errors.clone()>
                <input id="doc_number" name="doc_number" type="text" placeholder="东政办发〔2016〕5号" value=v.doc_number.clone() aria-invalid=invalid_doc_number/>
            </Field>
            <Field name="signed_on" label=texts.label_signed_on errors=errors.clone()>
                <input id="signed_on" name="signed_on" type="date" required value=v.signed_on.clone() aria-invalid=invalid_signed_on/>
            </Field>
            <Field name="directory" label=texts.label_directory errors=errors.clone()>
                <select id="directory" name="directory" required aria-invalid=invalid_directory>
                    {options(page.directories, v.directory.clone(), Some(texts.choose))}
                </select>
            </Field>
            <Field name="key_area" label=texts.label_key_area errors=errors.clone()>
                <select id="key_area" name="key_area" aria-invalid=invalid_key_area>
                    {options(page.key_areas, v.key_area.clone(), Some(texts.none))}
                </select>
            </Field>
            <Field name="disclosure" label=texts.label_disclosure errors=errors.clone()>
                <select id="disclosure" name="disclosure" aria-invalid=invalid_disclosure>
                    {DisclosureKind::ALL.iter().map(|k| {
                        let selected = k.as_str() == disclosure;
                        view! { <option value=k.as_str() selected=selected>{texts.disclosure(*k)}</option> }
                    }).collect_view()}
                </select>
            </Field>
            <Field name="disclosure_reason" label=texts.label_disclosure_reason errors=errors.clone()>
                <TextBox id="disclosure_reason" name="disclosure_reason" rows=2 value=v.disclosure_reason.clone() {..} aria-invalid=invalid_disclosure_reason/>
            </Field>
            <div class="field checkbox">
                <input id="major" name="major" type="checkbox" checked=v.major/>
                <label for="major">{texts.major_policy}</label>
            </div>
            <Field name="body" label=texts.field_body errors=errors.clone()>
                <TextBox id="body" name="body" rows=16 value=v.body.clone() {..} aria-invalid=invalid_body/>
            </Field>
            <Field name="attachments" label=texts.field_attachments errors=errors.clone()>
                <TextBox id="attachments" name="attachments" rows=3 value=v.attachments.clone() {..} aria-invalid=invalid_attachments placeholder="附件1：分工表.xls | https://…"/>
            </Field>
            {page.published.then(|| view! {
                <Field name="change_reason" label=texts.change_reason errors=errors.clone()>
                    <p class="muted">{texts.change_reason_hint}</p>
                    <TextBox id="change_reason" name="change_reason" rows=2 value=v.change_reason.clone() {..} required=true aria-invalid=invalid_change_reason/>
                </Field>
            })}
            <button type="submit">{if page.published { texts.propose_change } else { texts.save_draft }}</button>
        </form>
        <UploadForm/>
    }
}
