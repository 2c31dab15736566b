//! Offering text as a file download, made in the browser: nothing goes back to any server.

use wasm_bindgen::JsCast;

/// Saves `text` as a file called `name`.
pub fn save_text(name: &str, mime: &str, text: &str) {
    save(name, mime, js_sys::Array::of1(&text.into()));
}

/// Saves bytes as they came, e.g. a license file the portal sent.
pub fn save_bytes(name: &str, mime: &str, bytes: &[u8]) {
    save(
        name,
        mime,
        js_sys::Array::of1(&js_sys::Uint8Array::from(bytes)),
    );
}

fn save(name: &str, mime: &str, parts: js_sys::Array) {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    // The Blob constructor takes strings and byte arrays alike.
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = leptos::prelude::document();
    if let Ok(anchor) = document.create_element("a") {
        let anchor: web_sys::HtmlAnchorElement = anchor.unchecked_into();
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
