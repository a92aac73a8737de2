//! /decisions (the batches) and /decisions/:id (agenda, outcomes, the meeting), talent office only.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{decision_batch, decision_batches, CreateBatch, RecordMeeting, SetOutcome};
use super::{BatchCase, BatchView};
use crate::domain::Field;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, today, ErrorPage, ErrorSignal, ErrorSummary, TextInput};

#[component]
pub fn DecisionsPage() -> impl IntoView {
    let t = use_t();
    let create = ServerAction::<CreateBatch>::new();
    let error = action_error(create);
    let list = Resource::new(|| (), |_| decision_batches());
    view! {
        <crate::ui::PageTitle text=t(Msg::DecisionBatches)/>
        <h1>{t(Msg::DecisionBatches)}</h1>
        <p>{t(Msg::DecisionBatchesLead)}</p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok((waiting, batches)) => view! {
                        <p data-testid="waiting">{t(Msg::AwaitingBatch)} ": " <strong>{waiting}</strong></p>
                        <ErrorSummary error/>
                        <ActionForm action=create>
                            <button type="submit" class="button" data-testid="create-batch">{t(Msg::CreateBatch)}</button>
                        </ActionForm>
                        <ul class="case-list">
                            {batches.into_iter().map(|b| view! {
                                <li>
                                    <a href=format!("/decisions/{}", b.id)>{t(Msg::Batch)} " #" {b.id}</a>
                                    <span class="muted">" · " {b.created_at} " · " {b.cases} " · "
                                        {b.meeting_date.map_or_else(|| t(Msg::MeetingPending).to_string(), |d| format!("{} {d}", t(Msg::MeetingHeld)))}</span>
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
pub fn BatchPage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let batch = Resource::new(id, decision_batch);
    view! {
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match batch.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(b) => view! { <Batch batch=b/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Batch(batch: BatchView) -> impl IntoView {
    let t = use_t();
    let record = ServerAction::<RecordMeeting>::new();
    let error = action_error(record);
    let open = batch.meeting_date.is_none();
    let rejected = batch.cases.iter().filter(|c| c.reject).count();
    view! {
        <p class="no-print"><a class="back-link" href="/decisions">{t(Msg::DecisionBatches)}</a></p>
        <crate::ui::PageTitle text=format!("{} #{}", t(Msg::Agenda), batch.id)/>
        <h1>{t(Msg::Agenda)} " #" {batch.id}</h1>
        <p class="muted">{batch.created_at.clone()} " · " {batch.cases.len()} " · "
            <span data-testid="meeting">{batch.meeting_date.clone().map_or_else(|| t(Msg::MeetingPending).to_string(), |d| format!("{} {d}", t(Msg::MeetingHeld)))}</span></p>
        <p class="no-print"><a class="button secondary" href=format!("/decisions/{}/agenda.csv", batch.id) rel="external" download="" data-testid="agenda-csv">{t(Msg::ExportCsv)}</a></p>
        <ol class="agenda" data-testid="agenda">
            {batch.cases.into_iter().map(|c| view! { <AgendaItem case=c batch=batch.id open/> }).collect_view()}
        </ol>
        {open.then(|| view! {
            <section class="action-panel no-print" aria-labelledby="record-h">
                <h2 id="record-h">{t(Msg::RecordMeeting)}</h2>
                <p>{t(Msg::RecordMeetingLead)} " (" {rejected} ")"</p>
                <ErrorSummary error/>
                <ActionForm action=record>
                    <input type="hidden" name="batch" value=batch.id/>
                    <TextInput name="meeting_date" label=Msg::MeetingDate field=Field::MeetingDate error kind="date" value=today().to_string()/>
                    <button type="submit" class="button" data-testid="record-meeting">{t(Msg::RecordMeeting)}</button>
                </ActionForm>
            </section>
        })}
    }
}

#[component]
fn AgendaItem(case: BatchCase, batch: i64, open: bool) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let set = ServerAction::<SetOutcome>::new();
    let id = case.application_id;
    // Every item posts to the same server function: a refusal belongs to the case it names.
    let refused = action_error(set);
    let error: ErrorSignal = Signal::derive(move || refused.get().filter(|e| e.echo(Field::Application) == Some(id.to_string().as_str())));
    let problem = move || error.get().and_then(|e| e.problem_with(Field::Opinion)).map(|p| lang.problem(p));
    view! {
        <li id=format!("case-{id}") data-reference=case.reference.clone()>
            <p><a href=format!("/review/{id}")>{case.reference.clone()}</a> " · " {case.full_name.clone()} " · "
                {case.talent_category.map(|c| lang.category(c))} " · " {case.employer_name.clone()}
                {case.case_by_case.then(|| view! { " " <span class="tag tag-flag">{t(Msg::CaseByCase)}</span> })}
                {case.direct_recognition.then(|| view! { " " <span class="tag tag-flag">{t(Msg::DirectRecognition)}</span> })}</p>
            {(!case.hrss_opinion.is_empty()).then(|| view! { <p class="opinion muted">{lang.role(crate::domain::Role::Hrss)} ": " {case.hrss_opinion.clone()}</p> })}
            <p data-testid="outcome"><strong>{if case.reject { t(Msg::OutcomeReject) } else { t(Msg::OutcomeApprove) }}</strong>
                {(!case.reason.is_empty()).then(|| format!(" — {}", case.reason))}</p>
            {open.then(|| view! {
                <ErrorSummary error/>
                <ActionForm action=set attr:class="no-print outcome-form">
                    <input type="hidden" name="batch" value=batch/>
                    <input type="hidden" name="application" value=id/>
                    <div class="field">
                        <label for=format!("reason-{id}")>{t(Msg::RejectReason)}</label>
                        <p class="field-error" id=format!("reason-{id}-error")>{problem}</p>
                        <textarea id=format!("reason-{id}") name="reason" rows="2" maxlength="10000"
                            aria-describedby=format!("reason-{id}-error") aria-invalid=move || problem().is_some().to_string()>{case.reason.clone()}</textarea>
                    </div>
                    <div class="button-row">
                        <button type="submit" name="outcome" value="reject" class="button warning">{t(Msg::OutcomeReject)}</button>
                        <button type="submit" name="outcome" value="approve" class="button secondary">{t(Msg::OutcomeApprove)}</button>
                    </div>
                </ActionForm>
            })}
        </li>
    }
}
