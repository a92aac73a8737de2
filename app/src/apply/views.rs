//! The applicant's pages: my applications, and the application form (new or changed).
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{my_applications, SaveApplication};
use crate::domain::{ApplicationInput, EmployerType, Field};
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary, SelectInput, StatusTag, TextInput};
use crate::workflow::api::get_case;

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let list = Resource::new(|| (), |_| my_applications());
    view! {
        <h1>{t(Msg::MyApplications)}</h1>
        <p><a class="button" href="/applications/new">{t(Msg::NewApplication)}</a></p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p>{t(Msg::NoApplications)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="case-list">
                            {rows.into_iter().map(|r| view! {
                                <li>
                                    <a href=format!("/applications/{}", r.id)>{r.reference.clone()}</a>
                                    " " <StatusTag status=r.status/>
                                    <span class="muted">" " {lang.category(r.talent_category)} " · " {r.updated_at}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn NewApplicationPage() -> impl IntoView {
    let t = use_t();
    view! {
        <h1>{t(Msg::NewApplication)}</h1>
        <ApplicationForm initial=ApplicationInput::default() existing=None/>
    }
}

/// Change a draft or a returned application.
#[component]
pub fn EditApplicationPage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let case = Resource::new(id, get_case);
    view! {
        <h1>{t(Msg::Edit)}</h1>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(c) => {
                        let initial = ApplicationInput {
                            full_name: c.full_name,
                            resident_id: c.resident_id,
                            employer_name: c.employer_name,
                            credit_code: c.credit_code,
                            employer_type: c.employer_type.as_str().into(),
                            months_in_district: c.months_in_district.to_string(),
                            talent_category: c.talent_category.to_string(),
                        };
                        view! {
                            <p class="muted">{t(Msg::Reference)} ": " {c.reference}</p>
                            <ApplicationForm initial existing=Some((c.id, c.version))/>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The minimal application (Art. 3): who, which employer, how long in the district, which category.
#[component]
fn ApplicationForm(initial: ApplicationInput, existing: Option<(i64, i32)>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let save = ServerAction::<SaveApplication>::new();
    let error = action_error(save);
    let employer_types = EmployerType::ALL.iter().map(|e| (e.as_str().to_string(), lang.employer_type(*e).to_string())).collect();
    let categories = (1..=9).map(|c: i16| (c.to_string(), lang.category(c).to_string())).collect();
    view! {
        <ErrorSummary error/>
        <ActionForm action=save>
            {existing.map(|(id, version)| view! {
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
            })}
            <TextInput name="full_name" label=Msg::FullName field=Field::FullName error value=initial.full_name autocomplete="name"/>
            <TextInput name="resident_id" label=Msg::ResidentId hint=Msg::ResidentIdHint field=Field::ResidentId error value=initial.resident_id autocomplete="off"/>
            <TextInput name="employer_name" label=Msg::EmployerName field=Field::EmployerName error value=initial.employer_name autocomplete="organization"/>
            <TextInput name="credit_code" label=Msg::CreditCode hint=Msg::CreditCodeHint field=Field::CreditCode error value=initial.credit_code autocomplete="off"/>
            <SelectInput name="employer_type" label=Msg::EmployerType field=Field::EmployerType error options=employer_types value=initial.employer_type/>
            <TextInput name="months_in_district" label=Msg::Months hint=Msg::MonthsHint field=Field::Months error value=initial.months_in_district inputmode="numeric"/>
            <SelectInput name="talent_category" label=Msg::Category field=Field::Category error options=categories value=initial.talent_category/>
            <button type="submit" class="button">{t(Msg::SaveAndContinue)}</button>
        </ActionForm>
    }
}
