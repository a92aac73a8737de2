//! The ledger on the pages: recording under a valid verdict, the organisation's recent entries
//! (with cancelling), and the holder's receipts in the inbox.
use leptos::prelude::*;

use super::api::{org_service_records, service_receipts, CancelService, RecordService};
use super::{DependentView, Offer, RecordView};
use crate::domain::Field;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorSummary, SelectInput, TextInput};

/// Under a valid verdict: what was delivered, to whom, when.
#[component]
pub fn RecordServiceForm(check: i64, offers: Vec<Offer>, dependents: Vec<DependentView>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let record = ServerAction::<RecordService>::new();
    let error = action_error(record);
    let services: Vec<(String, String)> = offers.iter().map(|o| (o.service.as_str().to_string(), lang.ledger_service(o.service).to_string())).collect();
    let first = services.first().map(|(v, _)| v.clone()).unwrap_or_default();
    let mut people = vec![("holder".to_string(), t(Msg::TheHolder).to_string())];
    people.extend(dependents.iter().map(|d| (format!("dependent:{}", d.index), format!("{} · {} · {}", d.masked_name, lang.relation(d.relation), d.birth_year))));
    #[cfg(feature = "ssr")]
    let today = crate::context::today().to_string();
    #[cfg(not(feature = "ssr"))]
    let today = String::new();
    view! {
        <section class="record-service" aria-labelledby="record-title">
            <h2 id="record-title">{t(Msg::RecordService)}</h2>
            <ErrorSummary error/>
            <ActionForm action=record>
                <input type="hidden" name="check" value=check/>
                <SelectInput name="service" label=Msg::ServiceLabel field=Field::Service error options=services value=first/>
                {(people.len() > 1).then(|| view! { <SelectInput name="served_for" label=Msg::ServedFor field=Field::ServedFor error options=people value="holder"/> })}
                <TextInput name="served_on" label=Msg::ServedOn field=Field::ServedOn error kind="date" value=today/>
                <div class="field">
                    <label for="note">{t(Msg::ServiceNote)}</label>
                    <textarea id="note" name="note" rows="2" maxlength="500"></textarea>
                </div>
                <button type="submit" class="button" data-testid="record-service">{t(Msg::RecordService)}</button>
            </ActionForm>
        </section>
    }
}

/// The organisation's entries of the last 7 days; each may be cancelled within 24 hours.
#[component]
pub fn OrgRecords() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let records = Resource::new(|| (), |_| org_service_records());
    let cancel = ServerAction::<CancelService>::new();
    let error = action_error(cancel);
    view! {
        <section id="records" aria-labelledby="records-title">
            <h2 id="records-title">{t(Msg::RecentRecords)}</h2>
            <ErrorSummary error/>
            // Which of the lines a refusal was about is not kept: the reason says what to do.
            {move || error.get().and_then(|e| e.problem_with(Field::CancelReason)).map(|p| view! { <p class="field-error">{lang.problem(p)}</p> })}
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match records.await {
                        Err(_) => ().into_any(),
                        Ok(list) if list.is_empty() => view! { <p>{t(Msg::NoRecords)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="inbox" data-testid="org-records">
                                {list.into_iter().map(|r| {
                                    let (id, may_cancel) = (r.id, r.may_cancel);
                                    view! {
                                        <RecordItem record=r>
                                            {may_cancel.then(|| view! {
                                                <details class="cancel-record">
                                                    <summary>{t(Msg::CancelRecord)}</summary>
                                                    <ActionForm action=cancel>
                                                        <input type="hidden" name="record" value=id/>
                                                        <div class="field">
                                                            <label for=format!("reason-{id}")>{t(Msg::CancelReason)}</label>
                                                            <input id=format!("reason-{id}") name="reason" maxlength="500" required/>
                                                        </div>
                                                        <button type="submit" class="button warning">{t(Msg::CancelRecord)}</button>
                                                    </ActionForm>
                                                </details>
                                            })}
                                        </RecordItem>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// One entry as a list item; `children`: what may be done with it (cancelling).
#[component]
fn RecordItem(record: RecordView, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let org = if lang == crate::i18n::Lang::En { record.org_en.clone() } else { record.org_zh.clone() };
    view! {
        <li data-testid="service-record" data-service=record.service.as_str() data-cancelled=record.cancelled.is_some().to_string()>
            <strong>{lang.ledger_service(record.service)}</strong>
            " · " {record.holder.clone()}
            {record.dependent.clone().map(|(name, relation)| view! { " → " {name} {relation.map(|r| format!(" ({})", lang.relation(r)))} })}
            <span class="muted">" · " {t(Msg::ServedOn)} " " {record.served_on.clone()} " · " {org} " · " {record.recorded_at.clone()}</span>
            {(!record.note.is_empty()).then(|| view! { <p>{record.note.clone()}</p> })}
            {record.cancelled.clone().map(|reason| view! { <p class="opinion"><strong>{t(Msg::Cancelled)}</strong> ": " {reason}</p> })}
            {children.map(|c| c())}
        </li>
    }
}

/// The holder's receipts (inbox): every service recorded on their card.
#[component]
pub fn Receipts() -> impl IntoView {
    let t = use_t();
    let receipts = Resource::new(|| (), |_| service_receipts());
    view! {
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match receipts.await {
                    Ok(list) if !list.is_empty() => view! {
                        <section aria-labelledby="receipts-title">
                            <h2 id="receipts-title">{t(Msg::ServiceReceipts)}</h2>
                            <ul class="inbox" data-testid="receipts">
                                {list.into_iter().map(|r| view! { <RecordItem record=r/> }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}
