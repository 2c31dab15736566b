//! The browser-storage keys the console keeps its state under. `web/start.js` reads the first two before the
//! console's code has arrived (a test keeps it to these names).

/// The session, in the tab's sessionStorage, only when "Keep me signed in for this tab" is ticked.
pub const SESSION: &str = "license-console.session";
/// Portal URLs signed in to before, in localStorage; never tokens.
pub const RECENT_PORTALS: &str = "license-console.recent-portals";
/// Journal entries not yet written to the portal, in localStorage, per portal and administrator (suffixed).
pub const JOURNAL_PENDING: &str = "license-console.journal-pending";
/// The id of the administrator's current history item, in localStorage, per portal and administrator (suffixed).
pub const HISTORY_ITEM: &str = "license-console.history-item";
/// "Not now" to keeping a history, in the tab's sessionStorage.
pub const HISTORY_DECLINED: &str = "license-console.history-declined";
