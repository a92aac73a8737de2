//! The applicant's pages, GOV.UK style (the self-check is in `eligibility.rs`): the task list (which is also
//! the progress page), one page per section, check answers, confirmation.
//!
//! Routes: /applications · /applications/new · /applications/:id (task list and
//! progress) · /applications/:id/{personal,employer,category,residence,family,declaration} ·
//! /applications/:id/check · /applications/:id/submitted
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::answers::answer_rows;
use super::api::{
    my_applications, AddDependent, CreateApplication, FinishFamily, RemoveDependent, SaveCategory, SaveDeclaration, SaveEmployer,
    SavePersonal, SaveResidence, SubmitApplication,
};
use crate::auth::views::use_user;
use crate::domain::sections::{DependentInput, Gender, Relation};
use crate::domain::uploads::upload_problem_from_code;
use crate::domain::{Answers, Check, DocKind, EmployerType, Field, IdType, Industry, Section, SectionState, Status};
use crate::error::AppError;
use crate::i18n::{use_lang, use_t, Lang, Msg};
use crate::ui::{action_error, encode, human_size, today, yes_no_options, ErrorPage, ErrorSummary, RadioGroup, SelectInput, StatusTag, TextInput};
use crate::workflow::api::get_case;
use crate::workflow::views::{CardPanel, Timeline, WithdrawButton};
use crate::workflow::CaseView;

pub(super) fn employer_type_options(lang: Lang) -> Vec<(String, String)> {
    EmployerType::ALL.iter().map(|e| (e.as_str().to_string(), lang.employer_type(*e).to_string())).collect()
}

pub(crate) fn industry_options(lang: Lang) -> Vec<(String, String)> {
    Industry::ALL.iter().map(|i| (i.as_str().to_string(), lang.industry(*i).to_string())).collect()
}

pub(super) fn category_options(lang: Lang) -> Vec<(String, String)> {
    (1..=9).map(|c: i16| (c.to_string(), lang.category(c).to_string())).collect()
}

fn id_type_options(lang: Lang) -> Vec<(String, String)> {
    IdType::ALL.iter().map(|t| (t.as_str().to_string(), lang.id_type(*t).to_string())).collect()
}

fn section_href(id: i64, s: Section) -> String {
    format!("/applications/{id}/{}", s.as_str())
}


// ------------------------------------------------------------------------------------------------
// My applications, and starting one

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let list = Resource::new(|| (), |_| my_applications());
    view! {
        <crate::ui::PageTitle text=t(Msg::MyApplications)/>
        <h1>{t(Msg::MyApplications)}</h1>
        <p class="button-row">
            <a class="button" href="/applications/new">{t(Msg::NewApplication)}</a>
            <a class="button secondary" href="/eligibility">{t(Msg::EligibilityStart)}</a>
            <a class="button secondary" href="/claim" data-testid="claim-link">{t(Msg::ClaimLink)}</a>
        </p>
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
                                    <span class="muted">" " {r.full_name.clone()} " · "
                                        {r.talent_category.map(|c| lang.category(c))} " · " {r.updated_at}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Starts an application; the self-check's answers come in the query string.
#[component]
pub fn NewApplicationPage() -> impl IntoView {
    let t = use_t();
    let query = use_query_map();
    let user = use_user();
    let create = ServerAction::<CreateApplication>::new();
    let error = action_error(create);
    let q = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    let (employer_type, months, category) = (q("employer_type"), q("months_in_district"), q("talent_category"));
    view! {
        <crate::ui::PageTitle text=t(Msg::NewApplication)/>
        <h1>{t(Msg::NewApplication)}</h1>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || {
                let (employer_type, months, category) = (employer_type.clone(), months.clone(), category.clone());
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(u)) if u.role.is_filer() => view! {
                            <p>{t(Msg::StartApplicationLead)}</p>
                            <ErrorSummary error/>
                            <ActionForm action=create>
                                <input type="hidden" name="employer_type" value=employer_type/>
                                <input type="hidden" name="months_in_district" value=months/>
                                <input type="hidden" name="talent_category" value=category/>
                                <button type="submit" class="button">{t(Msg::StartApplication)}</button>
                            </ActionForm>
                        }.into_any(),
                        Ok(Some(_)) => view! { <ErrorPage error=AppError::Forbidden/> }.into_any(),
                        _ => {
                            let here = format!("/applications/new?employer_type={employer_type}&months_in_district={months}&talent_category={category}");
                            view! {
                                <p>{t(Msg::SignInToStart)}</p>
                                <p class="button-row">
                                    <a class="button" href=format!("/login?next={}", encode(&here))>{t(Msg::SignIn)}</a>
                                    <a class="button secondary" href=format!("/register?next={}", encode(&here))>{t(Msg::Register)}</a>
                                </p>
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

// ------------------------------------------------------------------------------------------------
// Loading the case of the URL

/// Loads the case named by `:id` and renders `page` with it (or the error, e.g. not signed in).
#[component]
fn WithCase<F, V>(page: F) -> impl IntoView
where
    F: Fn(CaseView) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let t = use_t();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let case = Resource::new(id, get_case);
    // After a save refused because the session ended, the form is shown again from what was
    // typed (the refusal carries it), though the case itself cannot be read until sign-in.
    let refused_post = use_query_map().read_untracked().get("__err").is_some();
    view! {
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Err(AppError::Unauthenticated) if refused_post => page(signed_out_case(id())).into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(c) => page(c).into_any(),
                }
            })}
        </Suspense>
    }
}

