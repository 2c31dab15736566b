//! One module per screen. Screens call `portal` and render typed results; they never build URLs or read JSON.

mod entitlements;
mod license_file;
mod license_manager;
mod overview;
mod release;
mod server_licenses;
mod sign_in;

pub use entitlements::Entitlements;
pub use license_file::LicenseFile;
pub use license_manager::LicenseManagerPage;
pub use overview::Overview;
pub use release::Release;
pub use server_licenses::ServerLicenses;
pub use sign_in::{ReSignIn, SignIn};

use leptos::prelude::*;

use crate::portal::{Aborter, PortalError};

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

/// The cancel scope of the current screen: its requests stop when the user leaves it.
pub fn screen_scope() -> StoredValue<Option<Aborter>, LocalStorage> {
    let scope = StoredValue::new_local(Aborter::new());
    on_cleanup(move || {
        scope.with_value(|aborter| {
            if let Some(aborter) = aborter {
                aborter.abort();
            }
        })
    });
    scope
}
