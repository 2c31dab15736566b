//! Reading who holds what against a recording stand-in portal that pages as the portal does (100 a page, never
//! past the 10,000th result) and can be told to misbehave: ignore `sortOrder`, a prefix or a filter, fail one
//! request, end the session once, or lie about its totals.

use std::cell::{Cell, RefCell};

use serde_json::{json, Value};

use super::*;
use crate::portal::directory::{Directory, Limit};
use crate::portal::paging::RESULT_WINDOW;
use crate::portal::{Scope, Watch};

#[derive(Clone)]
struct Member {
    username: String,
    user_type: &'static str,
    role: &'static str,
    /// Holds ArcGIS Pro: offline or not.
    pro: Option<bool>,
}

/// How the stand-in misbehaves.
#[derive(Clone, Copy, Default)]
struct Faults {
    ignore_sort: bool,
    ignore_prefix: bool,
    ignore_filter: bool,
    /// Every member search claims this total.
    lying_total: Option<u64>,
    /// Every prefix search claims more than the window and answers names of its own with the prefix.
    prefixes_never_narrow: bool,
}

struct StandIn {
    members: Vec<Member>,
    faults: Faults,
    /// The request (0-based) that fails with a dropped connection, once.
    fail_at: Cell<Option<usize>>,
    /// The request (0-based) answered 498, once.
    expire_at: Cell<Option<usize>>,
    sent: RefCell<Vec<Request<Picked>>>,
}

fn page_of(request: &Request<Picked>) -> (usize, usize) {
    let number = |name| request.text_field(name).and_then(|v| v.parse().ok());
    (number("start").unwrap_or(1), number("num").unwrap_or(10))
}

/// One page of `all`, as the portal pages: nothing past the window.
fn window<T: Clone>(all: &[T], start: usize) -> Vec<T> {
    let end = (start - 1 + 100).min(all.len()).min(RESULT_WINDOW as usize);
    all.get(start - 1..end).unwrap_or(&[]).to_vec()
}

fn record(m: &Member) -> Value {
    json!({"username": m.username, "userLicenseTypeId": m.user_type, "role": m.role, "lastLogin": 1})
}

impl StandIn {
    fn new(members: Vec<Member>, faults: Faults) -> Self {
        Self {
            members,
            faults,
            fail_at: Cell::new(None),
            expire_at: Cell::new(None),
            sent: RefCell::default(),
        }
    }

    fn search(&self, request: &Request<Picked>) -> Value {
        let (start, _) = page_of(request);
        let q = request.text_field("q").unwrap_or_default();
        let prefix = q
            .strip_prefix("username:")
            .and_then(|p| p.strip_suffix('*'))
            .filter(|_| !self.faults.ignore_prefix);
        let descending = request.text_field("sortOrder") == Some("desc");
        if self.faults.prefixes_never_narrow && (prefix.is_some() || descending) {
            // Names of its own, in the order asked, past anything real.
            let prefix = prefix.unwrap_or("z");
            let mut names: Vec<Value> = (0..100)
                .map(|i| json!({"username": format!("{prefix}{i:03}"), "lastLogin": 1}))
                .collect();
            if descending {
                names.reverse();
            }
            return json!({"results": names, "total": 20_000});
        }
        let mut all: Vec<&Member> = self
            .members
            .iter()
            .filter(|m| prefix.is_none_or(|p| m.username.starts_with(p)))
            .collect();
        if descending && !self.faults.ignore_sort {
            all.reverse();
        }
        let results: Vec<Value> = window(&all, start).into_iter().map(record).collect();
        let total = self.faults.lying_total.unwrap_or(all.len() as u64);
        json!({"results": results, "total": total, "nextStart": 1})
    }

    fn filtered(&self, request: &Request<Picked>) -> Value {
        let (start, _) = page_of(request);
        let user_type = request.text_field("userLicenseType");
        let role = request.text_field("role");
        let all: Vec<&Member> = self
            .members
            .iter()
            .filter(|m| {
                self.faults.ignore_filter
                    || (user_type.is_none_or(|t| t == m.user_type)
                        && role.is_none_or(|r| r == m.role))
            })
            .collect();
        let users: Vec<Value> = window(&all, start).into_iter().map(record).collect();
        json!({"users": users, "total": all.len()})
    }

