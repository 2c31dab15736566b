//! Reading who holds what into a `Directory`, in one paged pass: the purchases, every page of each app's listing
//! and (for `Scope::Everyone`) of the member list, at most six requests in flight. Past the portal's 10,000th
//! result the member list is read from its other end and the gap by username prefix — each answer checked, since
//! a portal may ignore `sortOrder` or a prefix — else split by the documented filters of `portals/self/users`
//! (user type, then role). Whatever the method, the requests past the window are capped, and a read that stops
//! short says why (`Limit`). What was read is kept: a failed or cancelled read goes on from there.

use futures_util::stream::{self, StreamExt};

use super::{Client, LocalFuture, PortalError};
use crate::portal::directory::{key, Directory, Holders, Limit, Progress};
use crate::portal::member_requests::{MemberFilter, MemberQuery};
use crate::portal::members::{
    decode_app_licenses, decode_bundle_ids, decode_counts, decode_holders, decode_member_holding,
    decode_members, mark_bundles, not_licensed_by_user, Holding, MemberRecord, Page,
};
use crate::portal::paging::{gap_queries, GapQuery, Order, Pages, PAGE_SIZE, RESULT_WINDOW};
use crate::portal::request::Request;

/// Requests in flight at once: enough to keep the portal busy, few enough not to crowd it.
pub const IN_FLIGHT: usize = 6;

/// The most requests reading past the window may take: twice the pages the missing members fill, and a hundred
/// more for prefixes and counts — at most `PAST_WINDOW_CAP`, whatever `total` a portal claims.
pub const PAST_WINDOW_CAP: u64 = 3_000;

fn past_window_cap(missing: u64) -> u64 {
    (2 * missing.div_ceil(PAGE_SIZE) + 100).min(PAST_WINDOW_CAP)
}

/// What a read covers: the holders of each app (the offline licenses), or every member with them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Holders,
    Everyone,
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
    Filtered {
        filter: MemberFilter,
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

    fn stopped(&self) -> bool {
        self.cancelled || self.error.is_some()
    }

    fn result(self) -> Result<(), PortalError> {
        match (self.error, self.cancelled) {
            (Some(err), _) => Err(err),
            (None, true) => Err(PortalError::Cancelled),
            (None, false) => Ok(()),
        }
    }
}

/// One read's hooks: who hears the progress, and whether to stop.
struct Watch<'a> {
    progress: &'a dyn Fn(Progress),
    cancelled: &'a dyn Fn() -> bool,
}

/// Reading past the window: the request it may go up to, and whether a method was found untrustworthy.
struct PastWindow {
    limit: u64,
    cap: u64,
    untrusted: bool,
}

impl PastWindow {
    /// Whether `n` more requests are within the cap; notes the cap on `dir` when not.
    fn allows(&self, dir: &mut Directory, n: u64) -> bool {
        let within = dir.requests() + n <= self.limit;
        if !within {
            dir.note_limit(Limit::Cap(self.cap));
        }
        within
    }
}