/// The frame of a case whose owner's session has ended: only the id; the form fills itself from
/// the values the refusal carries.
fn signed_out_case(id: i64) -> CaseView {
    CaseView {
        id,
        reference: String::new(),
        status: Status::Draft,
        version: 0,
        full_name: String::new(),
        case_by_case: false,
        direct_recognition: false,
        waiting_days: None,
        urgency: None,
        notes: vec![],
        answers: Answers::default(),
        documents: vec![],
        department: None,
        created_at: String::new(),
        submitted_at: None,
        events: vec![],
        return_reasons: vec![],
        since_return: None,
        agenda: None,
        card: None,
        commands: vec![],
        viewer_is_filer: true,
        viewer_role: crate::domain::Role::Applicant,
        policy: None,
        position: 0,
    }
}

fn editable(c: &CaseView) -> bool {
    c.viewer_is_filer && matches!(c.status, Status::Draft | Status::Returned(_))
}

fn uploaded(c: &CaseView) -> Vec<DocKind> {
    c.documents.iter().map(|d| d.kind).collect()
}

fn reason_for(c: &CaseView, s: Section) -> Option<String> {
    c.return_reasons.iter().find(|r| r.section == s).map(|r| r.reason.clone())
}

// ------------------------------------------------------------------------------------------------
// The task list, which is also where the applicant follows the case

#[component]
pub fn ApplicationPage() -> impl IntoView {
    view! { <WithCase page=|c| view! { <Application case=c/> }/> }
}

