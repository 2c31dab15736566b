//! The signed-in session, shared with every screen through context, and the identity the portal client acts
//! for. When the portal ends the session (498/499 or the clock), it is kept and marked expired: the screen stays
//! as it is, with whatever was typed, a dialog asks for the password again, and requests waiting on it are sent
//! again once signed in.

use futures_channel::oneshot;
use leptos::prelude::*;

use crate::config::remember_portal;
use crate::portal::{Capabilities, Identity, LocalFuture, PortalError, Reported, Session};

use crate::storage_keys::{RECENT_PORTALS as RECENT_KEY, SESSION as SESSION_KEY};

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
    /// What the portal's license resource said of it (version, license manager), once read.
    pub reported: RwSignal<Reported>,
    /// A change to many members is being sent: leaving the page or signing out asks first.
    pub changing: RwSignal<bool>,
    /// Requests waiting for the next sign-in: each hears the new session, or `None` on sign-out.
    waiting: StoredValue<Vec<oneshot::Sender<Option<Session>>>, LocalStorage>,
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The session kept in this tab ("Keep me signed in"), if there is one that has not expired.
pub fn kept_session() -> Option<Session> {
    session_storage()
        .and_then(|s| s.get_item(SESSION_KEY).ok().flatten())
        .and_then(|text| Session::from_storage(&text, js_sys::Date::now() as i64))
}

impl SessionStore {
    /// A store that starts with `session` (kept in this tab when `keep_in_tab`).
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
            reported: RwSignal::new(Reported::default()),
            changing: RwSignal::new(false),
            waiting: StoredValue::new_local(Vec::new()),
        }
    }

    /// Tells every request waiting for a sign-in how it ended.
    fn wake_waiting(&self, session: Option<Session>) {
        let waiting = self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        for waiter in waiting {
            let _ = waiter.send(session.clone());
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
        self.reported.set(Reported::default());
        self.renew(session);
    }

    /// Whether `token` is still the session's: false once signed out or renewed since.
    fn is_current(&self, token: &str) -> bool {
        self.current
            .with_untracked(|s| s.as_ref().is_some_and(|s| s.token == token))
    }

    /// A new token for the session that had `previous`, from a sign-in again or a refresh that was under way.
    /// Ignored when that session is gone or was renewed meanwhile: sign-out wins, and a stale renewal never
    /// replaces a newer session.
    pub fn renew_from(&self, previous: &str, session: Session) {
        if self.is_current(previous) {
            self.renew(session);
        }
    }

    /// The renewal of the session that had `previous` failed; ignored, as `renew_from`, once that session is gone.
    pub fn expire_from(&self, previous: &str, reason: PortalError) {
        if self.is_current(previous) {
            self.expire(reason);
        }
    }

    /// A fresh token for the same portal: the screen goes on where it was.
    fn renew(&self, session: Session) {
        self.now.set(js_sys::Date::now() as i64);
        self.current.set(Some(session.clone()));
        self.expired.set(None);
        self.persist();
        self.wake_waiting(Some(session));
    }

    pub fn sign_out(&self) {
        self.current.set(None);
        self.expired.set(None);
        self.reported.set(Reported::default());
        self.persist();
        self.wake_waiting(None);
    }

    /// Marks the session as needing a new sign-in, keeping everything on screen.
    pub fn expire(&self, reason: PortalError) {
        if self.expired.get_untracked().is_none() {
            self.expired.set(Some(reason));
        }
    }

    /// What the connected portal offers, tracked: navigation and screens follow it.
    pub fn capabilities(&self) -> Option<Capabilities> {
        let reported = self.reported.get();
        self.current.with(|s| {
            s.as_ref()
                .map(|s| Capabilities::of(&s.portal.deployment, &reported))
        })
    }
}

impl Identity for SessionStore {
    fn session(&self) -> Option<Session> {
        self.current.get_untracked()
    }

    fn session_ended(&self, why: PortalError) {
        self.expire(why);
    }

    fn next_session(&self) -> LocalFuture<'static, Option<Session>> {
        let (tell, hear) = oneshot::channel();
        self.waiting.update_value(|waiting| waiting.push(tell));
        Box::pin(async move { hear.await.ok().flatten() })
    }

    fn license_reported(&self, reported: Reported) {
        if self.reported.with_untracked(|known| *known != reported) {
            self.reported.set(reported);
        }
    }
}

pub fn use_session() -> SessionStore {
    expect_context::<SessionStore>()
}
