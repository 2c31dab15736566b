//! License Console: the browser app for ArcGIS Enterprise license administration.

pub mod components;
pub mod config;
pub mod history;
pub mod inventory;
pub mod portal;
pub mod route;
pub mod storage_keys;

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

/// Starts the console in the page (the `license-console` binary's `main`).
#[cfg(target_arch = "wasm32")]
pub use start::start;
