//! Signing in: a referer-bound token from `generateToken`, then the probes that tell the portal's flavour.

use web_sys::File;

use super::endpoints::{Portal, PortalUrl};
use super::error::PortalError;
use super::request::Request;
use super::token::{decode_token, flavour_from_probes, Session};
use super::transport::send;

/// The console's own origin: what a `client=referer` token is bound to.
pub fn own_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Three requests on Kubernetes (token, `admin/orgs`), four on a classic portal (plus `portaladmin`).
pub async fn sign_in(
    portal_url: &str,
    username: &str,
    password: &str,
) -> Result<Session, PortalError> {
    let url = PortalUrl::parse(portal_url)?;
    let answer = send(
        Request::<File>::generate_token(&url, username, password, &own_origin())?,
        None,
    )
    .await?;
    let token = decode_token(&answer)?;
    let flavour = match send(Request::org_ids(&url, &token.token), None).await {
        Ok(orgs) => flavour_from_probes(Some(&orgs), None),
        Err(err @ (PortalError::SessionExpired { .. } | PortalError::Forbidden { .. })) => {
            return Err(err)
        }
        Err(_) => None,
    };
    let flavour = match flavour {
        Some(flavour) => flavour,
        None => {
            let root = send(Request::portaladmin_root(&url, &token.token), None).await?;
            flavour_from_probes(None, Some(&root)).ok_or_else(|| PortalError::Unexpected {
                detail: "neither admin/orgs nor portaladmin answered as a portal does".into(),
            })?
        }
    };
    Ok(Session {
        portal: Portal { url, flavour },
        username: username.trim().to_owned(),
        token: token.token,
        expires: token.expires,
    })
}
