//! The text of one history item: the snapshots and journal entries of a year (a second part once the first
//! would pass ~900 KB: API.md asks to keep an item well under 1 MB), read tolerantly — an item an older version
//! wrote is still read — and merged so that nothing is written twice.

use serde::Deserialize;
use serde_json::json;

use super::journal::{Entry, StoredEntry};
use super::snapshot::{Snapshot, StoredSnapshot};
use crate::inventory::iso_date;
use crate::portal::lenient::{List, Number, Object, Text};

const KIND: &str = "license-console/history";
const FORMAT: u64 = 1;
/// An item's text is kept under this; past it, the next part of the year is started.
pub const ITEM_BYTES: usize = 900_000;
/// The type keywords every history item carries; the search finds them by the second.
pub const KEYWORDS: [&str; 2] = ["License Console", "License History"];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryDoc {
    pub year: i64,
    pub part: u64,
    pub snapshots: Vec<Snapshot>,
    pub journal: Vec<Entry>,
}

/// The calendar year (UTC) of a moment.
pub fn year_of(ms: i64) -> i64 {
    iso_date(ms)[..4].parse().unwrap_or(1970)
}

/// The calendar day (UTC) of a moment.
fn day_of(ms: i64) -> String {
    iso_date(ms)
}

impl HistoryDoc {
    pub fn new(year: i64, part: u64) -> Self {
        Self {
            year,
            part,
            ..Self::default()
        }
    }

    /// The item's title and type keywords.
    pub fn title(&self) -> String {
        let part = if self.part > 1 {
            format!(" (part {})", self.part)
        } else {
            String::new()
        };
        format!("License Console history {}{part}", self.year)
    }

    pub fn keywords(&self) -> String {
        format!(
            "{},{},year-{},part-{}",
            KEYWORDS[0], KEYWORDS[1], self.year, self.part
        )
    }

    pub fn to_text(&self) -> String {
        json!({"kind": KIND, "format": FORMAT, "year": self.year, "part": self.part,
            "snapshots": self.snapshots.iter().map(Snapshot::to_json).collect::<Vec<_>>(),
            "journal": self.journal.iter().map(Entry::to_json).collect::<Vec<_>>()})
        .to_string()
    }

    /// A stored item's text; what it is not, said.
    pub fn parse(text: &str) -> Result<Self, String> {
        let stored: Object<StoredDoc> =
            serde_json::from_str(text).map_err(|e| format!("the item is not JSON ({e})"))?;
        stored
            .0
            .ok_or_else(|| "the item is not a License Console history".to_owned())?
            .read()
    }

    /// Adds the entries it does not hold yet; how many were new.
    pub fn merge_journal(&mut self, entries: &[Entry]) -> usize {
        let fresh: Vec<Entry> = entries
            .iter()
            .filter(|e| !self.journal.iter().any(|j| j.id == e.id))
            .cloned()
            .collect();
        let added = fresh.len();
        self.journal.extend(fresh);
        added
    }

    /// Adds `snapshot` unless one was taken the same day; whether it was added.
    pub fn add_snapshot(&mut self, snapshot: Snapshot) -> bool {
        let day = day_of(snapshot.at);
        if self.snapshots.iter().any(|s| day_of(s.at) == day) {
            return false;
        }
        self.snapshots.push(snapshot);
        true
    }

    /// Whether `extra` more bytes keep it within an item.
    pub fn has_room(&self, extra: usize) -> bool {
        self.to_text().len() + extra < ITEM_BYTES
    }
}

/// The item the next write starts, if it cannot go to `current`: none yet, a new year, or `current` too full to
/// take `extra` more bytes — as (year, part).
pub fn next_item(current: Option<&HistoryDoc>, now: i64, extra: usize) -> Option<(i64, u64)> {
    let year = year_of(now);
    match current {
        None => Some((year, 1)),
        Some(doc) if doc.year != year => Some((year, 1)),
        Some(doc) if !doc.has_room(extra) => Some((year, doc.part + 1)),
        Some(_) => None,
    }
}

/// Whether two moments fall on the same calendar day (UTC).
pub fn same_day(a: i64, b: i64) -> bool {
    day_of(a) == day_of(b)
}

/// Whether a snapshot was taken on the day of `now` in any of `docs`.
pub fn taken_today(docs: &[HistoryDoc], now: i64) -> bool {
    let today = day_of(now);
    docs.iter()
        .flat_map(|d| &d.snapshots)
        .any(|s| day_of(s.at) == today)
}

/// Every item's snapshots (oldest first, one per moment) and journal entries (newest first, each once).
pub fn combine(docs: Vec<HistoryDoc>) -> (Vec<Snapshot>, Vec<Entry>) {
    let (mut snapshots, mut journal) = (Vec::new(), Vec::new());
    for doc in docs {
        snapshots.extend(doc.snapshots);
        journal.extend(doc.journal);
    }
    snapshots.sort_by_key(|s| s.at);
    snapshots.dedup_by(|a, b| a.at == b.at && a.fingerprint == b.fingerprint);
    journal.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id)));
    journal.dedup_by(|a, b| a.id == b.id);
    (snapshots, journal)
}

/// An item's data as stored.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct StoredDoc {
    kind: Text,
    year: Number,
    part: Number,
    snapshots: List<StoredSnapshot>,
    journal: List<StoredEntry>,
}

impl StoredDoc {
    /// The history it holds; an item of another kind is not one.
    pub fn read(self) -> Result<HistoryDoc, String> {
        if self.kind.0.as_deref() != Some(KIND) {
            return Err("the item is not a License Console history".into());
        }
        Ok(HistoryDoc {
            year: self.year.millis().unwrap_or(0),
            part: self.part.count().unwrap_or(1),
            snapshots: self
                .snapshots
                .0
                .into_iter()
                .filter_map(StoredSnapshot::read)
                .collect(),
            journal: self
                .journal
                .0
                .into_iter()
                .filter_map(StoredEntry::read)
                .collect(),
        })
    }
}
