//! Performance API marks the benchmark reads inside the page (`cargo xtask bench`).

/// The console's code has taken over the sign-in form (which was usable before, without it).
pub const SIGN_IN_TAKEN_OVER: &str = "lc:sign-in-taken-over";
/// The overview's answers have arrived and been decoded (the benchmark reads their arrival from resource timing).
pub const LICENSE_DECODED: &str = "lc:license-decoded";
/// The overview shows it.
pub const OVERVIEW_RENDERED: &str = "lc:overview-rendered";

pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Marks `name` once the pending DOM updates have been made and laid out. The views update in microtasks, so a
/// zero-delay timeout runs after them; reading the layout there makes the browser do the style and layout work
/// now rather than at the next frame, so the mark counts that work and not the wait for a frame.
pub fn mark_after_render(name: &'static str) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let callback = Closure::once_into_js(move || {
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.offset_height();
        }
        mark(name);
    });
    let _ = window.set_timeout_with_callback(callback.unchecked_ref());
}
