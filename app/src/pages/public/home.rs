//! `/`: the newest policies and the disclosure directories.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorView, FeedLink, PageMeta, PolicyList};
use crate::i18n::{content_lang, count, t};
use crate::server_fns::policies::get_home;

#[component]
pub fn HomePage() -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    view! {
        <Title text=texts.nav_home/>
        <PageMeta title=texts.site_name.to_owned() description=texts.home_intro.to_owned()
            path="/".to_owned() og_type="website"/>
        <FeedLink href="/feeds/policies.atom" title=texts.search_kind_policy/>
        <FeedLink href="/feeds/interpretations.atom" title=texts.search_kind_interpretation/>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || Suspend::new(async move {
                match get_home().await {
                    Err(error) => view! { <ErrorView error/> }.into_any(),
                    Ok(data) => view! {
                        <section class="intro">
                            <h1>{texts.site_name}</h1>
                            <p>{texts.home_intro}" "<a href="/policies">{count(texts, data.total)}</a></p>
                        </section>
                        {(!data.featured.is_empty()).then(|| view! {
                            <section class="featured" aria-labelledby="featured-title">
                                <h2 id="featured-title">{texts.home_featured}</h2>
                                {data.featured.clone().into_iter().map(|f| view! {
                                    <article class="featured-policy">
                                        <h3><a href=format!("/policies/{}", f.policy.id) lang=zh>{f.policy.title}</a></h3>
                                        <p class="muted">{format!("{}{} · {}{}", texts.home_featured_articles, f.interpretations, texts.home_featured_issues, f.issues.len())}</p>
                                        <ul lang=zh>{f.issues.into_iter().take(5).map(|q| view! {
                                            <li><a href=format!("/policies/{}#key-issues", f.policy.id)>{q}</a></li>
                                        }).collect_view()}</ul>
                                    </article>
                                }).collect_view()}
                            </section>
                        }.into_any())}
                        <section class="latest" aria-labelledby="latest-title">
                            <h2 id="latest-title">{texts.home_latest}</h2>
                            <PolicyList items=data.latest/>
                            <p class="more"><a href="/policies">{texts.more}" »"</a></p>
                        </section>
                        <section class="directories" aria-labelledby="directories-title">
                            <h2 id="directories-title">{texts.home_by_directory}</h2>
                            <div class="directory-grid">
                                {data
                                    .sections
                                    .into_iter()
                                    .map(|s| {
                                        let href = format!("/policies?dir={}", s.code);
                                        view! {
                                            <section class="directory">
                                                <h3>
                                                    <a href=href.clone() lang=zh>{s.name}</a>
                                                    <span class="count">{count(texts, s.count)}</span>
                                                </h3>
                                                <PolicyList items=s.latest compact=true/>
                                                <p class="more"><a href=href>{texts.more}" »"</a></p>
                                            </section>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
