//! The review queue's filters as one types (issue 15, item 1): a moment after the last key or
//! choice, the address becomes what the form would submit (so back, reload and a shared link give
//! the same list), the list for it is fetched and put in place of the old one, and a screen reader
//! hears how many cases it holds. The form stays a plain GET form: Enter, or no JavaScript, loads
//! the same address. An answer overtaken by newer typing is dropped.
#![cfg(feature = "hydrate")]
use std::cell::Cell;

use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{Element, Event};

/// Quiet this long after the last key, the list follows.
const PAUSE: i32 = 300;

thread_local! {
    /// The latest change of the filters: an older one that finishes late is dropped.
    static LATEST: Cell<u32> = const { Cell::new(0) };
}

pub fn start() {
    // On the window, not the form: "show again" puts a new form in place. `input` comes from text
    // boxes, lists and check boxes alike; while a word is being composed (pinyin) it waits for
    // the word (`compositionend`).
    let changed = |e: Event| {
        let composing = js_sys::Reflect::get(&e, &JsValue::from_str("isComposing")).ok() == Some(JsValue::TRUE);
        let in_filters = e.target().and_then(|t| t.dyn_into::<Element>().ok()).is_some_and(|t| t.closest("form[data-live-filter]").ok().flatten().is_some());
        if composing || !in_filters {
            return;
        }
        let mine = LATEST.with(|l| l.get() + 1);
        LATEST.with(|l| l.set(mine));
        leptos::task::spawn_local(follow(mine));
    };
    super::on_window("input", changed);
    super::on_window("compositionend", changed);
}

fn latest(mine: u32) -> bool {
    LATEST.with(|l| l.get()) == mine
}

async fn follow(mine: u32) {
    super::fetch::sleep(PAUSE).await;
    let Ok(Some(form)) = document().query_selector("form[data-live-filter]") else { return };
    if !latest(mine) {
        return;
    }
    let url = address(&form);
    let Some(page) = super::live::page(&url).await else {
        // Signed out, or the server failed: the address itself says what is wrong.
        let _ = window().location().assign(&url);
        return;
    };
    if !latest(mine) {
        return;
    }
    let (Ok(Some(fresh)), Ok(Some(shown))) = (page.query_selector("[data-live-results]"), document().query_selector("[data-live-results]")) else {
        return;
    };
    shown.set_inner_html(&fresh.inner_html());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
    super::live::put_in_place();
    if let Ok(Some(status)) = form.query_selector("[data-live-filter-status]") {
        let rows = shown.query_selector_all("tr[data-case]").map_or(0, |r| r.length());
        // One page of the list at a time: "50+" when there are more.
        let more = if shown.query_selector("a[rel=next]").ok().flatten().is_some() { "+" } else { "" };
        let text = status.get_attribute("data-live-filter-status").unwrap_or_default().replace("{n}", &[rows.to_string().as_str(), more].concat());
        status.set_text_content(Some(&text));
    }
}

/// What the form would submit, without the empty fields: `/review?q=…&category=5`.
fn address(form: &Element) -> String {
    let action = form.get_attribute("action").unwrap_or_else(|| "/review".into());
    let mut query = vec![];
    let value = JsValue::from_str("value");
    let checked = JsValue::from_str("checked");
    if let Ok(fields) = form.query_selector_all("[name]") {
        for i in 0..fields.length() {
            let Some(field) = fields.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            let Some(name) = field.get_attribute("name") else { continue };
            if field.get_attribute("type").as_deref() == Some("checkbox") && js_sys::Reflect::get(&field, &checked).ok() != Some(JsValue::TRUE) {
                continue;
            }
            let text = js_sys::Reflect::get(&field, &value).ok().and_then(|v| v.as_string()).unwrap_or_default();
            if !text.is_empty() {
                query.push([String::from(js_sys::encode_uri_component(&name)), String::from(js_sys::encode_uri_component(&text))].join("="));
            }
        }
    }
    if query.is_empty() { action } else { [action, query.join("&")].join("?") }
}
