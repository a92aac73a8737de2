//! The provider's verification page: scan the e-card (camera, an island), type its short code, or
//! type card number + ID number → valid or not; then record the service delivered.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::{verification, VerifyCard, VerifyCode};
use super::Verdict;
use crate::domain::Field;
use crate::i18n::{use_lang, use_t, Msg};
use crate::services::views::{OrgRecords, RecordServiceForm};
use crate::ui::{action_error, ErrorPage, ErrorSummary, TextInput};

#[component]
pub fn VerifyPage() -> impl IntoView {
    let t = use_t();
    let verify = ServerAction::<VerifyCard>::new();
    let error = action_error(verify);
    let by_code = ServerAction::<VerifyCode>::new();
    let code_error = action_error(by_code);
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
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match verdict.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some((check, v))) => view! { <VerdictPanel check verdict=v/> }.into_any(),
                }
            })}
        </Suspense>
        <section class="verify-way" aria-labelledby="scan-title">
            <h2 id="scan-title">{t(Msg::ScanEcard)}</h2>
            // The camera scanner (islands::scan): hidden until the WASM has loaded. Its QR reader is
            // a WASM module of its own (the `scanner` crate), loaded by this page only.
            <script type="module" src="/scanner/index.js" nonce=leptos::nonce::use_nonce()></script>
            <div class="scanner" data-scanner data-msg-scanning=t(Msg::ScanLooking) data-msg-no-camera=t(Msg::ScanNoCamera)
                data-msg-expired=t(Msg::PCodeExpired) data-msg-forged=t(Msg::PCodeNotOurs) data-msg-checking=t(Msg::ScanChecking)>
                <button type="button" class="button" data-scan-start hidden>{t(Msg::ScanStart)}</button>
                <video data-scan-video playsinline="" muted="" hidden></video>
                <p class="scan-status" data-scan-status role="status" aria-live="polite"></p>
            </div>
            <ErrorSummary error=code_error/>
            <ActionForm action=by_code attr:data-scan-form="">
                <TextInput name="code" label=Msg::EcardCodeLabel hint=Msg::EcardCodeHint field=Field::EcardCode error=code_error autocomplete="off"/>
                <button type="submit" class="button">{t(Msg::Check)}</button>
            </ActionForm>
        </section>
        <section class="verify-way" aria-labelledby="number-title">
            <h2 id="number-title">{t(Msg::CheckByNumber)}</h2>
            <ErrorSummary error/>
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
        </section>
        <OrgRecords/>
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
        Verdict::Valid { masked_name, valid_until, services: _, offers, dependents, has_photo } => view! {
            <div class="verdict verdict-yes" role="status" data-testid="verdict" data-check=check>
                <p class="verdict-word">{t(Msg::Valid)}</p>
                {has_photo.then(|| view! {
                    <img class="holder-photo" src=format!("/verify/checks/{check}/photo") alt=t(Msg::HolderPhoto) width="120" height="160"/>
                })}
                <p class="holder" data-testid="masked-name">{masked_name}</p>
                <p>{t(Msg::ValidUntil)} ": " {valid_until}</p>
                <h2>{t(Msg::ServicesHere)}</h2>
                <ul data-testid="offers">
                    {offers.iter().map(|o| view! {
                        <li data-service=o.service.as_str() data-left=o.left.map(|l| l.to_string())>
                            {lang.ledger_service(o.service)}
                            {o.left.zip(o.quota).map(|(left, quota)| view! {
                                " · " <strong>{lang.quota_left(left, quota)}</strong>
                            })}
                        </li>
                    }).collect_view()}
                </ul>
                {(!dependents.is_empty()).then(|| view! {
                    <h3>{t(Msg::DependentsReached)}</h3>
                    <ul data-testid="dependents">
                        {dependents.iter().map(|d| view! {
                            <li>{d.masked_name.clone()} " · " {lang.relation(d.relation)} " · " {d.birth_year}</li>
                        }).collect_view()}
                    </ul>
                })}
            </div>
            <RecordServiceForm check offers dependents/>
        }
        .into_any(),
    }
}
