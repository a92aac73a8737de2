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
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let args = move || (get("due"), get("category"), get("case_by_case"), get("q"), get("stage"), get("after"));
    let queue = Resource::new(args, |(due, category, case_by_case, q, stage, after)| review_queue(due, category, case_by_case, q, stage, after));
    let (due, category, case_by_case, q, stage, _) = query.with_untracked(|_| args());
    // The CSV holds every page of the queue as filtered now.
    let export_href = {
        let filters = [("due", &due), ("category", &category), ("case_by_case", &case_by_case), ("q", &q), ("stage", &stage)];
        let query: Vec<String> =
            filters.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", crate::ui::encode(v))).collect();
        format!("/review/queue.csv?{}", query.join("&"))
    };
    let filter_link = move |value: &'static str, label: Msg| {
        let current = get("due") == value;
        view! {
            <a href=if value.is_empty() { "/review".to_string() } else { format!("/review?due={value}") }
               aria-current=current.then_some("page") class:current=current>{t(label)}</a>
        }
    };
    let categories: Vec<(String, String)> = (1..=9).map(|c: i16| (c.to_string(), lang.category(c).to_string())).collect();
    view! {
        <crate::ui::PageTitle text=t(Msg::ReviewQueue)/>
        <h1>{t(Msg::ReviewQueue)}</h1>
        <nav class="filters" aria-label=t(Msg::Filter)>
            {filter_link("", Msg::AllCases)} " · " {filter_link("overdue", Msg::OverdueOnly)} " · " {filter_link("due_soon", Msg::DueSoonOnly)}
        </nav>
        // With JavaScript, the list follows the filters as one types, the address kept in step
        // (`islands::filter`); without, this is a plain form.
        <form method="get" action="/review" class="queue-filters" data-live-filter>
            <p class="visually-hidden" role="status" data-live-filter-status=t(Msg::LiveShown)></p>
            <input type="hidden" name="due" value=due.clone()/>
            <div class="field">
                <label for="q">{t(Msg::SearchCases)}</label>
                <input id="q" name="q" value=q/>
            </div>
            <div class="field">
                <label for="category">{t(Msg::Category)}</label>
                <select id="category" name="category">
                    <option value="">{t(Msg::AllCases)}</option>
                    {categories.into_iter().map(|(v, l)| {
                        let selected = v == category;
                        view! { <option value=v selected=selected>{l}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="stage">{t(Msg::QueueStage)}</label>
                <select id="stage" name="stage">
                    <option value="" selected=stage.is_empty()>{t(Msg::AwaitingMyReview)}</option>
                    <option value="returned" selected=stage == "returned">{t(Msg::ReturnedAwaitingCorrection)}</option>
                    <option value="bank_refused" selected=stage == "bank_refused">{t(Msg::StBankRefused)}</option>
                </select>
            </div>
            <div class="field checkbox">
                <input type="checkbox" id="case_by_case" name="case_by_case" value="yes" checked=case_by_case == "yes"/>
                <label for="case_by_case">{t(Msg::CaseByCase)}</label>
            </div>
            <button type="submit" class="button secondary">{t(Msg::Filter)}</button>
        </form>
        <crate::live::views::KeyHelp/>
        <div data-live-results>
        <p><a class="button secondary" href=export_href rel="external" download="" data-testid="queue-csv">{t(Msg::ExportCsv)}</a></p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(page) => {
                        // Live (issue 15): rows a colleague took are marked and drop out; new
                        // ones are counted, not slipped under the pointer (islands::live).
                        let empty = page.rows.is_empty();
                        let next = page.next.map(|cursor| {
                            let mut href = format!("/review?after={cursor}");
                            for k in ["due", "category", "case_by_case", "q", "stage"] {
                                let v = get(k);
                                if !v.is_empty() {
                                    href.push_str(&format!("&{k}={}", crate::ui::encode(&v)));
                                }
                            }
                            view! { <p><a class="button secondary" href=href rel="next">{t(Msg::NextPage)}</a></p> }
                        });
                        view! {
                            <div data-live-after=page.position data-live-queue=page.shows data-live-gone=t(Msg::LiveGone)
                                 data-live-new=t(Msg::LiveNew) data-live-show=t(Msg::LiveShow) data-live-reset=t(Msg::LiveListChanged)>
                            <crate::live::views::LiveNote/>
                            {empty.then(|| view! { <p>{t(Msg::QueueEmpty)}</p> })}
                            <table class="queue" hidden=empty>
                                <thead><tr>
                                    <th scope="col">{t(Msg::Reference)}</th>
                                    <th scope="col">{t(Msg::Name)}</th>
                                    <th scope="col">{t(Msg::Category)}</th>
                                    <th scope="col">{t(Msg::Status)}</th>
                                    <th scope="col">{t(Msg::WaitingDays)}</th>
                                </tr></thead>
                                <tbody>
                                    {page.rows.into_iter().map(|r| view! {
                                        <tr data-priority=r.priority.then_some("yes") data-case=r.id>
                                            <td><a href=format!("/review/{}", r.id)>{r.reference}</a>
                                                {r.priority.then(|| view! { " " <span class="tag tag-flag">{t(Msg::Priority)}</span> })}</td>
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
                            </div>
                            {next}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
        </div>
    }
}
