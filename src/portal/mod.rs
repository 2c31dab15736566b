//! The portal API client: endpoints per deployment flavour, request building, response decoding and the one
//! error type. Everything here but `transport` is plain Rust over strings and bytes, tested natively; views
//! call these functions and never build URLs or read JSON themselves.

mod endpoints;
mod error;
mod expiry;
mod json;
mod license;
mod names;
mod request;
#[cfg(target_arch = "wasm32")]
mod sign_in;
mod token;
#[cfg(target_arch = "wasm32")]
mod transport;

pub use endpoints::{Flavour, Portal, PortalUrl};
pub use error::{classify_response, PortalError};
pub use expiry::{days_left, Expiry};
pub use license::{
    decode_license, decode_server_licenses, Entitlement, LicenseManager, OrgLicense,
    ServerCapabilities, ServerFeature,
};
pub use names::{app_name, user_type_name};
pub use request::{encode_form, Field, LicensedApp, Request};
#[cfg(target_arch = "wasm32")]
pub use sign_in::{own_origin, sign_in};
pub use token::{decode_token, flavour_from_probes, Session, Token};
#[cfg(target_arch = "wasm32")]
pub use transport::{send, Aborter};

/// How long a request may take before the console gives up on it.
pub const REQUEST_TIMEOUT_MS: i32 = 30_000;

/// Token lifetime asked of `generateToken`, in minutes.
pub const TOKEN_MINUTES: u32 = 60;
