//! Sign-in answers: the token from `generateToken`, and the probes that tell which deployment the portal is.

use serde_json::Value;

use super::endpoints::{Deployment, Portal, PortalUrl};
use super::error::PortalError;
use super::json;

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub token: String,
    /// Milliseconds since the Unix epoch.
    pub expires: i64,
}

/// A signed-in administrator: which portal, who, and the token with its expiry.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub portal: Portal,
    pub username: String,
    pub token: String,
    /// Milliseconds since the Unix epoch.
    pub expires: i64,
    /// Present when signed in with OAuth: what renews the token without a password.
    pub oauth: Option<OAuthGrant>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OAuthGrant {
    pub client_id: String,
    pub refresh_token: String,
}

impl Session {
    /// The session as JSON text: for the tab's sessionStorage when the user asks to stay signed in there, and
    /// from the sign-in page to the screens.
    pub fn to_storage(&self) -> String {
        let (kind, org_id, legacy) = match &self.portal.deployment {
            Deployment::Kubernetes { org_id } => ("kubernetes", org_id.as_str(), false),
            Deployment::Classic { legacy } => ("classic", "", *legacy),
        };
        serde_json::json!({
            "portal": self.portal.url.as_str(),
            "deployment": kind,
            "orgId": org_id,
            "legacy": legacy,
            "username": self.username,
            "token": self.token,
            "expires": self.expires,
            "oauthClientId": self.oauth.as_ref().map(|o| &o.client_id),
            "refreshToken": self.oauth.as_ref().map(|o| &o.refresh_token),
        })
        .to_string()
    }

    /// A stored session, if it is whole and not yet expired at `now_ms`.
    pub fn from_storage(text: &str, now_ms: i64) -> Option<Self> {
        let v: Value = serde_json::from_str(text).ok()?;
        let deployment = match json::text(&v, "deployment")?.as_str() {
            "kubernetes" => Deployment::Kubernetes {
                org_id: json::text(&v, "orgId")?,
            },
            "classic" => Deployment::Classic {
                legacy: json::flag(&v, "legacy").unwrap_or(false),
            },
            _ => return None,
        };
        let expires = json::millis(&v, "expires").filter(|e| *e > now_ms)?;
        let oauth = match (
            json::text(&v, "oauthClientId"),
            json::text(&v, "refreshToken"),
        ) {
            (Some(client_id), Some(refresh_token)) => Some(OAuthGrant {
                client_id,
                refresh_token,
            }),
            _ => None,
        };
        Some(Self {
            portal: Portal {
                url: PortalUrl::parse(&json::text(&v, "portal")?).ok()?,
                deployment,
            },
            username: json::text(&v, "username")?,
            token: json::text(&v, "token")?,
            expires,
            oauth,
        })
    }
}

pub(super) fn decode_token(v: &Value) -> Result<Token, PortalError> {
    let unexpected = |what: &str| PortalError::Unexpected {
        detail: format!("generateToken answered without {what}"),
    };
    Ok(Token {
        token: json::text(v, "token").ok_or_else(|| unexpected("a token"))?,
        expires: json::millis(v, "expires").ok_or_else(|| unexpected("an expiry time"))?,
    })
}

/// The deployment, from the two probes' JSON: Kubernetes answers `admin/orgs` with its one
/// organization; a classic portal answers `portaladmin` with its version and licensing flags.
pub(super) fn deployment_from_probes(
    orgs: Option<&Value>,
    portaladmin: Option<&Value>,
) -> Option<Deployment> {
    if let Some(org_id) = orgs.and_then(|v| json::strings(v, "organizations").into_iter().next()) {
        return Some(Deployment::Kubernetes { org_id });
    }
    let root = portaladmin?;
    let version = json::text(root, "version").or_else(|| json::text(root, "currentVersion"));
    let user_type_licensing = json::flag(root, "isUserTypeLicensing");
    if version.is_none() && user_type_licensing.is_none() {
        return None;
    }
    let legacy = match version.as_deref().map(version_parts) {
        Some(parts) if !parts.is_empty() => parts < vec![10, 7],
        _ => user_type_licensing == Some(false),
    };
    Some(Deployment::Classic { legacy })
}

