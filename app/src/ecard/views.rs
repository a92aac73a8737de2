//! The e-card on the holder's page: the QR code with its short code, and the data tracker.
use leptos::prelude::*;

use super::api::{data_tracker, ecard_code};
use crate::i18n::{use_lang, use_t, Lang, Msg};

/// The QR code of the card in force and its short code. With JavaScript the island
/// (`islands::ecard`) fetches a new one every 30 s; without, "new code" reloads the page.
#[component]
pub fn EcardPanel() -> impl IntoView {
    let t = use_t();
    let code = Resource::new(|| (), |_| ecard_code());
    view! {
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match code.await {
                    Ok(Some(c)) => view! {
                        <section class="ecard" aria-labelledby="ecard-title" data-ecard-refresh=crate::domain::ecard::REFRESH_SECONDS>
                            <h2 id="ecard-title">{t(Msg::EcardTitle)}</h2>
                            <div class="ecard-qr" data-ecard-qr inner_html=c.qr_svg></div>
                            <p class="ecard-code">{t(Msg::EcardShortCode)} " " <strong data-ecard-code data-testid="short-code">{c.short_code}</strong></p>
                            <p class="hint">{t(Msg::EcardValidUntil)} " " <span data-ecard-until>{c.valid_until}</span> " · " {t(Msg::EcardHint)}</p>
                            <a class="button secondary" href="/my-card" data-testid="new-code">{t(Msg::EcardNewCode)}</a>
                        </section>
                    }.into_any(),
                    Ok(None) => view! { <p class="notice">{t(Msg::EcardNotInForce)}</p> }.into_any(),
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
    }
}

/// Every check of the holder's card and every official who opened the case (issue 12).
#[component]
pub fn DataTrackerSection() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let tracker = Resource::new(|| (), |_| data_tracker());
    view! {
        <section class="tracker" aria-labelledby="tracker-title" data-testid="data-tracker">
            <h2 id="tracker-title">{t(Msg::TrackerTitle)}</h2>
            <p class="hint">{t(Msg::TrackerHint)}</p>
            <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let Ok(tr) = tracker.await else { return ().into_any() };
                    let en = lang == Lang::En;
                    view! {
                        <h3>{t(Msg::TrackerChecks)}</h3>
                        {if tr.checks.is_empty() { view! { <p>{t(Msg::TrackerNoChecks)}</p> }.into_any() } else { view! {
                            <div class="table-scroll"><table class="table" data-testid="tracker-checks">
                                <thead><tr><th scope="col">{t(Msg::When)}</th><th scope="col">{t(Msg::Organisation)}</th><th scope="col">{t(Msg::Result)}</th><th scope="col">{t(Msg::ServicesRecorded)}</th></tr></thead>
                                <tbody>
                                    {tr.checks.into_iter().map(|c| view! {
                                        <tr>
                                            <td>{c.at}</td>
                                            <td>{if en { c.org_en } else { c.org_zh }}</td>
                                            <td>{t(if c.valid { Msg::Valid } else { Msg::NotValid })} " · " {lang.check_method(&c.method)}</td>
                                            <td>{c.services.into_iter().map(|(s, cancelled)| {
                                                let name = crate::domain::services::Service::parse(&s).map_or("", |s| lang.ledger_service(s));
                                                view! { <span>{name} {cancelled.then(|| format!(" ({})", t(Msg::Cancelled)))} " "</span> }
                                            }).collect_view()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any() }}
                        <h3>{t(Msg::TrackerViews)}</h3>
                        {if tr.views.is_empty() { view! { <p>{t(Msg::TrackerNoViews)}</p> }.into_any() } else { view! {
                            <div class="table-scroll"><table class="table" data-testid="tracker-views">
                                <thead><tr><th scope="col">{t(Msg::When)}</th><th scope="col">{t(Msg::Body)}</th></tr></thead>
                                <tbody>
                                    {tr.views.into_iter().map(|v| view! {
                                        <tr>
                                            <td>{v.at}</td>
                                            <td>{lang.role(v.role)} {(if en { v.department_en } else { v.department_zh }).map(|d| format!(" · {d}"))}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any() }}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
