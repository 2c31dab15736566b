//! The signed-in session, shared with every screen through context, and the identity the portal client acts
//! for. When the portal ends the session (498/499 or the clock), it is kept and marked expired: the screen stays
//! as it is, with whatever was typed, a dialog asks for the password again, and requests waiting on it are sent
//! again once signed in.

use futures_channel::oneshot;
use leptos::prelude::*;

use crate::config::remember_portal;
use crate::portal::{Capabilities, Identity, LocalFuture, PortalError, Session};

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
    /// The portal's version, once its license resource has said it.
    pub version: RwSignal<Option<String>>,
    /// Requests waiting for the next sign-in: each hears the new session, or `None` on sign-out.
    waiting: StoredValue<Vec<oneshot::Sender<Option<Session>>>, LocalStorage>,
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

impl SessionStore {
    /// Restores a session kept in this tab, if there is one that has not expired.
    pub fn restored() -> Self {
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
            version: RwSignal::new(None),
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
        self.version.set(None);
        self.renew(session);
    }

    /// A fresh token for the same portal: the screen goes on where it was.
    pub fn renew(&self, session: Session) {
        self.now.set(js_sys::Date::now() as i64);
        self.current.set(Some(session.clone()));
        self.expired.set(None);
        self.persist();
        self.wake_waiting(Some(session));
    }

    pub fn sign_out(&self) {
        self.current.set(None);
        self.expired.set(None);
        self.version.set(None);
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
        let version = self.version.get();
        self.current.with(|s| {
            s.as_ref()
                .map(|s| Capabilities::new(&s.portal.deployment, version.as_deref()))
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

    fn version_reported(&self, version: &str) {
        if self
            .version
            .with_untracked(|v| v.as_deref() != Some(version))
        {
            self.version.set(Some(version.to_owned()));
        }
    }
}

pub fn use_session() -> SessionStore {
    expect_context::<SessionStore>()
}