#[component]
fn Application(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let id = case.id;
    let docs = uploaded(&case);
    let today = today();
    let rules = case.policy.as_ref().map_or_else(crate::domain::Rules::notice_2019, |p| p.rules.clone());
    let states: Vec<(Section, SectionState)> = Section::ALL.into_iter().map(|s| (s, case.answers.state(s, &docs, today, &rules))).collect();
    let done = states.iter().filter(|(_, st)| *st == SectionState::Complete).count();
    let all_done = done == Section::ALL.len();
    let can_edit = editable(&case);
    let no_version_in_force = case.policy.as_ref().is_some_and(|p| p.in_force.is_none());
    let returned = matches!(case.status, Status::Returned(_));
    let tasks = can_edit.then(|| {
        let rows = states
            .into_iter()
            .map(|(s, st)| {
                let needs_fix = returned && reason_for(&case, s).is_some();
                let (label, class) = if needs_fix {
                    (t(Msg::StateNeedsCorrection), "tag tag-returned")
                } else {
                    (lang.section_state(st), match st {
                        SectionState::Complete => "tag tag-issued",
                        SectionState::InProgress => "tag tag-pre_review",
                        SectionState::NotStarted => "tag",
                    })
                };
                view! {
                    <li class="task">
                        <a href=section_href(id, s) data-testid=format!("task-{}", s.as_str())>{lang.section(s)}</a>
                        <strong class=class data-testid=format!("state-{}", s.as_str())>{label}</strong>
                    </li>
                }
            })
            .collect_view();
        view! {
            {case.policy.clone().map(|today| view! { <crate::policy::views::PolicyLine today/> })}
            <p>{t(Msg::TaskListLead)}</p>
            <p class="muted">{t(Msg::SectionsDone)} ": " {done} " / " {Section::ALL.len()}</p>
            <ol class="task-list">{rows}</ol>
            {if all_done && no_version_in_force {
                // Art. 7: the warning above says why; nothing to press.
                ().into_any()
            } else if all_done {
                view! { <p><a class="button" href=format!("/applications/{id}/check")>{t(Msg::CheckAndSubmit)}</a></p> }.into_any()
            } else {
                view! { <p class="muted">{t(Msg::CompleteAllFirst)}</p> }.into_any()
            }}
        }
    });
    view! {
        <crate::ui::PageTitle text=t(Msg::TaskListTitle) case=case.reference.clone()/>
        <h1>{t(Msg::TaskListTitle)}</h1>
        {(!case.reference.is_empty()).then(|| view! { <crate::live::views::LiveCase case=id version=case.version position=case.position swap=true/> })}
        <p>{t(Msg::Reference)} ": " <strong data-testid="reference">{case.reference.clone()}</strong> " "
            <span data-testid="status"><StatusTag status=case.status/></span></p>
        {case.card.clone().map(|card| view! { <CardPanel card/> })}
        {returned.then(|| view! {
            <section class="panel panel-warning" role="region" aria-labelledby="returned-h">
                <h2 id="returned-h">{t(Msg::ReturnedBanner)}</h2>
                <dl>
                    {case.return_reasons.iter().map(|r| view! {
                        <dt><a href=section_href(id, r.section)>{lang.section(r.section)}</a></dt>
                        <dd class="opinion" data-testid=format!("reason-{}", r.section.as_str())>{r.reason.clone()}</dd>
                    }).collect_view()}
                </dl>
            </section>
        })}
        {(case.viewer_role == crate::domain::Role::EmployerAgent && case.viewer_is_filer)
            .then(|| view! { <crate::claims::views::ClaimPanel id/> })}
        {tasks}
        {(!case.events.is_empty()).then(|| view! { <Timeline events=case.events.clone()/> })}
        <WithdrawButton case=case.clone()/>
    }
}

// ------------------------------------------------------------------------------------------------
// One page per section

/// The frame of a section page: back link, heading, the reviewer's reason if returned.
#[component]
fn SectionFrame(case: CaseView, section: Section, children: Children) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    if !editable(&case) {
        return view! { <ErrorPage error=AppError::Conflict/> }.into_any();
    }
    view! {
        <p><a class="back-link" href=format!("/applications/{}", case.id)>{t(Msg::BackToTasks)}</a></p>
        <crate::ui::PageTitle text=lang.step(section) case=case.reference.clone()/>
        <h1>{lang.section(section)}</h1>
        {reason_for(&case, section).map(|r| view! {
            <div class="panel panel-warning"><h2>{t(Msg::ReasonFor)}</h2><p class="opinion" data-testid="section-reason">{r}</p></div>
        })}
        {children()}
    }
    .into_any()
}

/// The form wrapper that carries today's date for the browser's instant checks.
#[component]
fn Checked(children: Children) -> impl IntoView {
    view! { <div data-today=today().to_string()>{children()}</div> }
}

#[component]
pub fn PersonalPage() -> impl IntoView {
    view! { <WithCase page=|c| view! { <PersonalForm case=c/> }/> }
}

