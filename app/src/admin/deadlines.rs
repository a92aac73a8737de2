//! /admin/deadlines: the working-day calendar (public holidays, make-up working days) and the
//! working days each review stage may take (issue 4). Admin only.
use leptos::prelude::*;

use crate::domain::{Field, Status};
use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary, SelectInput, TextInput};

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::{pool, today},
    crate::domain::application::{text, Checker},
    crate::domain::{Problem, Role},
};

/// (day, kind, note) rows from this year on, and (stage, working days).
#[server(endpoint = "deadline_settings")]
pub async fn deadline_settings() -> Result<(Vec<(String, String, String)>, Vec<(Status, i32)>), AppError> {
    require_role(&[Role::Admin]).await?;
    let db = pool()?;
    let days = sqlx::query_as("SELECT day::text, kind, note FROM calendar_days WHERE day >= date_trunc('year', $1::date) ORDER BY day")
        .bind(today())
        .fetch_all(&db)
        .await?;
    let limits: Vec<(String, i32)> = sqlx::query_as("SELECT status::text, working_days FROM stage_limits ORDER BY status").fetch_all(&db).await?;
    let limits = limits.into_iter().filter_map(|(s, n)| Status::from_db(&s, None).map(|s| (s, n))).collect();
    Ok((days, limits))
}

/// Adds or changes a day of the calendar.
#[server(endpoint = "set_calendar_day")]
pub async fn set_calendar_day(day: String, kind: String, #[server(default)] note: String) -> Result<(), AppError> {
    require_role(&[Role::Admin]).await?;
    let mut c = Checker::default();
    let date = c.keep(Field::RegisteredOn, crate::domain::dates::iso(day.trim()).ok_or(Problem::DateFormat));
    let kind = c.keep(Field::Relation, match kind.as_str() {
        "holiday" | "make_up_workday" => Ok(kind.clone()),
        "" => Err(Problem::Required),
        _ => Err(Problem::UnknownChoice),
    });
    let checked_note = if note.trim().is_empty() { Some(String::new()) } else { c.keep(Field::Note, text(&note, 50)) };
    let (Some(date), Some(kind), Some(checked_note)) = (date, kind, checked_note) else {
        return Err(AppError::Invalid { errors: c.errors, echo: vec![(Field::RegisteredOn, day), (Field::Note, note)] });
    };
    sqlx::query("INSERT INTO calendar_days (day, kind, note) VALUES ($1, $2, $3) ON CONFLICT (day) DO UPDATE SET kind = $2, note = $3")
        .bind(date)
        .bind(kind)
        .bind(checked_note)
        .execute(&pool()?)
        .await?;
    leptos_axum::redirect("/admin/deadlines");
    Ok(())
}

#[server(endpoint = "remove_calendar_day")]
pub async fn remove_calendar_day(day: String) -> Result<(), AppError> {
    require_role(&[Role::Admin]).await?;
    let date = crate::domain::dates::iso(day.trim()).ok_or(AppError::NotFound)?;
    sqlx::query("DELETE FROM calendar_days WHERE day = $1").bind(date).execute(&pool()?).await?;
    leptos_axum::redirect("/admin/deadlines");
    Ok(())
}

#[server(endpoint = "set_stage_limit")]
pub async fn set_stage_limit(stage: String, working_days: String) -> Result<(), AppError> {
    require_role(&[Role::Admin]).await?;
    let days = match working_days.trim().parse::<i32>() {
        Ok(n @ 1..=365) => n,
        _ => return Err(AppError::Invalid { errors: vec![crate::domain::FieldError { field: Field::Months, problem: Problem::MonthsNotNumber }], echo: vec![(Field::Months, working_days)] }),
    };
    let updated = sqlx::query("UPDATE stage_limits SET working_days = $2 WHERE status::text = $1").bind(&stage).bind(days).execute(&pool()?).await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect("/admin/deadlines");
    Ok(())
}

#[component]
pub fn DeadlinesPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let set_day = ServerAction::<SetCalendarDay>::new();
    let remove_day = ServerAction::<RemoveCalendarDay>::new();
    let set_limit = ServerAction::<SetStageLimit>::new();
    let day_error = action_error(set_day);
    let limit_error = action_error(set_limit);
    let data = Resource::new(|| (), |_| deadline_settings());
    let kinds = vec![("holiday".to_string(), t(Msg::Holiday).to_string()), ("make_up_workday".to_string(), t(Msg::MakeUpWorkday).to_string())];
    view! {
        <crate::ui::PageTitle text=t(Msg::DeadlineSettings)/>
        <h1>{t(Msg::DeadlineSettings)}</h1>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || {
                let kinds = kinds.clone();
                Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok((days, limits)) => view! {
                        <h2>{t(Msg::StageLimits)}</h2>
                        <ErrorSummary error=limit_error/>
                        <table class="queue">
                            <tbody>
                                {limits.into_iter().map(|(stage, n)| view! {
                                    <tr>
                                        <th scope="row">{lang.status(stage)}</th>
                                        <td>
                                            <ActionForm action=set_limit attr:class="inline">
                                                <input type="hidden" name="stage" value=stage.as_db().0/>
                                                <label class="visually-hidden" for=format!("limit-{}", stage.as_db().0)>{lang.status(stage)}</label>
                                                <input id=format!("limit-{}", stage.as_db().0) name="working_days" value=n inputmode="numeric" class="narrow"/>
                                                " " <button type="submit" class="button secondary">{t(Msg::Save)}</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h2>{t(Msg::WorkingDayCalendar)}</h2>
                        <ErrorSummary error=day_error/>
                        <ActionForm action=set_day>
                            <TextInput name="day" label=Msg::Day field=Field::RegisteredOn error=day_error kind="date"/>
                            <SelectInput name="kind" label=Msg::DayKindLabel field=Field::Relation error=day_error options=kinds/>
                            <TextInput name="note" label=Msg::DayNote field=Field::Note error=day_error/>
                            <button type="submit" class="button">{t(Msg::Save)}</button>
                        </ActionForm>
                        <table class="queue" data-testid="calendar">
                            <tbody>
                                {days.into_iter().map(|(day, kind, note)| view! {
                                    <tr>
                                        <td>{day.clone()}</td>
                                        <td>{t(if kind == "holiday" { Msg::Holiday } else { Msg::MakeUpWorkday })}</td>
                                        <td>{note}</td>
                                        <td>
                                            <ActionForm action=remove_day attr:class="inline">
                                                <input type="hidden" name="day" value=day.clone()/>
                                                <button type="submit" class="link-button">{t(Msg::Remove)} <span class="visually-hidden">" " {day}</span></button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}}
        </Suspense>
    }
}
