//! Keyboard shortcuts of the review pages (issue 15, item 3; the help: `live::views::KeyHelp`):
//! `j`/`k` the next or previous case — a row of the queue, or from a case page the next case of
//! the queue it was opened from (the queue's order is kept for the tab in `sessionStorage`);
//! `o` opens the selected row; `c` goes to the opinion box; `?` shows or closes the help.
//! Single keys, so: never with Ctrl, Alt or ⌘ (the browser's and a screen reader's own), never
//! while typing in a box, and switched off for good by a check box in the help (WCAG 2.1.4;
//! kept in `localStorage`).
#![cfg(feature = "hydrate")]
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, Event, HtmlDialogElement, HtmlElement, HtmlInputElement, KeyboardEvent};

/// `localStorage` key: "off" when the official switched the shortcuts off.
const SWITCH: &str = "yunju-keys";
/// `sessionStorage` key: the case addresses of the last queue shown in this tab, in its order.
const QUEUE: &str = "yunju-queue";

pub fn start() {
    if document().query_selector("[data-keys]").ok().flatten().is_none() {
        return;
    }
    sync();
    // On the window, not the elements: "show again" puts new ones in place.
    super::on_window("click", |e: Event| {
        if target(&e).is_some_and(|t| t.closest("[data-keys-open]").ok().flatten().is_some()) {
            toggle_help();
        }
    });
    super::on_window("change", |e: Event| {
        let Some(on) = target(&e).filter(|t| t.id() == "keys-on").and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
        if let Ok(Some(store)) = window().local_storage() {
            let _ = if on.checked() { store.remove_item(SWITCH) } else { store.set_item(SWITCH, "off") };
        }
    });
    super::on_window("keydown", key);
}

/// Sets up the page's help as it is now (also after a part of the page was put in place): the
/// button shown, the switch as the official left it, the queue's order kept.
pub fn sync() {
    if let Ok(Some(shown)) = document().query_selector("[data-keys]") {
        let _ = shown.remove_attribute("hidden");
    }
    if let Some(on) = document().get_element_by_id("keys-on").and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
        on.set_checked(!off());
    }
    remember_queue();
}

fn target(e: &Event) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()
}

fn off() -> bool {
    window().local_storage().ok().flatten().and_then(|s| s.get_item(SWITCH).ok().flatten()).as_deref() == Some("off")
}

fn key(e: KeyboardEvent) {
    if e.ctrl_key() || e.alt_key() || e.meta_key() || e.default_prevented() || e.is_composing() || off() {
        return;
    }
    // Typing: the keys are the text's (a check box or a button takes no text).
    let typing = document().active_element().is_some_and(|a| match a.tag_name().as_str() {
        "INPUT" => !matches!(a.get_attribute("type").as_deref(), Some("checkbox" | "radio" | "button" | "submit" | "reset")),
        "TEXTAREA" | "SELECT" => true,
        _ => a.dyn_ref::<HtmlElement>().is_some_and(|h| h.is_content_editable()),
    });
    if typing {
        return;
    }
    let help_open = help().is_some_and(|d| d.open());
    match e.key().as_str() {
        "?" => toggle_help(),
        _ if help_open => return,
        "j" => step(1),
        "k" => step(-1),
        "o" => {
            if let Some(row) = current_row().or_else(|| rows().into_iter().next()) {
                row.click();
            }
        }
        "c" => match document().get_element_by_id("opinion").and_then(|o| o.dyn_into::<HtmlElement>().ok()) {
            Some(opinion) => {
                let _ = opinion.focus();
            }
            None => return,
        },
        _ => return,
    }
    e.prevent_default();
}

fn help() -> Option<HtmlDialogElement> {
    document().get_element_by_id("keys-help")?.dyn_into().ok()
}

fn toggle_help() {
    let Some(dialog) = help() else { return };
    if dialog.open() {
        dialog.close();
    } else {
        let _ = dialog.show_modal();
    }
}

/// The queue's case links, in order, without those a colleague took.
fn rows() -> Vec<HtmlElement> {
    let Ok(links) = document().query_selector_all("table.queue tbody tr:not([data-live-gone]) td:first-child a") else { return vec![] };
    (0..links.length()).filter_map(|i| links.item(i)?.dyn_into::<HtmlElement>().ok()).collect()
}

/// The row link holding the focus.
fn current_row() -> Option<HtmlElement> {
    let active = document().active_element()?;
    rows().into_iter().find(|r| r.unchecked_ref::<Element>() == &active)
}

/// The next (`by` 1) or previous (-1) case: on the queue, the focus moves to its row; on a case
/// page, that case opens.
fn step(by: i32) {
    let links = rows();
    if !links.is_empty() {
        let at = current_row().and_then(|c| links.iter().position(|l| *l == c));
        let next = match at {
            Some(i) => (i as i32 + by).clamp(0, links.len() as i32 - 1) as usize,
            None if by > 0 => 0,
            None => links.len() - 1,
        };
        let _ = links[next].focus();
        return;
    }
    // A case page with an opinion or a note typed: leaving it would lose them.
    if let Ok(boxes) = document().query_selector_all("main textarea") {
        let typed = (0..boxes.length()).filter_map(|i| boxes.item(i)?.dyn_into::<leptos::web_sys::HtmlTextAreaElement>().ok()).any(|b| !b.value().is_empty());
        if typed {
            return;
        }
    }
    let Some(order) = window().session_storage().ok().flatten().and_then(|s| s.get_item(QUEUE).ok().flatten()) else { return };
    let Ok(here) = window().location().pathname() else { return };
    let order: Vec<&str> = order.split('\n').collect();
    if let Some(next) = order.iter().position(|p| *p == here).and_then(|i| order.get((i as i32 + by).max(0) as usize)).filter(|p| **p != here) {
        let _ = window().location().set_href(next);
    }
}

/// Keeps the queue's order for the case pages opened from it (called again when the filters put
/// another list in place).
pub fn remember_queue() {
    let links = rows();
    if links.is_empty() && document().query_selector("table.queue").ok().flatten().is_none() {
        return;
    }
    let order: Vec<String> = links.iter().filter_map(|l| l.get_attribute("href")).collect();
    if let Ok(Some(store)) = window().session_storage() {
        let _ = store.set_item(QUEUE, &order.join("\n"));
    }
}
