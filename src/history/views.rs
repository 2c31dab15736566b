//! The History screen's filters and exports, plain Rust: which journal entries a filter shows, and both tables
//! as CSV.

use super::journal::Entry;
use super::snapshot::Snapshot;
use crate::inventory::{iso_date, push_csv_line};

/// What the journal shows: words found in its text, one action, one result, a date range (inclusive days).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JournalFilter {
    pub find: String,
    pub action: Option<String>,
    /// `Some(true)`: only what succeeded; `Some(false)`: only what failed.
    pub ok: Option<bool>,
    /// `YYYY-MM-DD`, as a date input gives it.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl JournalFilter {
    pub fn shows(&self, e: &Entry) -> bool {
        let dated = self.from.is_some() || self.to.is_some();
        let day = if dated { iso_date(e.at) } else { String::new() };
        self.action.as_ref().is_none_or(|a| *a == e.action)
            && self.ok.is_none_or(|ok| ok == e.ok)
            && self.from.as_ref().is_none_or(|from| day >= *from)
            && self.to.as_ref().is_none_or(|to| day <= *to)
            && (self.find.trim().is_empty() || self.found(e))
    }

    /// Every word of Find in the entry's text, whatever the case.
    fn found(&self, e: &Entry) -> bool {
        let words = self.find.to_lowercase();
        let text = format!(
            "{} {} {} {} {} {} {}",
            e.by, e.action, e.subject, e.detail, e.before, e.after, e.answer
        )
        .to_lowercase();
        words.split_whitespace().all(|w| text.contains(w))
    }
}

pub fn journal_csv(entries: &[&Entry]) -> String {
    let mut out = String::new();
    let header = [
        "when",
        "by",
        "action",
        "member or file",
        "what",
        "before",
        "after",
        "result",
        "portal's answer",
    ];
    push_csv_line(&mut out, &header.map(str::to_owned));
    for e in entries {
        let result = if e.ok { "done" } else { "failed" };
        let fields = [
            &iso_date(e.at),
            &e.by,
            &e.action,
            &e.subject,
            &e.detail,
            &e.before,
            &e.after,
            result,
            &e.answer,
        ];
        push_csv_line(&mut out, &fields.map(|f| f.to_string()));
    }
    out
}

/// One line per snapshot and licensed thing.
pub fn snapshots_csv(snapshots: &[Snapshot]) -> String {
    let mut out = String::new();
    let header = [
        "date",
        "version",
        "kind",
        "id",
        "owned",
        "assigned",
        "expires",
        "license fingerprint",
    ];
    push_csv_line(&mut out, &header.map(str::to_owned));
    let opt = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    for s in snapshots {
        for seats in &s.seats {
            let fields = [
                iso_date(s.at),
                s.version.clone().unwrap_or_default(),
                seats.kind.clone(),
                seats.id.clone(),
                opt(seats.owned),
                opt(seats.assigned),
                seats.expires.map(iso_date).unwrap_or_default(),
                s.fingerprint.clone(),
            ];
            push_csv_line(&mut out, &fields);
        }
    }
    out
}
