//! The only code that runs in the browser (one Leptos island). Every page is rendered on the server
//! and works without JavaScript; once the WASM has loaded, `Enhancements` (placed once on every
//! page) listens on the window for:
//! - `focusout` of an input with `data-check`: an instant check with the same domain parser the
//!   server runs (`checks`);
//! - `submit` of a form with `data-upload`: the file goes by XMLHttpRequest with a progress bar
//!   (`upload`);
//! - `click` of `[data-scan-start]`: the counter's camera scanner (`scan`).
//!
//! On a holder's e-card page it also renews the QR code every 30 s (`ecard`); on a queue or a
//! case page it follows the changes as they happen (`live`), says who else has the case open
//! (`presence`), follows the queue's filters as one types (`filter`) and takes shortcut keys
//! (`keys`).
//!
//! It wraps no children, so the server-rendered forms stay plain HTML forms (an island's children
//! would be hydrated, and an `<ActionForm>` among them would start posting by fetch). It takes no
//! props (so no JSON decoder is shipped): what it needs is in `data-*` attributes of the page.
use leptos::prelude::*;

mod checks;
mod ecard;
mod fetch;
mod filter;
mod keys;
mod live;
mod presence;
mod scan;
mod upload;

#[island]
pub fn Enhancements() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        on_window("focusout", checks::check_field);
        on_window("submit", upload::send);
        on_window("click", scan::click);
        scan::init();
        ecard::start();
        live::start();
        filter::start();
        presence::start();
        keys::start();
    }
    view! { <span hidden></span> }
}

/// Listens on the window for `name` for the page's life. (One closure type for every listener:
/// leptos's `window_event_listener` costs a kilobyte and more of WASM per event type.)
#[cfg(feature = "hydrate")]
fn on_window<E: leptos::wasm_bindgen::JsCast + 'static>(name: &str, mut f: impl FnMut(E) + 'static) {
    use leptos::wasm_bindgen::{closure::Closure, JsCast};
    let listener = Closure::<dyn FnMut(leptos::web_sys::Event)>::new(move |e: leptos::web_sys::Event| f(e.unchecked_into()));
    let _ = window().add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Called by the browser entry point so that this crate's island exports are linked in.
pub fn register() {}
