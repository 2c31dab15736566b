//! One module per screen. A screen holds the portal client (`screen::use_client`), calls its typed methods and
//! renders what they return; it never builds URLs, reads JSON or classifies answers.

mod entitlement_queue;
mod entitlements;
mod history;
mod license_file;
mod license_manager;
mod members;
mod offline_policy;
mod overview;
mod release;
mod screen;
pub mod screen_code;
mod server_licenses;
mod sign_in;
mod sign_in_form;

pub use entitlements::Entitlements;
pub use history::{use_keeper, ConsentNotice, History, JournalNotice, Keeper, LastRead};
pub use license_file::LicenseFile;
pub use license_manager::LicenseManagerPage;
pub use members::Members;
pub use overview::Overview;
pub use release::Release;
pub use server_licenses::ServerLicenses;
pub use sign_in::ReSignIn;
pub use sign_in_form::take_over_sign_in;
