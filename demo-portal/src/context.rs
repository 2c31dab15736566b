//! One portal context (`/arcgis` or `/portal`): its accounts, tokens, license state and members, behind a lock.

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::response::Response;
use serde_json::Value;

use crate::answer::{self, Denied, Family};
use crate::params::Params;
use crate::sample::{self, Member};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// ArcGIS Enterprise on Kubernetes: `/admin`.
    Kubernetes,
    /// Portal for ArcGIS on Windows or Linux: `/portaladmin`.
    Classic,
}

/// The demo accounts: one administrator, one member without admin privileges.
pub const ACCOUNTS: [(&str, &str, bool); 3] = [
    ("admin", "arcgis-demo", true),
    ("admin2", "arcgis-demo", true),
    ("viewer", "arcgis-demo", false),
];

/// Longest token lifetime `generateToken` grants, in minutes (two weeks, as portals default to).
pub const MAX_TOKEN_MINUTES: i64 = 20_160;

pub struct Session {
    pub username: String,
    pub admin: bool,
    pub expires: i64,
    /// The origin a `client=referer` token is bound to.
    pub referer: Option<String>,
}

/// An authorization code handed out by `oauth2/authorize`, waiting to be exchanged.
pub struct PendingCode {
    pub username: String,
    pub admin: bool,
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub expires: i64,
}

pub struct RefreshGrant {
    pub username: String,
    pub admin: bool,
    pub client_id: String,
    pub expires: i64,
}

pub struct State {
    pub tokens: HashMap<String, Session>,
    pub license: Value,
    /// Licenses that start later (`getFutureLicense`).
    pub future_license: Value,
    pub server_licenses: Value,
    /// 10.6.1 and earlier: `system/licenses` (seed 004) and the entitlement queues per app (seed 003).
    pub legacy_license: Value,
    pub entitlement_queues: HashMap<String, Vec<Value>>,
    pub members: Vec<Member>,
    /// Items in members' content (the console's history).
    pub items: Vec<crate::content::Item>,
    /// Seats owned per app and entitlement, as bought.
    pub owned: crate::members::Owned,
    /// Apps (by app id) whose members may not take them offline (`setDisconnectSettings`).
    pub offline_forbidden: Vec<&'static str>,
    pub oauth_codes: HashMap<String, PendingCode>,
    pub refresh_tokens: HashMap<String, RefreshGrant>,
    /// Another portal URL the license file was issued for; `None` when it was issued for this one.
    pub license_issued_for: Option<String>,
}

impl State {
    /// The member of `username`, whatever its case (the portal matches usernames so).
    pub fn member_mut(&mut self, username: &str) -> Option<&mut Member> {
        self.members
            .iter_mut()
            .find(|m| m.username.eq_ignore_ascii_case(username))
    }
}

/// The app registered for OAuth 2.0 sign-in.
#[derive(Clone, Debug)]
pub struct OAuthApp {
    pub client_id: String,
    /// Allowed redirect URIs; empty allows any loopback URI under `/console/`.
    pub redirect_uris: Vec<String>,
}

impl OAuthApp {
    pub fn allows(&self, redirect_uri: &str) -> bool {
        if self.redirect_uris.is_empty() {
            let origin = origin_of(redirect_uri);
            let host = origin.split("://").nth(1).unwrap_or_default();
            let loopback = host.starts_with("127.0.0.1")
                || host.starts_with("localhost")
                || host.starts_with("[::1]");
            return loopback && redirect_uri[origin.len()..].starts_with("/console/");
        }
        self.redirect_uris
            .iter()
            .any(|allowed| allowed == redirect_uri)
    }
}

/// Ways a real portal may answer that the demo portal can be told to copy (API.md, "Members — what the console
/// may rely on").
#[derive(Clone, Copy, Debug, Default)]
pub struct Quirks {
    /// `portals/self/users/search` ignores `sortOrder=desc`.
    pub ignore_sort_order: bool,
    /// Answers carry only documented fields: no `listingType` or `appId` on purchases, no `disconnected` on
    /// one member's look-up.
    pub documented_only: bool,
}

