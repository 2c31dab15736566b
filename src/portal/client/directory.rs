//! Who holds what across the organization, read in one paged pass: the purchases, every page of each app's
//! listing and of the member list, at most six requests in flight. Where the portal stops at its 10,000th
//! result, the member list is read from its other end and the rest by username prefix; an app's holders past
//! the window are found by looking up, one by one, the members its listing could not show — after the
//! administrator has seen how many that is. What was read is kept: a failed or cancelled read goes on from there.

use std::collections::{BTreeMap, HashMap, HashSet};

use futures_util::stream::{self, StreamExt};

use super::{Client, LocalFuture, PortalError};
use crate::portal::members::{
    decode_app_licenses, decode_holders, decode_member_holding, decode_members,
    not_licensed_by_user, AppLicense, Holding, MemberRecord, Page,
};
use crate::portal::paging::{gap_queries, GapQuery, Order, Pages, PAGE_SIZE, RESULT_WINDOW};
use crate::portal::request::Request;

/// Requests in flight at once: enough to keep the portal busy, few enough not to crowd it.
pub const IN_FLIGHT: usize = 6;

/// How far a read has come, for the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub members_read: u64,
    pub members_total: u64,
    pub pages_read: u64,
    pub pages_planned: u64,
}

/// One app's holders, as read so far.
#[derive(Clone, Debug, Default, PartialEq)]
struct Holders {
    /// By lower-case username.
    held: HashMap<String, Holding>,
    /// What the listing's first page said; `None` before it was read.
    total: Option<u64>,
    pages: Option<Pages>,
    /// Members looked up one by one (holders past the window), by lower-case username.
    looked_up: HashSet<String>,
}

/// What the console knows of the organization's members and their licenses.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    /// Apps licensed by user, in the order of the purchases.
    pub apps: Vec<AppLicense>,
    /// Purchases whose listing answered that they are not licensed by user.
    pub skipped: Vec<String>,
    purchases_read: bool,
    holders: Vec<Holders>,
    /// By lower-case username, so in the order the portal sorts them.
    members: BTreeMap<String, MemberRecord>,
    members_total: Option<u64>,
    member_pages: Option<Pages>,
    progress: Progress,
}

/// A member and what they hold of each app (in `Directory::apps` order).
#[derive(Clone, Debug, PartialEq)]
pub struct MemberRow {
    pub member: MemberRecord,
    pub holdings: Vec<Option<Holding>>,
}

/// Where the reading of the directory stands once a pass is over.
#[derive(Clone, Debug, PartialEq)]
pub struct Completeness {
    /// Members the search said there are, and how many were read.
    pub members_total: u64,
    pub members_read: u64,
    /// Per app (in `Directory::apps` order): holders the listing said there are, and how many are known.
    pub holders: Vec<(u64, u64)>,
    /// Per app: members its listing could not show who have not been looked up yet.
    pub to_look_up: Vec<u64>,
}

impl Completeness {
    pub fn is_complete(&self) -> bool {
        self.members_read >= self.members_total
            && self.to_look_up.iter().all(|n| *n == 0)
            && self.holders.iter().all(|(total, known)| known >= total)
    }
}

fn key(username: &str) -> String {
    username.to_lowercase()
}

impl Directory {
    /// Every member, in username order, with their holdings; holders the member list did not show are added
    /// with their username alone.
    pub fn rows(&self) -> Vec<MemberRow> {
        let mut rows: BTreeMap<String, MemberRow> = self
            .members
            .iter()
            .map(|(k, member)| {
                let holdings = self
                    .holders
                    .iter()
                    .map(|h| h.held.get(k).cloned())
                    .collect();
                (
                    k.clone(),
                    MemberRow {
                        member: member.clone(),
                        holdings,
                    },
                )
            })
            .collect();
        for (app, holders) in self.holders.iter().enumerate() {
            for (k, holding) in &holders.held {
                rows.entry(k.clone())
                    .or_insert_with(|| MemberRow {
                        member: MemberRecord {
                            username: k.clone(),
                            full_name: String::new(),
                            user_type: String::new(),
                            role: String::new(),
                            last_login: None,
                        },
                        holdings: vec![None; self.apps.len()],
                    })
                    .holdings[app] = Some(holding.clone());
            }
        }
        rows.into_values().collect()
    }

