//! The only code that runs in the browser (Leptos islands). Every page is rendered on the server
//! and works without JavaScript; these islands add, once the WASM has loaded:
//! - `FormChecks`: instant field checks with the same domain parsers the server uses;
//! - `UploadProgress`: a progress bar while a document uploads.
//!
//! They take no props (so no JSON decoder is shipped): what they need is in `data-*` attributes of
//! the server-rendered HTML (`data-check` on an input, `data-today` on the form).
mod checks;
mod upload;

pub use checks::FormChecks;
pub use upload::UploadProgress;

/// Called by the browser entry point so that this crate's island exports are linked in.
pub fn register() {}
