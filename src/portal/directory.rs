//! Who holds what, as read so far: the apps, each app's holders, the member list, how far the reading has come
//! and what it could not read, and why. Plain data and rules; the reading itself (requests, paging, going past
//! the portal's window, resuming) is `client::reading`.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::members::{AppLicense, Holding, LastSignIn, MemberRecord};
use super::paging::Pages;
use super::request::LicensedApp;

/// How far a read has come, for the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub members_read: u64,
    pub members_total: u64,
    pub pages_read: u64,
    pub pages_planned: u64,
}

/// Why part of the member list could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum Limit {
    /// `sortOrder=desc` answered the near end again.
    SortIgnored,
    /// A `username:<prefix>*` search answered names without the prefix.
    PrefixIgnored,
    /// `portals/self/users` answered members of another user type or role than asked.
    FilterIgnored,
    /// `portals/self/users/counts` could not be read: the portal's words.
    NoCounts(String),
    /// More members of one user type (and role) than the portal pages through.
    OverWindow {
        user_type: String,
        role: Option<String>,
        count: u64,
    },
    /// The read made as many requests as one read may.
    Cap(u64),
    /// The portal counted more members than any of its answers listed.
    Unlisted { said: u64 },
}

/// One app's holders, as read so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Holders {
    /// By lower-case username.
    pub held: HashMap<String, Holding>,
    /// What the listing's first page said; `None` before it was read.
    pub total: Option<u64>,
    pub pages: Option<Pages>,
    /// Members looked up one by one (holders past the window, bundle members), by lower-case username.
    pub looked_up: HashSet<String>,
}

/// What the console knows of the organization's members and their licenses.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    /// Apps licensed by user, in the order of the purchases.
    pub apps: Vec<AppLicense>,
    /// Purchases whose listing answered that they are not licensed by user.
    pub skipped: Vec<String>,
    pub(super) purchases_read: bool,
    pub(super) holders: Vec<Holders>,
    /// By lower-case username, so in the order the portal sorts them.
    pub(super) members: BTreeMap<String, MemberRecord>,
    pub(super) members_total: Option<u64>,
    pub(super) member_pages: Option<Pages>,
    pub(super) limits: Vec<Limit>,
    pub(super) progress: Progress,
}

/// A member and what they hold of each app (in `Directory::apps` order).
#[derive(Clone, Debug, PartialEq)]
pub struct MemberRow {
    /// Their account record; where it was not read, the username and what the listings said.
    pub member: MemberRecord,
    /// Whether the member list said who they are (type, role, name).
    pub record_read: bool,
    pub holdings: Vec<Option<Holding>>,
    /// The username and full name in lower case, a line each: what Find searches, worked out once per row
    /// instead of on every key typed over tens of thousands of rows.
    pub find_text: String,
}

impl MemberRow {
    pub fn new(member: MemberRecord, record_read: bool, holdings: Vec<Option<Holding>>) -> Self {
        let find_text = format!(
            "{}\n{}",
            member.username.to_lowercase(),
            member.full_name.to_lowercase()
        );
        Self {
            member,
            record_read,
            holdings,
            find_text,
        }
    }

    /// Whether they hold any app's license offline, as far as known.
    pub fn holds_offline(&self) -> bool {
        self.holdings
            .iter()
            .flatten()
            .any(|h| h.offline == Some(true))
    }
}

/// A license checked out for offline use.
#[derive(Clone, Debug, PartialEq)]
pub struct OfflineLicense {
    pub username: String,
    pub app: LicensedApp,
    pub last_sign_in: LastSignIn,
}

/// Where the reading of the directory stands once a pass is over.
#[derive(Clone, Debug, PartialEq)]
pub struct Completeness {
    /// Members the search said there are (`None` when the member list was not read), and how many were read.
    pub members_total: Option<u64>,
    pub members_read: u64,
    /// Per app (in `Directory::apps` order): holders the listing said there are, and how many are known.
    pub holders: Vec<(u64, u64)>,
    /// Per app: members its listing could not show who have not been looked up yet.
    pub to_look_up: Vec<u64>,
    /// Why members are missing, where the reading knows.
    pub limits: Vec<Limit>,
}

