//! The reviewer's queue page.
use leptos::prelude::*;

use super::api::review_queue;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{ErrorPage, StatusTag};

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let queue = Resource::new(|| (), |_| review_queue());
    view! {
        <h1>{t(Msg::ReviewQueue)}</h1>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p>{t(Msg::QueueEmpty)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <table class="queue">
                            <thead><tr>
                                <th scope="col">{t(Msg::Reference)}</th>
                                <th scope="col">{t(Msg::Name)}</th>
                                <th scope="col">{t(Msg::Category)}</th>
                                <th scope="col">{t(Msg::Status)}</th>
                                <th scope="col">{t(Msg::UpdatedAt)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td><a href=format!("/review/{}", r.id)>{r.reference}</a></td>
                                        <td>{r.full_name}</td>
                                        <td>{r.talent_category.map(|c| lang.category(c))}
                                            {r.case_by_case.then(|| view! { " " <span class="tag tag-flag">{t(Msg::CaseByCase)}</span> })}
                                            {r.direct_recognition.then(|| view! { " " <span class="tag tag-flag">{t(Msg::DirectRecognition)}</span> })}</td>
                                        <td><StatusTag status=r.status/></td>
                                        <td>{r.updated_at}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
