//! Keeping the history in the portal while the console is used: a snapshot when the license is read (at most
//! once a day, or on demand), a journal entry for every change — kept in this browser until it is written, so
//! nothing is lost when a write fails and nothing is written twice — and the administrator's agreement before
//! the first item is created.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::screen::now_ms;
use crate::components::save_text;
use crate::history::{
    next_item, read_entries, same_day, taken_today, year_of, Entry, HistoryDoc, Snapshot,
    StoredDoc, KEYWORDS,
};
use crate::portal::{Client, LicensedApp, MemberResults, OrgLicense, PortalError};
use crate::session::{use_session, SessionStore};
use crate::storage_keys::{HISTORY_DECLINED, HISTORY_ITEM, JOURNAL_PENDING};

/// Whether the administrator keeps a history in the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// Not known yet: their items have not been looked for.
    Unknown,
    /// They have no history item: asked before one is created.
    Ask,
    Agreed,
    /// "Not now", for this tab.
    Declined,
}

#[derive(Clone, Copy)]
pub struct Keeper {
    client: StoredValue<Client, LocalStorage>,
    store: SessionStore,
    pub consent: RwSignal<Consent>,
    /// The item written to, and its text as last read or written.
    mine: RwSignal<Option<(String, HistoryDoc)>>,
    /// Journal entries not yet in the portal.
    pub pending: RwSignal<Vec<Entry>>,
    /// Why the last write failed, while entries wait.
    pub behind: RwSignal<Option<PortalError>>,
    /// Today's snapshot of the license last read, and whether it is to replace one already taken today.
    snapshot: RwSignal<Option<(Snapshot, bool)>>,
    busy: RwSignal<bool>,
    again: RwSignal<bool>,
    /// Counts the writes that succeeded: what reads the history again after each.
    pub written: RwSignal<u64>,
}

fn storage(session: bool) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    if session {
        window.session_storage()
    } else {
        window.local_storage()
    }
    .ok()
    .flatten()
}

impl Default for Keeper {
    fn default() -> Self {
        Self::new()
    }
}

impl Keeper {
    pub fn new() -> Self {
        let store = use_session();
        let keeper = Self {
            client: StoredValue::new_local(Client::for_screen(std::rc::Rc::new(store))),
            store,
            consent: RwSignal::new(Consent::Unknown),
            mine: RwSignal::new(None),
            pending: RwSignal::new(Vec::new()),
            behind: RwSignal::new(None),
            snapshot: RwSignal::new(None),
            busy: RwSignal::new(false),
            again: RwSignal::new(false),
            written: RwSignal::new(0),
        };
        let kept = keeper.stored(JOURNAL_PENDING, false).unwrap_or_default();
        keeper.pending.set(read_entries(&kept));
        if keeper.stored(HISTORY_DECLINED, true).is_some() {
            keeper.consent.set(Consent::Declined);
        }
        keeper
    }

    /// A browser-storage key of this portal and administrator.
    fn key(self, name: &str) -> Option<String> {
        self.store.current.with_untracked(|s| {
            s.as_ref()
                .map(|s| format!("{name}.{}.{}", s.portal.url.as_str(), s.username))
        })
    }

    fn stored(self, name: &str, session: bool) -> Option<String> {
        storage(session)?.get_item(&self.key(name)?).ok().flatten()
    }

    fn store_text(self, name: &str, session: bool, text: Option<&str>) {
        if let (Some(storage), Some(key)) = (storage(session), self.key(name)) {
            let _ = match text {
                Some(text) => storage.set_item(&key, text),
                None => storage.remove_item(&key),
            };
        }
    }

    fn keep_pending(self) {
        let all: Vec<serde_json::Value> = self
            .pending
            .with_untracked(|p| p.iter().map(Entry::to_json).collect());
        let text = (!all.is_empty()).then(|| serde_json::Value::Array(all).to_string());
        self.store_text(JOURNAL_PENDING, false, text.as_deref());
    }