impl Completeness {
    pub fn members_complete(&self) -> bool {
        self.members_total
            .is_none_or(|total| self.members_read >= total)
    }

    /// Whether app `app`'s holders are all known.
    pub fn holders_complete(&self, app: usize) -> bool {
        self.holders
            .get(app)
            .is_none_or(|(total, known)| known >= total)
            && self.to_look_up.get(app).is_none_or(|n| *n == 0)
    }

    pub fn is_complete(&self) -> bool {
        self.members_complete() && (0..self.holders.len()).all(|app| self.holders_complete(app))
    }
}

pub(super) fn key(username: &str) -> String {
    username.to_lowercase()
}

impl Directory {
    /// Every member, in username order, with their holdings; holders the member list did not show are added
    /// with what their listings said. A member's last sign-in is their record's, else a listing's.
    pub fn rows(&self) -> Vec<MemberRow> {
        let mut rows: BTreeMap<&String, MemberRow> = self
            .members
            .iter()
            .map(|(k, member)| {
                let holdings = self.holders.iter().map(|h| h.held.get(k).cloned());
                let row = MemberRow::new(member.clone(), true, holdings.collect());
                (k, row)
            })
            .collect();
        for (app, holders) in self.holders.iter().enumerate() {
            for (k, holding) in &holders.held {
                rows.entry(k)
                    .or_insert_with(|| {
                        let member = MemberRecord {
                            username: k.clone(),
                            full_name: String::new(),
                            user_type: String::new(),
                            role: String::new(),
                            role_id: None,
                            last_sign_in: LastSignIn::Unknown,
                        };
                        MemberRow::new(member, false, vec![None; self.apps.len()])
                    })
                    .holdings[app] = Some(holding.clone());
            }
        }
        rows.into_values()
            .map(|mut row| {
                let listed = row.holdings.iter().flatten().map(|h| h.last_sign_in);
                row.member.last_sign_in = listed.fold(row.member.last_sign_in, LastSignIn::or);
                row
            })
            .collect()
    }

    /// Every license known to be checked out for offline use, by app then username.
    pub fn offline_licenses(&self) -> Vec<OfflineLicense> {
        let mut found = Vec::new();
        for (license, holders) in self.apps.iter().zip(&self.holders) {
            let Some(app) = license.app.filter(|_| !license.bundle) else {
                continue;
            };
            let mut names: Vec<(&String, &Holding)> = holders
                .held
                .iter()
                .filter(|(_, h)| h.offline == Some(true))
                .collect();
            names.sort_by(|a, b| a.0.cmp(b.0));
            found.extend(names.into_iter().map(|(k, h)| {
                let record = self.members.get(k);
                OfflineLicense {
                    username: record.map_or_else(|| k.clone(), |m| m.username.clone()),
                    app,
                    last_sign_in: record
                        .map_or(LastSignIn::Unknown, |m| m.last_sign_in)
                        .or(h.last_sign_in),
                }
            }));
        }
        found
    }

    /// Holders of a releasable app whose answer did not say whether they hold it offline.
    pub fn offline_unknown(&self) -> u64 {
        self.apps
            .iter()
            .zip(&self.holders)
            .filter(|(license, _)| license.app.is_some() && !license.bundle)
            .map(|(_, h)| h.held.values().filter(|h| h.offline.is_none()).count() as u64)
            .sum()
    }

    /// Usernames of members `app`'s listing could not show and that have not been looked up.
    pub fn missing_holders(&self, app: usize) -> Vec<String> {
        self.missing(app).map(|m| m.username.clone()).collect()
    }

