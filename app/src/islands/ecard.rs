//! The holder's e-card renews itself: every `data-ecard-refresh` seconds a new QR code and short
//! code come from `/my-card/code.json` (`ecard::routes::new_code`) and replace the old ones. A
//! code shown longer than it lives never stays on screen while the page is open.
#![cfg(feature = "hydrate")]
use leptos::prelude::*;
use leptos::wasm_bindgen::{closure::Closure, JsCast};

pub fn start() {
    let Some(panel) = document().query_selector("[data-ecard-refresh]").ok().flatten() else { return };
    let seconds: i32 = panel.get_attribute("data-ecard-refresh").and_then(|s| s.parse().ok()).unwrap_or(30);
    let tick = Closure::<dyn FnMut()>::new(move || {
        let panel = panel.clone();
        leptos::task::spawn_local(async move {
            let Ok(code) = super::fetch::json("/my-card/code.json").await else { return };
            let field = |name: &str| js_sys::Reflect::get(&code, &name.into()).ok().and_then(|v| v.as_string());
            let (Some(svg), Some(short), Some(until)) = (field("qr_svg"), field("short_code"), field("valid_until")) else { return };
            let set = |selector: &str, f: &dyn Fn(&leptos::web_sys::Element)| {
                if let Ok(Some(e)) = panel.query_selector(selector) {
                    f(&e);
                }
            };
            set("[data-ecard-qr]", &|e| e.set_inner_html(&svg));
            set("[data-ecard-code]", &|e| e.set_text_content(Some(&short)));
            set("[data-ecard-until]", &|e| e.set_text_content(Some(&until)));
        });
    });
    let _ = window().set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), seconds * 1000);
    tick.forget();
}
