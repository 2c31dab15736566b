//! `Client`: the portal as the screens see it — one typed method per operation — and the one call path every
//! request takes. The call path adds `f=json` and the token, sends through the transport (in the browser: `fetch`
//! tied to the screen's cancel scope), decodes the answer, and when the portal says the session is over (498/499)
//! asks for a new sign-in, waits for it, and sends the same request once more with the new token.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use serde_json::Value;

use super::capabilities::Reported;
use super::endpoints::Portal;
use super::error::{classify_response, evidence, PortalError};
use super::input::{self, LicenseManagerInput, Upload, UploadFile};
use super::license::{
    decode_entitlement_queue, read_license, read_server_licenses, OrgLicense, QueuedEntitlements,
    ServerCapabilities,
};
use super::operations::{decode_provision, Provision};
use super::request::{LicensedApp, Request};
use super::token::Session;

/// A future that stays on the browser's one thread.
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// Where requests go: the browser's `fetch` in the console, a recording stand-in in tests. Answers with the HTTP
/// status and body as they came.
pub(super) trait Transport<F> {
    fn send<'a>(
        &'a self,
        request: &'a Request<F>,
    ) -> LocalFuture<'a, Result<(u16, Vec<u8>), PortalError>>;

    /// Stops whatever is under way; it answers `PortalError::Cancelled`.
    fn cancel(&self) {}
}

/// Who the client acts for: the signed-in session, and the way to a new one when the portal ends it.
pub trait Identity {
    /// The session requests are sent with; `None` once signed out.
    fn session(&self) -> Option<Session>;
    /// The portal answered 498/499: ask the administrator to sign in again, keeping the screen as it is.
    fn session_ended(&self, why: PortalError);
    /// Resolves with the session after the next sign-in, or `None` if the administrator signs out instead.
    fn next_session(&self) -> LocalFuture<'static, Option<Session>>;
    /// What the license resource said of the portal (its version, a license manager), for `Capabilities`.
    fn license_reported(&self, reported: Reported);
}

/// The portal, bound to the session: one typed async method per operation.
pub struct Client<F: 'static = web_sys::File> {
    identity: Rc<dyn Identity>,
    transport: Rc<dyn Transport<F>>,
}

impl<F> Clone for Client<F> {
    fn clone(&self) -> Self {
        Self {
            identity: self.identity.clone(),
            transport: self.transport.clone(),
        }
    }
}

/// The license resource with what is shown beside it on the overview.
#[derive(Clone, Debug, PartialEq)]
pub struct LicenseReport {
    pub license: OrgLicense,
    /// The license resource exactly as the portal sent it, for the JSON export.
    pub raw: String,
    /// Classic 10.7.1+: licenses that start later.
    pub future: Option<OrgLicense>,
}

/// What 12.1's `validateURL` says of the license file and this portal's URL.
#[derive(Clone, Debug, PartialEq)]
pub enum UrlCheck {
    Matches,
    /// The portal's words for the mismatch.
    Mismatch(String),
    /// Before 12.1 there is no such check.
    NotOffered,
}

/// What `updateLicenseManager` answered.
#[derive(Clone, Debug, PartialEq)]
pub struct LicenseManagerUpdated {
    /// When the portal checks the license manager again.
    pub recheck_after_seconds: Option<u64>,
}

/// Only the documented success answer is success: `{"status":"success"}` (admin operations) or
/// `{"success":true}` (sharing operations). Anything else is an answer this operation does not give.
pub(super) fn confirmed(v: &Value) -> Result<(), PortalError> {
    let success = v.get("status").and_then(Value::as_str) == Some("success")
        || v.get("success").and_then(Value::as_bool) == Some(true);
    if success {
        return Ok(());
    }
    Err(PortalError::Unexpected {
        detail: format!(
            "the portal answered {} instead of a success",
            evidence(&v.to_string())
        ),
    })
}

/// A file download: bytes that are neither a portal error, JSON, nor a web page.
fn file(status: u16, body: &[u8]) -> Result<Vec<u8>, PortalError> {
    match classify_response(status, body) {
        Ok(_) => Err(PortalError::Unexpected {
            detail: "JSON arrived where the license file was expected".into(),
        }),
        Err(PortalError::NotJson { .. }) if body.trim_ascii_start().first() != Some(&b'<') => {
            Ok(body.to_vec())
        }
        Err(err) => Err(err),
    }
}

