//! Changes to who holds what, member by member: revoking an app (in the batches the portal takes), releasing
//! offline licenses, and an app's offline policy. A bulk change reports every member, sends nothing once it is
//! stopped, and says how far it has come after every request.

use super::{Client, PortalError};
use crate::portal::member_requests::provision_batches;
use crate::portal::request::{LicensedApp, Request};

/// What became of each member of a bulk change, in the order sent; `Cancelled` for those not sent because it
/// was stopped.
pub type MemberResults = Vec<(String, Result<(), PortalError>)>;

/// The members one request is for, and the request (or why it could not be made).
type ForMembers<F> = (Vec<String>, Result<Request<F>, PortalError>);

/// Hooks of a bulk change: `sent(done, of)` after every request, and whether to stop before the next.
pub struct Run<'a> {
    pub sent: &'a dyn Fn(usize, usize),
    pub stopped: &'a dyn Fn() -> bool,
}

impl Run<'static> {
    /// A run nobody watches or stops.
    pub const UNWATCHED: Run<'static> = Run {
        sent: &|_, _| {},
        stopped: &|| false,
    };
}

impl<F: Clone + 'static> Client<F> {
    /// Sends `requests` in order, each for its members; those after a stop are reported `Cancelled`, unsent.
    async fn in_order(&self, requests: Vec<ForMembers<F>>, run: &Run<'_>) -> MemberResults {
        let of = requests.len();
        let mut results = Vec::new();
        for (done, (members, request)) in requests.into_iter().enumerate() {
            let result = match request {
                _ if (run.stopped)() => Err(PortalError::Cancelled),
                Ok(request) => self.change(Some(request)).await,
                Err(err) => Err(err),
            };
            results.extend(members.into_iter().map(|m| (m, result.clone())));
            (run.sent)(done + 1, of);
        }
        results
    }

    /// Revokes an app (its entitlements set to none) from `members` — each with whether they hold it offline,
    /// `None` where unknown — in batches of at most 25, offline and unknown holders alone.
    pub async fn revoke_app(
        &self,
        item_id: &str,
        members: &[(String, Option<bool>)],
        run: &Run<'_>,
    ) -> MemberResults {
        let requests = provision_batches(members)
            .into_iter()
            .map(|batch| {
                let request = self
                    .portal()
                    .map(|portal| Request::provision(&portal, item_id, &batch, &[]));
                (batch, request)
            })
            .collect();
        self.in_order(requests, run).await
    }

    /// Releases each member's offline license of an app, one request each.
    pub async fn release_licenses(
        &self,
        picks: &[(String, LicensedApp)],
        run: &Run<'_>,
    ) -> MemberResults {
        let requests = picks
            .iter()
            .map(|(username, app)| {
                let request = crate::portal::check_username(username)
                    .map_err(PortalError::from)
                    .and_then(|name| Ok(Request::release_license(&self.portal()?, &name, *app)));
                (vec![username.clone()], request)
            })
            .collect();
        self.in_order(requests, run).await
    }

    /// Whether members may take a listing's app offline.
    pub async fn set_offline_allowed(
        &self,
        item_id: &str,
        allowed: bool,
    ) -> Result<(), PortalError> {
        let request = Request::set_disconnect(&self.portal()?, item_id, allowed);
        self.change(Some(request)).await
    }
}
