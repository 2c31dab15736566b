//! The portal API client: endpoints per deployment flavour, request building, response decoding and the one
//! error type. Everything here but `transport` is plain Rust over strings and bytes, tested natively; views
//! call these functions and never build URLs or read JSON themselves.

mod endpoints;
mod error;
mod expiry;
mod json;
mod license;
mod names;
mod oauth;
mod operations;
mod request;
#[cfg(target_arch = "wasm32")]
mod sign_in;
mod token;
#[cfg(target_arch = "wasm32")]
mod transport;

pub use endpoints::{Flavour, FlavourChoice, Portal, PortalUrl};
pub use error::{classify_response, PortalError};
pub use expiry::{days_left, Expiry};
pub use license::{
    decode_entitlement_queue, decode_license, decode_server_licenses, Entitlement, LicenseManager,
    OrgLicense, QueuedEntitlements, ServerCapabilities, ServerFeature,
};
pub use names::{app_name, user_type_name};
pub use oauth::{
    authorize_url, base64url, decode_oauth_token, pkce_challenge, redirect_result, OAuthToken,
};
pub use operations::{
    check_upload, decode_provision, decode_purchases, decode_user_entitlements,
    license_manager_info, EntitledUser, Listing, Provision, Provisioned, MAX_UPLOAD_BYTES,
};
pub use request::{encode_form, Field, LicensedApp, Request};
#[cfg(target_arch = "wasm32")]
pub use sign_in::{finish_oauth, own_origin, refresh, sign_in, start_oauth};
pub use token::{decode_token, flavour_from_probes, version_at_least, OAuthGrant, Session, Token};
#[cfg(target_arch = "wasm32")]
pub use transport::{browser_error_text, fetch_bytes, fetch_own_text, send, Aborter};

/// How long a request may take before the console gives up on it.
pub const REQUEST_TIMEOUT_MS: i32 = 30_000;

/// Token lifetime asked of `generateToken`, in minutes.
pub const TOKEN_MINUTES: u32 = 60;
