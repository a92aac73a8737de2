//! The counter's camera scanner (issue 12). A click on `[data-scan-start]` opens the camera
//! (`getUserMedia`); every quarter second a frame is read for a QR code — by the browser's own
//! `BarcodeDetector` where it has one, else in WASM (`rqrr`, in the `scanner` crate: a module of
//! its own that only /verify loads, as `window.yunjuReadQr`) from a copy scaled to at most 640
//! pixels (a 4000×4000 frame costs no more than a small one). A code is checked here first: its
//! layout and expiry (`domain::ecard`, the same code the server runs) and its Ed25519 signature
//! against the published keys (Web Crypto), so an expired or forged code gets its message at
//! once; a good one goes into the short-code field and the form is sent: the server checks it
//! again and answers as for a typed code.
#![cfg(feature = "hydrate")]
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlInputElement, HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack};
use wasm_bindgen_futures::JsFuture;

use crate::domain::ecard::{decode, TokenProblem};

/// Shows the scan button once the WASM is there (without it, the page offers the short code).
pub fn init() {
    if let Ok(Some(button)) = document().query_selector("[data-scan-start]") {
        let _ = button.remove_attribute("hidden");
    }
}

pub fn click(ev: leptos::ev::MouseEvent) {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let Ok(Some(button)) = target.closest("[data-scan-start]") else { return };
    let Ok(Some(scanner)) = button.closest("[data-scanner]") else { return };
    let _ = button.set_attribute("hidden", "");
    leptos::task::spawn_local(async move {
        if run(&scanner).await.is_err() {
            say(&scanner, "data-msg-no-camera");
            if let Ok(Some(b)) = scanner.query_selector("[data-scan-start]") {
                let _ = b.remove_attribute("hidden");
            }
        }
    });
}

fn say(scanner: &Element, message: &str) {
    if let Ok(Some(status)) = scanner.query_selector("[data-scan-status]") {
        status.set_text_content(scanner.get_attribute(message).as_deref());
    }
}

async fn run(scanner: &Element) -> Result<(), JsValue> {
    let video: HtmlVideoElement = scanner.query_selector("[data-scan-video]")?.ok_or(JsValue::NULL)?.dyn_into()?;
    let constraints = MediaStreamConstraints::new();
    let camera = Object::new();
    Reflect::set(&camera, &"facingMode".into(), &"environment".into())?;
    constraints.set_video(&camera);
    constraints.set_audio(&false.into());
    let devices = window().navigator().media_devices()?;
    let stream: MediaStream = JsFuture::from(devices.get_user_media_with_constraints(&constraints)?).await?.dyn_into()?;
    video.set_src_object(Some(&stream));
    video.set_hidden(false);
    let _ = JsFuture::from(video.play()?).await;
    say(scanner, "data-msg-scanning");
    let canvas: HtmlCanvasElement = document().create_element("canvas")?.dyn_into()?;
    let context: CanvasRenderingContext2d = canvas.get_context("2d")?.ok_or(JsValue::NULL)?.dyn_into()?;
    let native = barcode_detector();
    while scanner.is_connected() {
        super::fetch::sleep(250).await;
        let text = match &native {
            Some(detector) => detect_native(detector, &video).await,
            None => detect_in_wasm(&video, &canvas, &context),
        };
        let Some(text) = text else { continue };
        match check_here(&text).await {
            Err(message) => say(scanner, message),
            Ok(()) => {
                say(scanner, "data-msg-checking");
                for track in stream.get_tracks().iter() {
                    if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                        track.stop();
                    }
                }
                let input: HtmlInputElement = document().get_element_by_id("code").ok_or(JsValue::NULL)?.dyn_into()?;
                input.set_value(&text);
                input.form().ok_or(JsValue::NULL)?.request_submit()?;
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The browser's own QR reader, where there is one.
fn barcode_detector() -> Option<JsValue> {
    let constructor: Function = Reflect::get(&window(), &"BarcodeDetector".into()).ok()?.dyn_into().ok()?;
    let options = Object::new();
    Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into())).ok()?;
    Reflect::construct(&constructor, &Array::of1(&options)).ok()
}

async fn detect_native(detector: &JsValue, video: &HtmlVideoElement) -> Option<String> {
    let detect: Function = Reflect::get(detector, &"detect".into()).ok()?.dyn_into().ok()?;
    let found: Promise = detect.call1(detector, video).ok()?.dyn_into().ok()?;
    let codes: Array = JsFuture::from(found).await.ok()?.dyn_into().ok()?;
    codes.iter().find_map(|c| Reflect::get(&c, &"rawValue".into()).ok()?.as_string())
}

fn detect_in_wasm(video: &HtmlVideoElement, canvas: &HtmlCanvasElement, context: &CanvasRenderingContext2d) -> Option<String> {
    let (w, h) = (video.video_width(), video.video_height());
    if w == 0 || h == 0 {
        return None;
    }
    let scale = (640.0 / f64::from(w.max(h))).min(1.0);
    let (cw, ch) = (((f64::from(w) * scale) as u32).max(1), ((f64::from(h) * scale) as u32).max(1));
    canvas.set_width(cw);
    canvas.set_height(ch);
    context.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, f64::from(cw), f64::from(ch)).ok()?;
    // The pixels stay a JavaScript array, handed to the reader's own module as they are.
    let frame = context.get_image_data(0.0, 0.0, f64::from(cw), f64::from(ch)).ok()?;
    let rgba = Reflect::get(&frame, &"data".into()).ok()?;
    let read: Function = Reflect::get(&window(), &"yunjuReadQr".into()).ok()?.dyn_into().ok()?;
    read.call3(&JsValue::NULL, &rgba, &cw.into(), &ch.into()).ok()?.as_string()
}

