// Loads the counter's QR reader (the `scanner` crate, a WASM module of its own) and hands it to
// the page's island (app/src/islands/scan.rs) as window.yunjuReadQr. Only /verify loads this.
import init, { read_qr } from './scanner.js';

await init({ module_or_path: new URL('./scanner_bg.wasm', import.meta.url) });
window.yunjuReadQr = read_qr;