pub struct Context {
    pub flavour: Flavour,
    pub quirks: Quirks,
    pub version: String,
    /// Exact origins allowed to call cross-origin; empty allows any.
    pub allow_origins: Vec<String>,
    pub oauth: OAuthApp,
    /// Where items are kept across restarts (`--data-dir`), if anywhere.
    pub items_file: Option<std::path::PathBuf>,
    /// Added to the wall clock: lets tests make tokens expire without waiting.
    clock_offset_ms: AtomicI64,
    pub state: Mutex<State>,
}

fn wall_clock_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

impl Context {
    /// `organization`: how many members, and how many of them hold ArcGIS Pro.
    pub fn new(
        flavour: Flavour,
        version: &str,
        allow_origins: Vec<String>,
        oauth: OAuthApp,
        organization: (usize, usize),
    ) -> Self {
        let now = wall_clock_ms();
        let (count, pro_holders) = organization;
        let mut members =
            crate::members::organization(sample::members(now), count, pro_holders, now);
        // In username order, as the portal's user search sorts them.
        members.sort_by_cached_key(|m| m.username.to_lowercase());
        let mut license = sample::org_license(now, &registered_by_type(&members));
        if version_at_least(version, &[11, 4]) {
            sample::without_license_manager(&mut license);
        }
        Self {
            flavour,
            quirks: Quirks::default(),
            version: version.into(),
            allow_origins,
            oauth,
            items_file: None,
            clock_offset_ms: AtomicI64::new(0),
            state: Mutex::new(State {
                tokens: HashMap::new(),
                license,
                future_license: sample::future_license(now),
                server_licenses: sample::server_licenses(now),
                legacy_license: sample::legacy_license(now, members.len() as u64),
                entitlement_queues: sample::entitlement_queues(now),
                items: Vec::new(),
                owned: crate::members::owned_at_start(&members),
                members,
                offline_forbidden: Vec::new(),
                oauth_codes: HashMap::new(),
                refresh_tokens: HashMap::new(),
                license_issued_for: None,
            }),
        }
    }

    /// Portal for ArcGIS 10.6.1 and earlier: `system/licenses` instead of the user-type `license` resource.
    pub fn is_legacy(&self) -> bool {
        self.flavour == Flavour::Classic && !version_at_least(&self.version, &[10, 7])
    }

    pub fn now_ms(&self) -> i64 {
        wall_clock_ms() + self.clock_offset_ms.load(Ordering::Relaxed)
    }

    pub fn advance_clock(&self, ms: i64) {
        self.clock_offset_ms.fetch_add(ms, Ordering::Relaxed);
    }