    /// Usernames of members `app`'s listing could not show and that have not been looked up.
    pub fn missing_holders(&self, app: usize) -> Vec<String> {
        let Some(holders) = self.holders.get(app) else {
            return Vec::new();
        };
        if holders.total.unwrap_or(0) <= holders.held.len() as u64 {
            return Vec::new();
        }
        self.members
            .iter()
            .filter(|(k, _)| !holders.held.contains_key(*k) && !holders.looked_up.contains(*k))
            .map(|(_, m)| m.username.clone())
            .collect()
    }

    pub fn completeness(&self) -> Completeness {
        Completeness {
            members_total: self.members_total.unwrap_or(0),
            members_read: self.members.len() as u64,
            holders: self
                .holders
                .iter()
                .map(|h| (h.total.unwrap_or(0), h.held.len() as u64))
                .collect(),
            to_look_up: (0..self.apps.len())
                .map(|app| self.missing_holders(app).len() as u64)
                .collect(),
        }
    }

    fn add_members(&mut self, page: Vec<MemberRecord>) {
        for member in page {
            self.members.insert(key(&member.username), member);
        }
        self.progress.members_read = self.members.len() as u64;
    }

    /// An app bundle's members, in the bundle's column. (Not into the member list: that is the user search's,
    /// whose reading past the window goes by the names it holds.)
    fn add_bundle_members(&mut self, app: usize, page: Vec<MemberRecord>) {
        for member in page {
            self.holders[app].held.insert(
                key(&member.username),
                Holding {
                    entitlements: Vec::new(),
                    offline: false,
                },
            );
        }
    }

    /// What one member's look-up found.
    fn take_look_up(&mut self, job: Job, answer: Answer) {
        if let (Job::LookUp { app, username, .. }, Answer::Holding(holding)) = (job, answer) {
            let holders = &mut self.holders[app];
            let k = key(&username);
            if let Some(holding) = holding {
                holders.held.insert(k.clone(), holding);
            }
            holders.looked_up.insert(k);
        }
    }

    fn plan(&mut self, pages: u64) {
        self.progress.pages_planned += pages;
    }

    fn page_read(&mut self) {
        self.progress.pages_read += 1;
    }

    /// Known usernames starting with `prefix`, lower case.
    fn known_with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.members
            .range(prefix.to_owned()..)
            .map(|(k, _)| k)
            .take_while(move |k| k.starts_with(prefix))
    }
}

/// A request the reading makes.
#[derive(Clone, Debug)]
enum Job {
    Holders {
        app: usize,
        item: String,
        start: u64,
    },
    /// A page of an app bundle's members.
    Bundle {
        app: usize,
        item: String,
        start: u64,
    },
    Members {
        prefix: String,
        order: Order,
        start: u64,
    },
    LookUp {
        app: usize,
        item: String,
        username: String,
    },
}

enum Answer {
    Holders(Page<(String, Holding)>),
    Members(Page<MemberRecord>),
    Holding(Option<Holding>),
}

/// How a pass ended short of its end: cancelled, or the first error (the rest went on where they could).
#[derive(Default)]
struct Stop {
    cancelled: bool,
    error: Option<PortalError>,
}

impl Stop {
    fn note(&mut self, err: PortalError) {
        match err {
            PortalError::Cancelled => self.cancelled = true,
            err if self.error.is_none() => self.error = Some(err),
            _ => {}
        }
    }

    fn result(self) -> Result<(), PortalError> {
        match (self.error, self.cancelled) {
            (Some(err), _) => Err(err),
            (None, true) => Err(PortalError::Cancelled),
            (None, false) => Ok(()),
        }
    }
}

