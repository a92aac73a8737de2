//! `/requests` (the holder's requests; a unit's queue; HRSS's unrouted requests), `/requests/new`
//! (the holder's form: the type first, then its fields) and `/requests/{id}` (the request, its
//! steps, and what the viewer may do). Plain forms: everything works with JavaScript off.
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{my_requests, request_choices, request_queue, service_request, RequestStep, SubmitRequest};
use super::{RequestRow, RequestView};
use crate::auth::views::UserResource;
use crate::domain::requests::{Outcome, RequestCommand, RequestType, COMPANY_FILINGS, SCHOOL_STAGES, VENUES};
use crate::domain::{Field, Role};
use crate::i18n::{use_lang, use_t, Lang, Msg};
use crate::ui::{action_error, yes_no_options, ErrorPage, ErrorSummary, RadioGroup, SelectInput, TextArea, TextInput};

#[component]
pub fn RequestsPage() -> impl IntoView {
    let t = use_t();
    let user = expect_context::<UserResource>();
    view! {
        <crate::ui::PageTitle text=t(Msg::RequestsTitle)/>
        <h1>{t(Msg::RequestsTitle)}</h1>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::Applicant => view! { <MyRequests/> }.into_any(),
                    Ok(Some(u)) if matches!(u.role, Role::IndustryDept | Role::Hrss) => view! { <Queue hrss=u.role == Role::Hrss/> }.into_any(),
                    Ok(Some(_)) => view! { <ErrorPage error=crate::error::AppError::Forbidden/> }.into_any(),
                    _ => view! { <ErrorPage error=crate::error::AppError::Unauthenticated/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MyRequests() -> impl IntoView {
    let t = use_t();
    let list = Resource::new(|| (), |_| my_requests());
    view! {
        <p class="lead">{t(Msg::RequestsLead)}</p>
        <p><a class="button" href="/requests/new" data-testid="new-request">{t(Msg::NewRequest)}</a></p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p>{t(Msg::NoRequests)}</p> }.into_any(),
                    Ok(rows) => view! { <Rows rows for_unit=false/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Queue(hrss: bool) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let query = use_query_map();
    let of_type = query.read_untracked().get("type").unwrap_or_default();
    let q = query.read_untracked().get("q").unwrap_or_default();
    let asked = (of_type.clone(), q.clone());
    let list = Resource::new(move || asked.clone(), |(of_type, q)| request_queue(of_type, q));
    let types: Vec<(String, String)> = RequestType::ALL.into_iter().map(|r| (r.as_str().to_string(), lang.request_type(r).to_string())).collect();
    view! {
        <p class="lead">{t(if hrss { Msg::RequestsUnroutedLead } else { Msg::RequestsQueueLead })}</p>
        <form method="get" action="/requests" class="filters">
            <div class="field">
                <label for="type">{t(Msg::RequestTypeLabel)}</label>
                <select id="type" name="type">
                    <option value="" selected=of_type.is_empty()>{t(Msg::AllTypes)}</option>
                    {types.into_iter().map(|(v, label)| { let selected = v == of_type; view! { <option value=v selected=selected>{label}</option> } }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="q">{t(Msg::RequestSearch)}</label>
                <input id="q" name="q" value=q type="search"/>
            </div>
            <button type="submit" class="button secondary">{t(Msg::Filter)}</button>
        </form>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p>{t(Msg::NoRequests)}</p> }.into_any(),
                    Ok(rows) => view! { <Rows rows for_unit=true/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Rows(rows: Vec<RequestRow>, for_unit: bool) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    view! {
        <table class="queue" data-testid="requests">
            <thead><tr>
                <th scope="col">{t(Msg::RequestTypeLabel)}</th>
                {for_unit.then(|| view! { <th scope="col">{t(Msg::Holder)}</th> })}
                <th scope="col">{t(Msg::Status)}</th>
                <th scope="col">{t(Msg::SubmittedAt)}</th>
                <th scope="col">{t(Msg::DueBy)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr data-testid=format!("request-{}", r.id)>
                        <td><a href=format!("/requests/{}", r.id)>{lang.request_type(r.request_type)}</a></td>
                        {for_unit.then(|| view! { <td>{r.holder.clone()}</td> })}
                        <td><span class=format!("tag tag-request-{}", r.status.as_str())>{lang.request_status(r.status)}</span></td>
                        <td>{r.submitted_at.clone()}</td>
                        <td>{r.due.clone().unwrap_or_default()} {r.overdue.then(|| view! { " " <strong class="tag tag-returned">{t(Msg::OverdueOnly)}</strong> })}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

fn options(lang: Lang, values: &[&str]) -> Vec<(String, String)> {
    values.iter().map(|v| (v.to_string(), lang.request_value(v).to_string())).collect()
}

/// The holder's form: the type first (a plain GET), then the fields of that type.
#[component]
pub fn NewRequestPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let submit = ServerAction::<SubmitRequest>::new();
    let error = action_error(submit);
    let query = use_query_map();
    let chosen = move || {
        let typed = query.read_untracked().get("type").unwrap_or_default();
        let echoed = crate::ui::initial_value(error, Field::RequestType, typed);
        RequestType::parse(echoed.trim())
    };
    let choices = Resource::new(|| (), |_| request_choices());
    let types: Vec<(String, String)> = RequestType::ALL.into_iter().map(|r| (r.as_str().to_string(), lang.request_type(r).to_string())).collect();
    view! {
        <crate::ui::PageTitle text=t(Msg::NewRequest)/>
        <p><a class="back-link" href="/requests">{t(Msg::RequestsTitle)}</a></p>
        <h1>{t(Msg::NewRequest)}</h1>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || {
                let types = types.clone();
                Suspend::new(async move {
                match choices.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(c) if !c.card_active => view! { <p class="panel panel-warning" data-testid="no-active-card">{t(Msg::RequestNeedsActiveCard)}</p> }.into_any(),
                    Ok(c) => match chosen() {
                        None => view! {
                            <form method="get" action="/requests/new">
                                <RadioGroup name="type" legend=Msg::RequestTypeLabel field=Field::RequestType error options=types/>
                                <button type="submit" class="button">{t(Msg::Continue)}</button>
                            </form>
                        }.into_any(),
                        Some(ty) => {
                            let mut whom: Vec<(String, String)> = Vec::new();
                            if ty.for_holder() {
                                whom.push(("self".into(), t(Msg::ForMyself).to_string()));
                            }
                            whom.extend(c.dependents.iter().filter(|(_, _, r)| ty.reaches(*r)).map(|(v, name, r)| (v.clone(), format!("{name}（{}）", lang.relation(*r)))));
                            view! {
                                <p class="lead">{lang.request_type(ty)} " · " <a href="/requests/new">{t(Msg::ChangeType)}</a></p>
                                <ErrorSummary error/>
                                <ActionForm action=submit attr:data-testid="request-form">
                                    <input type="hidden" name="request_type" value=ty.as_str()/>
                                    <RadioGroup name="for_whom" legend=Msg::ForWhom field=Field::ServedFor error options=whom value=if ty.for_holder() { "self" } else { "" }/>
                                    {match ty {
                                        RequestType::Hukou => view! { <TextInput name="hukou_now" label=Msg::HukouNowLabel field=Field::HukouNow error/> }.into_any(),
                                        RequestType::SchoolPlace => view! {
                                            <RadioGroup name="school_stage" legend=Msg::SchoolStageLabel field=Field::SchoolStage error options=options(lang, &SCHOOL_STAGES)/>
                                            <TextInput name="preferred_schools" label=Msg::PreferredSchoolsLabel field=Field::PreferredSchools error/>
                                        }.into_any(),
                                        RequestType::CompanyRegistration => view! {
                                            <RadioGroup name="filing" legend=Msg::FilingLabel field=Field::Filing error options=options(lang, &COMPANY_FILINGS)/>
                                            <TextInput name="registry_reference" label=Msg::RegistryReferenceLabel field=Field::RegistryReference error/>
                                        }.into_any(),
                                        RequestType::Apartment => view! {
                                            <TextInput name="household_size" label=Msg::HouseholdSizeLabel field=Field::HouseholdSize error inputmode="numeric"/>
                                            <RadioGroup name="owns_home" legend=Msg::OwnsHomeLabel field=Field::OwnsHome error options=yes_no_options(lang)/>
                                        }.into_any(),
                                        RequestType::SeminarRoom => view! {
                                            <RadioGroup name="venue" legend=Msg::VenueLabel field=Field::Venue error options=options(lang, &VENUES)/>
                                            <TextInput name="wanted_on" label=Msg::WantedOnLabel field=Field::WantedOn error kind="date"/>
                                        }.into_any(),
                                        RequestType::Legal | RequestType::Problem => ().into_any(),
                                    }}
                                    <TextArea name="text" label=if ty == RequestType::Problem { Msg::ProblemLabel } else { Msg::RequestNoteLabel } field=Field::Opinion error rows=5 maxlength=crate::domain::requests::MAX_TEXT_CHARS/>
                                    <button type="submit" class="button" data-testid="submit-request">{t(Msg::SendRequest)}</button>
                                </ActionForm>
                            }.into_any()
                        }
                    },
                }
            })}}
        </Suspense>
    }
}

#[component]
pub fn RequestPage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let step = ServerAction::<RequestStep>::new();
    let request = Resource::new(move || (id(), step.version().get()), |(id, _)| service_request(id));
    view! {
        <p><a class="back-link" href="/requests">{t(Msg::RequestsTitle)}</a></p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match request.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(r) => view! { <Request r step/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Request(r: RequestView, step: ServerAction<RequestStep>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let error = action_error(step);
    let official = r.viewer_role != Role::Applicant;
    let department = match lang {
        Lang::Zh => r.department_zh.clone(),
        Lang::En => r.department_en.clone(),
    };
    view! {
        <crate::ui::PageTitle text=format!("{} · {} #{}", lang.request_type(r.request_type), t(Msg::RequestWord), r.id)/>
        <h1>{lang.request_type(r.request_type)} " #" {r.id}</h1>
        <p><span class=format!("tag tag-request-{}", r.status.as_str()) data-testid="request-status">{lang.request_status(r.status)}</span>
            {r.due.clone().map(|d| view! { " · " {t(Msg::DueBy)} ": " <strong>{d}</strong> })}</p>
        <dl class="summary">
            <dt>{t(Msg::HandledBy)}</dt><dd>{department.unwrap_or_else(|| t(Msg::NoUnitRouted).to_string())}</dd>
            {official.then(|| view! {
                <dt>{t(Msg::Holder)}</dt><dd>{r.holder_name.clone()}</dd>
                <dt>{t(Msg::Contact)}</dt><dd>{r.phone.clone()} " · " {r.email.clone()}</dd>
            })}
            <dt>{t(Msg::ForWhom)}</dt>
            <dd>{r.for_dependent.clone().map_or_else(|| t(Msg::ForTheHolder).to_string(), |(name, relation)| format!("{name}（{}）", lang.relation_code(&relation)))}</dd>
            {r.details.iter().map(|(k, v)| view! { <dt>{lang.request_field(k)}</dt><dd>{lang.request_value(v).to_string()}</dd> }).collect_view()}
            {(!r.text.is_empty()).then(|| view! { <dt>{t(if r.request_type == RequestType::Problem { Msg::ProblemLabel } else { Msg::RequestNoteLabel })}</dt><dd class="opinion">{r.text.clone()}</dd> })}
        </dl>
        {r.outcome.map(|o| view! {
            <section class="panel" data-testid="request-outcome">
                <h2>{t(Msg::OutcomeLabel)} ": " {lang.request_outcome(o)}</h2>
                {r.outcome_on.clone().map(|d| view! { <p>{t(Msg::OutcomeDateLabel)} ": " <strong>{d}</strong></p> })}
                {(!r.outcome_text.is_empty()).then(|| view! { <p class="opinion">{r.outcome_text.clone()}</p> })}
            </section>
        })}
        <Documents r=r.clone()/>
        <ErrorSummary error/>
        {(!r.commands.is_empty()).then(|| view! { <Actions r=r.clone() step/> })}
        <h2>{t(Msg::Timeline)}</h2>
        <ol class="timeline" data-testid="request-events">
            {r.events.iter().map(|e| view! {
                <li><span class="muted">{e.at.clone()}</span> " " {e.by.clone()} " " <strong>{lang.request_command(e.command)}</strong>
                    {(!e.note.is_empty()).then(|| view! { <p class="opinion">{e.note.clone()}</p> })}</li>
            }).collect_view()}
        </ol>
    }
}

/// The viewer's steps, each its own small form.
#[component]
fn Actions(r: RequestView, step: ServerAction<RequestStep>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let error = action_error(step);
    let hidden = move |command: RequestCommand| view! {
        <input type="hidden" name="id" value=r.id/>
        <input type="hidden" name="version" value=r.version/>
        <input type="hidden" name="command" value=command.as_str()/>
    };
    let simple = |command: RequestCommand, class: &'static str| view! {
        <ActionForm action=step attr:class="inline">
            {hidden(command)}
            <button type="submit" class=class data-testid=format!("request-{}", command.as_str())>{lang.request_command(command)}</button>
        </ActionForm>
    };
    let has = |c: RequestCommand| r.commands.contains(&c);
    // After a refused step (JavaScript off: a new page), its form is open with the problem shown.
    let failed = move |field: Field| error.get_untracked().is_some_and(|e| e.problem_with(field).is_some());
    let outcomes: Vec<(String, String)> = Outcome::ALL.into_iter().map(|o| (o.as_str().to_string(), lang.request_outcome(o).to_string())).collect();
    view! {
        <section class="panel" aria-labelledby="actions-h">
            <h2 id="actions-h">{t(Msg::RequestActions)}</h2>
            <p class="button-row">
                {has(RequestCommand::Accept).then(|| simple(RequestCommand::Accept, "button"))}
                {has(RequestCommand::Start).then(|| simple(RequestCommand::Start, "button secondary"))}
            </p>
            {has(RequestCommand::Return).then(|| view! {
                <details open=failed(Field::ReturnReason)><summary>{lang.request_command(RequestCommand::Return)}</summary>
                    <ActionForm action=step>
                        {hidden(RequestCommand::Return)}
                        <TextArea name="reason" label=Msg::ReturnReasonLabel field=Field::ReturnReason error rows=3/>
                        <button type="submit" class="button secondary" data-testid="request-return">{lang.request_command(RequestCommand::Return)}</button>
                    </ActionForm>
                </details>
            })}
            {has(RequestCommand::Finish).then(|| view! {
                <details open=failed(Field::Outcome) || failed(Field::OutcomeDate) || failed(Field::Opinion)><summary>{lang.request_command(RequestCommand::Finish)}</summary>
                    <ActionForm action=step>
                        {hidden(RequestCommand::Finish)}
                        <RadioGroup name="outcome" legend=Msg::OutcomeLabel field=Field::Outcome error options=outcomes/>
                        <TextInput name="outcome_on" label=Msg::OutcomeDateLabel hint=Msg::OutcomeDateHint field=Field::OutcomeDate error kind="date"/>
                        <TextArea name="note" label=Msg::OutcomeTextLabel hint=Msg::OutcomeTextHint field=Field::Opinion error rows=3/>
                        <button type="submit" class="button" data-testid="request-finish">{lang.request_command(RequestCommand::Finish)}</button>
                    </ActionForm>
                </details>
            })}
            {has(RequestCommand::PassOn).then(|| {
                let units = r.units.clone();
                view! {
                <details open=failed(Field::PassOnNote) || failed(Field::Department)><summary>{lang.request_command(RequestCommand::PassOn)}</summary>
                    <ActionForm action=step>
                        {hidden(RequestCommand::PassOn)}
                        <SelectInput name="pass_to" label=Msg::PassToLabel field=Field::Department error options=units/>
                        <TextArea name="pass_note" label=Msg::PassOnNoteLabel field=Field::PassOnNote error rows=3/>
                        <button type="submit" class="button secondary" data-testid="request-pass_on">{lang.request_command(RequestCommand::PassOn)}</button>
                    </ActionForm>
                </details>
            }})}
            {has(RequestCommand::Resubmit).then(|| view! {
                <ActionForm action=step>
                    {hidden(RequestCommand::Resubmit)}
                    <TextArea name="answer" label=Msg::ResubmitNoteLabel field=Field::Answer error rows=3/>
                    <button type="submit" class="button" data-testid="request-resubmit">{lang.request_command(RequestCommand::Resubmit)}</button>
                </ActionForm>
            })}
            {has(RequestCommand::Withdraw).then(|| simple(RequestCommand::Withdraw, "button warning"))}
        </section>
    }
}

/// The holder's messages about requests, in the inbox.
#[component]
pub fn RequestMessages() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let messages = Resource::new(|| (), |_| super::api::request_messages());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                messages.await.ok().filter(|m| !m.is_empty()).map(|list| view! {
                    <h2>{t(Msg::RequestsTitle)}</h2>
                    <ul class="inbox" data-testid="request-messages">
                        {list.into_iter().map(|m| view! {
                            <li class:unread=m.unread>
                                {m.unread.then(|| view! { <strong class="tag tag-returned">{t(Msg::Unread)}</strong> " " })}
                                <a href=format!("/requests/{}", m.request_id)>{lang.request_type(m.request_type)} " #" {m.request_id}</a>
                                <span class="muted">" · " {m.at}</span>
                                <p>{t(Msg::MsgRequestChanged)} <strong>{lang.request_status(m.to)}</strong>
                                    <span class="muted">" (" {lang.request_command(m.command)} ")"</span></p>
                                {(!m.note.is_empty()).then(|| view! { <p class="opinion">{m.note}</p> })}
                            </li>
                        }).collect_view()}
                    </ul>
                })
            })}
        </Suspense>
    }
}

/// The documents attached, and for the holder of an open request a plain multipart form to add one.
#[component]
fn Documents(r: RequestView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let upload_problem = use_query_map().read_untracked().get("upload_error").and_then(|c| crate::domain::uploads::upload_problem_from_code(&c));
    (!r.documents.is_empty() || r.may_attach).then(|| view! {
        <section id="documents" aria-labelledby="documents-h">
            <h2 id="documents-h">{t(Msg::RequestDocuments)}</h2>
            <ul data-testid="request-documents">
                {r.documents.into_iter().map(|(name, token)| view! { <li><a href=format!("/requests/documents/{token}")>{name}</a></li> }).collect_view()}
            </ul>
            {r.may_attach.then(|| view! {
                <form method="post" action=format!("/requests/{}/documents", r.id) enctype="multipart/form-data" class="upload" data-testid="request-upload">
                    <div class="field" class:field-invalid=upload_problem.is_some()>
                        <label for="request-file">{t(Msg::AttachDocument)}</label>
                        <p class="hint" id="request-file-hint">{t(Msg::AttachHint)}</p>
                        <p class="field-error" id="request-file-error">{upload_problem.map(|p| lang.problem(p))}</p>
                        <input type="file" id="request-file" name="file" accept="application/pdf,image/jpeg,image/png" required aria-describedby="request-file-hint request-file-error"/>
                    </div>
                    <button type="submit" class="button secondary" data-testid="request-attach">{t(Msg::AttachDocument)}</button>
                </form>
            })}
        </section>
    })
}
