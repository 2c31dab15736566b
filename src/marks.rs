//! Performance API marks the benchmark reads inside the page (`cargo xtask bench`).

/// The sign-in form is in the page and usable.
pub const SIGN_IN_READY: &str = "lc:sign-in-ready";
/// The license answer has arrived and been decoded.
pub const LICENSE_RECEIVED: &str = "lc:license-received";
/// The overview shows it.
pub const OVERVIEW_RENDERED: &str = "lc:overview-rendered";

pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Marks `name` once the pending DOM updates have been made, just before the browser paints them.
pub fn mark_after_render(name: &'static str) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let callback = Closure::once_into_js(move || mark(name));
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(callback.unchecked_ref());
    }
}
