//! `/search`: full-text search over public policies, interpretations and Q&A.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::components::{ErrorView, format_day, iso_day};
use crate::domain::search::{SearchKind, SearchOrder, SearchParams};
use crate::dto::Facets;
use crate::dto::search::{SearchHit, SearchNotice, SearchPage, SnippetPart};
use crate::i18n::{Texts, content_lang, t};
use crate::server_fns::policies::{library_facets, search};

const KEYS: [&str; 9] = [
    "q", "kind", "sort", "dir", "area", "unit", "year", "validity", "page",
];

#[component]
pub fn SearchView() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.search_title/>
        <crate::components::PageMeta title=texts.search_title.to_owned() description=texts.describe_search.to_owned() path="/search".to_owned() og_type="website"/>
        <Meta name="robots" content="noindex"/>
        <h1>{texts.search_title}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let params = {
                    let q = query.read();
                    let values: Vec<(&str, String)> =
                        KEYS.iter().filter_map(|k| q.get(k).map(|v| (*k, v))).collect();
                    SearchParams::from_pairs(values.iter().map(|(k, v)| (*k, v.as_str())))
                };
                Suspend::new(async move {
                    let facets = library_facets().await;
                    let page = search(params.clone()).await;
                    match (facets, page) {
                        (Ok(facets), Ok(page)) => view! {
                            <SearchForm facets params=params.clone()/>
                            <Results page params/>
                        }
                        .into_any(),
                        (Err(error), _) | (_, Err(error)) => view! {
                            <SearchForm facets=Facets::default() params/>
                            <ErrorView error/>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The kind's name in the interface.
pub fn kind_name(texts: &Texts, kind: SearchKind) -> &'static str {
    match kind {
        SearchKind::Policy => texts.search_kind_policy,
        SearchKind::Interpretation => texts.search_kind_interpretation,
        SearchKind::Qa => texts.search_kind_qa,
    }
}

#[component]
fn SearchForm(facets: Facets, params: SearchParams) -> impl IntoView {
    let texts = t();
    let kind = params.kind.clone().unwrap_or_default();
    let newest = params.sort.as_deref() == Some("newest");
    let zh = content_lang();
    let select = move |name: &'static str,
                       label: &'static str,
                       options: Vec<crate::dto::FacetOption>,
                       selected: Option<String>,
                       content: bool| {
        let lang = if content { zh } else { None };
        let id = format!("search-{name}");
        let selected = selected.unwrap_or_default();
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <select id=id name=name>
                    <option value="" selected=selected.is_empty()>{texts.all}</option>
                    {options.into_iter().map(|o| {
                        let is_selected = o.code == selected;
                        view! { <option value=o.code selected=is_selected lang=lang>{o.name}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form method="get" action="/search" class="search-form" role="search" aria-label=texts.search_title>
            <div class="search-box">
                <label for="search-q">{texts.search_label}</label>
                <input id="search-q" type="search" name="q" maxlength="200"
                    value=params.q.clone().unwrap_or_default()
                    placeholder=texts.search_placeholder/>
                <button type="submit">{texts.search_button}</button>
            </div>
            <details class="search-filters" open=params.filter != Default::default() || !kind.is_empty()>
                <summary>{texts.filters}</summary>
                <div class="field">
                    <label for="search-kind">{texts.search_kind}</label>
                    <select id="search-kind" name="kind">
                        <option value="" selected=kind.is_empty()>{texts.all}</option>
                        {SearchKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=kind == k.as_str()>{kind_name(texts, k)}</option>
                        }).collect_view()}
                    </select>
                </div>
                {select("dir", texts.label_directory, facets.directories, params.filter.dir.clone(), true)}
                {select("unit", texts.label_unit, facets.units, params.filter.unit.clone(), true)}
                {select("year", texts.label_year, facets.years, params.filter.year.clone(), false)}
                {select("validity", texts.label_validity, facets.validities, params.filter.validity.clone(), false)}
                <div class="field">
                    <label for="search-sort">{texts.search_sort}</label>
                    <select id="search-sort" name="sort">
                        <option value="" selected=!newest>{texts.search_sort_relevance}</option>
                        <option value="newest" selected=newest>{texts.search_sort_newest}</option>
                    </select>
                </div>
            </details>
        </form>
    }
}

#[component]
fn Results(page: SearchPage, params: SearchParams) -> impl IntoView {
    let texts = t();
    let notice = page.notice.map(|n| {
        let text = match n {
            SearchNotice::Empty => texts.search_empty,
            SearchNotice::TitlesOnly => texts.search_titles_only,
            SearchNotice::Truncated => texts.search_truncated,
        };
        view! { <p class="notice">{text}</p> }
    });
    if page.notice == Some(SearchNotice::Empty) {
        return notice.into_any();
    }
    let pages = page.page_count();
    let current = page.page;
    let link = {
        let params = params.clone();
        move |p: u32| format!("/search?{}", params.to_query(Some(p), None))
    };
    let newest = params.sort.as_deref() == Some("newest");
    let other_order = if newest {
        SearchOrder::Relevance
    } else {
        SearchOrder::Newest
    };
    let mut reorder = params.clone();
    reorder.sort = None;
    let reorder_href = format!("/search?{}", reorder.to_query(None, Some(other_order)));
    let prev =
        (current > 1).then(|| view! { <a rel="prev" href=link(current - 1)>{texts.prev_page}</a> });
    let next = (current < pages)
        .then(|| view! { <a rel="next" href=link(current + 1)>{texts.next_page}</a> });
    let kinds = page
        .kinds
        .iter()
        .map(|(k, n)| format!("{} {n}", kind_name(texts, *k)))
        .collect::<Vec<_>>()
        .join(" · ");
    let more = page
        .more
        .then(|| view! { <p class="notice">{texts.search_more}</p> });
    view! {
        {notice}
        {more}
        <section class="results" aria-labelledby="search-count">
            <p id="search-count" class="results-count" role="status">
                {format!(
                    "{}{}{}{}",
                    texts.search_found_prefix,
                    page.total,
                    if page.more { "+" } else { "" },
                    texts.search_found_suffix
                )}
                <span class="kind-counts">{kinds}</span>
                " "
                <a href=reorder_href class="reorder">
                    {if newest { texts.search_sort_relevance } else { texts.search_sort_newest }}
                </a>
            </p>
            {if page.hits.is_empty() {
                view! { <p class="empty">{texts.no_results}</p> }.into_any()
            } else {
                view! {
                    <ol class="search-results">
                        {page.hits.into_iter().map(|hit| {
                            let exact = page.exact.as_ref().is_some_and(|e| e.url == hit.url);
                            view! { <Hit hit exact/> }
                        }).collect_view()}
                    </ol>
                }
                .into_any()
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
    .into_any()
}

#[component]
fn Hit(hit: SearchHit, exact: bool) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    view! {
        <li class=format!("search-hit kind-{}", hit.kind.as_str())>
            <p class="kind-badge">
                {kind_name(texts, hit.kind)}
                {exact.then(|| view! { <span class="exact-label">{texts.search_exact}</span> })}
            </p>
            <h2><a href=hit.url.clone() lang=zh><Marked parts=hit.title/></a></h2>
            <p class="snippet" lang=zh><Marked parts=hit.snippet/></p>
            <p class="meta">
                {hit.doc_number.map(|n| view! { <span lang=zh>{n}</span> })}
                <span lang=zh>{hit.unit_name}</span>
                <time datetime=iso_day(hit.published_at)>{format_day(hit.published_at)}</time>
                {hit.policy_title.map(|p| view! { <span>{texts.interprets}<span lang=zh>{p}</span></span> })}
            </p>
        </li>
    }
}

/// Text with its matches in `<mark>`.
#[component]
fn Marked(parts: Vec<SnippetPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|p| {
            if p.marked {
                view! { <mark>{p.text}</mark> }.into_any()
            } else {
                p.text.into_any()
            }
        })
        .collect_view()
}
