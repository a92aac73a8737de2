//! The reviewer's queue page: longest waiting first, with working days waited against the
//! stage's limit; filters for overdue and due within 3 working days (`?due=`).
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::review_queue;
use crate::domain::calendar::Urgency;
use crate::i18n::{use_lang, use_t, Lang, Msg};
use crate::ui::{ErrorPage, StatusTag};

/// "Overdue by 2 working days", "due in 1 working day" … as a tag.
#[component]
pub fn UrgencyTag(urgency: Option<Urgency>) -> impl IntoView {
    let lang = use_lang();
    urgency.map(|u| {
        let (class, text) = urgency_text(u, lang);
        view! { <span class=class data-testid="urgency">{text}</span> }
    })
}

fn urgency_text(u: Urgency, lang: Lang) -> (&'static str, String) {
    match u {
        Urgency::Overdue { days } => ("tag tag-rejected", format!("{} {days}", lang.t(Msg::OverdueBy))),
        Urgency::DueSoon { days_left } => ("tag tag-flag", format!("{} {days_left}", lang.t(Msg::DueIn))),
        Urgency::OnTime { days_left } => ("tag", format!("{} {days_left}", lang.t(Msg::DueIn))),
    }
}

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let query = use_query_map();
    let due = move || query.read().get("due").unwrap_or_default();
    let queue = Resource::new(due, review_queue);
    let filter = move |value: &'static str, label: Msg| {
        let current = due() == value;
        view! {
            <a href=if value.is_empty() { "/review".to_string() } else { format!("/review?due={value}") }
               aria-current=current.then_some("page") class:current=current>{t(label)}</a>
        }
    };
    view! {
        <h1>{t(Msg::ReviewQueue)}</h1>
        <nav class="filters" aria-label=t(Msg::Filter)>
            {filter("", Msg::AllCases)} " · " {filter("overdue", Msg::OverdueOnly)} " · " {filter("due_soon", Msg::DueSoonOnly)}
        </nav>
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
                                <th scope="col">{t(Msg::WaitingDays)}</th>
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
                                        <td>{r.waiting_days} " " <UrgencyTag urgency=r.urgency/></td>
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
