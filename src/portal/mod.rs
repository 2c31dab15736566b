//! The portal API client. No Leptos in here.
//!
//! Screens hold a `Client` bound to the session and call one typed method per operation; `Capabilities` says
//! which operations this portal offers. Inside: `client` (the one call path: token, `f=json`, the answer
//! decoded, 498/499 → sign in again → the same request once more), `endpoints` (every path, per deployment),
//! `request` and `operations` (what each request carries), `license`, `operations` and `token` (decoding),
//! `error` (the one error type and the classifier), `input` (typed checks of what was typed or picked).
//! Only `transport` (the browser's `fetch`) and `sign_in` (generateToken, OAuth, the probes) touch the browser;
//! everything else is plain Rust over strings and bytes, tested natively.

// Natively only the tests reach what the browser's sign-in and transport call.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

mod capabilities;
mod client;
mod directory;
mod endpoints;
mod error;
mod expiry;
mod input;
mod items;
mod json;
pub mod lenient;
mod license;
mod member_requests;
mod members;
mod names;
mod oauth;
mod operations;
mod paging;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties;
mod request;
mod roles;
mod seat_change;
#[cfg(target_arch = "wasm32")]
mod sign_in;
mod token;
#[cfg(target_arch = "wasm32")]
mod transport;
mod user_types;
mod watched;

pub use capabilities::{Capabilities, Reported};
pub use client::{
    requests_needed, Client, Identity, ItemData, LicenseManagerUpdated, LicenseReport, LocalFuture,
    MemberResults, Run, Scope, UrlCheck, Watch, USER_TYPE_BATCH,
};
pub use directory::{Completeness, Directory, Limit, MemberRow, OfflineLicense, Progress};
pub use endpoints::{Deployment, DeploymentChoice, Portal, PortalUrl};
pub use error::PortalError;
pub use expiry::{Expiry, DAY_MS};
pub use input::{check_username, InputError, LicenseManagerInput, Upload, UploadFile};
pub use items::ItemRef;
pub use license::read_license;
pub use license::{
    Entitlement, LicenseManager, OrgLicense, QueuedEntitlements, ServerCapabilities, ServerFeature,
};
pub use members::{AppLicense, Holding, LastSignIn, MemberRecord};
pub use names::{app_name, entitlement_name, user_type_name};
pub use operations::{Provision, Provisioned};
pub use request::LicensedApp;
pub use roles::{known_roles, Role, DATA_EDITOR_ROLE, VIEWER_ROLE};
pub use seat_change::{SeatChange, SeatStep, StepAnswers};
#[cfg(target_arch = "wasm32")]
pub use sign_in::{finish_oauth, own_origin, refresh, sign_in, start_oauth};
pub use token::{OAuthGrant, Session};
#[cfg(target_arch = "wasm32")]
pub use transport::{browser_error_text, fetch_own_text};
pub use user_types::UserTypeSeats;

/// How long a request may take before the console gives up on it.
const REQUEST_TIMEOUT_MS: i32 = 30_000;

/// Token lifetime asked of `generateToken`, in minutes.
const TOKEN_MINUTES: u32 = 60;
