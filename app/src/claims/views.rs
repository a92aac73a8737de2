//! The talent's claim page (`/claim`), and the panel on the agent's task list that makes a code.
use leptos::prelude::*;

use super::api::{claim_state, ClaimCase, CreateClaim};
use crate::domain::Field;
use crate::i18n::{use_t, Msg};
use crate::ui::{action_error, ErrorSummary, TextInput};

#[component]
pub fn ClaimPage() -> impl IntoView {
    let t = use_t();
    let claim = ServerAction::<ClaimCase>::new();
    let error = action_error(claim);
    view! {
        <crate::ui::PageTitle text=t(Msg::ClaimTitle)/>
        <h1>{t(Msg::ClaimTitle)}</h1>
        <p>{t(Msg::ClaimIntro)}</p>
        <ErrorSummary error/>
        <ActionForm action=claim>
            <TextInput name="code" label=Msg::ClaimCodeLabel hint=Msg::ClaimCodeHint field=Field::ClaimCode error autocomplete="off"/>
            <TextInput name="id_number" label=Msg::DocNumber hint=Msg::IdNumberHint field=Field::IdNumber error autocomplete="off"/>
            <button type="submit" class="button">{t(Msg::ClaimSubmit)}</button>
        </ActionForm>
    }
}

/// On the task list of a case an agent filed: whether the talent has claimed it, the open code
/// and its expiry, and the button that makes a (new) one.
#[component]
pub fn ClaimPanel(id: i64) -> impl IntoView {
    let t = use_t();
    let state = Resource::new(move || id, claim_state);
    let create = ServerAction::<CreateClaim>::new();
    let error = action_error(create);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(state) = state.await else { return ().into_any() };
                if state.claimed {
                    return view! { <p class="panel" data-testid="claimed">{t(Msg::ClaimDone)}</p> }.into_any();
                }
                let has_code = state.open.is_some();
                view! {
                    <section class="panel" id="claim" aria-labelledby="claim-h">
                        <h2 id="claim-h">{t(Msg::ClaimPanelTitle)}</h2>
                        <p>{t(Msg::ClaimPanelIntro)}</p>
                        {state.open.map(|c| view! {
                            <dl>
                                <dt>{t(Msg::ClaimCodeIs)}</dt>
                                <dd><strong class="claim-code" data-testid="claim-code">{c.code}</strong></dd>
                                <dt>{t(Msg::ClaimValidUntil)}</dt>
                                <dd>{c.expires_at}</dd>
                            </dl>
                            <p class="muted">{t(if c.mailed { Msg::ClaimMailed } else { Msg::ClaimNotMailed })}</p>
                        })}
                        <ErrorSummary error/>
                        <ActionForm action=create>
                            <input type="hidden" name="id" value=id/>
                            <button type="submit" class="button secondary">{t(if has_code { Msg::ClaimRenew } else { Msg::ClaimCreate })}</button>
                        </ActionForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
