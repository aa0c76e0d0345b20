//! `/feeds`: every Atom feed the site offers, overall and per directory or unit.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ErrorView, PageMeta};
use crate::i18n::{content_lang, t};
use crate::server_fns::policies::library_facets;

#[component]
pub fn FeedsPage() -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    view! {
        <Title text=texts.feeds_title/>
        <PageMeta title=texts.feeds_title.to_owned() description=texts.feeds_intro.to_owned()
            path="/feeds".to_owned() og_type="website"/>
        <h1>{texts.feeds_title}</h1>
        <p>{texts.feeds_intro}</p>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || Suspend::new(async move {
                match library_facets().await {
                    Ok(facets) => view! {
                        <section aria-labelledby="feeds-all">
                            <h2 id="feeds-all">{texts.feeds_all}</h2>
                            <ul class="feed-list">
                                <li><a href="/feeds/policies.atom">{texts.search_kind_policy}</a></li>
                                <li><a href="/feeds/interpretations.atom">{texts.search_kind_interpretation}</a></li>
                                <li><a href="/feeds/qa.atom">{texts.search_kind_qa}</a></li>
                            </ul>
                        </section>
                        <section aria-labelledby="feeds-dir">
                            <h2 id="feeds-dir">{texts.feeds_by_directory}</h2>
                            <ul class="feed-list">
                                {facets.directories.into_iter().map(|d| view! {
                                    <li><a href=format!("/feeds/policies.atom?dir={}", d.code) lang=zh>{d.name}</a></li>
                                }).collect_view()}
                            </ul>
                        </section>
                        <section aria-labelledby="feeds-unit">
                            <h2 id="feeds-unit">{texts.feeds_by_unit}</h2>
                            <table class="feed-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{texts.label_unit}</th>
                                        <th scope="col">{texts.search_kind_policy}</th>
                                        <th scope="col">{texts.search_kind_interpretation}</th>
                                        <th scope="col">{texts.search_kind_qa}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {facets.units.into_iter().map(|u| {
                                        let feed = |file: &str| format!("/feeds/{file}.atom?unit={}", u.code);
                                        view! {
                                            <tr>
                                                <th scope="row" lang=zh>{u.name.clone()}</th>
                                                <td><a href=feed("policies")>"Atom"</a></td>
                                                <td><a href=feed("interpretations")>"Atom"</a></td>
                                                <td><a href=feed("qa")>"Atom"</a></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </section>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorView error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
