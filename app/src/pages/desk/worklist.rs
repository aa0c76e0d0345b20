//! `/desk/policies`: the unit's policies in every state, searched and filtered, each with
//! its plan and how far it has been explained (the way a page explorer works).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{AutoSubmit, ErrorView, format_date, format_day};
use crate::domain::PolicyStatus;
use crate::domain::worklist::{Coverage, WorkFilter};
use crate::dto::{FacetOption, WorkPage, WorkRow};
use crate::error::AppError;
use crate::i18n::{Texts, content_lang, count, say, t};
use crate::server_fns::desk::desk_policies;

#[component]
pub fn WorkListPage() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.desk_unit_policies/>
        <nav class="breadcrumb"><a href="/desk">{texts.desk_title}</a></nav>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let filter = {
                    let q = query.read();
                    let values: Vec<(&str, String)> = WorkFilter::KEYS
                        .iter()
                        .filter_map(|k| q.get(k).map(|v| (*k, v)))
                        .collect();
                    WorkFilter::from_pairs(values.iter().map(|(k, v)| (*k, v.as_str())))
                };
                Suspend::new(async move {
                    match desk_policies(filter.clone()).await {
                        Ok(page) => view! { <WorkList page filter/> }.into_any(),
                        // A bad filter keeps what was typed and says which one is wrong.
                        Err(AppError::Invalid { field, message }) => {
                            crate::components::error::set_status(400);
                            view! {
                            <h1>{texts.desk_unit_policies}</h1>
                            <p class="form-error" role="alert">{format!("{field}{}{}", texts.label_colon, say(&message))}</p>
                            <FilterForm filter directories=Vec::new() units=Vec::new()/>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn WorkList(page: WorkPage, filter: WorkFilter) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    let heading = match &page.unit_name {
        Some(name) => name.clone(),
        None => texts.desk_all_policies.to_owned(),
    };
    let pages = page.page_count();
    let current = page.page;
    let link = {
        let filter = filter.clone();
        move |p: u32| {
            let query = filter.to_query(Some(p));
            if query.is_empty() {
                "/desk/policies".to_owned()
            } else {
                format!("/desk/policies?{query}")
            }
        }
    };
    let prev =
        (current > 1).then(|| view! { <a rel="prev" href=link(current - 1)>{texts.prev_page}</a> });
    let next = (current < pages)
        .then(|| view! { <a rel="next" href=link(current + 1)>{texts.next_page}</a> });
    let empty = if page.narrowed {
        texts.desk_no_match
    } else {
        texts.desk_no_policies
    };
    view! {
        <h1><span lang=zh>{heading}</span>{format!(" · {}", texts.nav_policies)}</h1>
        <FilterForm filter directories=page.directories units=page.units/>
        <p id="work-count" class="results-count" role="status">{count(texts, page.total)}</p>
        {if page.rows.is_empty() {
            view! { <p class="empty">{empty}</p> }.into_any()
        } else {
            view! { <WorkTable rows=page.rows/> }.into_any()
        }}
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=texts.pagination>
                {prev}
                <span>{format!("{}{current} / {pages}{}", texts.page_prefix, texts.page_suffix)}</span>
                {next}
            </nav>
        })}
    }
}

/// The filters, each keeping what was chosen; a change submits the form when JavaScript
/// runs, the button does without it.
#[component]
fn FilterForm(
    filter: WorkFilter,
    directories: Vec<FacetOption>,
    units: Vec<FacetOption>,
) -> impl IntoView {
    let texts = t();
    let option = |code: &str, name: &str| FacetOption {
        code: code.to_owned(),
        name: name.to_owned(),
        count: 0,
    };
    let statuses = PolicyStatus::ALL
        .iter()
        .map(|s| option(s.as_str(), texts.status(*s)))
        .collect();
    let coverages = Coverage::ALL
        .iter()
        .map(|c| option(c.as_str(), texts.coverage(*c)))
        .collect();
    let yes_no = vec![
        option("yes", texts.choice_yes),
        option("no", texts.choice_no),
    ];
    let plans = vec![option("yes", texts.plan_has), option("no", texts.plan_none)];
    view! {
        <AutoSubmit>
            <form method="get" action="/desk/policies" class="filter-form work-filters">
                <div class="field">
                    <label for="work-q">{texts.desk_search_words}</label>
                    <input id="work-q" name="q" type="search" maxlength="50" value=filter.q.clone().unwrap_or_default()/>
                </div>
                <Choice name="status" label=texts.label_status options=statuses selected=filter.status.clone()/>
                <div class="field">
                    <label for="work-year">{texts.label_year}</label>
                    <input id="work-year" name="year" type="text" inputmode="numeric" size="6" maxlength="4" value=filter.year.clone().unwrap_or_default()/>
                </div>
                <Choice name="dir" label=texts.label_directory options=directories selected=filter.dir.clone() counted=true/>
                <Choice name="major" label=texts.label_major options=yes_no selected=filter.major.clone()/>
                <Choice name="plan" label=texts.label_plan options=plans selected=filter.plan.clone()/>
                <Choice name="coverage" label=texts.label_coverage options=coverages selected=filter.coverage.clone()/>
                {(!units.is_empty()).then(|| view! {
                    <Choice name="unit" label=texts.label_unit options=units selected=filter.unit.clone()/>
                })}
                <div class="actions">
                    <button type="submit">{texts.filter_apply}</button>
                    <a href="/desk/policies">{texts.filter_reset}</a>
                </div>
            </form>
        </AutoSubmit>
    }
}

#[component]
fn Choice(
    name: &'static str,
    label: &'static str,
    options: Vec<FacetOption>,
    selected: Option<String>,
    /// Whether each option shows its count.
    #[prop(optional)]
    counted: bool,
) -> impl IntoView {
    let texts: &'static Texts = t();
    let id = format!("work-{name}");
    let selected = selected.unwrap_or_default();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="" selected=selected.is_empty()>{texts.all}</option>
                {options.into_iter().map(|o| {
                    let is_selected = o.code == selected;
                    let text = if counted { format!("{}（{}）", o.name, o.count) } else { o.name };
                    view! { <option value=o.code selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Policies as a table: title and 文号, state, plan, how far explained, last change. It
/// scrolls inside its own box on a narrow screen.
#[component]
pub fn WorkTable(rows: Vec<WorkRow>) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=texts.desk_unit_policies>
            <table class="work-table">
                <thead>
                    <tr>
                        <th scope="col">{texts.field_title}</th>
                        <th scope="col">{texts.label_status}</th>
                        <th scope="col">{texts.label_plan}</th>
                        <th scope="col">{texts.label_coverage}</th>
                        <th scope="col">{texts.label_updated}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let plan_href = format!("/desk/policies/{}/plan", r.id);
                        let plan = match r.plan {
                            Some(status) => crate::pages::desk::plan::status_text(status),
                            None => texts.plan_none,
                        };
                        view! {
                            <tr>
                                <td>
                                    <a class="title" href=format!("/desk/policies/{}", r.id) lang=zh>{r.title}</a>
                                    {r.major.then(|| view! { " "<span class="badge major">{texts.label_major}</span> })}
                                    <br/>
                                    <span class="muted" lang=zh>
                                        {r.doc_number.map(|n| format!("{n} · ")).unwrap_or_default()}
                                        {format!("{} · {} · {}", r.unit_name, r.directory_name, format_date(r.signed_on))}
                                    </span>
                                </td>
                                <td><span class=format!("badge status {}", r.status.as_str())>{texts.status(r.status)}</span></td>
                                <td><a href=plan_href>{plan}</a></td>
                                <td>
                                    <span class=format!("coverage {}", r.coverage.as_str())>{texts.coverage(r.coverage)}</span>
                                    <br/>
                                    <span class="muted">
                                        {(r.issues > 0).then(|| format!("{} {}/{} · ", texts.issues_answered, r.issues_answered, r.issues))}
                                        {format!("{} {}", texts.published_articles, r.published_articles)}
                                    </span>
                                </td>
                                <td><time datetime=r.updated_at.to_rfc3339()>{format_day(r.updated_at)}</time></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
