//! Reusable pieces of the screens.

mod format;
mod license_view;
mod notice;
mod usage_bar;

pub use format::{format_count, format_date, iso_date};
pub use license_view::{ExpiryBadge, LicenseView, ServerFeatureTable};
pub use notice::{ErrorNotice, SuccessNotice};
pub use usage_bar::UsageBar;
