//! `/admin/calendar`: the working-day calendar (holidays and 调休 days) and the routine
//! answer period. Days are added from lines of text, typed or pasted from a file.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{ErrorView, FormAlert, TextBox};
use crate::domain::calendar::DayKind;
use crate::i18n::t;
use crate::server_fns::concerns::{CalendarPage, get_calendar};

#[component]
pub fn CalendarAdmin() -> impl IntoView {
    let query = use_query_map();
    let texts = t();
    view! {
        <Title text=texts.calendar_title/>
        <nav class="breadcrumb"><a href="/admin">{texts.admin_title}</a></nav>
        <h1>{texts.calendar_title}</h1>
        <Suspense fallback=move || view! { <p>{texts.loading}</p> }>
            {move || {
                let stash = query.read().get("stash");
                Suspend::new(async move {
                    match get_calendar(stash).await {
                        Ok(page) => view! { <CalendarView page/> }.into_any(),
                        Err(error) => view! { <ErrorView error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn CalendarView(page: CalendarPage) -> impl IntoView {
    let texts = t();
    view! {
        <section aria-labelledby="routine-title">
            <h2 id="routine-title">{texts.calendar_routine}</h2>
            <form method="post" action="/api/set_routine_days" class="inline-form">
                <label for="days">{texts.calendar_routine_days}</label>
                <input id="days" name="days" type="number" min="1" max="60" required value=page.routine_days.to_string()/>
                <button type="submit" class="secondary">{texts.admin_save}</button>
            </form>
        </section>
        <section aria-labelledby="days-title">
            <h2 id="days-title">{texts.calendar_days}</h2>
            <table class="history">
                <thead><tr>
                    <th scope="col">{texts.calendar_date}</th>
                    <th scope="col">{texts.calendar_kind}</th>
                    <th scope="col">{texts.admin_name}</th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>
                    {page.days.into_iter().map(|d| view! {
                        <tr>
                            <td>{d.date.to_string()}</td>
                            <td>{match d.kind { DayKind::Holiday => texts.calendar_holiday, DayKind::Workday => texts.calendar_workday }}</td>
                            <td>{d.name.clone()}</td>
                            <td>
                                <form method="post" action="/api/remove_calendar_day">
                                    <input type="hidden" name="date" value=d.date.to_string()/>
                                    <button type="submit" class="link">{texts.admin_remove}</button>
                                </form>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>{texts.calendar_import}</h3>
            <p class="muted">{texts.calendar_import_hint}</p>
            <FormAlert errors=page.errors.clone()/>
            {(!page.errors.is_empty()).then(|| view! {
                <ul class="field-error">
                    {page.errors.iter().map(|e| view! { <li>{format!("{}：{}", e.field, e.message)}</li> }).collect_view()}
                </ul>
            })}
            <form method="post" action="/api/import_calendar" class="policy-form">
                <label for="text">{texts.calendar_lines}</label>
                <TextBox id="text" name="text" rows=8 {..} placeholder="2026-02-16 休 春节\n2026-02-14 班 春节"/>
                <button type="submit">{texts.calendar_add}</button>
            </form>
        </section>
    }
    .into_any()
}