#[component]
fn PersonalForm(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let save = ServerAction::<SavePersonal>::new();
    let error = action_error(save);
    let a = case.answers.personal.clone();
    let genders = [Gender::Male, Gender::Female]
        .into_iter()
        .map(|g| (g.as_str().to_string(), t(if g == Gender::Male { Msg::Male } else { Msg::Female }).to_string()))
        .collect();
    view! {
        <SectionFrame case=case.clone() section=Section::Personal>
            <ErrorSummary error/>
            <Checked>
                <ActionForm action=save>
                    <input type="hidden" name="id" value=case.id/>
                    <TextInput name="full_name" label=Msg::FullName field=Field::FullName error value=a.full_name autocomplete="name"/>
                    <RadioGroup name="gender" legend=Msg::Gender field=Field::Gender error options=genders value=a.gender/>
                    <TextInput name="birth_date" label=Msg::BirthDate hint=Msg::DateHint field=Field::BirthDate error value=a.birth_date kind="date" check=Check::PastDate/>
                    <TextInput name="nationality" label=Msg::Nationality field=Field::Nationality error value=a.nationality autocomplete="country-name"/>
                    <SelectInput name="id_type" label=Msg::IdType field=Field::IdType error options=id_type_options(lang) value=a.id_type/>
                    <TextInput name="id_number" label=Msg::DocNumber hint=Msg::IdNumberHint field=Field::IdNumber error value=a.id_number autocomplete="off" check=Check::IdNumber/>
                    <TextInput name="phone" label=Msg::Phone field=Field::Phone error value=a.phone kind="tel" autocomplete="tel" check=Check::Phone/>
                    <TextInput name="email" label=Msg::Email hint=Msg::EmailHint field=Field::Email error value=a.email inputmode="email" autocomplete="email" check=Check::Email/>
                    <button type="submit" class="button">{t(Msg::SaveAndContinue)}</button>
                </ActionForm>
            </Checked>
            <Documents case=case.clone() section=Section::Personal/>
        </SectionFrame>
    }
}

#[component]
pub fn EmployerPage() -> impl IntoView {
    view! { <WithCase page=|c| view! { <EmployerForm case=c/> }/> }
}

#[component]
fn EmployerForm(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let save = ServerAction::<SaveEmployer>::new();
    let error = action_error(save);
    let a = case.answers.employer.clone();
    view! {
        <SectionFrame case=case.clone() section=Section::Employer>
            <ErrorSummary error/>
            <Checked>
                <ActionForm action=save>
                    <input type="hidden" name="id" value=case.id/>
                    <TextInput name="employer_name" label=Msg::EmployerName field=Field::EmployerName error value=a.employer_name autocomplete="organization"/>
                    <TextInput name="credit_code" label=Msg::CreditCode hint=Msg::CreditCodeHint field=Field::CreditCode error value=a.credit_code autocomplete="off" check=Check::CreditCode/>
                    <RadioGroup name="employer_type" legend=Msg::EmployerType field=Field::EmployerType error options=employer_type_options(lang) value=a.employer_type/>
                    <SelectInput name="industry" label=Msg::EmployerIndustry hint=Msg::EmployerIndustryHint field=Field::Industry error options=industry_options(lang) value=a.industry/>
                    <TextInput name="registered_on" label=Msg::RegisteredOn hint=Msg::DateHint field=Field::RegisteredOn error value=a.registered_on kind="date" check=Check::PastDate/>
                    <RadioGroup name="registered_in_district" legend=Msg::RegisteredInDistrict hint=Msg::QEnterprisesAndNewInvestment field=Field::RegisteredInDistrict error options=yes_no_options(lang) value=a.registered_in_district/>
                    <RadioGroup name="pays_tax_in_district" legend=Msg::PaysTaxInDistrict hint=Msg::QEnterprisesAndNewInvestment field=Field::PaysTaxInDistrict error options=yes_no_options(lang) value=a.pays_tax_in_district/>
                    <p class="hint">{t(Msg::CaseByCaseNote)}</p>
                    <button type="submit" class="button">{t(Msg::SaveAndContinue)}</button>
                </ActionForm>
            </Checked>
            <Documents case=case.clone() section=Section::Employer/>
        </SectionFrame>
    }
}

#[component]
pub fn CategoryPage() -> impl IntoView {
    view! { <WithCase page=|c| view! { <CategoryForm case=c/> }/> }
}

