//! "Also open by …" on a reviewer's case page (issue 15, item 2): every `BEAT` the page tells the
//! server the case is still open here and shows whom else of this body it has open
//! (`live::presence`, a plain-text answer); when the page goes away, a beacon says so.
#![cfg(feature = "hydrate")]
use std::cell::RefCell;

use leptos::prelude::*;
use leptos::wasm_bindgen::{closure::Closure, JsCast};
use leptos::web_sys::{RequestInit, Response};
use wasm_bindgen_futures::JsFuture;

/// How often an open page says so; the server forgets a page silent for a minute.
const BEAT: i32 = 20_000;

thread_local! {
    /// What the last answer said (a page shown again gets it back at once: `shown_again`).
    static SAID: RefCell<String> = const { RefCell::new(String::new()) };
}

pub fn start() {
    let Ok(Some(page)) = document().query_selector("[data-live-case]:not([data-live-swap])") else { return };
    let Some(case) = page.get_attribute("data-live-case") else { return };
    let url = ["/live/presence/", &case].concat();
    let left = [&url, "?left=yes"].concat();
    leptos::task::spawn_local(async move {
        while beat(&url).await {
            super::fetch::sleep(BEAT).await;
        }
    });
    let gone = Closure::<dyn FnMut()>::new(move || {
        let _ = window().navigator().send_beacon(&left);
    });
    let _ = window().add_event_listener_with_callback("pagehide", gone.as_ref().unchecked_ref());
    gone.forget();
}

/// Says the case is open here and shows who else has it; false once the server says no more (the
/// session ended, the case is no longer this official's to see): then it shows nothing. A server
/// that is down or busy (5xx, 429) or no network: tried again at the next beat.
async fn beat(url: &str) -> bool {
    let init = RequestInit::new();
    init.set_method("POST");
    let Ok(answer) = JsFuture::from(window().fetch_with_str_and_init(url, &init)).await else { return true };
    let Ok(response) = answer.dyn_into::<Response>() else { return false };
    // Signed out, a fetch follows the redirect to the login page: not an answer.
    let refused = response.redirected() || (400..500).contains(&response.status()) && response.status() != 429;
    if refused {
        SAID.with(|said| said.borrow_mut().clear());
        shown_again();
        return false;
    }
    if !response.ok() {
        return true;
    }
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => return true,
    };
    SAID.with(|said| *said.borrow_mut() = text);
    shown_again();
    true
}

/// Writes what the last answer said (looked up each time: "show again" puts a new page in place),
/// only when it differs, so a screen reader hears a change once.
pub fn shown_again() {
    if let Ok(Some(shown)) = document().query_selector("[data-live-presence]") {
        SAID.with(|said| {
            let said = said.borrow();
            if shown.text_content().unwrap_or_default() != *said {
                shown.set_text_content(Some(&said));
            }
        });
    }
}
