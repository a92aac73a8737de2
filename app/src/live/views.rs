//! What a live page carries for the browser (`islands::live`): where it says what changed.
use leptos::prelude::*;

use crate::i18n::{use_t, Msg};

/// Empty until something changes; then the browser writes what changed and a link to reload
/// (the same address, filters and all). A polite live region, so a screen reader hears it once.
#[component]
pub fn LiveNote() -> impl IntoView {
    let t = use_t();
    view! { <div class="live-note" role="status" aria-live="polite" data-live-note data-reload=t(Msg::LiveReload)></div> }
}

/// A case's page, live: when the case changes, the reviewer's page says so and offers to reload
/// (keeping the opinion typed: `islands::live`); the filer's page (`swap`) refreshes itself —
/// status, timeline, what to do next — as nothing is typed there.
#[component]
pub fn LiveCase(case: i64, version: i32, position: i64, #[prop(optional)] swap: bool) -> impl IntoView {
    let t = use_t();
    view! {
        <div data-live-after=position data-live-case=case data-live-version=version data-live-swap=swap.then_some("yes")
             data-live-changed=t(Msg::LiveChanged) data-live-reset=t(Msg::LiveChanged)>
            <LiveNote/>
            // Presence (a reviewer's page): who else of this body has the case open (`live::presence`).
            {(!swap).then(|| view! { <p class="live-presence" role="status" data-live-presence></p> })}
        </div>
    }
}

/// Figures that follow every change the reader may see (the dashboard): the page's `main` is
/// read again, at most about once a second, and put in place (`islands::live`).
#[component]
pub fn LiveFigures(position: i64) -> impl IntoView {
    view! { <div data-live-after=position data-live-any=""></div> }
}

/// Keyboard shortcuts of the review pages (issue 15, item 3), for officials who work through a
/// queue all day: a button that shows them (hidden until the browser can act on them) and the
/// help itself, a modal dialog. Single keys, so they can be switched off (WCAG 2.1.4): a screen
/// reader's own keys or a speech user's words must not set them off (`islands::keys`).
#[component]
pub fn KeyHelp() -> impl IntoView {
    let t = use_t();
    let keys = [("j", Msg::KeysNext), ("k", Msg::KeysPrevious), ("o", Msg::KeysOpen), ("c", Msg::KeysOpinion), ("?", Msg::KeysHelp)];
    view! {
        <p class="keys-open" data-keys hidden><button type="button" class="link" data-keys-open>{t(Msg::KeysShow)}</button></p>
        <dialog id="keys-help" class="keys-help" aria-labelledby="keys-h">
            <h2 id="keys-h">{t(Msg::KeysTitle)}</h2>
            <dl class="keys">
                {keys.into_iter().map(|(key, what)| view! { <dt><kbd>{key}</kbd></dt><dd>{t(what)}</dd> }).collect_view()}
            </dl>
            <p class="muted">{t(Msg::KeysWhere)}</p>
            <div class="field checkbox">
                <input type="checkbox" id="keys-on" checked/>
                <label for="keys-on">{t(Msg::KeysOn)}</label>
            </div>
            <form method="dialog"><button type="submit" class="button secondary">{t(Msg::KeysClose)}</button></form>
        </dialog>
    }
}