#[component]
fn CategoryForm(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let save = ServerAction::<SaveCategory>::new();
    let error = action_error(save);
    let a = case.answers.category.clone();
    let postdoc = vec![("in_station".to_string(), t(Msg::InStation).to_string()), ("left_station".to_string(), t(Msg::LeftStation).to_string())];
    view! {
        <SectionFrame case=case.clone() section=Section::Category>
            <ErrorSummary error/>
            <ActionForm action=save>
                <input type="hidden" name="id" value=case.id/>
                <SelectInput name="talent_category" label=Msg::Category field=Field::Category error options=category_options(lang) value=a.talent_category/>
                <TextInput name="honour" label=Msg::Honour hint=Msg::HonourHint field=Field::Honour error value=a.honour/>
                <RadioGroup name="postdoc_status" legend=Msg::PostdocStatus hint=Msg::OnlyCat8 field=Field::PostdocStatus error options=postdoc value=a.postdoc_status/>
                <TextInput name="contract_years" label=Msg::ContractYears hint=Msg::OnlyCat8 field=Field::ContractYears error value=a.contract_years inputmode="numeric"/>
                <button type="submit" class="button">{t(Msg::SaveAndContinue)}</button>
            </ActionForm>
            <Documents case=case.clone() section=Section::Category/>
        </SectionFrame>
    }
}

#[component]
pub fn ResidencePage() -> impl IntoView {
    view! { <WithCase page=|c| view! { <ResidenceForm case=c/> }/> }
}

#[component]
fn ResidenceForm(case: CaseView) -> impl IntoView {
    let t = use_t();
    let save = ServerAction::<SaveResidence>::new();
    let error = action_error(save);
    let a = case.answers.residence.clone();
    view! {
        <SectionFrame case=case.clone() section=Section::Residence>
            <ErrorSummary error/>
            <Checked>
                <ActionForm action=save>
                    <input type="hidden" name="id" value=case.id/>
                    <TextInput name="months_in_district" label=Msg::Months hint=Msg::MonthsHint field=Field::Months error value=a.months_in_district inputmode="numeric" check=Check::Months/>
                    <button type="submit" class="button">{t(Msg::SaveAndContinue)}</button>
                </ActionForm>
            </Checked>
        </SectionFrame>
    }
}

#[component]
pub fn FamilyPage() -> impl IntoView {
    view! { <WithCase page=|c| view! { <FamilyForm case=c/> }/> }
}