    /// Members holding `app_id` checked out for offline use, in member order: what tests release and check.
    pub fn offline_holders(&self, app_id: &str) -> Vec<String> {
        let state = self.lock();
        state
            .members
            .iter()
            .filter(|m| m.offline.contains(&app_id))
            .map(|m| m.username.clone())
            .collect()
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A handler that panicked mid-update leaves the demo data as it was; keep serving.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn issue_token(
        &self,
        username: &str,
        admin: bool,
        minutes: i64,
        referer: Option<String>,
    ) -> (String, i64) {
        let token = random_token();
        let expires = self.now_ms() + minutes * 60_000;
        let session = Session {
            username: username.into(),
            admin,
            expires,
            referer,
        };
        self.lock().tokens.insert(token.clone(), session);
        (token, expires)
    }

    /// The signed-in user behind a request, or the error answer a portal gives: 499 without a token, 498 for an
    /// unknown or expired one or one used from another referer, 403 for a non-administrator on admin resources.
    pub fn authorize(
        &self,
        params: &Params,
        family: Family,
        admin_only: bool,
    ) -> Result<String, Response> {
        self.check_token(params, family, admin_only)
            .map_err(|denied| answer::denied(params, family, denied))
    }

    fn check_token(
        &self,
        params: &Params,
        family: Family,
        admin_only: bool,
    ) -> Result<String, Denied> {
        // The sharing API also reads a token from a POST's query string; the admin APIs only from its body.
        let token = match family {
            Family::Sharing => params.get("token"),
            Family::Admin => params.token(),
        };
        let Some(token) = token else {
            return Err(Denied::TokenRequired);
        };
        let now = self.now_ms();
        let state = self.lock();
        let Some(session) = state.tokens.get(token) else {
            return Err(Denied::InvalidToken);
        };
        let referer_matches = match &session.referer {
            None => true,
            Some(bound) => {
                params
                    .referer
                    .as_deref()
                    .or(params.origin.as_deref())
                    .map(origin_of)
                    == Some(origin_of(bound))
            }
        };
        if session.expires <= now || !referer_matches {
            return Err(Denied::InvalidToken);
        }
        if admin_only && !session.admin {
            return Err(Denied::Forbidden);
        }
        Ok(session.username.clone())
    }
}

/// Members per user type, as the license resource counts them.
pub fn registered_by_type(members: &[Member]) -> Vec<(&'static str, u64)> {
    let mut counts: Vec<(&'static str, u64)> = Vec::new();
    for member in members {
        match counts.iter_mut().find(|(t, _)| *t == member.user_type) {
            Some((_, n)) => *n += 1,
            None => counts.push((member.user_type, 1)),
        }
    }
    counts
}

/// `scheme://host[:port]` of a URL, lower-cased, for comparing referers.
pub fn origin_of(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    let after_scheme = lower.find("://").map_or(0, |i| i + 3);
    let end = lower[after_scheme..]
        .find('/')
        .map_or(lower.len(), |i| after_scheme + i);
    lower[..end].to_owned()
}

/// Whether a dotted version string is at least `minimum` (`&[10, 7, 1]`); missing parts count as 0.
pub fn version_at_least(version: &str, minimum: &[u32]) -> bool {
    let parts: Vec<u32> = version
        .split('.')
        .map(|p| p.trim().parse().unwrap_or(0))
        .collect();
    let part = |i: usize| parts.get(i).copied().unwrap_or(0);
    let have: Vec<u32> = (0..minimum.len()).map(part).collect();
    have.as_slice() >= minimum
}

pub fn random_token() -> String {
    (0..4)
        .map(|_| {
            let mut hasher = RandomState::new().build_hasher();
            hasher.write_u64(wall_clock_ms() as u64);
            format!("{:016x}", hasher.finish())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_compare_without_paths() {
        assert_eq!(
            origin_of("http://127.0.0.1:8080/console/"),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            origin_of("HTTPS://Gis.Example.com"),
            "https://gis.example.com"
        );
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(version_at_least("11.5", &[11, 5]));
        assert!(version_at_least("12.0.1", &[11, 5]));
        assert!(!version_at_least("11.4", &[11, 5]));
        assert!(!version_at_least("10.10", &[11, 0]));
        assert!(version_at_least("10.10", &[10, 7]));
        assert!(!version_at_least("10.6.1", &[10, 7]));
        assert!(!version_at_least("10.7", &[10, 7, 1]));
        assert!(version_at_least("10.7.1", &[10, 7, 1]));
    }

    #[test]
    fn oauth_redirects_must_be_registered() {
        let open = OAuthApp {
            client_id: "c".into(),
            redirect_uris: vec![],
        };
        assert!(open.allows("http://127.0.0.1:8080/console/"));
        assert!(!open.allows("http://127.0.0.1:8080/elsewhere/"));
        assert!(!open.allows("https://evil.example/console/"));
        let strict = OAuthApp {
            client_id: "c".into(),
            redirect_uris: vec!["https://gis.example.com/console/".into()],
        };
        assert!(strict.allows("https://gis.example.com/console/"));
        assert!(!strict.allows("https://gis.example.com/console/x"));
    }

    #[test]
    fn tokens_are_unguessable_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
    }
}
