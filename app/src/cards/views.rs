//! The card's pages: /cards/orders (HRSS sends batches), /bank (the bank's batches, result files
//! and typed fallback), /bank/imports/:id (a result file's report), /cards/issue (the Talent
//! Office issues), /my-card (the holder), /notices (the units' notices). All work without
//! JavaScript: forms post, the server answers with the next page.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{
    approved_cases, bank_cards, card_import, card_notices, made_cards, my_cards, open_order_lines, order_batches, IssueCards, RecordCard, SendOrderBatch,
    TerminateCard,
};
use super::{BatchView, ImportReport, OpenLine};
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary};

fn loading() -> impl IntoView {
    let t = use_t();
    view! { <p>{t(Msg::Loading)}</p> }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let t = use_t();
    let send = ServerAction::<SendOrderBatch>::new();
    let error = action_error(send);
    let cases = Resource::new(move || send.version().get(), |_| approved_cases());
    view! {
        <crate::ui::PageTitle text=t(Msg::SendOrdersTitle)/>
        <h1>{t(Msg::SendOrdersTitle)}</h1>
        <p>{t(Msg::SendOrdersIntro)}</p>
        <ErrorSummary error/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match cases.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p data-testid="no-approved">{t(Msg::NoApprovedCases)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ActionForm action=send>
                            <table class="queue" data-testid="approved-cases">
                                <thead><tr>
                                    <th scope="col">{t(Msg::Include)}</th><th scope="col">{t(Msg::Reference)}</th>
                                    <th scope="col">{t(Msg::Name)}</th><th scope="col">{t(Msg::ApprovedAt)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|c| view! {
                                        <tr>
                                            <td><input type="checkbox" name="ids[]" value=c.id checked id=format!("case-{}", c.id)/></td>
                                            <td><label for=format!("case-{}", c.id)><a href=format!("/review/{}", c.id)>{c.reference}</a></label>
                                                {c.resent.then(|| view! { " " <span class="tag">{t(Msg::ResentAfterRefusal)}</span> })}</td>
                                            <td>{c.full_name}</td>
                                            <td>{c.approved_at}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <button type="submit" class="button" data-testid="send-batch">{t(Msg::SendBatch)}</button>
                        </ActionForm>
                    }.into_any(),
                }
            })}
        </Suspense>
        <Batches/>
        <Outstanding/>
        <BankCards/>
    }
}