/// GOV.UK "add another" pattern: the list, a form to add one, then "I have listed everyone".
#[component]
fn FamilyForm(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let add = ServerAction::<AddDependent>::new();
    let remove = ServerAction::<RemoveDependent>::new();
    let finish = ServerAction::<FinishFamily>::new();
    let add_error = action_error(add);
    let finish_error = action_error(finish);
    let id = case.id;
    let family = case.answers.family.clone();
    let (dependents, done) = (family.dependents, family.done);
    let relations = [Relation::Spouse, Relation::Child]
        .into_iter()
        .map(|r| (r.as_str().to_string(), t(if r == Relation::Spouse { Msg::Spouse } else { Msg::Child }).to_string()))
        .collect();
    let blank = DependentInput::default();
    view! {
        <SectionFrame case=case.clone() section=Section::Family>
            <p>{t(Msg::FamilyLead)}</p>
            {if dependents.is_empty() {
                view! { <p class="muted" data-testid="no-dependents">{t(Msg::NoFamilyMembers)}</p> }.into_any()
            } else {
                view! {
                    <ul class="dependents" data-testid="dependents">
                        {dependents.into_iter().enumerate().map(|(i, d)| {
                            let relation = Relation::parse(&d.relation).map(|r| t(if r == Relation::Spouse { Msg::Spouse } else { Msg::Child })).unwrap_or("");
                            view! {
                                <li>
                                    <span>{d.full_name.clone()} " · " {relation} " · " {d.birth_date.clone()}</span>
                                    <ActionForm action=remove>
                                        <input type="hidden" name="id" value=id/>
                                        <input type="hidden" name="index" value=i/>
                                        <button type="submit" class="link-button">{t(Msg::Remove)} <span class="visually-hidden">" " {d.full_name.clone()}</span></button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h2>{t(Msg::AddFamilyMember)}</h2>
            <ErrorSummary error=add_error/>
            <Checked>
                <ActionForm action=add>
                    <input type="hidden" name="id" value=id/>
                    <TextInput name="full_name" label=Msg::FullName field=Field::FullName error=add_error value=blank.full_name.clone()/>
                    <RadioGroup name="relation" legend=Msg::Relation field=Field::Relation error=add_error options=relations/>
                    <TextInput name="birth_date" label=Msg::BirthDate hint=Msg::DateHint field=Field::BirthDate error=add_error kind="date" check=Check::PastDate/>
                    <SelectInput name="id_type" label=Msg::IdType field=Field::IdType error=add_error options=id_type_options(lang)/>
                    <TextInput name="id_number" label=Msg::DocNumber field=Field::IdNumber error=add_error autocomplete="off" check=Check::IdNumber/>
                    <button type="submit" class="button secondary">{t(Msg::AddFamilyMember)}</button>
                </ActionForm>
            </Checked>
            <ErrorSummary error=finish_error/>
            <ActionForm action=finish>
                <input type="hidden" name="id" value=id/>
                <div class="field checkbox">
                    <input type="checkbox" id="done" name="done" value="yes" checked=done/>
                    <label for="done">{t(Msg::FamilyDone)}</label>
                </div>
                <button type="submit" class="button">{t(Msg::SaveAndContinue)}</button>
            </ActionForm>
        </SectionFrame>
    }
}

#[component]
pub fn DeclarationPage() -> impl IntoView {
    view! { <WithCase page=|c| view! { <DeclarationForm case=c/> }/> }
}

/// Art. 6(2): fraud ends talent and bank services.
#[component]
fn DeclarationForm(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let save = ServerAction::<SaveDeclaration>::new();
    let error = action_error(save);
    let problem = move || error.get().and_then(|e| e.problem_with(Field::Declaration));
    view! {
        <SectionFrame case=case.clone() section=Section::Declaration>
            <ErrorSummary error/>
            <div class="panel"><p data-testid="declaration-text">{t(Msg::DeclarationText)}</p></div>
            <ActionForm action=save>
                <input type="hidden" name="id" value=case.id/>
                <div class="field checkbox" class:field-invalid=move || problem().is_some()>
                    <p class="field-error" id="agreed-error">{move || problem().map(|p| lang.problem(p))}</p>
                    <input type="checkbox" id="agreed" name="agreed" value="yes" checked=case.answers.declaration.agreed aria-describedby="agreed-error"/>
                    <label for="agreed">{t(Msg::DeclarationAgree)}</label>
                </div>
                <button type="submit" class="button">{t(Msg::SaveAndContinue)}</button>
            </ActionForm>
        </SectionFrame>
    }
}

// ------------------------------------------------------------------------------------------------
// Documents of a section: what is needed, what is there, and an upload form for each

#[component]
fn Documents(case: CaseView, section: Section) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let query = use_query_map();
    let upload_error = query.read_untracked().get("upload_error").and_then(|c| upload_problem_from_code(&c));
    let error_kind = query.read_untracked().get("kind").and_then(|k| DocKind::parse(&k));
    let just_uploaded = query.read_untracked().get("uploaded").is_some();
    let mut kinds = case.answers.required_documents(section);
    if section == Section::Category {
        kinds.push(DocKind::Other);
    }
    if kinds.is_empty() {
        return ().into_any();
    }
    let id = case.id;
    view! {
        <section class="documents" id="documents" aria-labelledby="documents-h">
            <h2 id="documents-h">{t(Msg::EvidenceNeeded)}</h2>
            <p class="hint">{t(Msg::UploadHint)}</p>
            {just_uploaded.then(|| view! { <p class="panel panel-success" role="status">{t(Msg::UploadSaved)}</p> })}
            {kinds.into_iter().map(|kind| {
                let files: Vec<_> = case.documents.iter().filter(|d| d.kind == kind).cloned().collect();
                let problem = (error_kind == Some(kind)).then_some(upload_error).flatten();
                let input_id = format!("file-{}", kind.as_str());
                view! {
                    <div class="document" data-testid=format!("doc-{}", kind.as_str())>
                        <h3>{lang.doc_kind(kind)} " "
                            {if files.is_empty() && kind != DocKind::Other {
                                view! { <strong class="tag">{t(Msg::NotUploaded)}</strong> }.into_any()
                            } else if files.is_empty() {
                                ().into_any()
                            } else {
                                view! { <strong class="tag tag-issued">{t(Msg::Uploaded)}</strong> }.into_any()
                            }}
                        </h3>
                        <ul class="files">
                            {files.into_iter().map(|f| view! {
                                <li>
                                    <a href=format!("/documents/{}", f.token) target="_blank" rel="noopener">{f.file_name.clone()}</a>
                                    <span class="muted">" · " {human_size(f.byte_size)} " · " {f.uploaded_at.clone()}</span>
                                    <form method="post" action=format!("/documents/{}/remove", f.token) class="inline">
                                        <button type="submit" class="link-button">{t(Msg::Remove)} <span class="visually-hidden">" " {f.file_name.clone()}</span></button>
                                    </form>
                                </li>
                            }).collect_view()}
                        </ul>
                        <form method="post" action=format!("/applications/{id}/documents") enctype="multipart/form-data" data-upload="">
                                <input type="hidden" name="kind" value=kind.as_str()/>
                                <div class="field" class:field-invalid=problem.is_some()>
                                    <label for=input_id.clone()>{t(Msg::Upload)} ": " {lang.doc_kind(kind)}</label>
                                    <p class="field-error" id=format!("{input_id}-error") role="alert">{problem.map(|p| lang.problem(p))}</p>
                                    <input type="file" id=input_id.clone() name="file" aria-describedby=format!("{input_id}-error")
                                        accept=if kind == DocKind::Photo { "image/jpeg,image/png" } else { "application/pdf,image/jpeg,image/png" }/>
                                </div>
                                <progress max="100" value="0" hidden aria-label=t(Msg::Uploading)></progress>
                                <button type="submit" class="button secondary">{t(Msg::Upload)}</button>
                        </form>
                    </div>
                }
            }).collect_view()}
        </section>
    }
    .into_any()
}

// ------------------------------------------------------------------------------------------------
// Check answers, submit, confirmation

#[component]
pub fn CheckAnswersPage() -> impl IntoView {
    view! { <WithCase page=|c| view! { <CheckAnswers case=c/> }/> }
}

#[component]
fn CheckAnswers(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let submit = ServerAction::<SubmitApplication>::new();
    let error = action_error(submit);
    if !editable(&case) {
        return view! { <ErrorPage error=AppError::Conflict/> }.into_any();
    }
    let id = case.id;
    let resubmit = matches!(case.status, Status::Returned(_));
    view! {
        <p><a class="back-link" href=format!("/applications/{id}")>{t(Msg::BackToTasks)}</a></p>
        <crate::ui::PageTitle text=t(Msg::CheckAnswersTitle) case=case.reference.clone()/>
        <h1>{t(Msg::CheckAnswersTitle)}</h1>
        {Section::ALL.into_iter().map(|s| view! {
            <section class="check-section" aria-labelledby=format!("check-{}", s.as_str())>
                <h2 id=format!("check-{}", s.as_str())>{lang.section(s)}</h2>
                <dl class="answers">
                    {answer_rows(&case.answers, s, lang).into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                    {case.documents.iter().filter(|d| d.kind.section() == s).map(|d| view! {
                        <dt>{lang.doc_kind(d.kind)}</dt><dd>{d.file_name.clone()}</dd>
                    }).collect_view()}
                </dl>
                <p><a href=section_href(id, s)>{t(Msg::Change)} <span class="visually-hidden">" " {lang.section(s)}</span></a></p>
            </section>
        }).collect_view()}
        <ErrorSummary error/>
        <ActionForm action=submit>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=case.version/>
            <button type="submit" class="button" data-testid="submit">{t(if resubmit { Msg::ResubmitApplication } else { Msg::SubmitApplication })}</button>
        </ActionForm>
    }
    .into_any()
}

#[component]
pub fn SubmittedPage() -> impl IntoView {
    view! { <WithCase page=|c| view! { <Submitted case=c/> }/> }
}

#[component]
fn Submitted(case: CaseView) -> impl IntoView {
    let t = use_t();
    view! {
        <crate::ui::PageTitle text=t(Msg::SubmittedTitle) case=case.reference.clone()/>
        <section class="panel panel-success confirmation">
            <h1>{t(Msg::SubmittedTitle)}</h1>
            <p>{t(Msg::SubmittedRef)}</p>
            <p class="big-reference" data-testid="reference">{case.reference.clone()}</p>
        </section>
        <h2>{t(Msg::WhatNext)}</h2>
        <p>{t(Msg::WhatNextText)}</p>
        <p class="button-row">
            <a class="button" href=format!("/applications/{}", case.id)>{t(Msg::ViewProgress)}</a>
            <a class="button secondary" href="/inbox">{t(Msg::Inbox)}</a>
        </p>
    }
}
