//! Live pages (issue 15): the page opens `/live/changes` from the position it was rendered at
//! (`data-live-after`; `live::stream`), and on each change of a case it shows:
//! - a queue (`data-live-queue`: the status it lists): a row whose case left that status is marked
//!   "handled by a colleague" and drops out a second later; a case that entered it is counted in
//!   "N new — show" (a link that reloads the same address), so no row moves under the pointer;
//! - a reviewer's case page (`data-live-case`, `data-live-version`): a note that it changed, with
//!   a button that shows it again, keeping what was typed in the opinion;
//! - a filer's page (`data-live-swap`): shown again at once (nothing is typed there);
//! - figures (`data-live-any`, the dashboard): shown again a second after any change.
//! "Shown again" fetches the same address and puts its `main` in place of this one (`refresh`).
//! A `reset` (the browser was away for too many changes) offers the same. The browser's
//! `EventSource` reconnects by itself, sending the last position it got; the server resumes there.
//! Events carry a case id, its status and version — never a person; the page asks for the rest.
#![cfg(feature = "hydrate")]
use std::cell::RefCell;
use std::collections::VecDeque;

use leptos::prelude::*;
use leptos::wasm_bindgen::{closure::Closure, JsCast, JsValue};
use leptos::web_sys::{Element, EventSource, MessageEvent, Response};
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// The last changes heard, for a page put in place meanwhile (`replay`).
    static RECENT: RefCell<VecDeque<(i64, String)>> = const { RefCell::new(VecDeque::new()) };
}
const RECENT_MAX: usize = 200;

pub fn start() {
    let Some(page) = root() else { return };
    let after = page.get_attribute("data-live-after").unwrap_or_default();
    let Ok(source) = EventSource::new(&["/live/changes?after=", &after].concat()) else { return };
    let on_change = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        if let Some(data) = e.data().as_string() {
            let position = e.last_event_id().parse().unwrap_or(i64::MAX);
            RECENT.with(|r| {
                let mut recent = r.borrow_mut();
                if recent.len() == RECENT_MAX {
                    recent.pop_front();
                }
                recent.push_back((position, data.clone()));
            });
            changed(position, &data);
        }
    });
    let on_reset = Closure::<dyn FnMut(MessageEvent)>::new(|_: MessageEvent| {
        if let Some(root) = root() {
            let text = root.get_attribute("data-live-reset").unwrap_or_default();
            note(&root, &text, true);
        }
    });
    let _ = source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("reset", on_reset.as_ref().unchecked_ref());
    on_change.forget();
    on_reset.forget();
}

/// The page's live element, looked up each time (a filer's page is swapped whole).
fn root() -> Option<Element> {
    document().query_selector("[data-live-after]").ok().flatten()
}

/// The value after `key` (`"name":`) in the event's flat JSON (numbers, and strings without
/// quotes inside).
fn field<'a>(data: &'a str, key: &str) -> Option<&'a str> {
    let at = data.find(key)? + key.len();
    let rest = data[at..].trim_start_matches('"');
    Some(&rest[..rest.find(['"', ',', '}'])?])
}

fn changed(position: i64, data: &str) {
    let Some(root) = root() else { return };
    // A list put in place since (the filters: `filter`) was read after this change: it shows it.
    if position <= root.get_attribute("data-live-after").and_then(|a| a.parse().ok()).unwrap_or(0) {
        return;
    }
    let (Some(case), Some(status), Some(version)) = (field(data, "\"case\":"), field(data, "\"status\":"), field(data, "\"version\":").and_then(|v| v.parse::<i32>().ok())) else {
        return;
    };
    let attr = |name: &str| root.get_attribute(name).unwrap_or_default();
    if root.has_attribute("data-live-any") {
        // A burst of changes is one refresh: the flag goes with the old `main`.
        if !root.has_attribute("data-live-pending") {
            let _ = root.set_attribute("data-live-pending", "");
            leptos::task::spawn_local(async {
                super::fetch::sleep(1000).await;
                refresh(false).await;
            });
        }
    } else if let Some(shows) = root.get_attribute("data-live-queue") {
        let row = root.query_selector(&["tr[data-case=\"", case, "\"]"].concat()).ok().flatten();
        match row {
            Some(row) if status != shows => gone(&root, row, &attr("data-live-gone")),
            None if status == shows => {
                let count = attr("data-live-count").parse::<i32>().unwrap_or(0) + 1;
                let _ = root.set_attribute("data-live-count", &count.to_string());
                note(&root, &attr("data-live-new").replace("{n}", &count.to_string()), true);
                if let Ok(Some(link)) = root.query_selector("[data-live-note] button") {
                    link.set_text_content(Some(&attr("data-live-show")));
                }
            }
            _ => {}
        }
    } else if root.get_attribute("data-live-case").as_deref() == Some(case) {
        if version <= attr("data-live-version").parse().unwrap_or(i32::MAX) {
            return;
        }
        match root.get_attribute("data-live-swap") {
            Some(_) => leptos::task::spawn_local(refresh(false)),
            None => {
                let _ = root.set_attribute("data-live-version", &version.to_string());
                note(&root, &attr("data-live-changed"), true);
            }
        }
    }
}