/// The browser's own check of a code: its form and time, then its signature. `Err` names the
/// scanner's message; when the browser cannot check a signature, the server's check decides.
async fn check_here(text: &str) -> Result<(), &'static str> {
    let forged = "data-msg-forged";
    let (claims, signature) = decode(text).map_err(|_| forged)?;
    // The server's keys and clock (a counter PC's clock may be minutes off); unreachable: the
    // server's own check decides.
    let Ok(published) = super::fetch::json("/.well-known/yunju-ecard-keys.json").await else { return Ok(()) };
    let kid: String = claims.kid.iter().map(|b| format!("{b:02x}")).collect();
    let keys: Array = Reflect::get(&published, &"keys".into()).ok().and_then(|k| k.dyn_into().ok()).unwrap_or_default();
    let jwk = keys.iter().find(|k| Reflect::get(k, &"kid".into()).ok().and_then(|v| v.as_string()).as_deref() == Some(kid.as_str())).ok_or(forged)?;
    if verify_signature(&jwk, &claims.signed_message(), &signature).await == Some(false) {
        return Err(forged);
    }
    let Some(now) = Reflect::get(&published, &"now".into()).ok().and_then(|n| n.as_f64()) else { return Ok(()) };
    claims.check_time(now as i64).map_err(|p| if p == TokenProblem::Expired { "data-msg-expired" } else { forged })?;
    Ok(())
}

/// Ed25519 with Web Crypto: Some(valid), or None when this browser cannot check.
async fn verify_signature(jwk: &JsValue, message: &[u8], signature: &[u8; 64]) -> Option<bool> {
    let subtle = window().crypto().ok()?.subtle();
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"Ed25519".into()).ok()?;
    let usages = Array::of1(&"verify".into());
    let key = subtle.import_key_with_object("jwk", jwk.unchecked_ref(), &algorithm, false, &usages).ok()?;
    let key = JsFuture::from(key).await.ok()?;
    let valid = subtle
        .verify_with_object_and_buffer_source_and_buffer_source(&algorithm, key.unchecked_ref(), &Uint8Array::from(&signature[..]), &Uint8Array::from(message))
        .ok()?;
    JsFuture::from(valid).await.ok()?.as_bool()
}
