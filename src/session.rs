//! The signed-in session, shared with every screen through context.

use leptos::prelude::*;

use crate::portal::{PortalError, Session};

/// The session plus what the sign-in screen offers next time: the portal URL and username outlive the session;
/// the token never does.
#[derive(Clone, Copy)]
pub struct SessionStore {
    pub current: RwSignal<Option<Session>>,
    pub last_portal: RwSignal<String>,
    pub last_username: RwSignal<String>,
    /// Why the last session ended, shown on the sign-in screen.
    pub ended_because: RwSignal<Option<PortalError>>,
}

impl SessionStore {
    pub fn new() -> Self {
        Self {
            current: RwSignal::new(None),
            last_portal: RwSignal::new(String::new()),
            last_username: RwSignal::new(String::new()),
            ended_because: RwSignal::new(None),
        }
    }

    pub fn sign_in(&self, session: Session) {
        self.last_portal.set(session.portal.url.as_str().to_owned());
        self.last_username.set(session.username.clone());
        self.ended_because.set(None);
        self.current.set(Some(session));
    }

    pub fn sign_out(&self) {
        self.ended_because.set(None);
        self.current.set(None);
    }

    /// Hands a result to the session first: a 498/499 answer ends the session and the sign-in screen takes over.
    pub fn check<T>(&self, result: Result<T, PortalError>) -> Result<T, PortalError> {
        if let Err(err) = &result {
            if err.is_session_expired() {
                self.ended_because.set(Some(err.clone()));
                self.current.set(None);
            }
        }
        result
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