fn starts(readable: u64) -> impl Iterator<Item = u64> {
    (1..readable.min(RESULT_WINDOW).div_ceil(PAGE_SIZE)).map(|page| page * PAGE_SIZE + 1)
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
                Job::Bundle { item, start, .. } => {
                    let query = MemberQuery::Bundle(item.clone());
                    let request = Request::members(&portal, &query, Order::Ascending, *start);
                    self.call_json(request, decode_members)
                        .await
                        .map(Answer::Members)
                }
                Job::Members {
                    prefix,
                    order,
                    start,
                } => {
                    let query = MemberQuery::Prefix(prefix.clone());
                    let request = Request::members(&portal, &query, *order, *start);
                    self.call_json(request, decode_members)
                        .await
                        .map(Answer::Members)
                }
                Job::Filtered { filter, start } => self
                    .call_json(
                        Request::filtered_members(&portal, filter, *start),
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

    /// Sends `jobs`, at most `IN_FLIGHT` at once and none once cancelled; answers as they arrive.
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

    /// Sends `jobs` (counted as planned), handing each answer to `take` and each failure to `stop`.
    async fn run_jobs(
        &self,
        dir: &mut Directory,
        jobs: Vec<Job>,
        watch: &Watch<'_>,
        stop: &mut Stop,
        mut take: impl FnMut(&mut Directory, Job, Answer),
    ) {
        dir.plan(jobs.len() as u64);
        let mut answers = self.send_all(jobs, watch.cancelled);
        while let Some((job, answer)) = answers.next().await {
            match answer {
                Ok(answer) => take(dir, job, answer),
                Err(err) => stop.note(err),
            }
            dir.page_read();
            (watch.progress)(dir.progress);
        }
    }

    /// Reads who holds what, going on from what `dir` already holds. `progress` hears how far it has come after
    /// every answer; once `cancelled()` is true no request is started. Ends with `Cancelled`, or the first
    /// error, when something could not be read (what was read stays in `dir`); a read that ran its course but
    /// could not read everything says so in `dir.completeness()`.
    pub async fn read_directory(
        &self,
        dir: &mut Directory,
        scope: Scope,
        progress: &dyn Fn(Progress),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<(), PortalError> {
        let watch = Watch {
            progress,
            cancelled,
        };
        if !dir.purchases_read {
            self.read_purchases(dir, &watch).await?;
        }
        let mut stop = Stop::default();
        self.read_first_pages(dir, scope, &watch, &mut stop).await;
        self.read_other_pages(dir, &watch, &mut stop).await;
        if stop.stopped() {
            return stop.result();
        }
        let total = dir.members_total.unwrap_or(0);
        let read = dir.members.len() as u64;
        if scope == Scope::Everyone && read < total {
            let cap = past_window_cap(total - read);
            let mut past = PastWindow {
                limit: dir.requests() + cap,
                cap,
                untrusted: false,
            };
            self.read_far_end(dir, &watch, &mut stop, &mut past).await;
            if past.untrusted && !stop.stopped() {
                self.read_by_type(dir, &watch, &mut stop, &past).await;
            }
            if !stop.stopped() && dir.limits.is_empty() && (dir.members.len() as u64) < total {
                dir.note_limit(Limit::Unlisted { said: total });
            }
        }
        if !stop.stopped() {
            for (app, names) in dir.bundle_members_to_look_up() {
                self.look_up(dir, app, names, &watch, &mut stop).await;
            }
        }
        stop.result()
    }

    /// The purchases, and — where they do not mark app bundles — the bundles `portals/self/appBundles` lists.
    async fn read_purchases(
        &self,
        dir: &mut Directory,
        watch: &Watch<'_>,
    ) -> Result<(), PortalError> {
        let portal = self.portal()?;
        let mut apps = self
            .call_json(Request::purchases(&portal), |v| Ok(decode_app_licenses(v)))
            .await?;
        dir.plan(1);
        dir.page_read();
        if !apps.iter().any(|a| a.bundle) {
            // A portal without the resource (before bundles) has no bundles to find.
            dir.plan(1);
            let bundles = self
                .call_json(Request::app_bundles(&portal, 1), decode_bundle_ids)
                .await;
            dir.page_read();
            match bundles {
                Ok(page) => mark_bundles(&mut apps, &page.items),
                Err(PortalError::Cancelled) => return Err(PortalError::Cancelled),
                Err(err) if err.is_session_expired() => return Err(err),
                Err(_) => {}
            }
        }
        dir.holders = vec![Holders::default(); apps.len()];
        dir.apps = apps;
        dir.purchases_read = true;
        (watch.progress)(dir.progress);
        Ok(())
    }

    /// The first page of each listing and of the member list, which say how many there are.
    async fn read_first_pages(
        &self,
        dir: &mut Directory,
        scope: Scope,
        watch: &Watch<'_>,
        stop: &mut Stop,
    ) {
        let mut first = Vec::new();
        for (app, holders) in dir.holders.iter().enumerate() {
            if holders.pages.is_none() {
                let item = dir.apps[app].item_id.clone();
                let start = 1;
                first.push(if dir.apps[app].bundle {
                    Job::Bundle { app, item, start }
                } else {
                    Job::Holders { app, item, start }
                });
            }
        }
        if scope == Scope::Everyone && dir.member_pages.is_none() {
            first.push(Job::Members {
                prefix: String::new(),
                order: Order::Ascending,
                start: 1,
            });
        }
        dir.plan(first.len() as u64);
        let mut not_by_user = Vec::new();
        let mut answers = self.send_all(first, watch.cancelled);
        while let Some((job, answer)) = answers.next().await {
            match (job, answer) {
                (Job::Holders { app, .. }, Err(err)) if not_licensed_by_user(&err) => {
                    not_by_user.push(app)
                }
                (_, Err(err)) => stop.note(err),
                (Job::Holders { app, .. }, Ok(Answer::Holders(page))) => {
                    dir.holders[app].pages = Some(first_page(dir, page.total));
                    dir.holders[app].total = Some(page.total);
                    dir.add_holders(app, page.items);
                }
                (Job::Bundle { app, .. }, Ok(Answer::Members(page))) => {
                    dir.holders[app].pages = Some(first_page(dir, page.total));
                    dir.holders[app].total = Some(page.total);
                    dir.add_bundle_members(app, page.items);
                }
                (Job::Members { .. }, Ok(Answer::Members(page))) => {
                    dir.member_pages = Some(first_page(dir, page.total));
                    dir.members_total = Some(page.total);
                    dir.progress.members_total = page.total;
                    dir.add_members(page.items);
                }
                _ => {}
            }
            dir.page_read();
            (watch.progress)(dir.progress);
        }
        drop(answers);
        // Marketplace purchases: noted and left out, the rest of the page goes on.
        not_by_user.sort_unstable();
        for app in not_by_user.into_iter().rev() {
            dir.skipped.push(dir.apps.remove(app).title);
            dir.holders.remove(app);
        }
    }

    /// Every other page within the window, of every listing and of the member list.
    async fn read_other_pages(&self, dir: &mut Directory, watch: &Watch<'_>, stop: &mut Stop) {
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
        self.run_jobs(dir, rest, watch, stop, |dir, job, answer| {
            match (job, answer) {
                (Job::Holders { app, start, .. }, Answer::Holders(page)) => {
                    dir.add_holders(app, page.items);
                    mark_read(dir.holders[app].pages.as_mut(), start);
                }
                (Job::Bundle { app, start, .. }, Answer::Members(page)) => {
                    dir.add_bundle_members(app, page.items);
                    mark_read(dir.holders[app].pages.as_mut(), start);
                }
                (Job::Members { start, .. }, Answer::Members(page)) => {
                    dir.add_members(page.items);
                    mark_read(dir.member_pages.as_mut(), start);
                }
                _ => {}
            }
        })
        .await;
    }

    /// The member list from its far end, if the portal honours `sortOrder=desc`: its first page must hold names
    /// past everything read from the near end, in descending order. Then the gap by prefix.
    async fn read_far_end(
        &self,
        dir: &mut Directory,
        watch: &Watch<'_>,
        stop: &mut Stop,
        past: &mut PastWindow,
    ) {
        let near_end = dir.members.keys().next_back().cloned().unwrap_or_default();
        let query = GapQuery {
            prefix: String::new(),
            order: Order::Descending,
            until: Some(near_end),
        };
        self.read_prefix(dir, query, watch, stop, past).await;
    }

    /// Reads the usernames `query` stands for, from its end, until it meets `until`; where the window stops
    /// it short, what is left between is read by prefix (`gap_queries`). An answer that does not keep to the
    /// query (names out of order or without the prefix) marks the method untrusted and ends it.
    fn read_prefix<'a>(
        &'a self,
        dir: &'a mut Directory,
        query: GapQuery,
        watch: &'a Watch<'a>,
        stop: &'a mut Stop,
        past: &'a mut PastWindow,
    ) -> LocalFuture<'a, ()> {
        Box::pin(async move {
            if (watch.cancelled)() {
                return stop.note(PortalError::Cancelled);
            }
            if past.untrusted || !past.allows(dir, 1) {
                return;
            }
            let GapQuery {
                prefix,
                order,
                until,
            } = query;
            let job = |start| Job::Members {
                prefix: prefix.clone(),
                order,
                start,
            };
            dir.plan(1);
            let (_, answer) = self.send_job(job(1)).await;
            dir.page_read();
            let page = match answer {
                Ok(Answer::Members(page)) => page,
                Ok(_) => return,
                Err(err) => return stop.note(err),
            };
            if let Some(limit) = disobeys(&page.items, &prefix, order, until.as_deref()) {
                dir.note_limit(limit);
                past.untrusted = true;
                return;
            }
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
            (watch.progress)(dir.progress);
            let rest: Vec<Job> = starts(wanted).map(job).collect();
            if !past.allows(dir, rest.len() as u64) {
                return;
            }
            let mut disobeyed = None;
            self.run_jobs(dir, rest, watch, stop, |dir, _, answer| {
                if let Answer::Members(page) = answer {
                    match disobeys(&page.items, &prefix, order, None) {
                        Some(limit) => disobeyed = Some(limit),
                        None => dir.add_members(page.items),
                    }
                }
            })
            .await;
            if let Some(limit) = disobeyed {
                dir.note_limit(limit);
                past.untrusted = true;
                return;
            }
            if stop.stopped() || wanted <= RESULT_WINDOW {
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
                        self.read_prefix(dir, query, watch, stop, past).await;
                    }
                }
                None if until.is_none() => {
                    let last = read.last().map(|k| (*k).clone()).unwrap_or_default();
                    let other_end = GapQuery {
                        prefix,
                        order: Order::Descending,
                        until: Some(last),
                    };
                    self.read_prefix(dir, other_end, watch, stop, past).await;
                }
                None => {}
            }
        })
    }

    /// The member list split by the documented filters of `portals/self/users`: every user type with members
    /// not yet read (counted by `portals/self/users/counts`), and a type past the window by role within it.
    async fn read_by_type(
        &self,
        dir: &mut Directory,
        watch: &Watch<'_>,
        stop: &mut Stop,
        past: &PastWindow,
    ) {
        let Some(types) = self.counts(dir, "userLicenseType", stop).await else {
            return;
        };
        let mut roles: Option<Vec<(String, u64)>> = None;
        for (user_type, count) in types {
            if stop.stopped() || dir.known_of(&user_type, None) >= count {
                continue;
            }
            if count <= RESULT_WINDOW {
                let filter = MemberFilter {
                    user_type,
                    role: None,
                };
                if !self.read_filtered(dir, filter, watch, stop, past).await {
                    return;
                }
                continue;
            }
            if roles.is_none() {
                roles = Some(self.counts(dir, "role", stop).await.unwrap_or_default());
            }
            for (role, role_count) in roles.clone().unwrap_or_default() {
                if stop.stopped() || dir.known_of(&user_type, Some(&role)) >= role_count {
                    continue;
                }
                let filter = MemberFilter {
                    user_type: user_type.clone(),
                    role: Some(role),
                };
                if !self.read_filtered(dir, filter, watch, stop, past).await {
                    return;
                }
            }
        }
    }

    /// `portals/self/users/counts?type=<kind>`; where it cannot be read, the reason is noted.
    async fn counts(
        &self,
        dir: &mut Directory,
        kind: &str,
        stop: &mut Stop,
    ) -> Option<Vec<(String, u64)>> {
        let portal = match self.portal() {
            Ok(portal) => portal,
            Err(err) => {
                stop.note(err);
                return None;
            }
        };
        dir.plan(1);
        let counts = self
            .call_json(Request::member_counts(&portal, kind), decode_counts)
            .await;
        dir.page_read();
        match counts {
            Ok(counts) => Some(counts),
            Err(err @ (PortalError::Cancelled | PortalError::SessionExpired { .. })) => {
                stop.note(err);
                None
            }
            Err(err) => {
                dir.note_limit(Limit::NoCounts(err.detail()));
                None
            }
        }
    }

    /// Every page of one filter's members within the window; false when the portal did not keep to the filter
    /// or the cap was reached (the method ends).
    async fn read_filtered(
        &self,
        dir: &mut Directory,
        filter: MemberFilter,
        watch: &Watch<'_>,
        stop: &mut Stop,
        past: &PastWindow,
    ) -> bool {
        if !past.allows(dir, 1) {
            return false;
        }
        let job = |start| Job::Filtered {
            filter: filter.clone(),
            start,
        };
        dir.plan(1);
        let (_, answer) = self.send_job(job(1)).await;
        dir.page_read();
        let page = match answer {
            Ok(Answer::Members(page)) => page,
            Ok(_) => return true,
            Err(err) => {
                stop.note(err);
                return true;
            }
        };
        if !keeps_to(&page.items, &filter) {
            dir.note_limit(Limit::FilterIgnored);
            return false;
        }
        if page.total > RESULT_WINDOW {
            dir.note_limit(Limit::OverWindow {
                user_type: filter.user_type.clone(),
                role: filter.role.clone(),
                count: page.total,
            });
        }
        dir.add_members(page.items);
        (watch.progress)(dir.progress);
        let rest: Vec<Job> = starts(page.total).map(job).collect();
        if !past.allows(dir, rest.len() as u64) {
            return false;
        }
        let mut kept = true;
        self.run_jobs(dir, rest, watch, stop, |dir, _, answer| {
            if let Answer::Members(page) = answer {
                kept &= keeps_to(&page.items, &filter);
                if kept {
                    dir.add_members(page.items);
                }
            }
        })
        .await;
        if !kept {
            dir.note_limit(Limit::FilterIgnored);
        }
        kept
    }

    async fn look_up(
        &self,
        dir: &mut Directory,
        app: usize,
        usernames: Vec<String>,
        watch: &Watch<'_>,
        stop: &mut Stop,
    ) {
        let Some(item) = dir.apps.get(app).map(|a| a.item_id.clone()) else {
            return;
        };
        let jobs = usernames
            .into_iter()
            .map(|username| Job::LookUp {
                app,
                item: item.clone(),
                username,
            })
            .collect();
        self.run_jobs(dir, jobs, watch, stop, |dir, job, answer| {
            if let (Job::LookUp { app, username, .. }, Answer::Holding(holding)) = (job, answer) {
                dir.take_look_up(app, &username, holding);
            }
        })
        .await;
    }

    /// Looks up, one by one, what the members `app`'s listing could not show hold of it.
    pub async fn look_up_holders(
        &self,
        dir: &mut Directory,
        app: usize,
        progress: &dyn Fn(Progress),
        cancelled: &dyn Fn() -> bool,
    ) -> Result<(), PortalError> {
        let watch = Watch {
            progress,
            cancelled,
        };
        let mut stop = Stop::default();
        let missing = dir.missing_holders(app);
        self.look_up(dir, app, missing, &watch, &mut stop).await;
        stop.result()
    }
}

