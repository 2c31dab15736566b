//! Performance API marks the benchmark reads inside the page (`cargo xtask bench`).

/// The browser's date formatter has been made (its locale data loaded): at start, before any answer is shown.
pub const DATE_FORMAT_READY: &str = "lc:date-format-ready";
/// The overview's answers have arrived and been decoded (the benchmark reads their arrival from resource timing).
pub const LICENSE_DECODED: &str = "lc:license-decoded";
/// The overview shows it.
pub const OVERVIEW_RENDERED: &str = "lc:overview-rendered";

/// The Members screen starts a read of the directory (a pass: the whole read, or the one-by-one look-ups).
pub const MEMBERS_READ_START: &str = "lc:members-read-start";
/// The pass has ended and the table shows what it read; the mark's `detail` is the wasm memory in bytes.
pub const MEMBERS_READ_END: &str = "lc:members-read-end";

/// The History screen has every item's answer (decoded as JSON), and has read them into one history.
pub const HISTORY_ANSWERS: &str = "lc:history-answers";
pub const HISTORY_READ: &str = "lc:history-read";

pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Marks `name` with the size of the console's wasm memory as its `detail`.
pub fn mark_with_memory(name: &str) {
    use wasm_bindgen::JsCast;
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return;
    };
    let bytes = wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length();
    // performance.mark(name, { detail }), which web-sys offers only among its unstable APIs.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"detail".into(), &bytes.into());
    if let Ok(mark) = js_sys::Reflect::get(&performance, &"mark".into()) {
        let _ =
            mark.unchecked_into::<js_sys::Function>()
                .call2(&performance, &name.into(), &options);
    }
}

/// Marks `name` once the pending DOM updates have been made and laid out. The views update in microtasks, so a
/// zero-delay timeout runs after them; reading the layout there makes the browser do the style and layout work
/// now rather than at the next frame, so the mark counts that work and not the wait for a frame.
pub fn mark_after_render(name: &'static str) {
    after_render(move || mark(name));
}

/// `mark_after_render`, with the wasm memory as the mark's detail.
pub fn mark_after_render_with_memory(name: &'static str) {
    after_render(move || mark_with_memory(name));
}

fn after_render(then: impl FnOnce() + 'static) {
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
        then();
    });
    let _ = window.set_timeout_with_callback(callback.unchecked_ref());
}
