//! /admin/routing: which industry department first-reviews which cases — talent category ×
//! employer industry → department (SYSTEM.md admin; RULES.md Art. 5(2)–(3)). Admin only. A change
//! applies to cases that pass pre-review from then on; cases already in first review stay where
//! they are.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::routing::route;
use crate::domain::{Field, Industry, RoutingRule};
use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Lang, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary, SelectInput};

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::pool,
    crate::domain::routing::{parse_industry, ANY_INDUSTRY},
    crate::domain::{FieldError, Problem, Role},
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Routing {
    pub rules: Vec<RoutingRule>,
    /// (code, Chinese name, English name)
    pub departments: Vec<(String, String, String)>,
}

impl Routing {
    fn department_name(&self, code: &str, lang: Lang) -> String {
        self.departments
            .iter()
            .find(|(c, ..)| c == code)
            .map_or_else(|| code.to_string(), |(_, zh, en)| if lang == Lang::Zh { zh.clone() } else { en.clone() })
    }
}

#[server(endpoint = "routing_table")]
pub async fn routing_table() -> Result<Routing, AppError> {
    require_role(&[Role::Admin]).await?;
    let db = pool()?;
    let rules = crate::workflow::db::routing_rules(&mut *db.acquire().await?, None).await?;
    let departments = sqlx::query_as("SELECT code, name_zh, name_en FROM departments ORDER BY code").fetch_all(&db).await?;
    Ok(Routing { rules, departments })
}

/// Sets the department for a category and one industry, or every industry (`industry` empty).
#[server(endpoint = "set_routing_rule")]
pub async fn set_routing_rule(
    #[server(default)] talent_category: String,
    #[server(default)] industry: String,
    #[server(default)] department_code: String,
) -> Result<(), AppError> {
    let admin = require_role(&[Role::Admin]).await?;
    let echo = vec![(Field::Category, talent_category.clone()), (Field::Industry, industry.clone()), (Field::Department, department_code.clone())];
    let mut errors = Vec::new();
    let category = match talent_category.trim().parse::<i16>() {
        Ok(c @ 1..=9) => Some(c),
        _ => {
            errors.push(FieldError { field: Field::Category, problem: Problem::CategoryOutOfRange });
            None
        }
    };
    let industry_code = match industry.trim() {
        "" => Some(ANY_INDUSTRY),
        raw => parse_industry(raw).map(Industry::as_str).map_err(|problem| errors.push(FieldError { field: Field::Industry, problem })).ok(),
    };
    if department_code.trim().is_empty() {
        errors.push(FieldError { field: Field::Department, problem: Problem::Required });
    }
    let (Some(category), Some(industry_code), true) = (category, industry_code, errors.is_empty()) else {
        return Err(AppError::Invalid { errors, echo });
    };
    let saved = sqlx::query(
        "INSERT INTO routing_rules (talent_category, industry, department_code, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (talent_category, industry) DO UPDATE SET department_code = $3, updated_by = $4, updated_at = now()",
    )
    .bind(category)
    .bind(industry_code)
    .bind(department_code.trim())
    .bind(admin.id)
    .execute(&pool()?)
    .await;
    match saved {
        // An unknown department (a form tampered with).
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => {
            return Err(AppError::Invalid { errors: vec![FieldError { field: Field::Department, problem: Problem::UnknownChoice }], echo });
        }
        other => other?,
    };
    tracing::info!(category, industry = industry_code, department = department_code.trim(), "routing rule set");
    leptos_axum::redirect("/admin/routing");
    Ok(())
}

/// Removes a rule for one industry (the category's rule then applies). A category's rule for
/// every industry can be changed but not removed: every case must reach a department.
#[server(endpoint = "remove_routing_rule")]
pub async fn remove_routing_rule(talent_category: i16, industry: String) -> Result<(), AppError> {
    require_role(&[Role::Admin]).await?;
    let industry = Industry::parse(industry.trim()).ok_or(AppError::NotFound)?;
    let removed = sqlx::query("DELETE FROM routing_rules WHERE talent_category = $1 AND industry = $2")
        .bind(talent_category)
        .bind(industry.as_str())
        .execute(&pool()?)
        .await?;
    if removed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect("/admin/routing");
    Ok(())
}