impl<F: Clone + 'static> Client<F> {
    pub(super) fn new(identity: Rc<dyn Identity>, transport: Rc<dyn Transport<F>>) -> Self {
        Self {
            identity,
            transport,
        }
    }

    /// Stops every request this client has under way, e.g. when its screen goes away.
    pub fn cancel(&self) {
        self.transport.cancel();
    }

    /// The portal of the current session; signed out means there is nothing to send, silently.
    fn portal(&self) -> Result<Portal, PortalError> {
        self.identity
            .session()
            .map(|s| s.portal)
            .ok_or(PortalError::Cancelled)
    }

    /// The signed-in administrator's username.
    fn username(&self) -> Result<String, PortalError> {
        self.identity
            .session()
            .map(|s| s.username)
            .ok_or(PortalError::Cancelled)
    }

    /// The one call path. A 498/499 answer opens the sign-in-again dialog; the same request is sent once more
    /// with the new token, and a second 498/499 is returned, not retried.
    async fn call<T>(
        &self,
        request: Request<F>,
        decode: impl Fn(u16, &[u8]) -> Result<T, PortalError>,
    ) -> Result<T, PortalError> {
        let mut retried = false;
        loop {
            let session = self.identity.session().ok_or(PortalError::Cancelled)?;
            let signed = request.clone().signed(Some(&session.token));
            let result = self
                .transport
                .send(&signed)
                .await
                .and_then(|(status, body)| decode(status, &body));
            let err = match result {
                Err(err) if err.is_session_expired() && !retried => err,
                Err(err) if err.is_session_expired() => {
                    self.identity.session_ended(err.clone());
                    return Err(err);
                }
                other => return other,
            };
            retried = true;
            // Another request may have signed in again while this one was on its way.
            let renewed = self.identity.session().filter(|s| s.token != session.token);
            if renewed.is_none() {
                self.identity.session_ended(err);
                if self.identity.next_session().await.is_none() {
                    return Err(PortalError::Cancelled);
                }
            }
        }
    }

    async fn call_json<T>(
        &self,
        request: Request<F>,
        decode: impl Fn(&Value) -> Result<T, PortalError>,
    ) -> Result<T, PortalError> {
        self.call(request, |status, body| {
            decode(&classify_response(status, body)?)
        })
        .await
    }

    /// An operation that changes the portal: success only on its documented answer.
    async fn change(&self, request: Option<Request<F>>) -> Result<(), PortalError> {
        self.call_json(request.ok_or_else(not_offered)?, confirmed)
            .await
    }

    /// The organization's license resource.
    pub async fn license(&self) -> Result<OrgLicense, PortalError> {
        let license = self
            .call(Request::license(&self.portal()?), read_license)
            .await?;
        self.report(&license);
        Ok(license)
    }

    fn report(&self, license: &OrgLicense) {
        self.identity.license_reported(Reported::of(license));
    }

    /// The license, with (Kubernetes) the server authorizations beside its `capabilities` or (classic 10.7.1+) the
    /// licenses that start later, fetched together.
    pub async fn overview(&self) -> Result<LicenseReport, PortalError> {
        let portal = self.portal()?;
        let server = Request::server_licenses(&portal).map(|r| self.call(r, read_server_licenses));
        let future = Request::future_license(&portal).map(|r| self.call(r, read_license));
        let (license, server, future) = futures_util::future::join3(
            self.call(Request::license(&portal), |status, body| {
                Ok((
                    read_license(status, body)?,
                    String::from_utf8_lossy(body).into_owned(),
                ))
            }),
            optional(server),
            optional(future),
        )
        .await;
        let (mut license, raw) = license?;
        self.report(&license);
        // The deprecated resource failing takes nothing away: the license's own capabilities are the authority.
        license.server_authorizations = server.and_then(Result::ok);
        // getFutureLicense exists from 10.7.1; on 10.7 its absence is no error worth showing.
        let future = future.and_then(Result::ok);
        Ok(LicenseReport {
            license,
            raw,
            future,
        })
    }

    /// ArcGIS Server authorizations (Kubernetes `admin/system/licenses`).
    pub async fn server_licenses(&self) -> Result<ServerCapabilities, PortalError> {
        let request = Request::server_licenses(&self.portal()?).ok_or_else(not_offered)?;
        self.call(request, read_server_licenses).await
    }

    /// Checks in a license a member checked out for offline use.
    pub async fn release_license(
        &self,
        username: &str,
        app: LicensedApp,
    ) -> Result<(), PortalError> {
        let username = input::check_username(username)?;
        let request = Request::release_license(&self.portal()?, &username, app);
        self.change(Some(request)).await
    }

    /// Imports ArcGIS Server authorization files one after another, adding to the current ones or (with
    /// `overwrite`) replacing them all with the first and adding the rest. Every file is checked before any is
    /// sent; the imports stop at the first that fails. Answers each file's name and result.
    pub async fn import_server_licenses(
        &self,
        files: Vec<F>,
        overwrite: bool,
    ) -> Result<Vec<(String, Result<(), PortalError>)>, PortalError>
    where
        F: UploadFile,
    {
        Upload::ServerLicense.check_all(&files)?;
        let portal = self.portal()?;
        let mut results = Vec::new();
        for (i, file) in files.into_iter().enumerate() {
            let name = file.file_name();
            let request = Request::import_server_licenses(&portal, file, overwrite && i == 0);
            let result = self.change(request).await;
            let failed = result.is_err();
            results.push((name, result));
            if failed {
                break;
            }
        }
        Ok(results)
    }

    /// What the organization's license file would provision, changing nothing.
    pub async fn validate_license(&self, file: Option<F>) -> Result<Provision, PortalError>
    where
        F: UploadFile,
    {
        let file = Upload::OrgLicense.checked(file)?;
        let request = Request::validate_license(&self.portal()?, file).ok_or_else(not_offered)?;
        self.call_json(request, decode_provision).await
    }

    /// Replaces the organization's user-type and add-on licenses with the file's.
    pub async fn import_license(&self, file: Option<F>) -> Result<(), PortalError>
    where
        F: UploadFile,
    {
        let file = Upload::OrgLicense.checked(file)?;
        self.change(Request::import_license(&self.portal()?, file))
            .await
    }

    /// 12.1+: whether the license file was issued for this portal's URL. A portal without the operation (404)
    /// answers `NotOffered`, not an error.
    pub async fn validate_url(&self) -> Result<UrlCheck, PortalError> {
        let Some(request) = Request::validate_url(&self.portal()?) else {
            return Ok(UrlCheck::NotOffered);
        };
        match self.change(Some(request)).await {
            Ok(()) => Ok(UrlCheck::Matches),
            Err(
                PortalError::Rejected {
                    code: Some(404), ..
                }
                | PortalError::Http { status: 404, .. },
            ) => Ok(UrlCheck::NotOffered),
            Err(err @ PortalError::Rejected { .. }) => Ok(UrlCheck::Mismatch(err.detail())),
            Err(err) => Err(err),
        }
    }

    /// Classic 10.7+: makes the portal read its license file again.
    pub async fn populate_license(&self) -> Result<(), PortalError> {
        self.change(Request::populate_license(&self.portal()?))
            .await
    }

    /// Kubernetes 11.0+: the file `geodatabaseLicense.ecp`.
    pub async fn geodatabase_license(&self) -> Result<Vec<u8>, PortalError> {
        let request =
            Request::export_geodatabase_license(&self.portal()?).ok_or_else(not_offered)?;
        self.call(request, file).await
    }

    /// Points the portal at another license manager.
    pub async fn update_license_manager(
        &self,
        manager: &LicenseManagerInput,
    ) -> Result<LicenseManagerUpdated, PortalError> {
        let info = manager.to_info()?;
        let request =
            Request::update_license_manager(&self.portal()?, &info).ok_or_else(not_offered)?;
        self.call_json(request, |v| {
            confirmed(v)?;
            Ok(LicenseManagerUpdated {
                recheck_after_seconds: v.get("recheckAfterSeconds").and_then(Value::as_u64),
            })
        })
        .await
    }

    /// 10.6.1 and earlier: the entitlements queued for an app.
    pub async fn entitlement_queue(
        &self,
        app_id: &str,
    ) -> Result<Vec<QueuedEntitlements>, PortalError> {
        let request = Request::entitlements(&self.portal()?, app_id).ok_or_else(not_offered)?;
        self.call_json(request, decode_entitlement_queue).await
    }

    /// 10.6.1 and earlier: imports an entitlements file for an app.
    pub async fn import_entitlements(
        &self,
        file: Option<F>,
        app_id: &str,
    ) -> Result<(), PortalError>
    where
        F: UploadFile,
    {
        let file = Upload::Entitlements.checked(file)?;
        self.change(Request::import_entitlements(&self.portal()?, file, app_id))
            .await
    }

    /// 10.6.1 and earlier: removes every entitlement of an app.
    pub async fn remove_all_entitlements(&self, app_id: &str) -> Result<(), PortalError> {
        self.change(Request::remove_all_entitlements(&self.portal()?, app_id))
            .await
    }
}

async fn optional<T>(call: Option<impl Future<Output = T>>) -> Option<T> {
    match call {
        Some(call) => Some(call.await),
        None => None,
    }
}

/// A screen asked for an operation this deployment does not have; `Capabilities` keeps screens from offering it.
fn not_offered() -> PortalError {
    PortalError::Unexpected {
        detail: "this portal's deployment does not have this operation".into(),
    }
}

mod changes;
mod items;
pub use items::ItemData;
mod past_window;
mod reading;
mod seat_changes;
#[cfg(test)]
mod tests;
mod user_types;

pub use changes::{MemberResults, Run};
pub use reading::{Scope, Watch};
pub use seat_changes::{requests_needed, USER_TYPE_BATCH};
