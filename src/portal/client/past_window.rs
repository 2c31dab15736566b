//! Reading the member list past the portal's 10,000-result window: from its far end and the gap by username
//! prefix where the portal honours `sortOrder` and prefixes, else split by the documented filters of
//! `portals/self/users` (user type, then role). Every answer is checked against what was asked, and the requests
//! are capped; where a method cannot be trusted or the cap is reached, the reason is noted (`Limit`).

use super::reading::{Answer, Job, Stop, Watch};
use super::{Client, LocalFuture, PortalError};
use crate::portal::directory::{key, Directory, Limit};
use crate::portal::member_requests::MemberFilter;
use crate::portal::members::{decode_counts, MemberRecord, Page};
use crate::portal::paging::{gap_queries, GapQuery, Order, Pages, PAGE_SIZE, RESULT_WINDOW};
use crate::portal::request::Request;

/// The most requests reading past the window may take: twice the pages the missing members fill, and a hundred
/// more for prefixes and counts — at most `PAST_WINDOW_CAP`, whatever `total` a portal claims.
pub(crate) const PAST_WINDOW_CAP: u64 = 3_000;

fn past_window_cap(missing: u64) -> u64 {
    (2 * missing.div_ceil(PAGE_SIZE) + 100).min(PAST_WINDOW_CAP)
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

impl<F: Clone + 'static> Client<F> {
    /// Sends the first page of a member search, counted in the progress.
    async fn first_members_page(
        &self,
        dir: &mut Directory,
        job: Job,
    ) -> Result<Page<MemberRecord>, PortalError> {
        dir.plan(1);
        let (_, answer) = self.send_job(job).await;
        dir.page_read();
        match answer? {
            Answer::Members(page) => Ok(page),
            _ => Err(PortalError::Unexpected {
                detail: "a member search answered something else".into(),
            }),
        }
    }

    /// The members the search's window left out, where there are any: from the far end and by prefix, else by
    /// user type and role; says why when some stay unread.
    pub(super) async fn read_past_window(
        &self,
        dir: &mut Directory,
        watch: &Watch<'_>,
        stop: &mut Stop,
    ) {
        let total = dir.members_total.unwrap_or(0);
        let read = dir.members.len() as u64;
        if read >= total {
            return;
        }
        let cap = past_window_cap(total - read);
        let mut past = PastWindow {
            limit: dir.requests() + cap,
            cap,
            untrusted: false,
        };
        self.read_far_end(dir, watch, stop, &mut past).await;
        if past.untrusted && !stop.stopped() {
            self.read_by_type(dir, watch, stop, &past).await;
        }
        if !stop.stopped() && dir.limits.is_empty() && (dir.members.len() as u64) < total {
            dir.note_limit(Limit::Unlisted { said: total });
        }
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
            let page = match self.first_members_page(dir, job(1)).await {
                Ok(page) => page,
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
            let rest: Vec<Job> = Pages::after_first(wanted)
                .pending()
                .into_iter()
                .map(job)
                .collect();
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
        let page = match self.first_members_page(dir, job(1)).await {
            Ok(page) => page,
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
        let rest: Vec<Job> = Pages::after_first(page.total)
            .pending()
            .into_iter()
            .map(job)
            .collect();
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
