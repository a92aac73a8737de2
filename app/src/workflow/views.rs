//! The case page, shared by the filer (/applications/:id) and the reviewers (/review/:id): the
//! answers, the timeline, the card, and the commands the viewer may take now.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{get_case, Act};
use super::CaseView;
use crate::domain::{Command, Status};
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary, StatusTag};

#[component]
pub fn CasePage() -> impl IntoView {
    let t = use_t();
    let params = use_params_map();
    let act = ServerAction::<Act>::new();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    // Reloaded after every command, so the page shows where the case is now.
    let case = Resource::new(move || (id(), act.version().get()), |(id, _)| get_case(id));
    view! {
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(c) => view! { <Case case=c act/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Case(case: CaseView, act: ServerAction<Act>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let editable = case.viewer_is_filer && matches!(case.status, Status::Draft | Status::Returned(_));
    let answers = [
        (Msg::FullName, case.full_name.clone()),
        (Msg::ResidentId, case.resident_id.clone()),
        (Msg::EmployerName, case.employer_name.clone()),
        (Msg::CreditCode, case.credit_code.clone()),
        (Msg::EmployerType, lang.employer_type(case.employer_type).to_string()),
        (Msg::Months, case.months_in_district.to_string()),
        (Msg::Category, lang.category(case.talent_category).to_string()),
        (Msg::Department, case.department.clone().unwrap_or_else(|| "—".into())),
        (Msg::CreatedAt, case.created_at.clone()),
    ];
    view! {
        <h1>{t(Msg::Application)} " " <span data-testid="reference">{case.reference.clone()}</span></h1>
        <p>{t(Msg::Status)} ": " <span data-testid="status"><StatusTag status=case.status/></span>
            {case.employer_type.is_case_by_case().then(|| view! { " " <span class="tag tag-flag">{t(Msg::CaseByCase)}</span> })}
        </p>
        {case.card.clone().map(|card| view! {
            <section class="card-panel" aria-labelledby="card-h">
                <h2 id="card-h">{t(Msg::Card)}</h2>
                <dl>
                    <dt>{t(Msg::CardNumber)}</dt><dd data-testid="card-number">{card.card_number}</dd>
                    <dt>{t(Msg::IssuedOn)}</dt><dd>{card.issued_on}</dd>
                    <dt>{t(Msg::ValidUntil)}</dt><dd data-testid="valid-until">{card.valid_until}</dd>
                </dl>
            </section>
        })}
        <ActionPanel case=case.clone() act/>
        <section aria-labelledby="answers-h">
            <h2 id="answers-h">{t(Msg::Answers)}</h2>
            <dl class="answers">
                {answers.into_iter().map(|(k, v)| view! { <dt>{t(k)}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            {editable.then(|| view! { <p><a class="button secondary" href=format!("/applications/{}/edit", case.id)>{t(Msg::Edit)}</a></p> })}
        </section>
        <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">{t(Msg::Timeline)}</h2>
            {if case.events.is_empty() {
                view! { <p>{t(Msg::NoEvents)}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline">
                        {case.events.into_iter().map(|e| view! {
                            <li>
                                <span class="muted">{e.at}</span> " "
                                <strong>{lang.command(e.command)}</strong> " → " {lang.status(e.to)}
                                <span class="muted">" · " {lang.role(e.role)}
                                    {(!e.actor.is_empty()).then(|| format!(" · {}", e.actor))}</span>
                                {(!e.opinion.is_empty()).then(|| view! { <p class="opinion">{e.opinion}</p> })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}

/// One form, one button per command the viewer may take now (from `Status::apply`).
#[component]
fn ActionPanel(case: CaseView, act: ServerAction<Act>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let error = action_error(act);
    if case.commands.is_empty() {
        return ().into_any();
    }
    let needs_opinion = case.commands.iter().any(|c| matches!(c, Command::Pass | Command::Return | Command::Reject | Command::Approve));
    view! {
        <section class="action-panel" aria-labelledby="actions-h">
            <h2 id="actions-h">{t(Msg::Actions)}</h2>
            <ErrorSummary error/>
            <ActionForm action=act>
                <input type="hidden" name="id" value=case.id/>
                <input type="hidden" name="version" value=case.version/>
                {needs_opinion.then(|| view! {
                    <div class="field">
                        <label for="opinion">{t(Msg::Opinion)}</label>
                        <p class="hint" id="opinion-hint">{t(Msg::OpinionHint)}</p>
                        <textarea id="opinion" name="opinion" rows="4" maxlength="10000" aria-describedby="opinion-hint"></textarea>
                    </div>
                })}
                <div class="button-row">
                    {case.commands.into_iter().map(|c| {
                        let class = match c {
                            Command::Reject | Command::Withdraw => "button warning",
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