    fn counts(&self, kind: &str) -> Value {
        let mut counts: Vec<(&str, u64)> = Vec::new();
        for m in &self.members {
            let key = if kind == "role" { m.role } else { m.user_type };
            match counts.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key, 1)),
            }
        }
        let results: Vec<Value> = counts
            .into_iter()
            .map(|(key, count)| json!({"key": key, "count": count}))
            .collect();
        json!({ "results": results })
    }

    fn holders(&self, start: usize) -> Value {
        let all: Vec<&Member> = self.members.iter().filter(|m| m.pro.is_some()).collect();
        let page: Vec<Value> = window(&all, start)
            .into_iter()
            .map(|m| {
                json!({"username": m.username, "lastLogin": 1, "disconnected": m.pro == Some(true),
                    "entitlements": ["desktopAdvN"]})
            })
            .collect();
        json!({"userEntitlements": page, "total": all.len(), "nextStart": 1})
    }

    fn answer(&self, request: &Request<Picked>) -> Value {
        let path = request
            .url
            .split("/sharing/rest/")
            .nth(1)
            .unwrap_or_default();
        match path {
            "portals/self/purchases" => json!({"purchases": [
                {"listing": {"itemId": "pro", "title": "ArcGIS Pro"}, "provision": {"canDisconnect": true}}
            ]}),
            "portals/self/appBundles" => json!({"appBundles": [], "total": 0}),
            "portals/self/users/search" => self.search(request),
            "portals/self/users" => self.filtered(request),
            "portals/self/users/counts" => {
                self.counts(request.text_field("type").unwrap_or_default())
            }
            "content/listings/pro/userEntitlements" => self.holders(page_of(request).0),
            path => {
                let name = path
                    .strip_prefix("content/listings/pro/userEntitlements/")
                    .unwrap_or_default();
                match self.members.iter().find(|m| m.username == name) {
                    Some(Member {
                        pro: Some(offline), ..
                    }) => json!({"userEntitlements":
                        {"username": name, "disconnected": offline, "entitlements": ["desktopAdvN"]}}),
                    _ => json!({}),
                }
            }
        }
    }
}

impl Transport<Picked> for StandIn {
    fn send<'a>(
        &'a self,
        request: &'a Request<Picked>,
    ) -> LocalFuture<'a, Result<(u16, Vec<u8>), PortalError>> {
        let n = self.sent.borrow().len();
        self.sent.borrow_mut().push(request.clone());
        let answer = if self.fail_at.get() == Some(n) {
            self.fail_at.set(None);
            Err(PortalError::Network {
                detail: "dropped".into(),
                cross_origin: false,
            })
        } else if self.expire_at.get() == Some(n) {
            self.expire_at.set(None);
            Ok((200, EXPIRED.to_vec()))
        } else {
            Ok((200, self.answer(request).to_string().into_bytes()))
        };
        Box::pin(std::future::ready(answer))
    }
}

/// `count` members named `member00001`…, Pro held by `pro_holders` of them spread evenly (every 97th of those
/// offline); user types creator/viewer by `types`.
fn organization(
    count: usize,
    pro_holders: usize,
    types: fn(usize) -> (&'static str, &'static str),
) -> Vec<Member> {
    (1..=count)
        .map(|i| {
            let (user_type, role) = types(i);
            Member {
                username: format!("member{i:05}"),
                user_type,
                role,
                pro: (i * pro_holders / count != (i - 1) * pro_holders / count)
                    .then_some(i % 97 == 0),
            }
        })
        .collect()
}

fn two_types(i: usize) -> (&'static str, &'static str) {
    if i.is_multiple_of(3) {
        ("viewerUT", "iAAAAAAAAAAAAAAA")
    } else {
        ("creatorUT", "org_user")
    }
}

fn one_type_two_roles(i: usize) -> (&'static str, &'static str) {
    (
        "creatorUT",
        if i.is_multiple_of(2) {
            "org_publisher"
        } else {
            "org_user"
        },
    )
}

struct Reader {
    client: Client<Picked>,
    portal: Rc<StandIn>,
    admin: Rc<Administrator>,
}

fn reader(members: Vec<Member>, faults: Faults) -> Reader {
    let portal = Rc::new(StandIn::new(members, faults));
    let admin = Rc::new(Administrator {
        session: RefCell::new(Some(session("t1"))),
        renewed: Some(session("t2")),
        asked_to_sign_in: Cell::new(0),
        versions: RefCell::default(),
    });
    let client = Client::new(admin.clone(), portal.clone());
    Reader {
        client,
        portal,
        admin,
    }
}

/// A read nobody watches and nothing cancels.
fn quiet() -> Watch<'static> {
    Watch {
        progress: &|_| {},
        cancelled: &|| false,
    }
}

impl Reader {
    fn read(&self, dir: &mut Directory) -> Result<(), PortalError> {
        run(self.client.read_directory(dir, Scope::Everyone, &quiet()))
    }

    fn sent(&self) -> usize {
        self.portal.sent.borrow().len()
    }
}

/// The fewest requests reading `members` and `holders` can take: purchases and bundles, then a page per 100.
fn fewest(members: u64, holders: u64) -> usize {
    (2 + members.div_ceil(100) + holders.min(RESULT_WINDOW).div_ceil(100)) as usize
}

#[test]
fn past_the_window_every_member_is_read_and_holders_past_the_listing_are_looked_up() {
    let r = reader(organization(12_000, 10_500, two_types), Faults::default());
    let mut dir = Directory::default();
    r.read(&mut dir).unwrap();
    let c = dir.completeness();
    assert!(c.members_complete(), "{c:?}");
    assert!(c.limits.is_empty());
    assert!(
        r.sent() <= fewest(12_000, 10_500) + 2,
        "{} requests",
        r.sent()
    );
    assert_eq!(c.holders[0], (10_500, 10_000));
    assert_eq!(c.to_look_up[0], 2_000, "members the listing did not show");
    run(r.client.look_up_holders(&mut dir, 0, &quiet())).unwrap();
    let c = dir.completeness();
    assert!(c.is_complete(), "{c:?}");
    let offline = dir.offline_licenses();
    let past = offline
        .iter()
        .filter(|o| o.username.as_str() > "member11400")
        .count();
    assert!(
        past > 0,
        "an offline holder past the listing's window is found"
    );
}

