//! Reusable pieces of the screens.

#[cfg(target_arch = "wasm32")]
mod download;
mod format;
mod license_view;
mod notice;
mod outcome;
mod pager;
#[cfg(target_arch = "wasm32")]
mod results;
mod usage_bar;

#[cfg(target_arch = "wasm32")]
pub use download::{save_bytes, save_text};
#[cfg(target_arch = "wasm32")]
pub use format::prepare_date_format;
pub use format::{counted, format_count, format_date};
pub use license_view::{
    license_manager_text, ExpiryBadge, Judged, LicenseView, ServerTables, ViewOptions,
};
pub use notice::{ErrorNotice, SuccessNotice};
pub use outcome::{Confirm, Outcome, OutcomeNotice};
pub use pager::{first_page_on_change, Pager};
#[cfg(target_arch = "wasm32")]
pub use results::ItemResults;
pub use usage_bar::UsageBar;
