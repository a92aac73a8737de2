//! The browser entry point. The pages are rendered on the server and work without JavaScript;
//! only the islands (`app::islands`: instant field checks, the upload progress bar) come to life
//! here, which keeps the WASM small (issue 3: ≤ 250 KB gzip).
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Registers the islands by name; Leptos' island script then hydrates each one it finds.
    app::islands::register();
    leptos::mount::hydrate_islands();
    // Browser tests wait for this marker before clicking in the hydrated run. The island script
    // hydrates the islands right after this function returns, within the same task, so a timeout
    // of 0 marks the page after they are all live.
    let mark = Closure::once_into_js(|| {
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback(mark.unchecked_ref());
    }
}
