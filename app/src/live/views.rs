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
        </div>
    }
}

/// Figures that follow every change the reader may see (the dashboard): the page's `main` is
/// read again, at most about once a second, and put in place (`islands::live`).
#[component]
pub fn LiveFigures(position: i64) -> impl IntoView {
    view! { <div data-live-after=position data-live-any=""></div> }
}