    /// The license was read: today's snapshot is taken if none is yet (or replaces today's, `again`).
    pub fn license_read(self, license: &OrgLicense, again: bool) {
        // In a task of its own, after what the license was read for is on screen: the snapshot (a fingerprint of
        // every entry) and the keeper's reads and writes are not the screen's, and made first they held the
        // overview up by several milliseconds.
        let license = license.clone();
        set_timeout(
            move || {
                self.snapshot
                    .set(Some((Snapshot::of(&license, None, now_ms()), again)));
                self.sync();
            },
            std::time::Duration::ZERO,
        );
    }

    /// How many members hold a license offline, read in full: today's snapshot takes it if it lacks it.
    pub fn offline_known(self, holders: u64) {
        let now = now_ms();
        let lacking = self.mine.with_untracked(|m| {
            let today = m.as_ref().and_then(|(_, doc)| doc.snapshots.last());
            today.is_some_and(|s| s.offline.is_none() && same_day(s.at, now))
        });
        if lacking {
            if let Some(mut today) = self
                .mine
                .with_untracked(|m| m.as_ref().and_then(|(_, d)| d.snapshots.last().cloned()))
            {
                today.offline = Some(holders);
                self.snapshot.set(Some((today, true)));
                self.sync();
            }
        }
    }

    /// Changes the console made: kept here, then written.
    pub fn record(self, entries: Vec<Entry>) {
        if entries.is_empty() {
            return;
        }
        self.pending.update(|p| p.extend(entries));
        self.keep_pending();
        self.sync();
    }