#[component]
pub fn RoutingPage() -> impl IntoView {
    let t = use_t();
    let set = ServerAction::<SetRoutingRule>::new();
    let remove = ServerAction::<RemoveRoutingRule>::new();
    let error = action_error(set);
    let data = Resource::new(|| (), |_| routing_table());
    view! {
        <crate::ui::PageTitle text=t(Msg::RoutingSettings)/>
        <h1>{t(Msg::RoutingSettings)}</h1>
        <p class="hint">{t(Msg::RoutingIntro)}</p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(table) => view! {
                        <RoutingForm table=table.clone() set error/>
                        <RoutingMatrix table=table.clone()/>
                        <RuleList table remove/>
                    }.into_any(),
                }
            })}
        </Suspense>
        <crate::requests::routing::RequestRouting/>
    }
}

#[component]
fn RoutingForm(table: Routing, set: ServerAction<SetRoutingRule>, error: crate::ui::ErrorSignal) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let categories = (1..=9).map(|c: i16| (c.to_string(), lang.category(c).to_string())).collect::<Vec<_>>();
    let industries = std::iter::once((String::new(), t(Msg::AnyIndustry).to_string()))
        .chain(crate::apply::views::industry_options(lang))
        .collect::<Vec<_>>();
    let departments = table.departments.iter().map(|(code, ..)| (code.clone(), table.department_name(code, lang))).collect::<Vec<_>>();
    view! {
        <h2>{t(Msg::SetRoutingRule)}</h2>
        <ErrorSummary error/>
        <ActionForm action=set>
            <SelectInput name="talent_category" label=Msg::Category field=Field::Category error options=categories/>
            <SelectInput name="industry" label=Msg::EmployerIndustry field=Field::Industry error options=industries/>
            <SelectInput name="department_code" label=Msg::Department field=Field::Department error options=departments/>
            <button type="submit" class="button">{t(Msg::Save)}</button>
        </ActionForm>
    }
}

/// Where each combination goes today, as `route` decides it.
#[component]
fn RoutingMatrix(table: Routing) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    view! {
        <h2>{t(Msg::RoutingMatrix)}</h2>
        <div class="table-scroll">
            <table class="queue routing" data-testid="routing-matrix">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::EmployerIndustry)}</th>
                        {(1..=9).map(|c: i16| view! { <th scope="col"><abbr title=lang.category(c)>{c}</abbr></th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {Industry::ALL.into_iter().map(|industry| view! {
                        <tr>
                            <th scope="row">{lang.industry(industry)}</th>
                            {(1..=9).map(|c: i16| {
                                let explicit = table.rules.iter().any(|r| r.talent_category == c && r.industry == Some(industry));
                                let name = route(&table.rules, c, Some(industry)).map(|d| table.department_name(d, lang)).unwrap_or_default();
                                view! { <td class:explicit=explicit data-category=c data-industry=industry.as_str()>{name}</td> }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn RuleList(table: Routing, remove: ServerAction<RemoveRoutingRule>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    view! {
        <h2>{t(Msg::RoutingRules)}</h2>
        <table class="queue" data-testid="routing-rules">
            <thead>
                <tr>
                    <th scope="col">{t(Msg::Category)}</th>
                    <th scope="col">{t(Msg::EmployerIndustry)}</th>
                    <th scope="col">{t(Msg::Department)}</th>
                    <th scope="col"><span class="visually-hidden">{t(Msg::Remove)}</span></th>
                </tr>
            </thead>
            <tbody>
                {table.rules.iter().map(|rule| {
                    let (category, department) = (rule.talent_category, table.department_name(&rule.department, lang));
                    let industry = rule.industry.map_or(t(Msg::AnyIndustry), |i| lang.industry(i));
                    view! {
                        <tr>
                            <td>{lang.category(category)}</td>
                            <td>{industry}</td>
                            <td>{department}</td>
                            <td>
                                {rule.industry.map(|i| view! {
                                    <ActionForm action=remove attr:class="inline">
                                        <input type="hidden" name="talent_category" value=category/>
                                        <input type="hidden" name="industry" value=i.as_str()/>
                                        <button type="submit" class="link-button">{t(Msg::Remove)}
                                            <span class="visually-hidden">" " {lang.category(category)} " " {lang.industry(i)}</span>
                                        </button>
                                    </ActionForm>
                                })}
                            </td>
                        </tr>
                    }
                }).collect::<Vec<_>>()}
            </tbody>
        </table>
    }
}
