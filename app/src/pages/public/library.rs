//! `/policies`: the policy library with its filters and pages.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{AutoSubmit, ErrorView, FeedLink, PolicyList};
use crate::dto::{FacetOption, Facets, PolicyFilter, PolicyPage};
use crate::i18n::{Texts, content_lang, count, t};
use crate::server_fns::policies::{library_facets, list_policies};

#[component]
pub fn LibraryPage() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.library_title/>
        <crate::components::PageMeta title=texts.library_title.to_owned() description=texts.describe_library.to_owned() path="/policies".to_owned() og_type="website"/>
        <FeedLink href="/feeds/policies.atom" title=texts.search_kind_policy/>
        <h1>{texts.library_title}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let filter = {
                    let q = query.read();
                    let keys = ["dir", "area", "unit", "year", "validity", "page"];
                    let values: Vec<(&str, String)> =
                        keys.iter().filter_map(|k| q.get(k).map(|v| (*k, v))).collect();
                    PolicyFilter::from_pairs(values.iter().map(|(k, v)| (*k, v.as_str())))
                };
                Suspend::new(async move {
                    let (facets, page) = futures_join(library_facets(), list_policies(filter.clone())).await;
                    match (facets, page) {
                        (Ok(facets), Ok(page)) => view! {
                            <div class="library">
                                <FilterForm facets filter=filter.clone()/>
                                <Results page filter/>
                            </div>
                        }
                        .into_any(),
                        (Err(error), _) | (_, Err(error)) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Runs two futures to completion, one after the other; both are quick database reads.
async fn futures_join<A, B>(a: impl Future<Output = A>, b: impl Future<Output = B>) -> (A, B) {
    let a = a.await;
    (a, b.await)
}

#[component]
fn FilterForm(facets: Facets, filter: PolicyFilter) -> impl IntoView {
    let texts = t();
    view! {
        <aside class="filters" aria-labelledby="filters-title">
            <h2 id="filters-title">{texts.filters}</h2>
            <AutoSubmit>
                <form method="get" action="/policies" class="filter-form">
                    <Select name="dir" label=texts.label_directory options=facets.directories selected=filter.dir texts/>
                    <Select name="area" label=texts.label_key_area options=facets.key_areas selected=filter.area texts/>
                    <Select name="unit" label=texts.label_unit options=facets.units selected=filter.unit texts/>
                    <Select name="year" label=texts.label_year options=facets.years selected=filter.year texts/>
                    <Select name="validity" label=texts.label_validity options=facets.validities selected=filter.validity texts translated=true/>
                    <div class="actions">
                        <button type="submit">{texts.filter_apply}</button>
                        <a href="/policies">{texts.filter_reset}</a>
                    </div>
                </form>
            </AutoSubmit>
        </aside>
    }
}

#[component]
fn Select(
    name: &'static str,
    label: &'static str,
    options: Vec<FacetOption>,
    selected: Option<String>,
    texts: &'static Texts,
    /// Whether the option names are interface text (else stored names, in Chinese).
    #[prop(optional)]
    translated: bool,
) -> impl IntoView {
    let lang = if translated { None } else { content_lang() };
    let id = format!("filter-{name}");
    let selected = selected.unwrap_or_default();
    view! {
        <label for=id.clone()>{label}</label>
        <select id=id name=name>
            <option value="" selected=selected.is_empty()>{texts.all}</option>
            {options
                .into_iter()
                .map(|o| {
                    let is_selected = o.code == selected;
                    view! {
                        <option value=o.code selected=is_selected lang=lang>
                            {format!("{}（{}）", o.name, o.count)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
fn Results(page: PolicyPage, filter: PolicyFilter) -> impl IntoView {
    let texts = t();
    let pages = page.page_count();
    let current = page.page;
    let link = move |p: u32| {
        let query = filter.to_query(Some(p));
        if query.is_empty() {
            "/policies".to_owned()
        } else {
            format!("/policies?{query}")
        }
    };
    let prev = (current > 1).then(|| {
        view! { <a rel="prev" href=link(current - 1)>{texts.prev_page}</a> }
    });
    let next = (current < pages).then(|| {
        view! { <a rel="next" href=link(current + 1)>{texts.next_page}</a> }
    });
    view! {
        <section class="results" aria-labelledby="results-count">
            <p id="results-count" class="results-count" role="status">{count(texts, page.total)}</p>
            {if page.items.is_empty() {
                view! { <p class="empty">{texts.no_results}</p> }.into_any()
            } else {
                view! { <PolicyList items=page.items/> }.into_any()
            }}
            {(pages > 1).then(|| view! {
                <nav class="pagination" aria-label=texts.pagination>
                    {prev}
                    <span>{format!("{}{current} / {pages}{}", texts.page_prefix, texts.page_suffix)}</span>
                    {next}
                </nav>
            })}
        </section>
    }
}
