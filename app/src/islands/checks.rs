//! Instant field checks: when the applicant leaves a field that has `data-check`, the same domain
//! parser the server runs judges it, and the field's error line says what is wrong at once.
//! The form's wrapper carries `data-today`, the date the rules count from.
#![cfg(feature = "hydrate")]
use leptos::prelude::*;

pub fn check_field(ev: leptos::ev::FocusEvent) {
    use crate::domain::Check;
    use crate::i18n::Lang;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlInputElement, HtmlSelectElement};

    // Leaving the field for a button means the form is being sent: the server checks it now, and
    // a message appearing above would move the button away from under the pointer.
    if ev.related_target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlButtonElement>().ok()).is_some() {
        return;
    }
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
    let Some(check) = input.get_attribute("data-check").and_then(|c| Check::parse(&c)) else { return };
    let today = input
        .closest("[data-today]")
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("data-today"))
        .and_then(|d| crate::domain::dates::iso(&d));
    let Some(today) = today else { return };
    let id_type = input
        .form()
        .and_then(|f| f.query_selector("select[name=id_type]").ok().flatten())
        .and_then(|s| s.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default();
    let lang = document().document_element().and_then(|e| e.get_attribute("lang")).and_then(|l| Lang::parse(&l)).unwrap_or_default();
    let problem = check.run(&input.value(), &id_type, today).err();
    let Some(field) = input.closest(".field").ok().flatten() else { return };
    let error: Option<Element> = field.query_selector(".field-error").ok().flatten();
    if let Some(error) = error {
        error.set_text_content(problem.map(|p| lang.problem(p)));
    }
    let _ = field.set_attribute("class", if problem.is_some() { "field field-invalid" } else { "field" });
    let _ = input.set_attribute("aria-invalid", if problem.is_some() { "true" } else { "false" });
}