    /// Members `app`'s listing could not show, not looked up yet; none when the listing showed all it counts.
    fn missing(&self, app: usize) -> impl Iterator<Item = &MemberRecord> + '_ {
        let holders = self
            .holders
            .get(app)
            .filter(|h| h.total.unwrap_or(0) > h.held.len() as u64);
        self.members
            .iter()
            .filter(move |(k, _)| {
                holders.is_some_and(|h| !h.held.contains_key(*k) && !h.looked_up.contains(*k))
            })
            .map(|(_, m)| m)
    }

    pub fn completeness(&self) -> Completeness {
        Completeness {
            members_total: self.members_total,
            members_read: self.members.len() as u64,
            holders: self
                .holders
                .iter()
                .map(|h| (h.total.unwrap_or(0), h.held.len() as u64))
                .collect(),
            to_look_up: (0..self.apps.len())
                .map(|app| self.missing(app).count() as u64)
                .collect(),
            limits: self.limits.clone(),
        }
    }

    pub(super) fn add_members(&mut self, page: Vec<MemberRecord>) {
        for member in page {
            self.members.insert(key(&member.username), member);
        }
        self.progress.members_read = self.members.len() as u64;
    }

    pub(super) fn add_holders(&mut self, app: usize, page: Vec<(String, Holding)>) {
        self.holders[app]
            .held
            .extend(page.into_iter().map(|(u, h)| (key(&u), h)));
    }

    /// An app bundle's members, in the bundle's column. (Not into the member list: that is the user search's,
    /// whose reading past the window goes by the names it holds.)
    pub(super) fn add_bundle_members(&mut self, app: usize, page: Vec<MemberRecord>) {
        for member in page {
            self.holders[app].held.insert(
                key(&member.username),
                Holding::bundle_membership(member.last_sign_in),
            );
        }
    }

    /// What one member's look-up of `app` found.
    pub(super) fn take_look_up(&mut self, app: usize, username: &str, holding: Option<Holding>) {
        let holders = &mut self.holders[app];
        let k = key(username);
        if let Some(holding) = holding {
            holders.held.insert(k.clone(), holding);
        }
        holders.looked_up.insert(k);
    }

    /// Members of a bundle who have not been looked up in the listing of the app it brings: (app, usernames).
    pub(super) fn bundle_members_to_look_up(&self) -> Vec<(usize, Vec<String>)> {
        let mut wanted = Vec::new();
        for (bundle, license) in self.apps.iter().enumerate() {
            let Some(app) = license.bundled.and_then(|bundled| {
                self.apps
                    .iter()
                    .position(|a| !a.bundle && a.app == Some(bundled))
            }) else {
                continue;
            };
            let holders = &self.holders[app];
            let names = self.holders[bundle]
                .held
                .keys()
                .filter(|k| !holders.held.contains_key(*k) && !holders.looked_up.contains(*k))
                .cloned()
                .collect();
            wanted.push((app, names));
        }
        wanted
    }

    pub(super) fn plan(&mut self, pages: u64) {
        self.progress.pages_planned += pages;
    }

    pub(super) fn page_read(&mut self) {
        self.progress.pages_read += 1;
    }

    /// Requests made or planned so far.
    pub(super) fn requests(&self) -> u64 {
        self.progress.pages_planned
    }

    pub(super) fn note_limit(&mut self, limit: Limit) {
        if !self.limits.contains(&limit) {
            self.limits.push(limit);
        }
    }

    /// Known usernames starting with `prefix`, lower case.
    pub(super) fn known_with_prefix<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = &'a String> + 'a {
        self.members
            .range(prefix.to_owned()..)
            .map(|(k, _)| k)
            .take_while(move |k| k.starts_with(prefix))
    }

    /// Members read of a user type (and role).
    pub(super) fn known_of(&self, user_type: &str, role: Option<&str>) -> u64 {
        self.members
            .values()
            .filter(|m| m.user_type == user_type && role.is_none_or(|r| m.role == r))
            .count() as u64
    }
}

#[cfg(test)]
mod tests;
