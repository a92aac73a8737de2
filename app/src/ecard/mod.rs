//! The holder's e-card (issue 12; SYSTEM.md "Verification"): a QR code signed by the system that
//! lives 2 minutes (`domain::ecard`, signed by `keys`), a short code beside it for a counter
//! without a camera, and the holder's data tracker — every check of the card and every official
//! who opened the case. The page itself is `/my-card` (`cards::views::MyCardPage`).
//!
//! - `GET /.well-known/yunju-ecard-keys.json` — the public keys (JWK), for scanners (`routes`);
//! - `GET /my-card/code.json` — a new code, for the page's island to refresh it every 30 s;
//! - `GET /my-card/photo`, `GET /verify/checks/{id}/photo` — the photo, to the holder and to the
//!   counter that made a valid check in the last 10 minutes.
pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod keys;
#[cfg(feature = "ssr")]
pub mod routes;
pub mod views;

use serde::{Deserialize, Serialize};

use crate::domain::Role;

/// A QR code and its short code, as the holder's phone shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EcardQr {
    /// The QR code as inline SVG (drawn on the server).
    pub qr_svg: String,
    /// `ABCD-EFGH`.
    pub short_code: String,
    /// Until when both work, China time, `HH:MM:SS`.
    pub valid_until: String,
}

/// Every check of the holder's card and every official who opened the case.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tracker {
    pub checks: Vec<TrackedCheck>,
    pub views: Vec<TrackedView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackedCheck {
    pub at: String,
    pub org_zh: String,
    pub org_en: String,
    pub valid: bool,
    /// `number`, `qr` or `code`.
    pub method: String,
    /// What was recorded after this check (`domain::services::Service::as_str`), and whether the
    /// provider cancelled it since.
    pub services: Vec<(String, bool)>,
}

/// An official's look at the case: when and which body (officials' names stay internal).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackedView {
    pub at: String,
    pub role: Role,
    pub department_zh: Option<String>,
    pub department_en: Option<String>,
}

/// The QR code of `token` as SVG, sized by the page (CSS `.ecard-qr svg`).
#[cfg(feature = "ssr")]
pub fn qr_svg(token: &str, label: &str) -> String {
    use qrcode::render::svg;
    // Alphanumeric mode (the token is base32), medium error correction: version 7, 45 modules.
    let code = qrcode::QrCode::with_error_correction_level(token.as_bytes(), qrcode::EcLevel::M).expect("a token fits a QR code");
    let image = code.render::<svg::Color>().module_dimensions(1, 1).quiet_zone(true).build();
    let image = image.trim_start_matches(r#"<?xml version="1.0" standalone="yes"?>"#);
    // The size comes from the page; the label tells a screen reader what it is.
    let (start, end) = (image.find(" width=\"").unwrap_or(0), image.find(" viewBox=").unwrap_or(0));
    let label = label.replace(['"', '<', '>', '&'], "");
    format!(r#"{} role="img" aria-label="{label}"{}"#, &image[..start], &image[end..])
}
