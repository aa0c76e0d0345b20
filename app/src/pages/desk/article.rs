//! `/desk/articles/{id}`: an interpretation on the desk — its text, review (with what
//! changed since the previous submission), release and history; and
//! `/desk/articles/new?policy=…`, `/desk/articles/{id}/edit`: the article form.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{
    ErrorView, Field, FormAlert, HistoryTable, RichText, TextBox, UploadForm, aria_invalid,
};
use crate::domain::article::{ArticleAction, ArticleKind, ArticleStatus};
use crate::domain::policy::china_offset;
use crate::dto::article::{ArticleFormPage, DeskArticlePage, DiffLine};
use crate::i18n::t;
use crate::islands::RichTextEditor;
use crate::server_fns::articles::{get_article_form, get_desk_article};

#[component]
pub fn DeskArticle() -> impl IntoView {
    let params = use_params_map();
    let texts = t();
    view! {
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let id = params.read().get("id").unwrap_or_default();
                Suspend::new(async move {
                    match get_desk_article(id).await {
                        Ok(page) => view! { <ArticleDesk page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn local(time: chrono::DateTime<chrono::Utc>) -> String {
    time.with_timezone(&china_offset())
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A small form posting one workflow step.
fn step_form(
    id: &str,
    action: &'static str,
    label: &'static str,
    class: &'static str,
) -> impl IntoView {
    view! {
        <form method="post" action="/api/article_step" class="inline-form">
            <input type="hidden" name="id" value=id.to_owned()/>
            <input type="hidden" name="action" value=action/>
            <button type="submit" class=class>{label}</button>
        </form>
    }
}

#[component]
fn ArticleDesk(page: DeskArticlePage) -> impl IntoView {
    let texts = t();
    let id = page.id.clone();
    let status = page.status;
    let released = matches!(status, ArticleStatus::Published);
    let can = |action| page.actions.can(action);
    view! {
        <Title text=page.title.clone()/>
        <nav class="breadcrumb"><a href="/desk">{texts.desk_title}</a></nav>
        <p class="interprets-banner">
            {texts.interprets}
            <a href=format!("/desk/policies/{}", page.policy.id)>{page.policy.title.clone()}</a>
        </p>
        <crate::components::StepError/>
        <h1>{page.title.clone()}</h1>
        <p>
            <span class=format!("badge status {}", status.as_str())>{texts.article_status(status)}</span>
            " "<span class="kind">{texts.article_kind(page.kind)}</span>
            " "{format!("{}：{}", texts.label_byline, page.byline)}
            " "<span class="muted">{format!("{} {}", texts.revision_label, page.revision)}</span>
        </p>
        {page.scheduled_at.filter(|_| status == ArticleStatus::Scheduled).map(|at| view! {
            <p role="note">{format!("{} {}", texts.scheduled_for, local(at))}</p>
        })}
        {page.published_at.filter(|_| released).map(|at| view! {
            <p role="note">
                {format!("{} {}", texts.article_status_published, local(at))}
                {page.late_secs.map(|s| format!("（{} {} 分钟）", texts.published_late, (s + 59) / 60))}
                " "<a href=format!("/interpretations/{id}")>{texts.read_policy}</a>
            </p>
        })}
        {page.review_comment.clone().filter(|_| status == ArticleStatus::Returned).map(|c| view! {
            <p class="form-error" role="note">{format!("{}：{c}", texts.reviewer_comment)}</p>
        })}
        <div class="actions-row">
            {can(ArticleAction::Edit).then(|| view! {
                <a class="button" href=format!("/desk/articles/{id}/edit")>{texts.edit_article}</a>
            })}
            {can(ArticleAction::Submit).then(|| step_form(&id, "submit", texts.submit_for_review, ""))}
            {can(ArticleAction::Publish).then(|| step_form(&id, "publish", texts.publish_now, "secondary"))}
            {can(ArticleAction::Unschedule).then(|| step_form(&id, "unschedule", texts.unschedule, "secondary"))}
            {can(ArticleAction::Withdraw).then(|| step_form(&id, "withdraw", texts.withdraw_article, "secondary"))}
        </div>
        {can(ArticleAction::Schedule).then(|| view! {
            <form method="post" action="/api/article_step" class="inline-form">
                <input type="hidden" name="id" value=id.clone()/>
                <input type="hidden" name="action" value="schedule"/>
                <label for="at">{texts.schedule_at}</label>
                <input id="at" name="at" type="datetime-local" step="1" required/>
                <button type="submit">{texts.schedule}</button>
            </form>
        })}
        {can(ArticleAction::Withdraw).then(|| match page.withdraw_at {
            Some(at) => view! {
                <form method="post" action="/api/article_step" class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="action" value="cancel_withdraw"/>
                    <span role="note">{format!("{} {}", texts.withdraw_scheduled_for, local(at))}</span>
                    <button type="submit" class="secondary">{texts.cancel_withdraw}</button>
                </form>
            }.into_any(),
            None => view! {
                <form method="post" action="/api/article_step" class="inline-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="action" value="schedule_withdraw"/>
                    <label for="withdraw-at">{texts.withdraw_at}</label>
                    <input id="withdraw-at" name="at" type="datetime-local" step="1" required/>
                    <button type="submit" class="secondary">{texts.schedule_withdraw}</button>
                </form>
            }.into_any(),
        })}
        {can(ArticleAction::Approve).then(|| view! {
            <section class="review" aria-labelledby="review-title">
                <h2 id="review-title">{texts.approve}</h2>
                {step_form(&id, "approve", texts.approve, "")}
                <form method="post" action="/api/article_step" class="policy-form">
                    <input type="hidden" name="id" value=id.clone()/>
                    <input type="hidden" name="action" value="return"/>
                    <label for="comment">{texts.comment}</label>
                    <TextBox id="comment" name="comment" rows=3 {..} required=true/>
                    <button type="submit" class="secondary">{texts.return_with_comment}</button>
                </form>
            </section>
        })}
        {page.diff.clone().map(|lines| {
            let changed = lines.iter().any(|l| !matches!(l, DiffLine::Same(_)));
            view! {
                <section class="diff" aria-labelledby="diff-title">
                    <h2 id="diff-title">{texts.changes_since.replace("{}", &page.diff_from.unwrap_or_default().to_string())}</h2>
                    {if changed {
                        view! {
                            <ol class="diff-lines">
                                {lines.into_iter().map(|line| match line {
                                    DiffLine::Same(text) => view! { <li class="same">{text}</li> }.into_any(),
                                    DiffLine::Added(text) => view! { <li class="added"><ins>{text}</ins></li> }.into_any(),
                                    DiffLine::Removed(text) => view! { <li class="removed"><del>{text}</del></li> }.into_any(),
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    } else {
                        view! { <p>{texts.no_changes}</p> }.into_any()
                    }}
                </section>
            }
        })}
        {(!page.summary.is_empty()).then(|| view! { <p class="summary">{page.summary.clone()}</p> })}
        <RichText html=page.body.clone() class="policy-body"/>
        <HistoryTable entries=page.history/>
    }
    .into_any()
}

#[component]
pub fn ArticleFormPageView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let texts = t();
    view! {
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let id = params.read().get("id");
                let (policy, stash) = {
                    let q = query.read();
                    (q.get("policy"), q.get("stash"))
                };
                Suspend::new(async move {
                    match get_article_form(policy, id, stash).await {
                        Ok(page) => view! { <ArticleForm page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ArticleForm(page: ArticleFormPage) -> impl IntoView {
    let texts = t();
    let v = page.values;
    let errors = page.errors;
    let invalid = |field| aria_invalid(&errors, field);
    let (title_invalid, summary_invalid, byline_invalid, kind_invalid) = (
        invalid("title"),
        invalid("summary"),
        invalid("byline"),
        invalid("kind"),
    );
    let heading = if page.id.is_some() {
        texts.edit_article
    } else {
        texts.new_article
    };
    let kind = v.kind.clone();
    view! {
        <Title text=heading/>
        <nav class="breadcrumb"><a href="/desk">{texts.desk_title}</a></nav>
        <h1>{heading}</h1>
        {page.policy.clone().map(|p| view! {
            <p class="interprets-banner">{texts.interprets}{p.title}</p>
        })}
        <FormAlert errors=errors.clone()/>
        <form method="post" action="/api/save_article" class="policy-form">
            {page.id.clone().map(|id| view! { <input type="hidden" name="id" value=id/> })}
            {page.policy.clone().filter(|_| page.id.is_none()).map(|p| view! { <input type="hidden" name="policy" value=p.id/> })}
            {if page.expert {
                view! { <input type="hidden" name="kind" value="expert"/> }.into_any()
            } else {
                view! {
                    <Field name="kind" label=texts.label_kind errors=errors.clone()>
                        <select id="kind" name="kind" aria-invalid=kind_invalid>
                            {ArticleKind::ALL.iter().map(|k| {
                                let selected = k.as_str() == kind;
                                view! { <option value=k.as_str() selected=selected>{texts.article_kind(*k)}</option> }
                            }).collect_view()}
                        </select>
                    </Field>
                }.into_any()
            }}
            <Field name="title" label=texts.field_title_article errors=errors.clone()>
                <input id="title" name="title" type="text" required maxlength="200" value=v.title.clone() aria-invalid=title_invalid/>
            </Field>
            <Field name="summary" label=texts.label_summary errors=errors.clone()>
                <TextBox id="summary" name="summary" rows=2 value=v.summary.clone() {..} maxlength="300" aria-invalid=summary_invalid/>
            </Field>
            <Field name="byline" label=texts.label_byline errors=errors.clone()>
                <input id="byline" name="byline" type="text" required maxlength="100" value=v.byline.clone() aria-invalid=byline_invalid/>
            </Field>
            <Field name="body" label=texts.field_body_rich errors=errors.clone()>
                <p class="muted" id="body-hint">{texts.body_hint}</p>
                <RichTextEditor name="body".to_owned() initial=v.body.clone() invalid=errors.iter().any(|e| e.field == "body")/>
            </Field>
            <button type="submit">{texts.save_article}</button>
        </form>
        <noscript><UploadForm/></noscript>
    }
    .into_any()
}
