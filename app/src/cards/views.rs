//! The bank's page: card orders, each with "record number and issue" or "cannot make".
use leptos::prelude::*;

use super::api::{card_orders, RecordCard, RefuseCard};
use crate::i18n::{use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary};

#[component]
pub fn BankPage() -> impl IntoView {
    let t = use_t();
    let record = ServerAction::<RecordCard>::new();
    let refuse = ServerAction::<RefuseCard>::new();
    let record_error = action_error(record);
    let refuse_error = action_error(refuse);
    let orders = Resource::new(move || (record.version().get(), refuse.version().get()), |_| card_orders());
    view! {
        <crate::ui::PageTitle text=t(Msg::CardOrders)/>
        <h1>{t(Msg::CardOrders)}</h1>
        <ErrorSummary error=record_error/>
        <ErrorSummary error=refuse_error/>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match orders.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p>{t(Msg::NoCardOrders)}</p> }.into_any(),
                    Ok(rows) => rows.into_iter().map(|o| view! {
                        <section class="order" data-reference=o.reference.clone()>
                            <h2>{o.reference.clone()}</h2>
                            <dl>
                                <dt>{t(Msg::Name)}</dt><dd>{o.full_name}</dd>
                                <dt>{t(Msg::ResidentId)}</dt><dd>{o.resident_id}</dd>
                                <dt>{t(Msg::OrderedAt)}</dt><dd>{o.ordered_at}</dd>
                            </dl>
                            <ActionForm action=record>
                                <input type="hidden" name="id" value=o.id/>
                                <input type="hidden" name="version" value=o.version/>
                                <div class="field">
                                    <label for=format!("card-{}", o.id)>{t(Msg::CardNumber)}</label>
                                    <input id=format!("card-{}", o.id) name="card_number" inputmode="numeric" autocomplete="off"/>
                                </div>
                                <button type="submit" class="button">{t(Msg::RecordCard)}</button>
                            </ActionForm>
                            <details>
                                <summary>{t(Msg::RefuseCard)}</summary>
                                <ActionForm action=refuse>
                                    <input type="hidden" name="id" value=o.id/>
                                    <input type="hidden" name="version" value=o.version/>
                                    <label for=format!("reason-{}", o.id)>{t(Msg::Reason)}</label>
                                    <textarea id=format!("reason-{}", o.id) name="reason" rows="3"></textarea>
                                    <button type="submit" class="button warning">{t(Msg::RefuseCard)}</button>
                                </ActionForm>
                            </details>
                        </section>
                    }).collect_view().into_any(),
                }
            })}
        </Suspense>
    }
}
