//! `/adjustments`: the industry department's holders with "propose", HRSS's proposals with "file"
//! and "decline".
use leptos::prelude::*;

use super::api::{department_holders, open_adjustments, DecideAdjustment, ProposeAdjustment};
use super::HolderCard;
use crate::auth::views::UserResource;
use crate::domain::card::{Adjustment, AdjustmentReason};
use crate::domain::Role;
use crate::i18n::{use_lang, use_t, Lang, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary};

#[component]
pub fn AdjustmentsPage() -> impl IntoView {
    let t = use_t();
    let user = expect_context::<UserResource>();
    view! {
        <crate::ui::PageTitle text=t(Msg::AdjustmentsTitle)/>
        <h1>{t(Msg::AdjustmentsTitle)}</h1>
        <p class="lead">{t(Msg::AdjustmentsIntro)}</p>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(u)) if u.role == Role::IndustryDept => view! { <Holders/> }.into_any(),
                    Ok(Some(u)) if u.role == Role::Hrss => view! { <Proposals/> }.into_any(),
                    Ok(Some(_)) => view! { <ErrorPage error=crate::error::AppError::Forbidden/> }.into_any(),
                    _ => view! { <ErrorPage error=crate::error::AppError::Unauthenticated/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn reason_options(lang: Lang, kind: Adjustment) -> Vec<(String, String)> {
    AdjustmentReason::ALL.into_iter().filter(|r| r.fits(kind)).map(|r| (r.as_str().to_string(), lang.adjustment_reason(r).to_string())).collect()
}

/// The department's holders; a proposal per card.
#[component]
fn Holders() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let propose = ServerAction::<ProposeAdjustment>::new();
    let holders = Resource::new(move || propose.version().get(), |_| department_holders());
    let error = action_error(propose);
    view! {
        <ErrorSummary error/>
        {move || error.get().and_then(|e| e.problem_with(crate::domain::Field::AdjustmentReason).or_else(|| e.problem_with(crate::domain::Field::AdjustmentKind)).or_else(|| e.problem_with(crate::domain::Field::Opinion)))
            .map(|p| view! { <p class="field-error">{lang.problem(p)}</p> })}
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match holders.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{t(Msg::NoHolders)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="inbox" data-testid="holders">
                            {list.into_iter().map(|h| view! { <HolderItem holder=h propose/> }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HolderItem(holder: HolderCard, propose: ServerAction<ProposeAdjustment>) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let id = holder.application_id;
    // What may be proposed: a suspension of an active card with none pending, a reactivation of a
    // suspended one (in effect or pending). The server decides again.
    let kind = match (holder.talent.as_str(), &holder.suspended_from) {
        ("active", None) => Some(Adjustment::Suspend),
        ("active", Some(_)) | ("suspended", _) => Some(Adjustment::Reactivate),
        _ => None,
    }
    .filter(|_| holder.open_proposal.is_none());
    view! {
        <li data-reference=holder.reference.clone() data-testid="holder">
            <strong>{holder.full_name.clone()}</strong> " · " {holder.reference.clone()} " · "
            <span data-testid="talent-status" data-status=holder.talent.clone()>{lang.card_status(&holder.talent)}</span>
            {holder.suspended_from.clone().map(|d| view! { <span class="muted">" · " {t(Msg::SuspendedFrom)} " " {d}</span> })}
            {holder.open_proposal.map(|k| view! { <p class="muted" data-testid="proposal-waiting">{lang.adjustment(k)} " · " {t(Msg::ProposalWaitingForHrss)}</p> })}
            {kind.map(|k| {
                let reasons = reason_options(lang, k);
                view! {
                    <details>
                        <summary>{lang.adjustment(k)}</summary>
                        <ActionForm action=propose>
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="kind" value=k.as_str()/>
                            <div class="field">
                                <label for=format!("reason-{id}")>{t(Msg::AdjustmentReasonLabel)}</label>
                                <select id=format!("reason-{id}") name="reason" required>
                                    {reasons.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for=format!("details-{id}")>{t(Msg::WhatHappened)}</label>
                                <textarea id=format!("details-{id}") name="details" rows="3" maxlength="2000" required></textarea>
                            </div>
                            <button type="submit" class="button" data-testid="propose">{lang.adjustment(k)}</button>
                        </ActionForm>
                    </details>
                }
            })}
        </li>
    }
}

/// HRSS: the proposals waiting, reactivations first.
#[component]
fn Proposals() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let decide = ServerAction::<DecideAdjustment>::new();
    let proposals = Resource::new(move || decide.version().get(), |_| open_adjustments());
    let error = action_error(decide);
    view! {
        <ErrorSummary error/>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match proposals.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{t(Msg::NoProposals)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="inbox" data-testid="proposals">
                            {list.into_iter().map(|p| {
                                let department = if lang == Lang::En { p.department_en.clone() } else { p.department_zh.clone() };
                                view! {
                                    <li data-reference=p.reference.clone() data-kind=p.kind.as_str()>
                                        <strong>{lang.adjustment(p.kind)}</strong>
                                        {(p.kind == Adjustment::Reactivate).then(|| view! { " " <span class="tag">{t(Msg::Priority)}</span> })}
                                        " · " <a href=format!("/review/{}", p.application_id)>{p.reference.clone()}</a> " · " {p.full_name.clone()}
                                        " · " {lang.card_status(&p.talent)}
                                        {p.suspended_from.clone().map(|d| view! { <span class="muted">" · " {t(Msg::SuspendedFrom)} " " {d}</span> })}
                                        <p class="muted">{department} " · " {p.proposed_at.clone()} " · " {lang.adjustment_reason(p.reason)}</p>
                                        <p class="opinion">{p.details.clone()}</p>
                                        <ActionForm action=decide>
                                            <input type="hidden" name="id" value=p.id/>
                                            <button type="submit" class="button" name="decision" value="file" data-testid="file">{t(Msg::FileAdjustment)}</button>
                                            " "
                                            <button type="submit" class="button secondary" name="decision" value="decline">{t(Msg::DeclineAdjustment)}</button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