/// `[10, 7, 1]` for "10.7.1": compared part by part, so 10.10 comes after 10.9.
pub(super) fn version_parts(version: &str) -> Vec<u32> {
    version
        .split('.')
        .map_while(|part| part.trim().parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn token_answer() {
        let token =
            decode_token(&json!({"token": "abc", "expires": 1790000000000i64, "ssl": false}))
                .unwrap();
        assert_eq!(
            token,
            Token {
                token: "abc".into(),
                expires: 1_790_000_000_000
            }
        );
        assert!(matches!(
            decode_token(&json!({"expires": 1})),
            Err(PortalError::Unexpected { .. })
        ));
    }

    #[test]
    fn sessions_round_trip_through_storage_until_they_expire() {
        let session = Session {
            portal: Portal {
                url: PortalUrl::parse("https://gis.example.com/arcgis").unwrap(),
                deployment: Deployment::Kubernetes {
                    org_id: "0123456789ABCDEF".into(),
                },
            },
            username: "admin".into(),
            token: "tok".into(),
            expires: 2_000,
            oauth: Some(OAuthGrant {
                client_id: "app".into(),
                refresh_token: "r".into(),
            }),
        };
        let stored = session.to_storage();
        assert_eq!(Session::from_storage(&stored, 1_000), Some(session.clone()));
        assert_eq!(
            Session::from_storage(&stored, 2_000),
            None,
            "expired sessions are not restored"
        );
        assert_eq!(Session::from_storage("{}", 0), None);
        assert_eq!(Session::from_storage("garbage", 0), None);
        let classic = Session {
            portal: Portal {
                deployment: Deployment::Classic { legacy: true },
                ..session.portal
            },
            oauth: None,
            ..session
        };
        assert_eq!(
            Session::from_storage(&classic.to_storage(), 0),
            Some(classic)
        );
    }

    #[test]
    fn versions_compare_part_by_part() {
        assert_eq!(version_parts("12.0.1"), [12, 0, 1]);
        assert!(version_parts("10.10") > version_parts("10.9"));
        assert!(version_parts("11.4") < vec![11, 5]);
        assert!(version_parts("soon").is_empty());
        assert_eq!(version_parts("11.3 beta"), [11]);
    }

    #[test]
    fn kubernetes_from_orgs() {
        let orgs = json!({"organizations": ["0123456789ABCDEF"]});
        assert_eq!(
            deployment_from_probes(Some(&orgs), None),
            Some(Deployment::Kubernetes {
                org_id: "0123456789ABCDEF".into()
            })
        );
    }

    #[test]
    fn classic_and_legacy_from_portaladmin() {
        let modern = json!({"version": "11.1.0", "isUserTypeLicensing": true, "isLicenseFileRequired": true});
        assert_eq!(
            deployment_from_probes(None, Some(&modern)),
            Some(Deployment::Classic { legacy: false })
        );
        let old = json!({"version": "10.6.1", "isUserTypeLicensing": false});
        assert_eq!(
            deployment_from_probes(Some(&json!({})), Some(&old)),
            Some(Deployment::Classic { legacy: true })
        );
        let ten_seven = json!({"currentVersion": "10.7"});
        assert_eq!(
            deployment_from_probes(None, Some(&ten_seven)),
            Some(Deployment::Classic { legacy: false })
        );
        let flags_only = json!({"isUserTypeLicensing": false});
        assert_eq!(
            deployment_from_probes(None, Some(&flags_only)),
            Some(Deployment::Classic { legacy: true })
        );
        assert_eq!(
            deployment_from_probes(None, Some(&json!({"hello": 1}))),
            None
        );
        assert_eq!(deployment_from_probes(None, None), None);
    }
}
