//! The eligibility self-check page (/eligibility): no sign-in, a GET form, so the answers live only
//! in the URL; the verdict is `domain::SelfCheckInput::verdict` (Art. 3).
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::views::{category_options, employer_type_options};
use crate::domain::{Field, Missing, SelfCheckInput, Verdict};
use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{yes_no_options, ErrorSummary, RadioGroup, SelectInput, TextInput};


#[component]
pub fn EligibilityPage() -> impl IntoView {
    let t = use_t();
    // Art. 7: the questions are answered under the version of the rules in force today.
    let policy = Resource::new(|| (), |_| crate::policy::api::rules_today());
    view! {
        <crate::ui::PageTitle text=t(Msg::EligibilityTitle)/>
        <h1>{t(Msg::EligibilityTitle)}</h1>
        <p class="lead">{t(Msg::EligibilityIntro)}</p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match policy.await {
                    Err(e) => view! { <crate::ui::ErrorPage error=e/> }.into_any(),
                    Ok(today) => {
                        let rules = today.rules.clone();
                        view! { <crate::policy::views::PolicyLine today/> <SelfCheck rules/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn SelfCheck(rules: crate::domain::Rules) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let query = use_query_map();
    let q = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    let input = SelfCheckInput {
        employer_type: q("employer_type"),
        registered_and_taxed: q("registered_and_taxed"),
        operating_over_a_year: q("operating_over_a_year"),
        months_in_district: q("months_in_district"),
        talent_category: q("talent_category"),
    };
    let asked = query.read_untracked().get("asked").is_some();
    let verdict = asked.then(|| input.verdict(&rules));
    let min_months = rules.min_months_in_district;
    // The errors of a check done while rendering (no server call), for the form fields.
    let refusal = match &verdict {
        Some(Err(errors)) => Some(AppError::Invalid { errors: errors.clone(), echo: vec![] }),
        _ => None,
    };
    let error = Signal::derive(move || refusal.clone());
    let start_href = format!(
        "/applications/new?employer_type={}&months_in_district={}&talent_category={}",
        input.employer_type, input.months_in_district, input.talent_category
    );
    let result = match verdict {
        Some(Ok(Verdict::CanApply { case_by_case })) => view! {
            <section class="panel panel-success" data-testid="verdict" aria-live="polite">
                <h2>{t(Msg::YouCanApply)}</h2>
                {case_by_case.then(|| view! { <p>{t(Msg::YouCanApplyCaseByCase)}</p> })}
                <p><a class="button" href=start_href>{t(Msg::StartApplication)}</a></p>
            </section>
        }
        .into_any(),
        Some(Ok(Verdict::NotYet(missing))) => view! {
            <section class="panel panel-warning" data-testid="verdict" aria-live="polite">
                <h2>{t(Msg::YouCannotApplyYet)}</h2>
                <ul>
                    {missing.into_iter().map(|m| view! { <li>{match m {
                        Missing::EmployerNotInDistrict => t(Msg::MissingNotInDistrict).to_string(),
                        Missing::EmployerUnderOneYear => t(Msg::MissingUnderOneYear).to_string(),
                        Missing::TooFewMonths => format!("{} {min_months}", t(Msg::MissingMonths)),
                        Missing::CategoryNotInForce => t(Msg::MissingCategory).to_string(),
                    }}</li> }).collect_view()}
                </ul>
            </section>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        {result}
        <ErrorSummary error/>
        <form method="get" action="/eligibility">
            <input type="hidden" name="asked" value="1"/>
            <RadioGroup name="employer_type" legend=Msg::QEmployerType field=Field::EmployerType error options=employer_type_options(lang) value=input.employer_type.clone()/>
            <RadioGroup name="registered_and_taxed" legend=Msg::QRegisteredTaxed hint=Msg::QEnterprisesAndNewInvestment field=Field::RegisteredInDistrict error options=yes_no_options(lang) value=input.registered_and_taxed.clone()/>
            <RadioGroup name="operating_over_a_year" legend=Msg::QOperatingYear hint=Msg::QOnlyEnterprises field=Field::OperatingOverAYear error options=yes_no_options(lang) value=input.operating_over_a_year.clone()/>
            <TextInput name="months_in_district" label=Msg::QMonths hint=Msg::MonthsHint field=Field::Months error value=input.months_in_district.clone() inputmode="numeric"/>
            <SelectInput name="talent_category" label=Msg::QCategory field=Field::Category error options=category_options(lang) value=input.talent_category.clone()/>
            <button type="submit" class="button">{t(Msg::CheckAnswersButton)}</button>
        </form>
    }
}

