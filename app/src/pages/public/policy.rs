//! `/policies/{id}`: one policy, in the manner of a government policy library.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{
    ArticleList, ErrorView, PageMeta, PrintTools, RichText, describe, format_date, format_day,
};
use crate::domain::Validity;
use crate::domain::concern::AskForm;
use crate::dto::PolicyDetail;
use crate::i18n::{content_lang, t};
use crate::pages::public::concerns::{AskFormView, QaList};
use crate::server_fns::concerns::AskPage as AskData;
use crate::server_fns::policies::get_policy;

#[component]
pub fn PolicyPage() -> impl IntoView {
    let params = use_params_map();
    let texts = t();
    view! {
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let id = params.read().get("id").unwrap_or_default();
                Suspend::new(async move {
                    match get_policy(id).await {
                        Ok(policy) => view! { <PolicyView policy/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn PolicyView(policy: PolicyDetail) -> impl IntoView {
    let texts = t();
    let zh = content_lang();
    let banner = (policy.validity != Validity::Effective).then(|| {
        let text = if policy.validity == Validity::Repealed {
            texts.banner_repealed
        } else {
            texts.banner_amended
        };
        let replacement = policy.replaced_by.clone().map(|link| {
            view! {
                " "{texts.banner_replacement}
                <a href=format!("/policies/{}", link.id) lang=zh>{link.title}</a>
            }
        });
        view! {
            <div class=format!("validity-banner {}", policy.validity.as_str()) role="note">
                <strong>{texts.validity(policy.validity)}</strong>"　"{text}{replacement}
            </div>
        }
    });
    let none = || texts.none.to_owned();
    // Type-erased: one concrete type for the whole page is too deep for the compiler.
    let interpretations = (!policy.interpretations.is_empty()).then(|| {
        // Grouped by form, in the order the forms are listed.
        let groups = crate::domain::article::ArticleKind::ALL
            .iter()
            .filter_map(|kind| {
                let items: Vec<_> = policy
                    .interpretations
                    .iter()
                    .filter(|a| a.kind == *kind)
                    .cloned()
                    .collect();
                (!items.is_empty()).then(|| {
                    view! {
                        <h3>{texts.article_kind(*kind)}</h3>
                        <ArticleList items/>
                    }
                })
            })
            .collect_view();
        view! {
            <section class="interpretations" aria-labelledby="interpretations-title">
                <h2 id="interpretations-title">{texts.policy_interpretations}</h2>
                {groups}
            </section>
        }
        .into_any()
    });
    let issues = (!policy.issues.is_empty()).then(|| {
        view! {
            <section class="key-issues" id="key-issues" aria-labelledby="issues-title">
                <h2 id="issues-title">{texts.policy_issues}</h2>
                <ol>
                    {policy.issues.clone().into_iter().map(|issue| view! {
                        <li>
                            <strong lang=zh>{issue.question}</strong>
                            {if issue.items.is_empty() {
                                view! { <span class="muted">" "{texts.policy_issue_pending}</span> }.into_any()
                            } else {
                                view! {
                                    <ul>
                                        {issue.items.into_iter().map(|item| {
                                            let href = item.public_href();
                                            view! { <li><a href=href lang=zh>{item.title}</a></li> }
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        }
        .into_any()
    });
    let qa = view! {
        <section class="qa" aria-labelledby="qa-title">
            <h2 id="qa-title">{texts.policy_qa}</h2>
            <QaList items=policy.qa.clone()/>
        </section>
        <AskFormView data=AskData {
            values: AskForm { policy: policy.id.clone(), ..AskForm::default() },
            errors: Vec::new(),
            policy_title: None,
        } wait=None/>
    }
    .into_any();
    view! {
        <Title text=policy.title.clone()/>
        <PageMeta
            title=policy.title.clone()
            description=describe(policy.body.as_str())
            path=format!("/policies/{}", policy.id)
        />
        <PrintTools path=format!("/policies/{}", policy.id)/>
        <article class="policy">
            <nav class="breadcrumb" aria-label=texts.breadcrumb_label>
                <a href="/">{texts.nav_home}</a>" › "<a href="/policies">{texts.nav_policies}</a>
            </nav>
            <table class="policy-meta">
                <caption>{texts.metadata_caption}</caption>
                <tbody>
                    <tr>
                        <th scope="row">{texts.label_index_no}</th>
                        <td lang=zh>{policy.index_no.clone()}</td>
                        <th scope="row">{texts.label_directory}</th>
                        <td lang=zh>{policy.directory_name.clone()}</td>
                    </tr>
                    <tr>
                        <th scope="row">{texts.label_issuer}</th>
                        <td lang=zh>{policy.unit_name.clone()}</td>
                        <th scope="row">{texts.label_signed_on}</th>
                        <td>{format_date(policy.signed_on)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{texts.label_doc_number}</th>
                        <td lang=zh>{policy.doc_number.clone().unwrap_or_else(none)}</td>
                        <th scope="row">{texts.label_published}</th>
                        <td>{format_day(policy.published_at)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{texts.label_validity}</th>
                        <td class=format!("validity {}", policy.validity.as_str())>{texts.validity(policy.validity)}</td>
                        <th scope="row">{texts.label_key_area}</th>
                        <td lang=zh>{policy.key_area_name.clone().unwrap_or_else(none)}</td>
                    </tr>
                </tbody>
            </table>
            {banner}
            <h1 class="policy-title" lang=zh>{policy.title.clone()}</h1>
            {policy.major.then(|| view! { <p class="major-flag">{texts.major_policy}</p> })}
            {policy.doc_number.clone().map(|n| view! { <p class="policy-number" lang=zh>{n}</p> })}
            <div lang=zh><RichText html=policy.body.clone() class="policy-body"/></div>
            {(!policy.attachments.is_empty()).then(|| view! {
                <section class="attachments" aria-labelledby="attachments-title">
                    <h2 id="attachments-title">{texts.attachments}</h2>
                    <ul>
                        {policy.attachments.clone().into_iter().map(|a| match a.url {
                            Some(url) => view! { <li><a href=url lang=zh>{a.name}</a></li> }.into_any(),
                            None => view! { <li><span lang=zh>{a.name}</span><span class="muted">{texts.attachment_missing}</span></li> }.into_any(),
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {issues}
            {interpretations}
            {qa}
        </article>
    }
    .into_any()
}