impl<F: Clone + 'static> Client<F> {
    fn send_job(&self, job: Job) -> LocalFuture<'_, (Job, Result<Answer, PortalError>)> {
        Box::pin(async move {
            let portal = match self.portal() {
                Ok(portal) => portal,
                Err(err) => return (job, Err(err)),
            };
            let answer = match &job {
                Job::Holders { item, start, .. } => self
                    .call_json(Request::holders(&portal, item, *start), decode_holders)
                    .await
                    .map(Answer::Holders),
                Job::Bundle { item, start, .. } => self
                    .call_json(
                        Request::bundle_members(&portal, item, *start),
                        decode_members,
                    )
                    .await
                    .map(Answer::Members),
                Job::Members {
                    prefix,
                    order,
                    start,
                } => self
                    .call_json(
                        Request::members(&portal, prefix, *order, *start),
                        decode_members,
                    )
                    .await
                    .map(Answer::Members),
                Job::LookUp { item, username, .. } => self
                    .call_json(
                        Request::member_holding(&portal, item, username),
                        decode_member_holding,
                    )
                    .await
                    .map(Answer::Holding),
            };
            (job, answer)
        })
    }

    /// Sends `jobs`, at most `IN_FLIGHT` at once and none once `cancelled()` says so; answers as they arrive.
    fn send_all<'a>(
        &'a self,
        jobs: Vec<Job>,
        cancelled: &'a dyn Fn() -> bool,
    ) -> impl futures_util::Stream<Item = (Job, Result<Answer, PortalError>)> + 'a {
        stream::iter(jobs)
            .map(move |job| {
                if cancelled() {
                    Box::pin(std::future::ready((job, Err(PortalError::Cancelled))))
                } else {
                    self.send_job(job)
                }
            })
            .buffer_unordered(IN_FLIGHT)
    }

    /// `send_all`, handing each answer to `take` and each failure to `stop`.
    async fn run_jobs(
        &self,
        jobs: Vec<Job>,
        cancelled: &dyn Fn() -> bool,
        stop: &mut Stop,
        mut take: impl FnMut(Job, Answer),
    ) {
        let mut answers = self.send_all(jobs, cancelled);
        while let Some((job, answer)) = answers.next().await {
            match answer {
                Ok(answer) => take(job, answer),
                Err(err) => stop.note(err),
            }
        }
    }

    /// Reads who holds what, going on from what `dir` already holds: purchases, the first page of each
    /// listing and of the member list, then every other page, then the members past the search's window.
    /// `watch` hears the progress after every answer; once `cancelled()` is true no request is started. Ends
    /// with `Cancelled`, or the first error, when something could not be read (what was read stays in `dir`).
    pub async fn read_directory(
        &self,
        dir: &mut Directory,
        watch: &dyn Fn(Progress),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<(), PortalError> {
        if !dir.purchases_read {
            let purchases = self
                .call_json(Request::purchases(&self.portal()?), |v| {
                    Ok(decode_app_licenses(v))
                })
                .await?;
            dir.apps = purchases;
            dir.holders = vec![Holders::default(); dir.apps.len()];
            dir.purchases_read = true;
            dir.plan(1);
            dir.page_read();
            watch(dir.progress);
        }
        let mut stop = Stop::default();

        // First pages: each listing's and the member list's, which say how many there are.
        let mut first = Vec::new();
        for (app, holders) in dir.holders.iter().enumerate() {
            if holders.pages.is_none() {
                let item = dir.apps[app].item_id.clone();
                first.push(if dir.apps[app].bundle {
                    Job::Bundle {
                        app,
                        item,
                        start: 1,
                    }
                } else {
                    Job::Holders {
                        app,
                        item,
                        start: 1,
                    }
                });
            }
        }
        if dir.member_pages.is_none() {
            first.push(Job::Members {
                prefix: String::new(),
                order: Order::Ascending,
                start: 1,
            });
        }
        dir.plan(first.len() as u64);
        let mut not_by_user = Vec::new();
        let mut answers = self.send_all(first, cancelled);
        while let Some((job, answer)) = answers.next().await {
            match (job, answer) {
                (Job::Holders { app, .. }, Err(err)) if not_licensed_by_user(&err) => {
                    not_by_user.push(app)
                }
                (_, Err(err)) => stop.note(err),
                (Job::Holders { app, .. }, Ok(Answer::Holders(page))) => {
                    let pages = Pages::after_first(page.total);
                    dir.plan(pages.count().saturating_sub(1));
                    let holders = &mut dir.holders[app];
                    holders.total = Some(page.total);
                    holders.pages = Some(pages);
                    holders
                        .held
                        .extend(page.items.into_iter().map(|(u, h)| (key(&u), h)));
                    dir.page_read();
                }
                (Job::Bundle { app, .. }, Ok(Answer::Members(page))) => {
                    let pages = Pages::after_first(page.total);
                    dir.plan(pages.count().saturating_sub(1));
                    dir.holders[app].total = Some(page.total);
                    dir.holders[app].pages = Some(pages);
                    dir.add_bundle_members(app, page.items);
                    dir.page_read();
                }
                (Job::Members { .. }, Ok(Answer::Members(page))) => {
                    let pages = Pages::after_first(page.total);
                    dir.plan(pages.count().saturating_sub(1));
                    dir.members_total = Some(page.total);
                    dir.progress.members_total = page.total;
                    dir.member_pages = Some(pages);
                    dir.add_members(page.items);
                    dir.page_read();
                }
                _ => {}
            }
            watch(dir.progress);
        }
        drop(answers);
        // Marketplace purchases: noted and left out, the rest of the page goes on.
        not_by_user.sort_unstable();
        for app in not_by_user.into_iter().rev() {
            dir.skipped.push(dir.apps.remove(app).title);
            dir.holders.remove(app);
            dir.progress.pages_planned -= 1;
        }

        // Every other page within the window.
        let mut rest = Vec::new();
        for (app, holders) in dir.holders.iter().enumerate() {
            if let Some(pages) = &holders.pages {
                let item = &dir.apps[app].item_id;
                let bundle = dir.apps[app].bundle;
                rest.extend(pages.pending().into_iter().map(|start| {
                    let item = item.clone();
                    if bundle {
                        Job::Bundle { app, item, start }
                    } else {
                        Job::Holders { app, item, start }
                    }
                }));
            }
        }
        if let Some(pages) = &dir.member_pages {
            rest.extend(pages.pending().into_iter().map(|start| Job::Members {
                prefix: String::new(),
                order: Order::Ascending,
                start,
            }));
        }
        self.run_jobs(rest, cancelled, &mut stop, |job, answer| {
            match (job, answer) {
                (Job::Holders { app, start, .. }, Answer::Holders(page)) => {
                    let holders = &mut dir.holders[app];
                    holders
                        .held
                        .extend(page.items.into_iter().map(|(u, h)| (key(&u), h)));
                    if let Some(pages) = &mut holders.pages {
                        pages.mark_read(start);
                    }
                }
                (Job::Bundle { app, start, .. }, Answer::Members(page)) => {
                    dir.add_bundle_members(app, page.items);
                    if let Some(pages) = &mut dir.holders[app].pages {
                        pages.mark_read(start);
                    }
                }
                (Job::Members { start, .. }, Answer::Members(page)) => {
                    dir.add_members(page.items);
                    if let Some(pages) = &mut dir.member_pages {
                        pages.mark_read(start);
                    }
                }
                _ => {}
            }
            dir.page_read();
            watch(dir.progress);
        })
        .await;
        if stop.error.is_some() || stop.cancelled {
            return stop.result();
        }

        // Members past the window: from the other end, then by prefix in between.
        let total = dir.members_total.unwrap_or(0);
        if (dir.members.len() as u64) < total {
            let first_end = dir.members.keys().next_back().cloned().unwrap_or_default();
            self.read_prefix(
                dir,
                GapQuery {
                    prefix: String::new(),
                    order: Order::Descending,
                    until: Some(first_end),
                },
                watch,
                cancelled,
                &mut stop,
            )
            .await;
        }
        if stop.error.is_none() && !stop.cancelled {
            self.look_up_bundled(dir, watch, cancelled, &mut stop).await;
        }
        stop.result()
    }

    /// What the members of each app bundle hold of the app it brings (Drone2Map through Reality Mapping): they
    /// are not in that app's listing, so each is looked up — whether they hold it offline included.
    async fn look_up_bundled(
        &self,
        dir: &mut Directory,
        watch: &dyn Fn(Progress),
        cancelled: &dyn Fn() -> bool,
        stop: &mut Stop,
    ) {
        let mut jobs = Vec::new();
        for (bundle, license) in dir.apps.iter().enumerate() {
            let Some(app) = license.bundled.and_then(|bundled| {
                dir.apps
                    .iter()
                    .position(|a| !a.bundle && a.app == Some(bundled))
            }) else {
                continue;
            };
            let holders = &dir.holders[app];
            let item = dir.apps[app].item_id.clone();
            jobs.extend(
                dir.holders[bundle]
                    .held
                    .keys()
                    .filter(|k| !holders.held.contains_key(*k) && !holders.looked_up.contains(*k))
                    .map(|k| Job::LookUp {
                        app,
                        item: item.clone(),
                        username: k.clone(),
                    }),
            );
        }
        dir.plan(jobs.len() as u64);
        self.run_jobs(jobs, cancelled, stop, |job, answer| {
            dir.take_look_up(job, answer);
            dir.page_read();
            watch(dir.progress);
        })
        .await;
    }

    /// Reads the usernames `query` stands for, from its end, until it meets `until`; where the window stops
    /// it short, what is left between is read by prefix (`gap_queries`).
    fn read_prefix<'a>(
        &'a self,
        dir: &'a mut Directory,
        query: GapQuery,
        watch: &'a dyn Fn(Progress),
        cancelled: &'a dyn Fn() -> bool,
        stop: &'a mut Stop,
    ) -> LocalFuture<'a, ()> {
        Box::pin(async move {
            if cancelled() {
                stop.note(PortalError::Cancelled);
                return;
            }
            let GapQuery {
                prefix,
                order,
                until,
            } = query;
            let first = Job::Members {
                prefix: prefix.clone(),
                order,
                start: 1,
            };
            dir.plan(1);
            let (_, answer) = self.send_job(first).await;
            let page = match answer {
                Ok(Answer::Members(page)) => page,
                Ok(_) => return,
                Err(err) => return stop.note(err),
            };
            // Names of this prefix already read on the far side of `until` need not be read again.
            let known_beyond = match (&until, order) {
                (None, _) => 0,
                (Some(low), Order::Descending) => {
                    dir.known_with_prefix(&prefix).filter(|k| *k <= low).count() as u64
                }
                (Some(high), Order::Ascending) => dir
                    .known_with_prefix(&prefix)
                    .filter(|k| *k >= high)
                    .count() as u64,
            };
            let wanted = page.total.saturating_sub(known_beyond);
            dir.add_members(page.items);
            dir.page_read();
            watch(dir.progress);
            let readable = wanted.min(RESULT_WINDOW);
            let rest: Vec<Job> = (1..readable.div_ceil(PAGE_SIZE))
                .map(|page| Job::Members {
                    prefix: prefix.clone(),
                    order,
                    start: page * PAGE_SIZE + 1,
                })
                .collect();
            dir.plan(rest.len() as u64);
            self.run_jobs(rest, cancelled, stop, |_, answer| {
                if let Answer::Members(page) = answer {
                    dir.add_members(page.items);
                }
                dir.page_read();
                watch(dir.progress);
            })
            .await;
            if stop.error.is_some() || stop.cancelled || wanted <= RESULT_WINDOW {
                return;
            }
            // The window stopped this end short: what lies between its last name and `until` is left.
            let read: Vec<&String> = dir.known_with_prefix(&prefix).collect();
            let gap = match (order, &until) {
                (Order::Ascending, Some(high)) => read
                    .iter()
                    .rev()
                    .find(|k| **k < high)
                    .map(|low| ((*low).clone(), high.clone())),
                (Order::Descending, Some(low)) => read
                    .iter()
                    .find(|k| **k > low)
                    .map(|high| (low.clone(), (*high).clone())),
                (_, None) => None,
            };
            match gap {
                Some((low, high)) => {
                    for query in gap_queries(&low, &high) {
                        self.read_prefix(dir, query, watch, cancelled, stop).await;
                    }
                }
                None if until.is_none() => {
                    let last = dir
                        .known_with_prefix(&prefix)
                        .last()
                        .cloned()
                        .unwrap_or_default();
                    let other_end = GapQuery {
                        prefix,
                        order: Order::Descending,
                        until: Some(last),
                    };
                    self.read_prefix(dir, other_end, watch, cancelled, stop)
                        .await;
                }
                None => {}
            }
        })
    }

    /// Looks up, one by one, what `usernames` hold of `app` (the members its listing could not show).
    pub async fn look_up_holders(
        &self,
        dir: &mut Directory,
        app: usize,
        usernames: Vec<String>,
        watch: &dyn Fn(Progress),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<(), PortalError> {
        let Some(item) = dir.apps.get(app).map(|a| a.item_id.clone()) else {
            return Ok(());
        };
        let jobs: Vec<Job> = usernames
            .into_iter()
            .map(|username| Job::LookUp {
                app,
                item: item.clone(),
                username,
            })
            .collect();
        dir.plan(jobs.len() as u64);
        let mut stop = Stop::default();
        self.run_jobs(jobs, cancelled, &mut stop, |job, answer| {
            dir.take_look_up(job, answer);
            dir.page_read();
            watch(dir.progress);
        })
        .await;
        stop.result()
    }

    /// Revokes an app (its entitlements set to none) from the members of each batch, one request a batch, in
    /// order; nothing once `cancelled()` says so. Answers every member's result: that of the request they were in.
    pub async fn revoke_app(
        &self,
        item_id: &str,
        batches: Vec<Vec<String>>,
        cancelled: &dyn Fn() -> bool,
    ) -> Vec<(String, Result<(), PortalError>)> {
        let mut results = Vec::new();
        for batch in batches {
            let result = if cancelled() {
                Err(PortalError::Cancelled)
            } else {
                match self.portal() {
                    Ok(portal) => {
                        let request = Request::provision(&portal, item_id, &batch, &[]);
                        self.change(Some(request)).await
                    }
                    Err(err) => Err(err),
                }
            };
            results.extend(batch.into_iter().map(|u| (u, result.clone())));
        }
        results
    }
}
