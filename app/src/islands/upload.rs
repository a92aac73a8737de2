//! The upload progress bar: the form is sent with XMLHttpRequest so the browser can report
//! progress; the server answers exactly as it does to the plain form (a redirect), and the page
//! follows it. Files over 10 MB are refused before a byte is sent.
#![cfg(feature = "hydrate")]
use leptos::prelude::*;

/// Acts only on forms marked `data-upload`.
pub fn send(ev: leptos::ev::SubmitEvent) {
    use crate::domain::uploads::MAX_UPLOAD_BYTES;
    use crate::domain::Problem;
    use crate::i18n::Lang;
    use leptos::wasm_bindgen::{closure::Closure, JsCast};
    use leptos::web_sys::{FormData, HtmlFormElement, HtmlInputElement, HtmlProgressElement, ProgressEvent, XmlHttpRequest};

    let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
    if !form.has_attribute("data-upload") {
        return;
    }
    let file = form
        .query_selector("input[type=file]")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0));
    let Some(file) = file else { return }; // the server says "choose a file"
    let lang = document().document_element().and_then(|e| e.get_attribute("lang")).and_then(|l| Lang::parse(&l)).unwrap_or_default();
    let error = form.query_selector(".field-error").ok().flatten();
    if file.size() > MAX_UPLOAD_BYTES as f64 {
        ev.prevent_default();
        if let Some(e) = error {
            e.set_text_content(Some(lang.problem(Problem::FileTooLarge)));
        }
        return;
    }
    let (Ok(xhr), Ok(data)) = (XmlHttpRequest::new(), FormData::new_with_form(&form)) else { return };
    ev.prevent_default();
    let progress = form.query_selector("progress").ok().flatten().and_then(|p| p.dyn_into::<HtmlProgressElement>().ok());
    if let Some(p) = &progress {
        p.set_hidden(false);
        p.set_value(0.0);
    }
    if let (Some(p), Ok(upload)) = (progress, xhr.upload()) {
        let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |e: ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                p.set_value(100.0 * e.loaded() / e.total());
            }
        });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    let done_xhr = xhr.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        // Follow the server's redirect, as the plain form would have.
        let url = done_xhr.response_url();
        let _ = window().location().assign(if url.is_empty() { "." } else { &url });
    });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    if xhr.open("POST", &form.action()).is_ok() {
        let _ = xhr.send_with_opt_form_data(Some(&data));
    }
}
