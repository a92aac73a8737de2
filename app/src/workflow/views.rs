//! The reviewers' case page (/review/:id): every answer and upload by section, the timeline, and
//! the commands the viewer may take now. Also the timeline and the withdraw button that the
//! applicant's progress page (`apply::views::ApplicationPage`) shows.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{get_case, Act, AddNote};
use super::{CardView, CaseView, EventView, SinceReturn};
use crate::apply::answers::answer_rows;
use crate::domain::changes::row_changes;
use crate::domain::status::may_recommend_direct_recognition;
use crate::domain::{Command, Role, Section};
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, human_size, ErrorPage, ErrorSummary, StatusTag};

#[component]
pub fn CasePage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let case = Resource::new(id, get_case);
    view! {
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(c) => view! { <Case case=c/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Case(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    view! {
        <crate::ui::PageTitle text=t(Msg::Application) case=case.reference.clone()/>
        <h1>{t(Msg::Application)} " " <span data-testid="reference">{case.reference.clone()}</span></h1>
        <crate::live::views::LiveCase case=case.id version=case.version position=case.position/>
        <crate::live::views::KeyHelp/>
        <p>{t(Msg::Status)} ": " <span data-testid="status"><StatusTag status=case.status/></span>
            {case.case_by_case.then(|| view! { " " <span class="tag tag-flag" data-testid="case-by-case">{t(Msg::CaseByCase)}</span> })}
            {case.direct_recognition.then(|| view! { " " <span class="tag tag-flag" data-testid="direct-recognition">{t(Msg::DirectRecognition)}</span> })}
        </p>
        {case.waiting_days.map(|w| view! {
            <p data-testid="waiting">{t(Msg::WaitingDays)} ": " <strong>{w}</strong> " " <crate::review::views::UrgencyTag urgency=case.urgency/></p>
        })}
        <p class="muted">{case.full_name.clone()} " · " {t(Msg::Department)} ": " {case.department.clone().unwrap_or_else(|| "—".into())}
            " · " {t(Msg::CreatedAt)} ": " {case.submitted_at.clone().unwrap_or_else(|| case.created_at.clone())}</p>
        {case.card.clone().map(|card| view! { <CardPanel card/> })}
        {(case.viewer_role == Role::Hrss && case.card.as_ref().and_then(|c| c.status.as_ref()).is_some_and(|s| s.bank != "terminated"))
            .then(|| view! { <crate::cards::views::TerminateCardForm id=case.id/> })}
        {case.since_return.clone().map(|since| view! { <SinceReturnPanel case=case.clone() since/> })}
        {case.agenda.map(|batch| view! {
            <p class="notice" data-testid="on-agenda">{t(Msg::OnAgenda)} ": "
                <a href=format!("/decisions/{batch}#case-{}", case.id)>{t(Msg::Agenda)} " #" {batch}</a></p>
        })}
        <ActionPanel case=case.clone()/>
        <section aria-labelledby="answers-h">
            <h2 id="answers-h">{t(Msg::Answers)}</h2>
            {Section::ALL.into_iter().map(|s| view! {
                <h3>{lang.section(s)}</h3>
                <dl class="answers">
                    {answer_rows(&case.answers, s, lang).into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                    {case.documents.iter().filter(|d| d.kind.section() == s).map(|d| view! {
                        <dt>{lang.doc_kind(d.kind)}</dt>
                        <dd><a href=format!("/documents/{}", d.token) target="_blank" rel="noopener">{d.file_name.clone()}</a>
                            <span class="muted">" · " {human_size(d.byte_size)} " · SHA-256 " {d.sha256[..12].to_string()} "…"</span></dd>
                    }).collect_view()}
                </dl>
            }).collect_view()}
        </section>
        <Notes case=case.clone()/>
        <Timeline events=case.events.clone()/>
        {(case.viewer_role == Role::Hrss).then(|| view! {
            <p><a class="button secondary" href=format!("/review/{}/audit.csv", case.id) rel="external" download="">{t(Msg::AuditCsv)}</a></p>
        })}
    }
}

/// After a resubmission: every answer that differs from what the case said when it was returned,
/// and the documents uploaded or removed since — so the reviewer checks the correction, not the
/// whole case again.
#[component]
fn SinceReturnPanel(case: CaseView, since: SinceReturn) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let sections: Vec<_> = Section::ALL
        .into_iter()
        .map(|s| (s, row_changes(&answer_rows(&since.answers_before, s, lang), &answer_rows(&case.answers, s, lang))))
        .filter(|(_, changes)| !changes.is_empty())
        .collect();
    let nothing = sections.is_empty() && since.documents_added.is_empty() && since.documents_removed.is_empty();
    let shown = |v: Option<String>| v.filter(|v| !v.trim().is_empty()).unwrap_or_else(|| "—".into());
    let doc = move |d: super::DocumentView| view! {
        <li>{lang.doc_kind(d.kind)} ": " <a href=format!("/documents/{}", d.token) target="_blank" rel="noopener">{d.file_name}</a></li>
    };
    view! {
        <section class="since-return" aria-labelledby="since-return-h" data-testid="since-return">
            <h2 id="since-return-h">{t(Msg::ChangedSinceReturn)}</h2>
            <p class="muted">{t(Msg::ReturnedOn)} " " {since.returned_at} " · " {lang.role(since.returned_by)}</p>
            {nothing.then(|| view! { <p>{t(Msg::NothingChanged)}</p> })}
            {sections.into_iter().map(|(s, changes)| view! {
                <h3>{lang.section(s)}</h3>
                <table class="queue changes">
                    <thead><tr><th scope="col">{t(Msg::Question)}</th><th scope="col">{t(Msg::Was)}</th><th scope="col">{t(Msg::Now)}</th></tr></thead>
                    <tbody>
                        {changes.into_iter().map(|c| view! {
                            <tr><th scope="row">{c.label}</th><td><del>{shown(c.before)}</del></td><td><ins>{shown(c.after)}</ins></td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }).collect_view()}
            {(!since.documents_added.is_empty()).then(|| view! {
                <h3>{t(Msg::DocumentsAdded)}</h3>
                <ul>{since.documents_added.into_iter().map(doc).collect_view()}</ul>
            })}
            {(!since.documents_removed.is_empty()).then(|| view! {
                <h3>{t(Msg::DocumentsRemoved)}</h3>
                <ul>{since.documents_removed.into_iter().map(|d| view! { <li>{lang.doc_kind(d.kind)} ": " {d.file_name}</li> }).collect_view()}</ul>
            })}
        </section>
    }
}

/// Internal notes between officials, and a form to add one (never shown to the applicant).
#[component]
fn Notes(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let add = ServerAction::<AddNote>::new();
    let error = action_error(add);
    view! {
        <section id="notes" aria-labelledby="notes-h">
            <h2 id="notes-h">{t(Msg::Notes)}</h2>
            {if case.notes.is_empty() {
                view! { <p class="muted">{t(Msg::NoNotes)}</p> }.into_any()
            } else {
                view! {
                    <ul class="notes" data-testid="notes">
                        {case.notes.into_iter().map(|n| view! {
                            <li><span class="muted">{n.at} " · " {lang.role(n.role)} " · " {n.author}</span><p class="opinion">{n.body}</p></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <ErrorSummary error/>
            <ActionForm action=add>
                <input type="hidden" name="id" value=case.id/>
                <div class="field">
                    <label for="note-body">{t(Msg::AddNote)}</label>
                    <textarea id="note-body" name="body" rows="3" maxlength="10000"></textarea>
                </div>
                <button type="submit" class="button secondary">{t(Msg::AddNote)}</button>
            </ActionForm>
        </section>
    }
}

/// The card made for the case (Art. 5(6)–(7)): number and 5-year period (Art. 6).
#[component]
pub fn CardPanel(card: CardView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    view! {
        <section class="card-panel" aria-labelledby="card-h">
            <h2 id="card-h">{t(Msg::Card)}</h2>
            <dl>
                <dt>{t(Msg::CardNumber)}</dt><dd data-testid="card-number">{card.card_number}</dd>
                {card.issued_on.map(|d| view! { <dt>{t(Msg::IssuedOn)}</dt><dd>{d}</dd> })}
                {card.valid_until.map(|d| view! { <dt>{t(Msg::ValidUntil)}</dt><dd data-testid="valid-until">{d}</dd> })}
                {card.status.map(|s| view! {
                    <dt>{t(Msg::TalentServices)}</dt><dd data-testid="talent-status">{lang.card_status(&s.talent)}</dd>
                    <dt>{t(Msg::BankServices)}</dt><dd data-testid="bank-status">{lang.card_status(&s.bank)}</dd>
                })}
            </dl>
        </section>
    }
}

/// The append-only record, oldest first; each return lists its reasons per section.
#[component]
pub fn Timeline(events: Vec<EventView>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    view! {
        <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">{t(Msg::Timeline)}</h2>
            {if events.is_empty() {
                view! { <p>{t(Msg::NoEvents)}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" data-testid="timeline">
                        {events.into_iter().map(|e| view! {
                            <li>
                                <span class="muted">{e.at}</span> " "
                                <strong>{lang.command(e.command)}</strong> " → " {lang.status(e.to)}
                                <span class="muted">" · " {lang.role(e.role)}
                                    {(!e.actor.is_empty()).then(|| format!(" · {}", e.actor))}</span>
                                {e.direct_recognition.then(|| view! { " " <span class="tag tag-flag">{t(Msg::DirectRecognition)}</span> })}
                                {(!e.opinion.is_empty()).then(|| view! { <p class="opinion">{e.opinion}</p> })}
                                {(!e.section_reasons.is_empty()).then(|| view! {
                                    <dl class="reasons">
                                        {e.section_reasons.into_iter().map(|r| view! {
                                            <dt>{lang.section(r.section)}</dt><dd class="opinion">{r.reason}</dd>
                                        }).collect_view()}
                                    </dl>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// The applicant may withdraw before the decision (SYSTEM.md).
#[component]
pub fn WithdrawButton(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let act = ServerAction::<Act>::new();
    let error = action_error(act);
    if !case.commands.contains(&Command::Withdraw) {
        return ().into_any();
    }
    view! {
        <section class="withdraw" aria-labelledby="withdraw-h">
            <h2 id="withdraw-h">{t(Msg::Actions)}</h2>
            <ErrorSummary error/>
            <ActionForm action=act>
                <input type="hidden" name="id" value=case.id/>
                <input type="hidden" name="version" value=case.version/>
                <button type="submit" name="command" value="withdraw" class="button warning">{lang.command(Command::Withdraw)}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// One form, one button per command the viewer may take now (from `Status::apply`). A return
/// names what to correct under each section concerned; a reject gives its reason.
#[component]
fn ActionPanel(case: CaseView) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let act = ServerAction::<Act>::new();
    let error = action_error(act);
    let commands: Vec<Command> = case.commands.iter().copied().filter(|c| *c != Command::Withdraw).collect();
    if commands.is_empty() {
        return ().into_any();
    }
    let can_return = commands.contains(&Command::Return);
    view! {
        <section class="action-panel" aria-labelledby="actions-h">
            <h2 id="actions-h">{t(Msg::Actions)}</h2>
            <ErrorSummary error/>
            <ActionForm action=act>
                <input type="hidden" name="id" value=case.id/>
                <input type="hidden" name="version" value=case.version/>
                <div class="field">
                    <label for="opinion">{t(Msg::Opinion)}</label>
                    <p class="hint" id="opinion-hint">{t(Msg::OpinionHint)}</p>
                    <textarea id="opinion" name="opinion" rows="4" maxlength="10000" aria-describedby="opinion-hint"></textarea>
                </div>
                {may_recommend_direct_recognition(case.status, Command::Pass, case.viewer_role, case.answers.category.talent_category.trim().parse().ok())
                    .then(|| view! {
                        <div class="field checkbox">
                            <input type="checkbox" id="direct_recognition" name="direct_recognition" value="yes"/>
                            <label for="direct_recognition">{t(Msg::RecommendDirect)}</label>
                        </div>
                    })}
                {can_return.then(|| view! {
                    <details class="return-reasons">
                        <summary>{t(Msg::ReturnReasonsHint)}</summary>
                        {Section::ALL.into_iter().map(|s| {
                            let name = format!("reason_{}", s.as_str());
                            view! {
                                <div class="field">
                                    <label for=name.clone()>{t(Msg::ReasonFor)} ": " {lang.section(s)}</label>
                                    <textarea id=name.clone() name=name rows="2" maxlength="10000"></textarea>
                                </div>
                            }
                        }).collect_view()}
                    </details>
                })}
                <div class="button-row">
                    {commands.into_iter().map(|c| {
                        let class = match c {
                            Command::Reject => "button warning",
                            Command::Return => "button secondary",
                            _ => "button",
                        };
                        view! { <button type="submit" name="command" value=c.as_str() class=class>{lang.command(c)}</button> }
                    }).collect_view()}
                </div>
            </ActionForm>
        </section>
    }
    .into_any()
}
