//! /inbox: one message per state change, newest first.
use leptos::prelude::*;

use super::api::inbox;
use crate::i18n::{use_lang, use_t, Msg};
use crate::ui::ErrorPage;

#[component]
pub fn InboxPage() -> impl IntoView {
    let t = use_t();
    let lang = use_lang();
    let messages = Resource::new(|| (), |_| inbox());
    view! {
        <crate::ui::PageTitle text=t(Msg::Inbox)/>
        <h1>{t(Msg::Inbox)}</h1>
        <Suspense fallback=move || view! { <p>{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match messages.await {
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>{t(Msg::NoMessages)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="inbox" data-testid="inbox">
                            {list.into_iter().map(|m| view! {
                                <li class:unread=m.unread>
                                    {m.unread.then(|| view! { <strong class="tag tag-returned">{t(Msg::Unread)}</strong> " " })}
                                    <a href=format!("/applications/{}", m.application_id)>{m.reference}</a>
                                    <span class="muted">" · " {m.at}</span>
                                    <p>{t(Msg::MsgStatusChanged)} <strong>{lang.status(m.to)}</strong>
                                        <span class="muted">" (" {lang.command(m.command)} ")"</span></p>
                                    {(!m.opinion.is_empty()).then(|| view! { <p class="opinion">{m.opinion}</p> })}
                                    {m.section_reasons.into_iter().map(|r| view! {
                                        <p class="opinion"><strong>{lang.section(r.section)} ": "</strong>{r.reason}</p>
                                    }).collect_view()}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
        <crate::requests::views::RequestMessages/>
        <h2>{t(Msg::NoticesTitle)}</h2>
        <crate::cards::views::NoticeList/>
        <crate::services::views::Receipts/>
    }
}
