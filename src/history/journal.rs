//! The journal: one entry per member or file for every change the console makes — who, when, what, before →
//! after where known, and what the portal answered.

use serde::Deserialize;
use serde_json::{json, Value};

use crate::portal::lenient::{Flag, List, Number, Text};

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Unique per entry, so an entry written twice is kept once.
    pub id: String,
    pub at: i64,
    /// The administrator who made the change.
    pub by: String,
    /// `release`, `revoke`, `userType`, `role`, `import`, `licenseManager`, `offlinePolicy`, …
    pub action: String,
    /// The member or file it was for.
    pub subject: String,
    /// What it was about (an app, a type, a file's name).
    pub detail: String,
    pub before: String,
    pub after: String,
    /// Whether the portal answered with the operation's documented success, and its words where not.
    pub ok: bool,
    pub answer: String,
}

impl Entry {
    pub fn to_json(&self) -> Value {
        json!({"id": self.id, "at": self.at, "by": self.by, "action": self.action, "subject": self.subject,
            "detail": self.detail, "before": self.before, "after": self.after, "ok": self.ok, "answer": self.answer})
    }
}

/// An entry as stored; one without an id or a time is passed over.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct StoredEntry {
    id: Text,
    at: Number,
    by: Text,
    action: Text,
    subject: Text,
    detail: Text,
    before: Text,
    after: Text,
    ok: Flag,
    answer: Text,
}

impl StoredEntry {
    pub fn read(self) -> Option<Entry> {
        let text = |t: Text| t.0.unwrap_or_default();
        Some(Entry {
            id: self.id.0?,
            at: self.at.millis()?,
            by: text(self.by),
            action: text(self.action),
            subject: text(self.subject),
            detail: text(self.detail),
            before: text(self.before),
            after: text(self.after),
            ok: self.ok.0.unwrap_or(false),
            answer: text(self.answer),
        })
    }
}

/// Entries kept as a JSON list (the ones not written yet); anything else is none.
pub fn read_entries(text: &str) -> Vec<Entry> {
    serde_json::from_str::<List<StoredEntry>>(text)
        .map(|list| list.0.into_iter().filter_map(StoredEntry::read).collect())
        .unwrap_or_default()
}
