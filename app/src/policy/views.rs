//! /policy (public): the versions of the rules and the one in force today; /admin/policy: the
//! same with the admin's form for a successor. `PolicyLine` says on the self-check and the task
//! list which version applies, or that none does and nothing can be submitted.
use leptos::prelude::*;

use super::api::{policy_versions, successor_form, AddPolicyVersion};
use super::PolicyToday;
use crate::domain::{Field, PolicyVersion};
use crate::i18n::{use_lang, use_t, Lang, Msg};
use crate::ui::{action_error, initial_value, ErrorPage, ErrorSummary, TextInput};

/// "Rules in force: 云人才领字〔2019〕1号 …", or the warning that none is.
#[component]
pub fn PolicyLine(today: PolicyToday) -> impl IntoView {
    let t = use_t();
    match today.in_force {
        Some(v) => view! {
            <p class="muted" data-testid="policy-line">
                {t(Msg::PolicyApplies)} ": " <a href="/policy">{v.document_number}</a> " " {v.title}
                " (" {v.starts_on.to_string()} " – " {v.ends_on.to_string()} ")"
            </p>
        }
        .into_any(),
        None => view! {
            <section class="panel panel-warning" role="region" aria-labelledby="no-policy-h" data-testid="policy-line">
                <h2 id="no-policy-h">{t(Msg::PolicyApplies)}</h2>
                <p>{t(Msg::PolicyNoneInForce)} " " <a href="/policy">{t(Msg::PolicyVersions)}</a></p>
            </section>
        }
        .into_any(),
    }
}

fn categories_text(v: &PolicyVersion) -> String {
    v.rules.categories.iter().map(u8::to_string).collect::<Vec<_>>().join("、")
}

