//! A panic must never leave a silent, dead page: the console says that it stopped, and that an operation under
//! way may or may not have reached the portal.

/// The words shown when the console has stopped.
pub const STOPPED: &str =
    "The console stopped because of an internal error. An operation you started may or \
may not have reached the portal: reload and check before repeating it.";

/// From here on a panic puts the notice on the page (and its message in the browser's console) before the
/// console stops.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        show();
    }));
}

/// Puts the notice at the top of the page. It is markup of its own words only, added as text to parse rather
/// than through the DOM calls the failure may have broken.
pub fn show() {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let notice = format!(
        "<div class=\"notice notice-error stopped\" role=\"alert\"><p class=\"notice-title\">{STOPPED}</p>\
         <p><a href=\"\">Reload the console</a></p></div>"
    );
    let _ = body.insert_adjacent_html("afterbegin", &notice);
}