/// Marks a row a colleague took (struck through), says so, and takes it out a second later.
fn gone(root: &Element, row: Element, text: &str) {
    let _ = row.set_attribute("data-live-gone", "");
    // A row holding the keyboard's focus stays (marked): taking it away would drop the focus.
    let focused = document().active_element().is_some_and(|e| row.contains(Some(&e)));
    let reference = row.query_selector("a").ok().flatten().and_then(|a| a.text_content()).unwrap_or_default();
    note(root, &[&reference, " ", text].concat(), false);
    if focused {
        return;
    }
    let remove = Closure::<dyn FnMut()>::new(move || row.remove());
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(remove.as_ref().unchecked_ref(), 1000);
    remove.forget();
}

/// Writes `text` into the page's note, with a button that shows the page again when `again`.
fn note(root: &Element, text: &str, again: bool) {
    let Ok(Some(note)) = root.query_selector("[data-live-note]") else { return };
    note.set_text_content(Some(text));
    if again {
        let Ok(button) = document().create_element("button") else { return };
        let _ = button.set_attribute("type", "button");
        button.set_class_name("link");
        button.set_text_content(note.get_attribute("data-reload").as_deref());
        let click = Closure::<dyn FnMut()>::new(|| leptos::task::spawn_local(refresh(true)));
        let _ = button.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
        click.forget();
        let _ = note.append_with_str_1(" ");
        let _ = note.append_with_node_1(&button);
    }
}

/// The page again: the same address fetched, its `main` put in place of this one's, what was
/// typed in its text boxes kept (those the new page still has); asked for (`focus`), focus goes to
/// the heading (the button that asked is gone). Unasked, an answer no newer than the case shown is
/// dropped (two refreshes may come back out of order).
async fn refresh(focus: bool) {
    let Ok(url) = window().location().href() else { return };
    let Some(fresh) = page(&url).await else { return };
    let (Ok(Some(new)), Ok(Some(old))) = (fresh.query_selector("main"), document().query_selector("main")) else { return };
    let version = |e: &Element| e.query_selector("[data-live-version]").ok().flatten().and_then(|r| r.get_attribute("data-live-version")?.parse::<i32>().ok());
    if let (false, Some(shown), Some(fresh)) = (focus, version(&old), version(&new)) {
        if fresh <= shown {
            return;
        }
    }
    let value = JsValue::from_str("value");
    let mut typed = vec![];
    if let Ok(boxes) = old.query_selector_all("textarea[id]") {
        for i in 0..boxes.length() {
            if let Some(b) = boxes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                typed.push((b.id(), js_sys::Reflect::get(&b, &value).unwrap_or(JsValue::NULL)));
            }
        }
    }
    old.set_inner_html(&new.inner_html());
    for (id, text) in typed {
        if let Some(b) = document().get_element_by_id(&id) {
            let _ = js_sys::Reflect::set(&b, &value, &text);
        }
    }
    put_in_place();
    if let (true, Ok(Some(heading))) = (focus, document().query_selector("main h1")) {
        let _ = heading.set_attribute("tabindex", "-1");
        if let Some(heading) = heading.dyn_ref::<leptos::web_sys::HtmlElement>() {
            let _ = heading.focus();
        }
    }
}

/// A page of this site, fetched and parsed: a detached element holding it, or None when the
/// answer is not the page (an error; a redirect, to sign in).
pub async fn page(url: &str) -> Option<Element> {
    let response = JsFuture::from(window().fetch_with_str(url)).await.ok()?.dyn_into::<Response>().ok()?;
    if !response.ok() || response.redirected() {
        return None;
    }
    let html = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    // Parsed in a detached element rather than by a DOMParser (fewer bindings in the WASM). It is
    // this site's own page, and no inline handler could run anyway: the policy allows only
    // scripts carrying the page's nonce.
    let fresh = document().create_element("div").ok()?;
    fresh.set_inner_html(&html);
    Some(fresh)
}

/// After part of a page was put in place (shown again, or the queue's filters): what the old part
/// had set up is set up again, and the changes heard after the new part was read, which may have
/// reached the old part only, are applied to it.
pub fn put_in_place() {
    super::presence::shown_again();
    super::keys::sync();
    let Some(after) = root().and_then(|r| r.get_attribute("data-live-after")?.parse::<i64>().ok()) else { return };
    let missed: Vec<(i64, String)> = RECENT.with(|r| r.borrow().iter().filter(|(p, _)| *p > after).cloned().collect());
    for (position, data) in missed {
        changed(position, &data);
    }
}
