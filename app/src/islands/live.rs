//! Live pages (issue 15): the page opens `/live/changes` from the position it was rendered at
//! (`data-live-after`; `live::stream`), and on each change of a case it shows:
//! - a queue (`data-live-queue`: the status it lists): a row whose case left that status is marked
//!   "handled by a colleague" and drops out a second later; a case that entered it is counted in
//!   "N new — show" (a link that reloads the same address), so no row moves under the pointer;
//! - a reviewer's case page (`data-live-case`, `data-live-version`): a note that it changed, with
//!   a link to reload that keeps what was typed in the opinion (kept for this tab, restored once);
//! - a filer's page (`data-live-swap`): the page's `main` is fetched again and put in place.
//! A `reset` (the browser was away for too many changes) offers to reload. The browser's
//! `EventSource` reconnects by itself, sending the last position it got; the server resumes there.
//! Events carry a case id, its status and version — never a person; the page asks for the rest.
#![cfg(feature = "hydrate")]
use leptos::prelude::*;
use leptos::wasm_bindgen::{closure::Closure, JsCast, JsValue};
use leptos::web_sys::{Element, EventSource, MessageEvent, Response};
use wasm_bindgen_futures::JsFuture;

pub fn start() {
    let Some(page) = root() else { return };
    restore_opinion(&page);
    let after = page.get_attribute("data-live-after").unwrap_or_default();
    let Ok(source) = EventSource::new(&format!("/live/changes?after={after}")) else { return };
    let on_change = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        if let Some(data) = e.data().as_string() {
            changed(&data);
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

/// `"name":value` of the event's flat JSON (numbers, and strings without quotes inside).
fn field<'a>(data: &'a str, name: &str) -> Option<&'a str> {
    let at = data.find(&format!("\"{name}\":"))? + name.len() + 3;
    let rest = data[at..].trim_start_matches('"');
    Some(&rest[..rest.find(['"', ',', '}'])?])
}

fn changed(data: &str) {
    let Some(root) = root() else { return };
    let (Some(case), Some(status), Some(version)) = (field(data, "case"), field(data, "status"), field(data, "version").and_then(|v| v.parse::<i32>().ok())) else {
        return;
    };
    let attr = |name: &str| root.get_attribute(name).unwrap_or_default();
    if let Some(shows) = root.get_attribute("data-live-queue") {
        let row = root.query_selector(&format!("tr[data-case=\"{case}\"]")).ok().flatten();
        match row {
            Some(row) if status != shows => gone(&root, row, &attr("data-live-gone")),
            None if status == shows => {
                let count = attr("data-live-count").parse::<u32>().unwrap_or(0) + 1;
                let _ = root.set_attribute("data-live-count", &count.to_string());
                note(&root, &attr("data-live-new").replace("{n}", &count.to_string()), true);
                if let Ok(Some(link)) = root.query_selector("[data-live-note] a") {
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
            Some(target) => leptos::task::spawn_local(swap(target)),
            None => {
                let _ = root.set_attribute("data-live-version", &version.to_string());
                note(&root, &attr("data-live-changed"), true);
            }
        }
    }
}

/// Marks a row a colleague took, says so, and takes it out a second later.
fn gone(root: &Element, row: Element, text: &str) {
    let _ = row.class_list().add_1("live-gone");
    let reference = row.query_selector("a").ok().flatten().and_then(|a| a.text_content()).unwrap_or_default();
    if let Some(cell) = row.last_element_child() {
        let tag = document().create_element("span").expect("a span");
        tag.set_class_name("tag");
        tag.set_text_content(Some(text));
        let _ = cell.append_with_str_1(" ");
        let _ = cell.append_with_node_1(&tag);
    }
    note(root, &format!("{reference} {text}"), false);
    let remove = Closure::once_into_js(move || row.remove());
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(remove.unchecked_ref(), 1000);
}

/// Writes `text` into the page's note, with a link that reloads the page when `reload`.
fn note(root: &Element, text: &str, reload: bool) {
    let Ok(Some(note)) = root.query_selector("[data-live-note]") else { return };
    note.set_text_content(Some(text));
    if reload {
        let link = document().create_element("a").expect("a link");
        let _ = link.set_attribute("href", "");
        link.set_text_content(note.get_attribute("data-reload").as_deref());
        let keep = Closure::<dyn FnMut()>::new(keep_opinion);
        let _ = link.add_event_listener_with_callback("click", keep.as_ref().unchecked_ref());
        keep.forget();
        let _ = note.append_with_str_1(" ");
        let _ = note.append_with_node_1(&link);
    }
}

fn opinion_key(root: &Element) -> Option<String> {
    root.get_attribute("data-live-case").map(|case| format!("yj-opinion-{case}"))
}

/// Before the reload: what was typed in the opinion, for this tab only (sessionStorage).
fn keep_opinion() {
    let (Some(root), Ok(Some(opinion))) = (root(), document().query_selector("#opinion")) else { return };
    let value = js_sys::Reflect::get(&opinion, &JsValue::from_str("value")).ok().and_then(|v| v.as_string()).unwrap_or_default();
    if let (Some(key), Ok(Some(storage))) = (opinion_key(&root), window().session_storage()) {
        if !value.trim().is_empty() {
            let _ = storage.set_item(&key, &value);
        }
    }
}

/// After it: the opinion back in its box, once.
fn restore_opinion(root: &Element) {
    let (Some(key), Ok(Some(storage)), Ok(Some(opinion))) = (opinion_key(root), window().session_storage(), document().query_selector("#opinion")) else { return };
    if let Ok(Some(value)) = storage.get_item(&key) {
        let _ = js_sys::Reflect::set(&opinion, &JsValue::from_str("value"), &JsValue::from_str(&value));
        let _ = storage.remove_item(&key);
    }
}

/// The filer's page again, from the server, in place of `selector` (its `main`).
async fn swap(selector: String) {
    let Ok(url) = window().location().href() else { return };
    let Ok(response) = JsFuture::from(window().fetch_with_str(&url)).await else { return };
    let Ok(response) = response.dyn_into::<Response>() else { return };
    if !response.ok() {
        return;
    }
    let Some(html) = (match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    }) else {
        return;
    };
    let Ok(parser) = leptos::web_sys::DomParser::new() else { return };
    let Ok(fresh) = parser.parse_from_string(&html, leptos::web_sys::SupportedType::TextHtml) else { return };
    if let (Ok(Some(new)), Ok(Some(old))) = (fresh.query_selector(&selector), document().query_selector(&selector)) {
        old.set_inner_html(&new.inner_html());
    }
}
