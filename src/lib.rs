//! License Console: the browser app for ArcGIS Enterprise license administration.

pub mod components;
pub mod config;
pub mod inventory;
pub mod portal;
pub mod route;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod marks;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod session;

/// Mounts the console on the page.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    leptos::mount::mount_to_body(app::App);
    marks::mark(marks::SIGN_IN_READY);
}
