//! `/interpretations` (every published interpretation, filtered by kind and unit) and
//! `/interpretations/{id}` (one interpretation, linked to the policy it explains).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{
    ArticleList, ErrorView, FeedLink, PageMeta, PrintTools, RichText, describe, format_day, iso_day,
};
use crate::domain::article::ArticleKind;
use crate::dto::article::{ArticleDetail, ArticlePage};
use crate::i18n::{content_lang, count, t};
use crate::server_fns::articles::{get_interpretation, get_interpretations};

#[component]
pub fn InterpretationsPage() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.interpretations_title/>
        <crate::components::PageMeta title=texts.interpretations_title.to_owned() description=texts.describe_interpretations.to_owned() path="/interpretations".to_owned() og_type="website"/>
        <FeedLink href="/feeds/interpretations.atom" title=texts.search_kind_interpretation/>
        <h1>{texts.interpretations_title}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let (kind, unit, page) = {
                    let q = query.read();
                    (q.get("kind"), q.get("unit"), q.get("page").and_then(|p| p.parse().ok()))
                };
                Suspend::new(async move {
                    match get_interpretations(kind.clone(), unit.clone(), page).await {
                        Ok(list) => view! { <Listing list kind unit/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Listing(list: ArticlePage, kind: Option<String>, unit: Option<String>) -> impl IntoView {
    let texts = t();
    let kind = kind.unwrap_or_default();
    let unit = unit.unwrap_or_default();
    let pages = list.total.div_ceil(u64::from(list.per_page.max(1))) as u32;
    let current = list.page;
    let link = {
        let (kind, unit) = (kind.clone(), unit.clone());
        move |p: u32| {
            let mut pairs = Vec::new();
            if !kind.is_empty() {
                pairs.push(format!("kind={kind}"));
            }
            if !unit.is_empty() {
                pairs.push(format!("unit={unit}"));
            }
            pairs.push(format!("page={p}"));
            format!("/interpretations?{}", pairs.join("&"))
        }
    };
    let prev =
        (current > 1).then(|| view! { <a rel="prev" href=link(current - 1)>{texts.prev_page}</a> });
    let next = (current < pages)
        .then(|| view! { <a rel="next" href=link(current + 1)>{texts.next_page}</a> });
    view! {
        <form method="get" action="/interpretations" class="inline-form filter-bar">
            <label for="filter-kind">{texts.label_kind}</label>
            <select id="filter-kind" name="kind">
                <option value="" selected=kind.is_empty()>{texts.all_kinds}</option>
                {ArticleKind::ALL.iter().map(|k| {
                    let selected = k.as_str() == kind;
                    view! { <option value=k.as_str() selected=selected>{texts.article_kind(*k)}</option> }
                }).collect_view()}
            </select>
            <label for="filter-unit">{texts.label_unit}</label>
            <select id="filter-unit" name="unit">
                <option value="" selected=unit.is_empty()>{texts.all_units}</option>
                {list.units.into_iter().map(|u| {
                    let selected = u.code == unit;
                    view! { <option value=u.code selected=selected lang=content_lang()>{format!("{}（{}）", u.name, u.count)}</option> }
                }).collect_view()}
            </select>
            <button type="submit">{texts.filter_apply}</button>
        </form>
        <p class="results-count" role="status">{count(texts, list.total)}</p>
        {if list.items.is_empty() {
            view! { <p class="empty">{texts.interpretations_none}</p> }.into_any()
        } else {
            view! { <ArticleList items=list.items with_policy=true/> }.into_any()
        }}
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=texts.pagination>
                {prev}
                <span>{format!("{}{current} / {pages}{}", texts.page_prefix, texts.page_suffix)}</span>
                {next}
            </nav>
        })}
    }
    .into_any()
}

#[component]
pub fn InterpretationPage() -> impl IntoView {
    let params = use_params_map();
    let texts = t();
    view! {
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let id = params.read().get("id").unwrap_or_default();
                Suspend::new(async move {
                    match get_interpretation(id).await {
                        Ok(article) => view! { <ArticleView article/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ArticleView(article: ArticleDetail) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    let policy_href = format!("/policies/{}", article.policy.id);
    view! {
        <Title text=article.title.clone()/>
        <PageMeta
            title=article.title.clone()
            description=if article.summary.is_empty() { describe(article.body.as_str()) } else { article.summary.clone() }
            path=format!("/interpretations/{}", article.id)
        />
        <PrintTools path=format!("/interpretations/{}", article.id)/>
        <article class="interpretation">
            <nav class="breadcrumb" aria-label=texts.breadcrumb_label>
                <a href="/">{texts.nav_home}</a>" › "<a href="/interpretations">{texts.nav_interpretations}</a>
            </nav>
            <p class="interprets-banner">
                {texts.interprets}
                <a href=policy_href.clone() lang=zh>{article.policy.title.clone()}</a>
            </p>
            <p class=format!("kind kind-{}", article.kind.as_str())>{texts.article_kind(article.kind)}</p>
            <h1 class="policy-title" lang=zh>{article.title.clone()}</h1>
            <p class="article-meta">
                <span>{texts.label_byline}{texts.label_colon}<span lang=zh>{article.byline.clone()}</span></span>
                // The unit only when the byline does not already name it.
                {(article.byline.trim() != article.unit_name.trim()).then(|| view! {
                    <span lang=zh>{article.unit_name.clone()}</span>
                })}
                <time datetime=iso_day(article.published_at)>{format_day(article.published_at)}</time>
            </p>
            {(!article.summary.is_empty()).then(|| view! { <p class="summary" lang=zh>{article.summary.clone()}</p> })}
            <div lang=zh><RichText html=article.body.clone() class="policy-body"/></div>
            {article.expert.clone().map(|e| view! {
                <aside class="expert-profile" aria-labelledby="expert-title">
                    <h2 id="expert-title">{texts.expert_about}</h2>
                    <p class="expert-name" lang=zh>{e.name}</p>
                    <dl>
                        <dt>{texts.expert_title}</dt><dd lang=zh>{e.title}</dd>
                        <dt>{texts.expert_affiliation}</dt><dd lang=zh>{e.affiliation}</dd>
                        <dt>{texts.expert_field}</dt><dd lang=zh>{e.field}</dd>
                    </dl>
                    <p lang=zh>{e.bio}</p>
                </aside>
            })}
            <p class="read-policy"><a class="button" href=policy_href>{texts.read_policy}</a></p>
        </article>
    }
    .into_any()
}
