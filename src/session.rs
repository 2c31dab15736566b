//! The signed-in session, shared with every screen through context. When the portal ends it (498/499 or the
//! clock), the session is kept and marked expired: the screen stays as it is, with whatever was typed, and a
//! dialog asks for the password again.

use leptos::prelude::*;

use crate::config::remember_portal;
use crate::portal::{PortalError, Session};

/// Only the tab's sessionStorage ever holds a token, and only when the user asks for it.
const SESSION_KEY: &str = "license-console.session";
/// Portal URLs, never tokens.
const RECENT_KEY: &str = "license-console.recent-portals";

/// Minutes before expiry when the console starts warning.
pub const WARN_MINUTES: i64 = 5;

#[derive(Clone, Copy)]
pub struct SessionStore {
    pub current: RwSignal<Option<Session>>,
    /// Why the session needs a new sign-in; the screen underneath stays.
    pub expired: RwSignal<Option<PortalError>>,
    /// "Keep me signed in for this tab": the session goes to sessionStorage.
    pub keep_in_tab: RwSignal<bool>,
    pub recent_portals: RwSignal<Vec<String>>,
    /// The clock the time-left display and the expiry check follow.
    pub now: RwSignal<i64>,
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

impl SessionStore {
    /// Restores a session kept in this tab, if there is one that has not expired.
    pub fn new() -> Self {
        let restored = session_storage()
            .and_then(|s| s.get_item(SESSION_KEY).ok().flatten())
            .and_then(|text| Session::from_storage(&text, js_sys::Date::now() as i64));
        let keep_in_tab = restored.is_some();
        Self::with(restored, keep_in_tab)
    }

    /// A store that starts with `session`, as the sign-in page hands it over.
    pub fn with(session: Option<Session>, keep_in_tab: bool) -> Self {
        let now = js_sys::Date::now() as i64;
        let recent = local_storage()
            .and_then(|s| s.get_item(RECENT_KEY).ok().flatten())
            .and_then(|text| serde_json::from_str::<Vec<String>>(&text).ok())
            .unwrap_or_default();
        Self {
            keep_in_tab: RwSignal::new(keep_in_tab),
            current: RwSignal::new(session),
            expired: RwSignal::new(None),
            recent_portals: RwSignal::new(recent),
            now: RwSignal::new(now),
        }
    }

    fn persist(&self) {
        let Some(storage) = session_storage() else {
            return;
        };
        match self.current.get_untracked() {
            Some(session) if self.keep_in_tab.get_untracked() => {
                let _ = storage.set_item(SESSION_KEY, &session.to_storage());
            }
            _ => {
                let _ = storage.remove_item(SESSION_KEY);
            }
        }
    }

    pub fn sign_in(&self, session: Session, keep_in_tab: bool) {
        let recent = remember_portal(
            &self.recent_portals.get_untracked(),
            session.portal.url.as_str(),
        );
        if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(&recent)) {
            let _ = storage.set_item(RECENT_KEY, &text);
        }
        self.recent_portals.set(recent);
        self.keep_in_tab.set(keep_in_tab);
        self.renew(session);
    }

    /// A fresh token for the same portal: the screen goes on where it was.
    pub fn renew(&self, session: Session) {
        self.now.set(js_sys::Date::now() as i64);
        self.current.set(Some(session));
        self.expired.set(None);
        self.persist();
    }

    pub fn sign_out(&self) {
        self.current.set(None);
        self.expired.set(None);
        self.persist();
    }

    /// Marks the session as needing a new sign-in, keeping everything on screen.
    pub fn expire(&self, reason: PortalError) {
        if self.expired.get_untracked().is_none() {
            self.expired.set(Some(reason));
        }
    }

    /// Hands a result to the session first: a 498/499 answer asks for a new sign-in.
    pub fn check<T>(&self, result: Result<T, PortalError>) -> Result<T, PortalError> {
        if let Err(err) = &result {
            if err.is_session_expired() {
                self.expire(err.clone());
            }
        }
        result
    }

    /// The token, tracked: screens that read it fetch again after a new sign-in.
    pub fn token(&self) -> Option<String> {
        self.current.with(|s| s.as_ref().map(|s| s.token.clone()))
    }
}

impl Default for SessionStore {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_session() -> SessionStore {
    expect_context::<SessionStore>()
}
