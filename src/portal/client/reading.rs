//! Reading who holds what into a `Directory`, in one paged pass: the purchases, every page of each app's listing
//! and (for `Scope::Everyone`) of the member list, at most six requests in flight. Past the portal's 10,000th
//! result the member list is read from its other end and the gap by username prefix — each answer checked, since
//! a portal may ignore `sortOrder` or a prefix — else split by the documented filters of `portals/self/users`
//! (user type, then role). Whatever the method, the requests past the window are capped, and a read that stops
//! short says why (`Limit`). What was read is kept: a failed or cancelled read goes on from there.

use futures_util::stream::{self, StreamExt};

use super::{Client, LocalFuture, PortalError};
use crate::portal::directory::{Directory, Holders, Progress};
use crate::portal::member_requests::{MemberFilter, MemberQuery};
use crate::portal::members::{
    decode_app_licenses, decode_bundle_ids, mark_bundles, not_licensed_by_user, read_holders,
    read_member_holding, read_members, Holding, MemberRecord, Page,
};
use crate::portal::paging::{Order, Pages};
use crate::portal::request::Request;

/// Requests in flight at once: enough to keep the portal busy, few enough not to crowd it.
pub const IN_FLIGHT: usize = 6;

/// What a read covers: the holders of each app (the offline licenses), or every member with them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Holders,
    Everyone,
}

/// A request the reading makes.
#[derive(Clone, Debug)]
pub(super) enum Job {
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

pub(super) enum Answer {
    Holders(Page<(String, Holding)>),
    Members(Page<MemberRecord>),
    Holding(Option<Holding>),
}

/// How a pass ended short of its end: cancelled, or the first error (the rest went on where they could).
#[derive(Default)]
pub(super) struct Stop {
    cancelled: bool,
    error: Option<PortalError>,
}

impl Stop {
    pub(super) fn note(&mut self, err: PortalError) {
        match err {
            PortalError::Cancelled => self.cancelled = true,
            err if self.error.is_none() => self.error = Some(err),
            _ => {}
        }
    }

    pub(super) fn stopped(&self) -> bool {
        self.cancelled || self.error.is_some()
    }

    pub(super) fn result(self) -> Result<(), PortalError> {
        match (self.error, self.cancelled) {
            (Some(err), _) => Err(err),
            (None, true) => Err(PortalError::Cancelled),
            (None, false) => Ok(()),
        }
    }
}

/// A read's hooks: who hears how far it has come after every answer, and whether to stop (no request is started
/// once `cancelled()` is true).
pub struct Watch<'a> {
    pub progress: &'a dyn Fn(Progress),
    pub cancelled: &'a dyn Fn() -> bool,
}

impl<F: Clone + 'static> Client<F> {
    pub(super) fn send_job(&self, job: Job) -> LocalFuture<'_, (Job, Result<Answer, PortalError>)> {
        Box::pin(async move {
            let portal = match self.portal() {
                Ok(portal) => portal,
                Err(err) => return (job, Err(err)),
            };
            let answer = match &job {
                Job::Holders { item, start, .. } => self
                    .call(Request::holders(&portal, item, *start), read_holders)
                    .await
                    .map(Answer::Holders),
                Job::Bundle { item, start, .. } => {
                    let query = MemberQuery::Bundle(item.clone());
                    let request = Request::members(&portal, &query, Order::Ascending, *start);
                    self.call(request, read_members).await.map(Answer::Members)
                }
                Job::Members {
                    prefix,
                    order,
                    start,
                } => {
                    let query = MemberQuery::Prefix(prefix.clone());
                    let request = Request::members(&portal, &query, *order, *start);
                    self.call(request, read_members).await.map(Answer::Members)
                }
                Job::Filtered { filter, start } => self
                    .call(
                        Request::filtered_members(&portal, filter, *start),
                        read_members,
                    )
                    .await
                    .map(Answer::Members),
                Job::LookUp { item, username, .. } => self
                    .call(
                        Request::member_holding(&portal, item, username),
                        read_member_holding,
                    )
                    .await
                    .map(Answer::Holding),
            };
            (job, answer)
        })
    }

    /// Sends `jobs`, at most `IN_FLIGHT` at once and none once cancelled; answers as they arrive.
    pub(super) fn send_all<'a>(
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
    pub(super) async fn run_jobs(
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
        watch: &Watch<'_>,
    ) -> Result<(), PortalError> {
        if !dir.purchases_read {
            self.read_purchases(dir, watch).await?;
        }
        let mut stop = Stop::default();
        self.read_first_pages(dir, scope, watch, &mut stop).await;
        self.read_other_pages(dir, watch, &mut stop).await;
        if stop.stopped() {
            return stop.result();
        }
        if scope == Scope::Everyone {
            self.read_past_window(dir, watch, &mut stop).await;
        }
        if !stop.stopped() {
            for (app, names) in dir.bundle_members_to_look_up() {
                self.look_up(dir, app, names, watch, &mut stop).await;
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
                first.push(listing_job(dir, app, 1));
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
                rest.extend(
                    pages
                        .pending()
                        .into_iter()
                        .map(|start| listing_job(dir, app, start)),
                );
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
        watch: &Watch<'_>,
    ) -> Result<(), PortalError> {
        let mut stop = Stop::default();
        let missing = dir.missing_holders(app);
        self.look_up(dir, app, missing, watch, &mut stop).await;
        stop.result()
    }
}

/// A page of app `app`'s holders: its listing's, or for an app bundle the user search for its members.
fn listing_job(dir: &Directory, app: usize, start: u64) -> Job {
    let item = dir.apps[app].item_id.clone();
    if dir.apps[app].bundle {
        Job::Bundle { app, item, start }
    } else {
        Job::Holders { app, item, start }
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