/// Every version, newest first, with its values and where it stands today.
#[component]
fn VersionsTable(versions: Vec<PolicyVersion>, in_force: Option<i64>) -> impl IntoView {
    let t = use_t();
    let today = crate::ui::today();
    let rows = versions
        .into_iter()
        .rev()
        .map(|v| {
            let state = if Some(v.id) == in_force {
                view! { <strong class="tag tag-issued">{t(Msg::PolicyInForceToday)}</strong> }.into_any()
            } else if v.starts_on > today {
                view! { <span class="tag">{t(Msg::PolicyNotInForceYet)}</span> }.into_any()
            } else {
                view! { <span class="tag">{t(Msg::PolicyEnded)}</span> }.into_any()
            };
            view! {
                <tr data-testid=format!("policy-{}", v.id)>
                    <th scope="row">{v.document_number.clone()}<br/><span class="muted">{v.title.clone()}</span></th>
                    <td>{v.starts_on.to_string()} " – " {v.ends_on.to_string()}</td>
                    <td>{state}</td>
                    <td>{categories_text(&v)}</td>
                    <td>{v.rules.min_months_in_district}</td>
                    <td>{v.rules.health_check_quota} " / " {v.rules.airport_vip_quota}</td>
                    <td>{v.rules.management_months}</td>
                    <td>{v.rules.assessment_interval_months}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::PolicyVersions)>
            <table class="queue" data-testid="policy-versions">
                <thead><tr>
                    <th scope="col">{t(Msg::PolicyDocumentNumber)}</th>
                    <th scope="col">{t(Msg::PolicyStartsOn)} " – " {t(Msg::PolicyEndsOn)}</th>
                    <th scope="col">{t(Msg::PolicyStatus)}</th>
                    <th scope="col">{t(Msg::PolicyCategories)}</th>
                    <th scope="col">{t(Msg::PolicyMinMonths)}</th>
                    <th scope="col">{t(Msg::PolicyHealthQuota)} " / " {t(Msg::PolicyAirportQuota)}</th>
                    <th scope="col">{t(Msg::PolicyManagementMonths)}</th>
                    <th scope="col">{t(Msg::PolicyAssessmentInterval)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn PolicyPage() -> impl IntoView {
    let t = use_t();
    let data = Resource::new(|| (), |_| policy_versions());
    view! {
        <crate::ui::PageTitle text=t(Msg::PolicyTitle)/>
        <h1>{t(Msg::PolicyTitle)}</h1>
        <p class="lead">{t(Msg::PolicyLead)}</p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok((versions, in_force)) => view! {
                        {in_force.is_none().then(|| view! { <p class="panel panel-warning" data-testid="no-policy">{t(Msg::PolicyNoneInForce)}</p> })}
                        <VersionsTable versions in_force/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AdminPolicyPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let add = ServerAction::<AddPolicyVersion>::new();
    let error = action_error(add);
    let data = Resource::new(move || add.version().get(), |_| async { Ok::<_, crate::error::AppError>((policy_versions().await?, successor_form().await?)) });
    view! {
        <crate::ui::PageTitle text=t(Msg::PolicyTitle)/>
        <h1>{t(Msg::PolicyTitle)}</h1>
        <p class="lead">{t(Msg::PolicyLead)}</p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(((versions, in_force), form)) => view! {
                        {in_force.is_none().then(|| view! { <p class="panel panel-warning" data-testid="no-policy">{t(Msg::PolicyNoneInForce)}</p> })}
                        <VersionsTable versions in_force/>
                        <h2>{t(Msg::PolicyAddSuccessor)}</h2>
                        <p class="hint">{t(Msg::PolicySuccessorHint)}</p>
                        <ErrorSummary error/>
                        <ActionForm action=add>
                            <TextInput name="document_number" label=Msg::PolicyDocumentNumber field=Field::DocumentNumber error value=form.document_number/>
                            <TextInput name="title" label=Msg::PolicyDocTitle field=Field::PolicyTitle error value=form.title/>
                            <TextInput name="starts_on" label=Msg::PolicyStartsOn field=Field::StartsOn error kind="date" value=form.starts_on/>
                            <TextInput name="ends_on" label=Msg::PolicyEndsOn field=Field::EndsOn error kind="date" value=form.ends_on/>
                            <Categories lang error chosen=form.categories.join(",")/>
                            <TextInput name="min_months_in_district" label=Msg::PolicyMinMonths field=Field::Months error inputmode="numeric" value=form.min_months_in_district/>
                            <TextInput name="health_check_quota" label=Msg::PolicyHealthQuota field=Field::HealthCheckQuota error inputmode="numeric" value=form.health_check_quota/>
                            <TextInput name="airport_vip_quota" label=Msg::PolicyAirportQuota field=Field::AirportQuota error inputmode="numeric" value=form.airport_vip_quota/>
                            <TextInput name="management_months" label=Msg::PolicyManagementMonths field=Field::ManagementMonths error inputmode="numeric" value=form.management_months/>
                            <TextInput name="assessment_interval_months" label=Msg::PolicyAssessmentInterval field=Field::AssessmentInterval error inputmode="numeric" value=form.assessment_interval_months/>
                            <button type="submit" class="button" data-testid="save-policy">{t(Msg::PolicySave)}</button>
                        </ActionForm>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The categories of Art. 3 as checkboxes; after a refusal, the ones that were ticked.
#[component]
fn Categories(lang: Lang, error: crate::ui::ErrorSignal, chosen: String) -> impl IntoView {
    let chosen = initial_value(error, Field::Categories, chosen);
    let ticked: Vec<String> = chosen.split(',').map(|c| c.trim().to_string()).collect();
    let problem = move || error.get().and_then(|e| e.problem_with(Field::Categories));
    view! {
        <fieldset class="field" class:field-invalid=move || problem().is_some() aria-describedby="categories-error">
            <legend>{lang.t(Msg::PolicyCategories)}</legend>
            <p class="field-error" id="categories-error">{move || problem().map(|p| lang.problem(p))}</p>
            {(1..=9i16).map(|c| {
                let id = format!("category-{c}");
                let checked = ticked.contains(&c.to_string());
                view! {
                    <div class="field checkbox">
                        <input type="checkbox" id=id.clone() name="categories[]" value=c checked=checked/>
                        <label for=id>{c} ". " {lang.category(c)}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
