//! License Console: the browser app for ArcGIS Enterprise license administration.

pub mod components;
pub mod config;
pub mod inventory;
pub mod portal;
pub mod route;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod marks;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod panic_notice;
#[cfg(target_arch = "wasm32")]
pub mod session;
#[cfg(target_arch = "wasm32")]
mod start;

/// Shows the sign-in page, the first thing the page needs (the `license-console` binary).
#[cfg(target_arch = "wasm32")]
pub use start::start;

/// Starts the console's screens with the session the sign-in page hands over, as `Session::to_storage` wrote
/// it (the `license-console-screens` binary). An expired or unreadable session shows the sign-in screen.
#[cfg(target_arch = "wasm32")]
pub fn start_screens(session: &str, keep_in_tab: bool) {
    panic_notice::install();
    let session = portal::Session::from_storage(session, js_sys::Date::now() as i64);
    leptos::mount::mount_to_body(move || {
        leptos::prelude::view! { <app::App session=session keep_in_tab=keep_in_tab/> }
    });
}