#[test]
fn a_portal_that_ignores_sort_order_is_read_by_user_type_and_role() {
    for (types, split) in [
        (two_types as fn(usize) -> _, "type"),
        (one_type_two_roles, "role"),
    ] {
        let faults = Faults {
            ignore_sort: true,
            ..Faults::default()
        };
        let r = reader(organization(12_000, 6_000, types), faults);
        let mut dir = Directory::default();
        r.read(&mut dir).unwrap();
        let c = dir.completeness();
        assert!(c.members_complete(), "by {split}: {c:?}");
        assert_eq!(c.limits, vec![Limit::SortIgnored], "by {split}");
        assert!(r.sent() < 400, "by {split}: {} requests", r.sent());
    }
}

#[test]
fn a_portal_that_ignores_prefixes_or_filters_is_not_believed() {
    // Sorting works but a gap is left between the two ends; the prefix search answers everyone.
    let faults = Faults {
        ignore_prefix: true,
        ..Faults::default()
    };
    let r = reader(organization(25_000, 100, two_types), faults);
    let mut dir = Directory::default();
    r.read(&mut dir).unwrap();
    let c = dir.completeness();
    assert!(c.members_complete(), "split by type instead: {c:?}");
    assert!(c.limits.contains(&Limit::PrefixIgnored));

    let faults = Faults {
        ignore_sort: true,
        ignore_filter: true,
        ..Faults::default()
    };
    let r = reader(organization(12_000, 100, two_types), faults);
    let mut dir = Directory::default();
    r.read(&mut dir).unwrap();
    let c = dir.completeness();
    assert!(!c.members_complete());
    assert_eq!(c.members_read, 10_000);
    assert_eq!(c.limits, vec![Limit::SortIgnored, Limit::FilterIgnored]);
}

#[test]
fn a_failed_page_is_read_again_and_nothing_else_is() {
    let r = reader(organization(12_000, 500, two_types), Faults::default());
    r.portal.fail_at.set(Some(40));
    let mut dir = Directory::default();
    assert!(matches!(r.read(&mut dir), Err(PortalError::Network { .. })));
    let first = r.sent();
    r.read(&mut dir).unwrap();
    assert!(dir.completeness().is_complete());
    let resumed = r.sent() - first;
    assert!(
        resumed < 40,
        "the rest, not everything again: {resumed} requests"
    );
    assert!(r.sent() <= fewest(12_000, 500) + 3, "{} requests", r.sent());
}

#[test]
fn cancel_stops_sending_and_reading_goes_on_later() {
    let r = reader(organization(5_000, 100, two_types), Faults::default());
    let mut dir = Directory::default();
    let seen = Cell::new(0);
    let watch = Watch {
        progress: &|_| seen.set(seen.get() + 1),
        cancelled: &|| seen.get() >= 10,
    };
    let result = run(r.client.read_directory(&mut dir, Scope::Everyone, &watch));
    assert_eq!(result, Err(PortalError::Cancelled));
    assert!(r.sent() < 20, "nothing sent once cancelled: {}", r.sent());
    r.read(&mut dir).unwrap();
    assert!(dir.completeness().is_complete());
}

#[test]
fn a_session_that_ends_during_prefix_reads_asks_once_and_goes_on() {
    let r = reader(organization(25_000, 100, two_types), Faults::default());
    // Past the near end's 100 pages and the listing's, in the reading from the far end and by prefix.
    r.portal.expire_at.set(Some(150));
    let mut dir = Directory::default();
    r.read(&mut dir).unwrap();
    assert_eq!(r.admin.asked_to_sign_in.get(), 1);
    assert!(dir.completeness().members_complete());
    let last = r.portal.sent.borrow().last().cloned().unwrap();
    assert_eq!(last.text_field("token"), Some("t2"));
}

#[test]
fn a_hostile_portal_gets_a_bounded_number_of_requests_and_the_read_says_incomplete() {
    let members = organization(300, 10, two_types);
    let lying = Faults {
        lying_total: Some(1_000_000_000_000),
        ..Faults::default()
    };
    let never_narrow = Faults {
        prefixes_never_narrow: true,
        lying_total: Some(50_000),
        ..Faults::default()
    };
    for faults in [lying, never_narrow] {
        let r = reader(members.clone(), faults);
        let mut dir = Directory::default();
        let _ = r.read(&mut dir);
        let c = dir.completeness();
        assert!(!c.members_complete());
        assert!(
            r.sent() <= 3 + 100 + crate::portal::client::past_window::PAST_WINDOW_CAP as usize,
            "{} requests",
            r.sent()
        );
        assert!(!c.limits.is_empty(), "says why: {c:?}");
    }
}
