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
pub const ACCOUNTS: [(&str, &str, bool); 2] = [
    ("admin", "arcgis-demo", true),
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

pub struct State {
    pub tokens: HashMap<String, Session>,
    pub license: Value,
    pub server_licenses: Value,
    pub members: Vec<Member>,
}

pub struct Context {
    pub flavour: Flavour,
    pub version: String,
    /// Exact origins allowed to call cross-origin; empty allows any.
    pub allow_origins: Vec<String>,
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
    pub fn new(flavour: Flavour, version: &str, allow_origins: Vec<String>) -> Self {
        let now = wall_clock_ms();
        let members = sample::members(now);
        let license = sample::org_license(now, &registered_by_type(&members));
        Self {
            flavour,
            version: version.into(),
            allow_origins,
            clock_offset_ms: AtomicI64::new(0),
            state: Mutex::new(State {
                tokens: HashMap::new(),
                license,
                server_licenses: sample::server_licenses(now),
                members,
            }),
        }
    }

    pub fn now_ms(&self) -> i64 {
        wall_clock_ms() + self.clock_offset_ms.load(Ordering::Relaxed)
    }

    pub fn advance_clock(&self, ms: i64) {
        self.clock_offset_ms.fetch_add(ms, Ordering::Relaxed);
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
    ) -> Result<String, Box<Response>> {
        self.check_token(params, admin_only)
            .map_err(|denied| Box::new(answer::denied(params, family, denied)))
    }

    fn check_token(&self, params: &Params, admin_only: bool) -> Result<String, Denied> {
        let Some(token) = params.token() else {
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

fn random_token() -> String {
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
    fn tokens_are_unguessable_and_distinct() {
        let a = random_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_token());
    }
}
