//! /admin/organisations: the industry departments (Art. 5(3)) and the service providers with the
//! service types of Art. 4 they serve — created and edited by the admin, so a deployment with its
//! own database and no demo seed can be set up by hand (issue 11, item 5).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::{Field, ServiceType};
use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary, TextInput};

#[cfg(feature = "ssr")]
use {
    crate::auth::session::require_role,
    crate::context::pool,
    crate::domain::{application::text, FieldError, Problem, Role},
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgLists {
    /// (code, Chinese name, English name)
    pub departments: Vec<(String, String, String)>,
    pub providers: Vec<ProviderOrg>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderOrg {
    pub id: i64,
    pub name_zh: String,
    pub name_en: String,
    pub service_types: Vec<ServiceType>,
}

#[server(endpoint = "organisations")]
pub async fn organisations() -> Result<OrgLists, AppError> {
    require_role(&[Role::Admin]).await?;
    let db = pool()?;
    let departments = sqlx::query_as("SELECT code, name_zh, name_en FROM departments ORDER BY code").fetch_all(&db).await?;
    let rows: Vec<(i64, String, String, Vec<String>)> =
        sqlx::query_as("SELECT id, name_zh, name_en, service_types FROM provider_orgs ORDER BY id").fetch_all(&db).await?;
    let providers = rows
        .into_iter()
        .map(|(id, name_zh, name_en, types)| ProviderOrg { id, name_zh, name_en, service_types: types.iter().filter_map(|t| ServiceType::parse(t)).collect() })
        .collect();
    Ok(OrgLists { departments, providers })
}

/// The two names every organisation has, checked together.
#[cfg(feature = "ssr")]
fn names(zh: (Field, &str), en: (Field, &str), errors: &mut Vec<FieldError>) -> (Option<String>, Option<String>) {
    let mut one = |(field, raw): (Field, &str)| text(raw, 100).map_err(|problem| errors.push(FieldError { field, problem })).ok();
    (one(zh), one(en))
}

/// Creates a department, or renames the one with this code.
#[server(endpoint = "save_department")]
pub async fn save_department(code: String, name_zh: String, name_en: String) -> Result<(), AppError> {
    require_role(&[Role::Admin]).await?;
    let echo = vec![(Field::DepartmentCode, code.clone()), (Field::NameZh, name_zh.clone()), (Field::NameEn, name_en.clone())];
    let mut errors = Vec::new();
    let code = code.trim().to_lowercase();
    if !(2..=20).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
        errors.push(FieldError { field: Field::DepartmentCode, problem: Problem::UsernameFormat });
    }
    let (zh, en) = names((Field::NameZh, &name_zh), (Field::NameEn, &name_en), &mut errors);
    let (Some(zh), Some(en), true) = (zh, en, errors.is_empty()) else { return Err(AppError::Invalid { errors, echo }) };
    sqlx::query(
        "INSERT INTO departments (code, name_zh, name_en) VALUES ($1, $2, $3)
         ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en",
    )
    .bind(&code)
    .bind(zh)
    .bind(en)
    .execute(&pool()?)
    .await?;
    tracing::info!(department = %code, "department saved");
    leptos_axum::redirect("/admin/organisations");
    Ok(())
}

/// Creates a provider organisation (`org` empty), or changes the one with id `org`.
#[server(endpoint = "save_provider_org")]
pub async fn save_provider_org(
    #[server(default)] org: String,
    org_name_zh: String,
    org_name_en: String,
    #[server(default)] service_types: Vec<String>,
) -> Result<(), AppError> {
    require_role(&[Role::Admin]).await?;
    let echo = vec![(Field::ProviderOrg, org.clone()), (Field::OrgNameZh, org_name_zh.clone()), (Field::OrgNameEn, org_name_en.clone())];
    let mut errors = Vec::new();
    let (zh, en) = names((Field::OrgNameZh, &org_name_zh), (Field::OrgNameEn, &org_name_en), &mut errors);
    let types: Vec<ServiceType> = service_types.iter().filter_map(|t| ServiceType::parse(t)).collect();
    if types.is_empty() || types.len() != service_types.len() {
        errors.push(FieldError { field: Field::ServiceTypes, problem: Problem::Required });
    }
    let id = match org.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => return Err(AppError::NotFound),
        },
    };
    let (Some(zh), Some(en), true) = (zh, en, errors.is_empty()) else { return Err(AppError::Invalid { errors, echo }) };
    let types: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
    let db = pool()?;
    match id {
        None => {
            sqlx::query("INSERT INTO provider_orgs (name_zh, name_en, service_types) VALUES ($1, $2, $3)").bind(zh).bind(en).bind(&types).execute(&db).await?;
        }
        Some(id) => {
            let done = sqlx::query("UPDATE provider_orgs SET name_zh = $2, name_en = $3, service_types = $4 WHERE id = $1")
                .bind(id)
                .bind(zh)
                .bind(en)
                .bind(&types)
                .execute(&db)
                .await?;
            if done.rows_affected() == 0 {
                return Err(AppError::NotFound);
            }
        }
    }
    tracing::info!(provider_org = ?id, "provider organisation saved");
    leptos_axum::redirect("/admin/organisations");
    Ok(())
}

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let save_department = ServerAction::<SaveDepartment>::new();
    let save_provider = ServerAction::<SaveProviderOrg>::new();
    let department_error = action_error(save_department);
    let provider_error = action_error(save_provider);
    let list = Resource::new(move || (save_department.version().get(), save_provider.version().get()), |_| organisations());
    view! {
        <crate::ui::PageTitle text=t(Msg::Organisations)/>
        <h1>{t(Msg::Organisations)}</h1>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(o) => view! {
                        <h2>{t(Msg::Departments)}</h2>
                        <table class="queue" data-testid="departments">
                            <thead><tr><th scope="col">{t(Msg::DepartmentCode)}</th><th scope="col">"中文"</th><th scope="col">"English"</th></tr></thead>
                            <tbody>{o.departments.into_iter().map(|(code, zh, en)| view! { <tr><td><code>{code}</code></td><td>{zh}</td><td>{en}</td></tr> }).collect_view()}</tbody>
                        </table>
                        <h3>{t(Msg::SaveDepartment)}</h3>
                        <p class="hint">{t(Msg::SaveDepartmentHint)}</p>
                        <ErrorSummary error=department_error/>
                        <ActionForm action=save_department>
                            <TextInput name="code" label=Msg::DepartmentCode field=Field::DepartmentCode error=department_error/>
                            <TextInput name="name_zh" label=Msg::NameZh field=Field::NameZh error=department_error/>
                            <TextInput name="name_en" label=Msg::NameEn field=Field::NameEn error=department_error/>
                            <button type="submit" class="button" data-testid="save-department">{t(Msg::SaveDepartment)}</button>
                        </ActionForm>
                        <h2>{t(Msg::ProviderOrgs)}</h2>
                        <table class="queue" data-testid="provider-orgs">
                            <thead><tr><th scope="col">"#"</th><th scope="col">"中文"</th><th scope="col">"English"</th><th scope="col">{t(Msg::ServiceTypes)}</th></tr></thead>
                            <tbody>{o.providers.iter().cloned().map(|p| view! {
                                <tr><td>{p.id}</td><td>{p.name_zh}</td><td>{p.name_en}</td>
                                    <td>{p.service_types.into_iter().map(|s| lang.service(s)).collect::<Vec<_>>().join("、")}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                        <h3>{t(Msg::SaveProviderOrg)}</h3>
                        <ErrorSummary error=provider_error/>
                        <ActionForm action=save_provider>
                            <div class="field">
                                <label for="org">{t(Msg::WhichProviderOrg)}</label>
                                <select id="org" name="org">
                                    <option value="">{t(Msg::NewProviderOrg)}</option>
                                    {o.providers.into_iter().map(|p| view! { <option value=p.id>{p.name_zh}</option> }).collect_view()}
                                </select>
                            </div>
                            <TextInput name="org_name_zh" label=Msg::NameZh field=Field::OrgNameZh error=provider_error/>
                            <TextInput name="org_name_en" label=Msg::NameEn field=Field::OrgNameEn error=provider_error/>
                            <fieldset>
                                <legend>{t(Msg::ServiceTypes)}</legend>
                                {ServiceType::ALL.into_iter().map(|s| view! {
                                    <div class="field checkbox">
                                        <input type="checkbox" id=format!("service-{}", s.as_str()) name="service_types[]" value=s.as_str()/>
                                        <label for=format!("service-{}", s.as_str())>{lang.service(s)}</label>
                                    </div>
                                }).collect_view()}
                            </fieldset>
                            <button type="submit" class="button" data-testid="save-provider-org">{t(Msg::SaveProviderOrg)}</button>
                        </ActionForm>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