    /// A journal entry of a change just made by the signed-in administrator.
    pub fn entry(
        self,
        action: &str,
        subject: &str,
        detail: &str,
        change: (&str, &str),
        answered: Result<(), &PortalError>,
    ) -> Entry {
        let at = now_ms();
        let by = self
            .store
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.username.clone()))
            .unwrap_or_default();
        let salt = (js_sys::Math::random() * 1e9) as u64;
        Entry {
            id: format!("{at:x}-{salt:x}"),
            at,
            by,
            action: action.into(),
            subject: subject.into(),
            detail: detail.into(),
            before: change.0.into(),
            after: change.1.into(),
            ok: answered.is_ok(),
            answer: answered.err().map(PortalError::summary).unwrap_or_default(),
        }
    }

    /// An entry per member (or file) of a change made to many: what the portal answered for each; those not sent
    /// (stopped) changed nothing and are left out.
    pub fn entries_per_item(
        self,
        action: &str,
        detail: &str,
        change: (&str, &str),
        outcome: Result<&MemberResults, &PortalError>,
        items: &[String],
    ) -> Vec<Entry> {
        match outcome {
            Ok(results) => results
                .iter()
                .filter(|(_, r)| *r != Err(PortalError::Cancelled))
                .map(|(item, r)| self.entry(action, item, detail, change, r.as_ref().map(|_| ())))
                .collect(),
            Err(PortalError::Cancelled) => Vec::new(),
            Err(err) => items
                .iter()
                .map(|item| self.entry(action, item, detail, change, Err(err)))
                .collect(),
        }
    }

    /// An entry per offline license released (those not sent left out).
    pub fn releases(
        self,
        picks: &[(String, LicensedApp)],
        outcome: Result<&MemberResults, &PortalError>,
    ) -> Vec<Entry> {
        let names: Vec<String> = picks
            .iter()
            .map(|(m, app)| format!("{m} ({})", app.label()))
            .collect();
        self.entries_per_item(
            "release",
            "offline license",
            ("offline", "checked in"),
            outcome,
            &names,
        )
    }

    pub fn agree(self) {
        self.consent.set(Consent::Agreed);
        self.sync();
    }

    pub fn decline(self) {
        self.consent.set(Consent::Declined);
        self.store_text(HISTORY_DECLINED, true, Some("1"));
    }

    /// The entries waiting, as a file.
    pub fn save_pending(self) {
        let all: Vec<serde_json::Value> = self
            .pending
            .with_untracked(|p| p.iter().map(Entry::to_json).collect());
        save_text(
            "license-console-journal-not-yet-written.json",
            "application/json",
            &serde_json::Value::Array(all).to_string(),
        );
    }

    /// Brings the portal's item up to date: one write at a time, and another after it if more came meanwhile.
    pub fn sync(self) {
        if self.busy.get_untracked() {
            self.again.set(true);
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            loop {
                self.again.set(false);
                let outcome = self.write().await;
                let _ = self.behind.try_set(outcome.err());
                if !self.again.try_get_untracked().unwrap_or(false) {
                    break;
                }
            }
            let _ = self.busy.try_set(false);
        });
    }

    /// The administrator's latest history item: the one remembered here, else found by its keywords.
    async fn find_mine(self, client: &Client) -> Result<Option<(String, HistoryDoc)>, PortalError> {
        if let Some(id) = self.stored(HISTORY_ITEM, false) {
            if let Ok(Some(Ok(doc))) = client
                .item_data::<StoredDoc>(&id)
                .await
                .map(|stored| stored.map(StoredDoc::read))
            {
                return Ok(Some((id, doc)));
            }
        }
        let me = self
            .store
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.username.clone()))
            .unwrap_or_default();
        let items = client.items_with_keyword(KEYWORDS[1]).await?;
        // The latest by the year and part its keywords name: only that one is read.
        let latest = items
            .into_iter()
            .filter(|i| i.owner.eq_ignore_ascii_case(&me))
            .max_by_key(|i| item_order(&i.type_keywords));
        let mut best = None;
        if let Some(item) = latest {
            let stored = client.item_data::<StoredDoc>(&item.id).await?;
            if let Some(Ok(doc)) = stored.map(StoredDoc::read) {
                best = Some((item.id, doc));
            }
        }
        Ok(best)
    }

    async fn write(self) -> Result<(), PortalError> {
        let client = self.client.get_value();
        if self.consent.get_untracked() == Consent::Declined {
            return Ok(());
        }
        if self.mine.get_untracked().is_none() {
            let found = self.find_mine(&client).await?;
            if found.is_none() && self.consent.get_untracked() != Consent::Agreed {
                self.consent.set(Consent::Ask);
                return Ok(());
            }
            self.mine.set(found);
        }
        self.consent.set(Consent::Agreed);
        let now = now_ms();
        let (id, mut doc) = self
            .mine
            .get_untracked()
            .unwrap_or_else(|| (String::new(), HistoryDoc::new(year_of(now), 1)));
        let pending = self.pending.get_untracked();
        let snapshot = self
            .snapshot
            .get_untracked()
            .filter(|(_, again)| *again || !taken_today(std::slice::from_ref(&doc), now));
        let unwritten = pending
            .iter()
            .any(|e| !doc.journal.iter().any(|j| j.id == e.id));
        if snapshot.is_none() && !unwritten && !id.is_empty() {
            self.snapshot.set(None);
            return Ok(());
        }
        // A new year, or an item that would pass its size: the next item, with what this write adds.
        let current = (!id.is_empty()).then_some(&doc);
        let new_item = match next_item(current, now, 64_000) {
            Some((year, part)) => {
                doc = HistoryDoc::new(year, part);
                true
            }
            None => false,
        };
        if let Some((snapshot, again)) = snapshot {
            if again {
                doc.snapshots.retain(|s| !same_day(s.at, snapshot.at));
            }
            doc.add_snapshot(snapshot);
        }
        doc.merge_journal(&pending);
        let id = if new_item {
            client
                .add_item(&doc.title(), &doc.keywords(), doc.to_text())
                .await?
        } else {
            client.update_item(&id, doc.to_text()).await?;
            id
        };
        // Written: the snapshot is kept for the next try only while a write fails.
        self.snapshot.set(None);
        self.store_text(HISTORY_ITEM, false, Some(&id));
        let written: Vec<String> = pending.iter().map(|e| e.id.clone()).collect();
        self.pending
            .update(|p| p.retain(|e| !written.contains(&e.id)));
        self.keep_pending();
        self.mine.set(Some((id, doc)));
        self.written.update(|n| *n += 1);
        Ok(())
    }
}

/// Where an item stands among the history items, by its keywords `year-2026`, `part-2`.
fn item_order(keywords: &[String]) -> (i64, u64) {
    let number = |prefix: &str| {
        keywords
            .iter()
            .find_map(|k| k.strip_prefix(prefix)?.parse().ok())
    };
    (
        number("year-").unwrap_or(0),
        number("part-").map_or(1, |p: i64| p as u64),
    )
}

/// The keeper of the signed-in session.
pub fn use_keeper() -> Keeper {
    expect_context::<Keeper>()
}
