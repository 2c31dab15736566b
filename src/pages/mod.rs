//! One module per screen. Screens call `portal` and render typed results; they never build URLs or read JSON.

mod overview;
mod release;
mod server_licenses;
mod sign_in;

pub use overview::Overview;
pub use release::Release;
pub use server_licenses::ServerLicenses;
pub use sign_in::SignIn;

use crate::portal::PortalError;

/// Data a screen fetches from the portal.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(PortalError),
}

/// The current time in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}
