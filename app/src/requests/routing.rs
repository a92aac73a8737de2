//! The admin's routing of requests (issue 19, item 2): which unit answers each type of request and
//! in how many working days from acceptance it is done (company registration: at most 2, Art.
//! 4(5)). Shown on /admin/routing under the review routing. A type with no unit is named at the
//! top: its requests are stored and wait in HRSS's list until it has one.
use leptos::prelude::*;

use crate::domain::requests::RequestType;
use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary};

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::pool,
    crate::domain::{Field, FieldError, Problem, Role},
};

/// (type, unit code, working days to be done) of each type, and the units (code, name).
#[server(endpoint = "request_routes")]
pub async fn request_routes() -> Result<(Vec<(String, Option<String>, i32)>, Vec<(String, String)>), AppError> {
    require_role(&[Role::Admin]).await?;
    let db = pool()?;
    let routes = sqlx::query_as("SELECT request_type, department_code, done_working_days FROM request_routes ORDER BY request_type").fetch_all(&db).await?;
    let units = sqlx::query_as("SELECT code, name_zh FROM departments ORDER BY code").fetch_all(&db).await?;
    Ok((routes, units))
}

/// Sets the unit (empty: none) and the working days of a type.
#[server(endpoint = "set_request_route")]
pub async fn set_request_route(request_type: String, #[server(default)] department_code: String, done_working_days: String) -> Result<(), AppError> {
    require_role(&[Role::Admin]).await?;
    let ty = RequestType::parse(request_type.trim()).ok_or(AppError::NotFound)?;
    let echo = vec![(Field::RequestType, request_type.clone()), (Field::Department, department_code.clone()), (Field::Months, done_working_days.clone())];
    let refused = |field, problem| AppError::Invalid { errors: vec![FieldError { field, problem }], echo: echo.clone() };
    let max = ty.fixed_done_working_days().unwrap_or(250);
    let days = match done_working_days.trim().parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => n as i32,
        _ => return Err(refused(Field::Months, Problem::NumberOutOfRange)),
    };
    let unit = Some(department_code.trim().to_string()).filter(|c| !c.is_empty());
    let done = sqlx::query("UPDATE request_routes SET department_code = $2, done_working_days = $3 WHERE request_type = $1")
        .bind(ty.as_str())
        .bind(&unit)
        .bind(days)
        .execute(&pool()?)
        .await;
    match done {
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => return Err(refused(Field::Department, Problem::UnknownChoice)),
        other => other?,
    };
    tracing::info!(request.r#type = ty.as_str(), "request routing changed");
    leptos_axum::redirect("/admin/routing#request-routing");
    Ok(())
}

#[component]
pub fn RequestRouting() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let set = ServerAction::<SetRequestRoute>::new();
    let error = action_error(set);
    let data = Resource::new(move || set.version().get(), |_| request_routes());
    view! {
        <h2 id="request-routing">{t(Msg::RequestRoutingTitle)}</h2>
        <p class="hint">{t(Msg::RequestRoutingIntro)}</p>
        <ErrorSummary error/>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok((routes, units)) => {
                        let unrouted: Vec<String> = routes.iter().filter(|(_, u, _)| u.is_none())
                            .filter_map(|(ty, _, _)| RequestType::parse(ty)).map(|ty| lang.request_type(ty).to_string()).collect();
                        view! {
                            {(!unrouted.is_empty()).then(|| view! {
                                <p class="panel panel-warning" data-testid="unrouted-types">{t(Msg::UnroutedTypes)} ": " {unrouted.join("、")}</p>
                            })}
                            <table class="queue" data-testid="request-routes">
                                <thead><tr>
                                    <th scope="col">{t(Msg::RequestTypeLabel)}</th>
                                    <th scope="col">{t(Msg::HandledBy)} " / " {t(Msg::DoneWorkingDays)}</th>
                                </tr></thead>
                                <tbody>
                                    {routes.into_iter().filter_map(|(ty, unit, days)| RequestType::parse(&ty).map(|ty| (ty, unit, days))).map(|(ty, unit, days)| {
                                        let (unit_id, days_id) = (format!("unit-{}", ty.as_str()), format!("days-{}", ty.as_str()));
                                        let units = units.clone();
                                        view! {
                                            <tr>
                                                <th scope="row">{lang.request_type(ty)}</th>
                                                <td>
                                                    <ActionForm action=set attr:class="inline">
                                                        <input type="hidden" name="request_type" value=ty.as_str()/>
                                                        <label class="visually-hidden" for=unit_id.clone()>{t(Msg::HandledBy)}</label>
                                                        <select id=unit_id name="department_code">
                                                            <option value="" selected=unit.is_none()>{t(Msg::NoUnit)}</option>
                                                            {units.into_iter().map(|(code, name)| { let selected = unit.as_deref() == Some(code.as_str()); view! { <option value=code selected=selected>{name}</option> } }).collect_view()}
                                                        </select>
                                                        " "
                                                        <label class="visually-hidden" for=days_id.clone()>{t(Msg::DoneWorkingDays)}</label>
                                                        <input id=days_id name="done_working_days" value=days inputmode="numeric" class="narrow"/>
                                                        " " <button type="submit" class="button secondary">{t(Msg::Save)}</button>
                                                    </ActionForm>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
