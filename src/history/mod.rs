//! License history and the journal, kept in the portal itself: daily snapshots of the license, an entry for
//! every change the console makes, the item text they are stored in, and what changed between two snapshots.
//! Plain Rust; the reading and writing of items is `portal::items`.

mod chart;
mod diff;
mod doc;
mod journal;
mod snapshot;
#[cfg(test)]
mod tests;
mod views;

pub use chart::{chart, Chart, Line};
pub use diff::{diff, Change, Difference};
pub use doc::{
    combine, next_item, same_day, taken_today, year_of, HistoryDoc, StoredDoc, ITEM_BYTES, KEYWORDS,
};
pub use journal::{read_entries, Entry};
pub use snapshot::{Seats, Snapshot};
pub use views::{journal_csv, snapshots_csv, JournalFilter};