/// The latest order batches, with their downloads.
#[component]
fn Batches() -> impl IntoView {
    let t = use_t();
    let batches = Resource::new(|| (), |_| order_batches());
    view! {
        <h2>{t(Msg::Batches)}</h2>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match batches.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{t(Msg::NoBatches)}</p> }.into_any(),
                    Ok(list) => view! { <BatchTable list/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BatchTable(list: Vec<BatchView>) -> impl IntoView {
    let t = use_t();
    view! {
        <table class="queue" data-testid="batches">
            <thead><tr>
                <th scope="col">{t(Msg::Batch)}</th><th scope="col">{t(Msg::SentAt)}</th><th scope="col">{t(Msg::Lines)}</th>
                <th scope="col">{t(Msg::MadeCount)}</th><th scope="col">{t(Msg::RefusedCount)}</th><th scope="col">{t(Msg::OpenCount)}</th>
                <th scope="col">{t(Msg::Download)}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|b| view! {
                    <tr data-batch=b.id>
                        <td>"#" {b.id}</td><td>{b.sent_at}</td><td>{b.lines}</td><td>{b.made}</td><td>{b.refused}</td><td>{b.open}</td>
                        <td>
                            <a href=format!("/bank/batches/{}/lines.csv", b.id) rel="external" download data-testid="batch-csv">"CSV"</a>
                            " · "
                            <a href=format!("/bank/batches/{}/lines.json", b.id) rel="external" download>"JSON"</a>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Order lines not yet answered, with how many working days they have waited.
#[component]
fn Outstanding() -> impl IntoView {
    let t = use_t();
    let lines = Resource::new(|| (), |_| open_order_lines());
    view! {
        <h2>{t(Msg::Outstanding)}</h2>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match lines.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) => view! { <OutstandingTable list/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OutstandingTable(list: Vec<OpenLine>) -> impl IntoView {
    let t = use_t();
    if list.is_empty() {
        return view! { <p data-testid="no-outstanding">{t(Msg::NoOutstanding)}</p> }.into_any();
    }
    view! {
        <table class="queue" data-testid="outstanding">
            <thead><tr>
                <th scope="col">{t(Msg::OrderLine)}</th><th scope="col">{t(Msg::Batch)}</th><th scope="col">{t(Msg::Reference)}</th>
                <th scope="col">{t(Msg::Name)}</th><th scope="col">{t(Msg::WorkingDaysWaited)}</th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|l| view! {
                    <tr><td>{l.line_id}</td><td>"#" {l.batch_id}</td><td>{l.reference}</td><td>{l.full_name}</td><td>{l.waiting_days}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn BankPage() -> impl IntoView {
    let t = use_t();
    let record = ServerAction::<RecordCard>::new();
    let record_error = action_error(record);
    let lines = Resource::new(move || record.version().get(), |_| open_order_lines());
    view! {
        <crate::ui::PageTitle text=t(Msg::CardOrders)/>
        <h1>{t(Msg::CardOrders)}</h1>
        <Batches/>
        <h2>{t(Msg::UploadResults)}</h2>
        <form method="post" action="/bank/results" enctype="multipart/form-data" class="upload-results" data-testid="upload-results">
            <p class="hint" id="results-hint">{t(Msg::ResultsHint)}</p>
            <div class="field checkbox">
                <input type="checkbox" id="all-or-nothing" name="all_or_nothing" value="on"/>
                <label for="all-or-nothing">{t(Msg::AllOrNothing)}</label>
            </div>
            <div class="field">
                <label for="result-file">{t(Msg::ResultFile)}</label>
                <input type="file" id="result-file" name="file" accept=".csv,text/csv" required aria-describedby="results-hint"/>
            </div>
            <button type="submit" class="button">{t(Msg::Import)}</button>
        </form>
        <h2>{t(Msg::TypeOneAnswer)}</h2>
        <ErrorSummary error=record_error/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match lines.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p>{t(Msg::NoCardOrders)}</p> }.into_any(),
                    Ok(rows) => rows.into_iter().map(|o| { let (id_a, id_b) = (o.id_number.clone(), o.id_number.clone()); view! {
                        <section class="order" data-reference=o.reference.clone()>
                            <h3>{o.reference.clone()} <span class="muted">" · " {t(Msg::OrderLine)} " " {o.line_id}</span></h3>
                            <dl>
                                <dt>{t(Msg::Name)}</dt><dd>{o.full_name}</dd>
                                <dt>{t(Msg::ResidentId)}</dt><dd>{o.id_number}</dd>
                                <dt>{t(Msg::WorkingDaysWaited)}</dt><dd>{o.waiting_days}</dd>
                            </dl>
                            <ActionForm action=record>
                                <input type="hidden" name="line" value=o.line_id/>
                                <input type="hidden" name="id_number" value=id_a/>
                                <div class="field">
                                    <label for=format!("card-{}", o.line_id)>{t(Msg::CardNumber)}</label>
                                    <input id=format!("card-{}", o.line_id) name="card_number" inputmode="numeric" autocomplete="off"/>
                                </div>
                                <button type="submit" class="button">{t(Msg::CmdCardMade)}</button>
                            </ActionForm>
                            <details>
                                <summary>{t(Msg::RefuseCard)}</summary>
                                <ActionForm action=record>
                                    <input type="hidden" name="line" value=o.line_id/>
                                    <input type="hidden" name="id_number" value=id_b/>
                                    <label for=format!("reason-{}", o.line_id)>{t(Msg::Reason)}</label>
                                    <textarea id=format!("reason-{}", o.line_id) name="reason" rows="3" maxlength="2000"></textarea>
                                    <button type="submit" class="button warning">{t(Msg::RefuseCard)}</button>
                                </ActionForm>
                            </details>
                        </section>
                    }}).collect_view().into_any(),
                }
            })}
        </Suspense>
        <BankCards/>
    }
}

/// The cards the bank made, with both tracks once issued (Art. 6).
#[component]
fn BankCards() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let cards = Resource::new(|| (), |_| bank_cards());
    view! {
        <h2>{t(Msg::CardsMade)}</h2>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match cards.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{t(Msg::NoCardsMade)}</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="queue" data-testid="bank-cards">
                            <thead><tr>
                                <th scope="col">{t(Msg::Reference)}</th><th scope="col">{t(Msg::CardNumber)}</th><th scope="col">{t(Msg::MadeAt)}</th>
                                <th scope="col">{t(Msg::IssuedOn)}</th><th scope="col">{t(Msg::TalentServices)}</th><th scope="col">{t(Msg::BankServices)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|c| {
                                    let (talent, bank) = match &c.status {
                                        Some(s) => (lang.card_status(&s.talent).to_string(), lang.card_status(&s.bank).to_string()),
                                        None => (t(Msg::StCardMade).to_string(), String::new()),
                                    };
                                    let reference = c.reference.clone();
                                    view! {
                                        <tr data-reference=reference>
                                            <td>{c.reference}</td><td>{c.card_number}</td><td>{c.made_at}</td><td>{c.issued_on.unwrap_or_default()}</td>
                                            <td data-testid="talent-status">{talent}</td><td data-testid="bank-status">{bank}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let import = Resource::new(id, card_import);
    view! {
        <crate::ui::PageTitle text=t(Msg::ImportTitle)/>
        <h1>{t(Msg::ImportTitle)}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match import.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(v) => view! {
                        <p class="muted">{v.report.file_name.clone()} " · " {v.uploaded_at}</p>
                        <Report report=v.report/>
                        <h2>{t(Msg::Outstanding)} " (" {v.outstanding_total} ")"</h2>
                        <OutstandingTable list=v.outstanding/>
                        <p><a href="/bank">{t(Msg::Back)}</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(report: ImportReport) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let list = |lines: Vec<super::ReportLine>, title: Msg, testid: &'static str| {
        (!lines.is_empty()).then(|| view! {
            <h2>{t(title)} " (" {lines.len()} ")"</h2>
            <ul data-testid=testid>
                {lines.into_iter().map(|l| view! { <li>{t(Msg::FileRow)} " " {l.row} " · " {t(Msg::OrderLine)} " " {l.line_id} " · " {l.reference}</li> }).collect_view()}
            </ul>
        })
    };
    view! {
        {report.file_problem.map(|p| view! { <div class="error-summary" role="alert"><p data-testid="file-problem">{lang.file_problem(&p)}</p></div> })}
        {report.all_or_nothing_refused.then(|| view! { <div class="error-summary" role="alert"><p>{t(Msg::ImportNothing)}</p></div> })}
        {report.read_as_gb18030.then(|| view! { <p class="notice">{t(Msg::ImportGb18030)}</p> })}
        {(!report.unknown_columns.is_empty()).then(|| view! {
            <p class="notice" data-testid="unknown-columns">{t(Msg::UnknownColumns)} ": " {report.unknown_columns.join(", ")}</p>
        })}
        {list(report.made, Msg::ImportMade, "import-made")}
        {list(report.refused, Msg::ImportRefused, "import-refused")}
        {list(report.unchanged, Msg::ImportUnchanged, "import-unchanged")}
        {(!report.errors.is_empty()).then(|| view! {
            <h2>{t(Msg::ImportErrors)} " (" {report.errors.len()} ")"</h2>
            <table class="queue" data-testid="import-errors">
                <thead><tr><th scope="col">{t(Msg::FileRow)}</th><th scope="col">{t(Msg::OrderLine)}</th><th scope="col">{t(Msg::Problem)}</th></tr></thead>
                <tbody>
                    {report.errors.into_iter().map(|e| view! {
                        <tr><td>{e.row}</td><td>{e.line_id}</td><td>{lang.line_problem(e.problem)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

#[component]
pub fn IssuePage() -> impl IntoView {
    let t = use_t();
    let issue = ServerAction::<IssueCards>::new();
    let error = action_error(issue);
    let cards = Resource::new(move || issue.version().get(), |_| made_cards());
    view! {
        <crate::ui::PageTitle text=t(Msg::IssueTitle)/>
        <h1>{t(Msg::IssueTitle)}</h1>
        <p>{t(Msg::IssueIntro)}</p>
        <ErrorSummary error/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match cards.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p data-testid="no-made-cards">{t(Msg::NoMadeCards)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ActionForm action=issue>
                            <table class="queue" data-testid="made-cards">
                                <thead><tr>
                                    <th scope="col">{t(Msg::Include)}</th><th scope="col">{t(Msg::Reference)}</th><th scope="col">{t(Msg::Name)}</th>
                                    <th scope="col">{t(Msg::CardNumber)}</th><th scope="col">{t(Msg::MadeAt)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|c| view! {
                                        <tr>
                                            <td><input type="checkbox" name="ids[]" value=c.id checked id=format!("made-{}", c.id)/></td>
                                            <td><label for=format!("made-{}", c.id)>{c.reference}</label></td>
                                            <td>{c.full_name}</td><td>{c.card_number}</td><td>{c.made_at}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <button type="submit" class="button" data-testid="issue-cards">{t(Msg::IssueSelected)}</button>
                        </ActionForm>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn MyCardPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let cards = Resource::new(|| (), |_| my_cards());
    let reapply = ServerAction::<crate::apply::api::StartReapplication>::new();
    let reapply_error = crate::ui::action_error(reapply);
    view! {
        <crate::ui::PageTitle text=t(Msg::MyCardTitle)/>
        <h1>{t(Msg::MyCardTitle)}</h1>
        <crate::ecard::views::EcardPanel/>
        <p><a class="button secondary" href="/requests/new" data-testid="ask-service">{t(Msg::NewRequest)}</a>
            " " <a href="/requests">{t(Msg::RequestsTitle)}</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match cards.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{t(Msg::NoCard)}</p> }.into_any(),
                    Ok(list) => list.into_iter().map(|c| view! {
                        <section class="card-summary" data-testid="my-card">
                            <div class="ecard-holder">
                                {c.has_photo.then(|| view! { <img class="holder-photo" src="/my-card/photo" alt=t(Msg::HolderPhoto) width="96" height="128"/> })}
                                <p class="holder-name">{c.full_name}</p>
                            </div>
                            <dl>
                                <dt>{t(Msg::Reference)}</dt><dd>{c.reference}</dd>
                                <dt>{t(Msg::CardNumber)}</dt><dd data-testid="card-number">{c.card_number}</dd>
                                <dt>{t(Msg::IssuedOn)}</dt><dd>{c.issued_on}</dd>
                                <dt>{t(Msg::ValidUntil)}</dt><dd>{c.valid_until}</dd>
                                <dt>{t(Msg::TalentServices)}</dt><dd data-testid="talent-status" data-status=c.status.talent.clone()>{lang.card_status(&c.status.talent)}</dd>
                                <dt>{t(Msg::BankServices)}</dt><dd data-testid="bank-status" data-status=c.status.bank.clone()>{lang.card_status(&c.status.bank)}</dd>
                            </dl>
                            // Art. 6: priority re-application when the period ends.
                            {c.reapplication.map(|id| view! {
                                <p data-testid="reapplication"><span class="tag">{t(Msg::Priority)}</span> " "
                                    <a href=format!("/applications/{id}")>{t(Msg::ReapplicationStarted)}</a></p>
                            })}
                            {c.may_reapply.then(|| view! {
                                <section class="reapply" data-testid="reapply">
                                    <p class="hint">{t(Msg::ReapplyHint)}</p>
                                    <ErrorSummary error=reapply_error/>
                                    <ActionForm action=reapply>
                                        <input type="hidden" name="id" value=c.application_id/>
                                        <button type="submit" class="button">{t(Msg::StartReapplication)}</button>
                                    </ActionForm>
                                </section>
                            })}
                            <h2>{t(Msg::YourServices)}</h2>
                            <ul class="services" data-testid="my-services">
                                {crate::domain::ServiceType::ALL.into_iter().map(|ty| {
                                    let quotas: Vec<_> = c.quotas.iter().filter(|o| o.service.service_type() == ty).cloned().collect();
                                    view! {
                                        <li>{lang.service(ty)}
                                            {quotas.into_iter().map(|o| view! {
                                                <span data-service=o.service.as_str() data-left=o.left.map(|l| l.to_string())>
                                                    " · " {lang.ledger_service(o.service)} " " {o.left.zip(o.quota).map(|(l, q)| lang.quota_left(l, q))}
                                                </span>
                                            }).collect_view()}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <h2>{t(Msg::CardHistory)}</h2>
                            <ol class="timeline">
                                {c.events.into_iter().map(|e| view! {
                                    <li>
                                        <strong>{lang.card_event(&e.kind)}</strong>
                                        <span class="muted">" · " {e.at} " · " {t(Msg::EffectiveOn)} " " {e.effective_on}</span>
                                        <p>{t(Msg::TalentServices)} ": " {lang.card_status(&e.talent_to)} "; " {t(Msg::BankServices)} ": " {lang.card_status(&e.bank_to)}</p>
                                        {(!e.reason.is_empty()).then(|| view! { <p class="opinion">{e.reason}</p> })}
                                    </li>
                                }).collect_view()}
                            </ol>
                        </section>
                    }).collect_view().into_any(),
                }
            })}
        </Suspense>
        <crate::ecard::views::DataTrackerSection/>
    }
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let t = use_t();
    view! {
        <crate::ui::PageTitle text=t(Msg::NoticesTitle)/>
        <h1>{t(Msg::NoticesTitle)}</h1>
        <p>{t(Msg::NoticesIntro)}</p>
        <NoticeList/>
    }
}

/// The reader's card notices (a unit's, or the holder's), newest first.
#[component]
pub fn NoticeList() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let notices = Resource::new(|| (), |_| card_notices());
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match notices.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{t(Msg::NoNotices)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="inbox" data-testid="notices">
                            {list.into_iter().map(|n| view! {
                                <li data-kind=n.kind.clone()>
                                    <strong>{lang.card_event(&n.kind)}</strong> " · " {n.name}
                                    {n.reference.map(|r| view! { " · " {r} })}
                                    <span class="muted">" · " {n.at} " · " {t(Msg::EffectiveOn)} " " {n.effective_on} " · " {t(Msg::ValidUntil)} " " {n.valid_until}</span>
                                    {n.reason.map(|r| view! { <p class="opinion">{r}</p> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// HRSS, on the case page of an issued card: terminate it (Art. 6(2)) — the document first (a
/// plain multipart form), then the ground and what happened.
#[component]
pub fn TerminateCardForm(id: i64) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let terminate = ServerAction::<TerminateCard>::new();
    let error = action_error(terminate);
    let grounds: Vec<(String, String)> =
        crate::domain::TerminationGround::ALL.into_iter().map(|g| (g.as_str().to_string(), lang.termination_ground(g).to_string())).collect();
    let document = Resource::new(|| (), move |_| super::api::termination_document(id));
    let upload_problem = leptos_router::hooks::use_query_map().read_untracked().get("upload_error").map(|c| match c.as_str() {
        "too_large" => crate::domain::Problem::FileTooLarge,
        "empty" => crate::domain::Problem::FileEmpty,
        _ => crate::domain::Problem::PdfOnly,
    });
    let missing = move || error.get().and_then(|e| e.problem_with(crate::domain::Field::Document));
    view! {
        <details class="terminate-card" id="terminate-card" data-testid="terminate-card" open=upload_problem.is_some()>
            <summary>{t(Msg::TerminateCard)}</summary>
            <p class="hint">{t(Msg::TerminateCardHint)}</p>
            <form method="post" action=format!("/cards/{id}/termination-document") enctype="multipart/form-data" class="upload" data-testid="termination-upload">
                <div class="field" class:field-invalid=move || upload_problem.is_some() || missing().is_some()>
                    <label for="termination-file">{t(Msg::TerminationDocumentLabel)}</label>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            document.await.ok().flatten().map(|(name, token)| view! {
                                <p class="hint" data-testid="termination-document">{t(Msg::TerminationDocumentUploaded)} ": "
                                    <a href=format!("/cards/termination-documents/{token}")>{name}</a></p>
                            })
                        })}
                    </Suspense>
                    <p class="field-error" id="termination-file-error">
                        {upload_problem.map(|p| lang.problem(p))}
                        {move || missing().map(|p| lang.problem(p))}
                    </p>
                    <input type="file" id="termination-file" name="file" accept="application/pdf" required aria-describedby="termination-file-error"/>
                </div>
                <button type="submit" class="button secondary">{t(Msg::UploadReport)}</button>
            </form>
            <ErrorSummary error/>
            <ActionForm action=terminate>
                <input type="hidden" name="id" value=id/>
                <crate::ui::SelectInput name="ground" label=Msg::TerminationGroundLabel field=crate::domain::Field::TerminationGround error options=grounds/>
                <crate::ui::TextArea name="reason" label=Msg::WhatHappened field=crate::domain::Field::Opinion error rows=3/>
                <button type="submit" class="button warning" data-testid="terminate">{t(Msg::TerminateCard)}</button>
            </ActionForm>
        </details>
    }
}
