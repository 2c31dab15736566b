//! The `license-console-screens` binary: the console's screens, which the sign-in page fetches and starts.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the sign-in page with the session it got.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn start_screens(session: &str, keep_in_tab: bool) {
    license_console::start_screens(session, keep_in_tab);
}

/// Nothing runs on load: the screens wait for the session.
fn main() {}
