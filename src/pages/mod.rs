//! One module per screen. Screens call `portal` and render typed results; they never build URLs or read JSON.

mod entitlements;
mod license_file;
mod license_manager;
mod overview;
mod release;
mod server_licenses;
mod sign_in;

pub use entitlements::Entitlements;
pub use license_file::LicenseFile;
pub use license_manager::LicenseManagerPage;
pub use overview::Overview;
pub use release::Release;
pub use server_licenses::ServerLicenses;
pub use sign_in::{ReSignIn, SignIn};

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use crate::portal::{decode_license, send, Aborter, OrgLicense, PortalError, Request, Session};
use crate::session::{use_session, SessionStore};

/// Data a screen fetches from the portal.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(PortalError),
}

/// The current time in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The cancel scope of the current screen: its requests stop when the user leaves it.
pub fn screen_scope() -> StoredValue<Option<Aborter>, LocalStorage> {
    let scope = StoredValue::new_local(Aborter::new());
    on_cleanup(move || {
        scope.with_value(|aborter| {
            if let Some(aborter) = aborter {
                aborter.abort();
            }
        })
    });
    scope
}

/// Runs `fetch` with the session when the screen arrives, whenever `reload` changes, and after a new sign-in
/// (the token is tracked): how every screen keeps its data current.
pub fn fetch_with_session<Fut>(reload: RwSignal<u32>, fetch: impl Fn(Session) -> Fut + 'static)
where
    Fut: std::future::Future<Output = ()> + 'static,
{
    let store = use_session();
    Effect::new(move |_| {
        reload.track();
        if store.token().is_none() {
            return;
        }
        if let Some(session) = store.current.get_untracked() {
            spawn_local(fetch(session));
        }
    });
}

/// The organization's license resource, decoded; a 498/499 answer asks for a new sign-in.
pub async fn fetch_license(
    store: SessionStore,
    session: &Session,
    scope: Option<&Aborter>,
) -> Result<OrgLicense, PortalError> {
    let answer = send(
        Request::<File>::license(&session.portal, &session.token),
        scope,
    )
    .await;
    store.check(answer.and_then(|v| decode_license(&v)))
}
