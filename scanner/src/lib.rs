//! The counter's QR reader (issue 12): a camera frame in, the QR code's text out. A WASM module of
//! its own, loaded only by `/verify` (`public/scanner/index.js` hands it to the page's island,
//! `app/src/islands/scan.rs`, as `window.yunjuReadQr`): the reader is most of a QR library, and
//! every other page's WASM stays as small as it was.
use wasm_bindgen::prelude::*;

/// The text of the first QR code found in an RGBA frame `width` × `height` (a canvas's
/// `ImageData`), or nothing.
#[wasm_bindgen]
pub fn read_qr(rgba: &[u8], width: usize, height: usize) -> Option<String> {
    if width == 0 || height == 0 || rgba.len() < width * height * 4 {
        return None;
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        let i = (y * width + x) * 4;
        ((u32::from(rgba[i]) * 77 + u32::from(rgba[i + 1]) * 150 + u32::from(rgba[i + 2]) * 29) >> 8) as u8
    });
    image.detect_grids().into_iter().find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}
