//! Signing in: a referer-bound token from `generateToken`, or OAuth 2.0 with PKCE; then the probes that tell
//! the portal's deployment, unless the user chose it.

use web_sys::File;

use super::endpoints::{Deployment, DeploymentChoice, Portal, PortalUrl};
use super::error::PortalError;
use super::oauth::{authorize_url, base64url, decode_oauth_token, redirect_result};
use super::request::Request;
use super::token::{decode_token, deployment_from_probes, OAuthGrant, Session};
use super::transport::send;

/// The console's own origin: what a `client=referer` token is bound to.
pub fn own_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Where OAuth sends the browser back: this page, without query or fragment.
fn redirect_uri() -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".into());
    format!("{}{path}", own_origin())
}

/// Asks the portal what it is: `admin/orgs` answers on Kubernetes, `portaladmin` on a classic portal.
async fn detect_deployment(
    url: &PortalUrl,
    token: &str,
    choice: DeploymentChoice,
) -> Result<Deployment, PortalError> {
    match choice {
        DeploymentChoice::Classic => return Ok(Deployment::Classic { legacy: false }),
        DeploymentChoice::ClassicLegacy => return Ok(Deployment::Classic { legacy: true }),
        DeploymentChoice::Kubernetes | DeploymentChoice::Detect => {}
    }
    match send(Request::org_ids(url).signed(Some(token))).await {
        Ok(orgs) => {
            if let Some(deployment) = deployment_from_probes(Some(&orgs), None) {
                return Ok(deployment);
            }
        }
        Err(err @ (PortalError::SessionExpired { .. } | PortalError::Forbidden { .. })) => {
            return Err(err)
        }
        Err(err) if choice == DeploymentChoice::Kubernetes => return Err(err),
        Err(_) => {}
    }
    let root = send(Request::portaladmin_root(url).signed(Some(token))).await?;
    deployment_from_probes(None, Some(&root)).ok_or_else(|| PortalError::Unexpected {
        detail: "neither admin/orgs nor portaladmin answered as a portal does".into(),
    })
}

/// Requests to reach the overview: token and `admin/orgs` on Kubernetes (then the license); a classic portal
/// adds `portaladmin`, unless the user chose the deployment.
pub async fn sign_in(
    portal_url: &str,
    username: &str,
    password: &str,
    choice: DeploymentChoice,
) -> Result<Session, PortalError> {
    let url = PortalUrl::parse(portal_url)?;
    let answer = send(
        Request::<File>::generate_token(&url, username, password, &own_origin())?.signed(None),
    )
    .await?;
    let token = decode_token(&answer)?;
    let deployment = detect_deployment(&url, &token.token, choice).await?;
    Ok(Session {
        portal: Portal { url, deployment },
        username: username.trim().to_owned(),
        token: token.token,
        expires: token.expires,
        oauth: None,
    })
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Survives the trip to the portal's sign-in page and back; holds no token, only the PKCE verifier and state.
const PENDING_OAUTH_KEY: &str = "license-console.oauth-pending";

fn random_text(bytes: usize) -> Result<String, PortalError> {
    let mut buffer = vec![0u8; bytes];
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut buffer).is_ok());
    if filled {
        Ok(base64url(&buffer))
    } else {
        Err(PortalError::Network {
            detail: "the browser's random number source is unavailable".into(),
            cross_origin: false,
        })
    }
}

/// Leaves for the portal's OAuth sign-in page.
pub fn start_oauth(
    portal_url: &str,
    client_id: &str,
    choice: DeploymentChoice,
) -> Result<(), PortalError> {
    let url = PortalUrl::parse(portal_url)?;
    let (verifier, state) = (random_text(32)?, random_text(16)?);
    let pending = serde_json::json!({
        "portal": url.as_str(), "clientId": client_id, "verifier": verifier, "state": state,
        "redirectUri": redirect_uri(), "deployment": choice.as_str(),
    });
    let storage = session_storage().ok_or_else(|| PortalError::Unexpected {
        detail: "sessionStorage is unavailable".into(),
    })?;
    storage
        .set_item(PENDING_OAUTH_KEY, &pending.to_string())
        .map_err(|_| PortalError::Unexpected {
            detail: "sessionStorage refused to store the sign-in state".into(),
        })?;
    let target = authorize_url(&url, client_id, &redirect_uri(), &state, &verifier);
    web_sys::window()
        .map(|w| w.location().assign(&target))
        .transpose()
        .map_err(|_| PortalError::Unexpected {
            detail: "could not open the portal's sign-in page".into(),
        })?;
    Ok(())
}

/// Completes an OAuth sign-in when the page was opened by the portal's redirect; `None` when it was not.
pub async fn finish_oauth() -> Option<Result<Session, PortalError>> {
    let window = web_sys::window()?;
    let query = window.location().search().ok()?;
    let result = redirect_result(&query)?;
    // The code must not stay in the address bar or the history.
    let clean = redirect_uri() + &window.location().hash().unwrap_or_default();
    let _ = window
        .history()
        .map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean)));
    let storage = session_storage()?;
    let pending: serde_json::Value =
        serde_json::from_str(&storage.get_item(PENDING_OAUTH_KEY).ok()??).ok()?;
    let _ = storage.remove_item(PENDING_OAUTH_KEY);
    let field = |key: &str| {
        pending
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Some(
        async {
            let (code, state) = result?;
            if state != field("state") {
                return Err(PortalError::Rejected {
                    code: None,
                    message: "The sign-in answer did not match the sign-in this console started."
                        .into(),
                    details: vec!["OAuth state mismatch".into()],
                });
            }
            let url = PortalUrl::parse(&field("portal"))?;
            let client_id = field("clientId");
            let request = Request::<File>::oauth_code(
                &url,
                &client_id,
                &field("redirectUri"),
                &code,
                &field("verifier"),
            );
            let granted = decode_oauth_token(&send(request.signed(None)).await?)?;
            let deployment = detect_deployment(
                &url,
                &granted.access_token,
                DeploymentChoice::from_name(&field("deployment")),
            )
            .await?;
            Ok(Session {
                portal: Portal { url, deployment },
                username: granted.username.unwrap_or_default(),
                token: granted.access_token,
                expires: js_sys::Date::now() as i64 + granted.expires_in_seconds * 1000,
                oauth: granted.refresh_token.map(|refresh_token| OAuthGrant {
                    client_id,
                    refresh_token,
                }),
            })
        }
        .await,
    )
}

/// A new token for an OAuth session, from its refresh token (and the new refresh token, when the portal sends one).
pub async fn refresh(session: &Session) -> Result<Session, PortalError> {
    let grant = session.oauth.as_ref().ok_or(PortalError::SessionExpired {
        code: 498,
        message: "no refresh token".into(),
    })?;
    let request =
        Request::<File>::oauth_refresh(&session.portal.url, &grant.client_id, &grant.refresh_token);
    let granted = decode_oauth_token(&send(request.signed(None)).await?)?;
    let oauth = granted.refresh_token.map(|refresh_token| OAuthGrant {
        client_id: grant.client_id.clone(),
        refresh_token,
    });
    Ok(Session {
        token: granted.access_token,
        expires: js_sys::Date::now() as i64 + granted.expires_in_seconds * 1000,
        oauth: oauth.or_else(|| session.oauth.clone()),
        ..session.clone()
    })
}
