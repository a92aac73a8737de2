//! The provider's verification page: card number + ID number → valid or not.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{verification, VerifyCard};
use super::Verdict;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::{action_error, ErrorPage, ErrorSummary};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let t = use_t();
    let verify = ServerAction::<VerifyCard>::new();
    let error = action_error(verify);
    let query = use_query_map();
    let checked = move || query.read().get("v").and_then(|v| v.parse::<i64>().ok());
    let verdict = Resource::new(checked, |id| async move {
        match id {
            Some(id) => verification(id).await.map(|v| Some((id, v))),
            None => Ok(None),
        }
    });
    view! {
        <crate::ui::PageTitle text=t(Msg::VerifyCard)/>
        <h1>{t(Msg::VerifyCard)}</h1>
        <ErrorSummary error/>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match verdict.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some((check, v))) => view! { <VerdictPanel check verdict=v/> }.into_any(),
                }
            })}
        </Suspense>
        <ActionForm action=verify>
            <div class="field">
                <label for="card_number">{t(Msg::CardNumber)}</label>
                <input id="card_number" name="card_number" inputmode="numeric" autocomplete="off" required/>
            </div>
            <div class="field">
                <label for="id_number">{t(Msg::IdNumber)}</label>
                <input id="id_number" name="id_number" autocomplete="off" required/>
            </div>
            <button type="submit" class="button">{t(Msg::Check)}</button>
        </ActionForm>
    }
}

#[component]
fn VerdictPanel(check: i64, verdict: Verdict) -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    match verdict {
        Verdict::NotValid => view! {
            <div class="verdict verdict-no" role="status" data-testid="verdict" data-check=check>
                <p class="verdict-word">{t(Msg::NotValid)}</p>
                <p>{t(Msg::NotValidHelp)}</p>
            </div>
        }
        .into_any(),
        Verdict::Valid { masked_name, valid_until, services } => view! {
            <div class="verdict verdict-yes" role="status" data-testid="verdict" data-check=check>
                <p class="verdict-word">{t(Msg::Valid)}</p>
                <p class="holder" data-testid="masked-name">{masked_name}</p>
                <p>{t(Msg::ValidUntil)} ": " {valid_until}</p>
                <h2>{t(Msg::ServicesHere)}</h2>
                <ul>{services.into_iter().map(|s| view! { <li>{lang.service(s)}</li> }).collect_view()}</ul>
            </div>
        }
        .into_any(),
    }
}