/// The pages of a listing after its first, counted as planned.
fn first_page(dir: &mut Directory, total: u64) -> Pages {
    let pages = Pages::after_first(total);
    dir.plan(pages.count().saturating_sub(1));
    pages
}

fn mark_read(pages: Option<&mut Pages>, start: u64) {
    if let Some(pages) = pages {
        pages.mark_read(start);
    }
}

/// Why a page of a prefix search is not what was asked, if it is not: a name without the prefix, names out of
/// the order asked, or — from the far end — the first name not past `until` (the near end again).
fn disobeys(
    items: &[MemberRecord],
    prefix: &str,
    order: Order,
    until: Option<&str>,
) -> Option<Limit> {
    let keys: Vec<String> = items.iter().map(|m| key(&m.username)).collect();
    if keys.iter().any(|k| !k.starts_with(prefix)) {
        return Some(Limit::PrefixIgnored);
    }
    let in_order = keys.windows(2).all(|w| match order {
        Order::Ascending => w[0] <= w[1],
        Order::Descending => w[0] >= w[1],
    });
    let past_until = match (order, until, keys.first()) {
        (Order::Descending, Some(low), Some(first)) => first.as_str() >= low,
        _ => true,
    };
    (!in_order || !past_until).then_some(Limit::SortIgnored)
}

/// Whether every member of a filtered page is of the type (and role) asked: an answer that does not say cannot
/// be told from one that ignored the filter.
fn keeps_to(items: &[MemberRecord], filter: &MemberFilter) -> bool {
    items.iter().all(|m| {
        m.user_type == filter.user_type && filter.role.as_ref().is_none_or(|r| m.role == *r)
    })
}
