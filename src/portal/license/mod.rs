//! The license resources, decoded leniently — a portal may omit any field, send null or a new kind of value:
//! anything missing is `None` or empty, unknown fields are ignored, unknown ids are kept as they are.

use serde::Deserialize;
use serde_json::Value;

use super::error::{classify_typed, PortalError};
use super::json;
use super::lenient::{Flag, List, Number, Object, Text};

/// Seats of one licensed thing: a user type, an app, an app bundle or an add-on extension.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entitlement {
    pub id: String,
    pub item_id: Option<String>,
    /// Members using it; the portal gives this for user types only.
    pub current: Option<u64>,
    pub maximum: Option<u64>,
    pub expiration: Option<i64>,
    /// When licenses that start later (`getFutureLicense`) take effect.
    pub start: Option<i64>,
}

/// An entitlement as the portal sends it; `name` is what the 10.5–10.6.1 membership levels have instead of `id`.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RawEntitlement {
    id: Text,
    name: Text,
    item_id: Text,
    current_registered_members: Number,
    maximum_registered_members: Number,
    expiration: Number,
    start_date: Number,
}

impl RawEntitlement {
    fn decode(self) -> Option<Entitlement> {
        Some(Entitlement {
            id: self.id.0?,
            item_id: self.item_id.0,
            current: self.current_registered_members.count(),
            maximum: self.maximum_registered_members.count(),
            expiration: self.expiration.millis(),
            start: self.start_date.millis(),
        })
    }

    /// A 10.5–10.6.1 membership level: named, with members and an expiration only.
    fn decode_level(self) -> Option<Entitlement> {
        Some(Entitlement {
            id: self.name.0?,
            current: self.current_registered_members.count(),
            maximum: self.maximum_registered_members.count(),
            expiration: self.expiration.millis(),
            ..Entitlement::default()
        })
    }
}

fn entitlements(list: List<RawEntitlement>) -> Vec<Entitlement> {
    list.0
        .into_iter()
        .filter_map(RawEntitlement::decode)
        .collect()
}

/// An ArcGIS Server feature, extension, level, edition or data feature.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerFeature {
    pub name: String,
    pub display_name: Option<String>,
    pub version: Option<String>,
    pub core_count: Option<u64>,
    pub is_valid: Option<bool>,
    pub expiration: Option<i64>,
    pub can_expire: Option<bool>,
    pub ecp_code: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RawServerFeature {
    name: Text,
    feature_name: Text,
    display_name: Text,
    version: Text,
    core_count: Number,
    is_valid: Flag,
    expiration: Number,
    can_expire: Flag,
    ecp_code: Text,
}

impl RawServerFeature {
    fn decode(self) -> Option<ServerFeature> {
        Some(ServerFeature {
            name: self.name.0.or(self.feature_name.0)?,
            display_name: self.display_name.0,
            version: self.version.0,
            core_count: self.core_count.count(),
            is_valid: self.is_valid.0,
            expiration: self.expiration.millis(),
            can_expire: self.can_expire.0,
            ecp_code: self.ecp_code.0,
        })
    }
}

impl ServerFeature {
    /// The display name where the portal gives one, else the code.
    pub fn title(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.name)
    }
}

/// ArcGIS Server licensing: the org license's `capabilities`, and `admin/system/licenses` on Kubernetes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerCapabilities {
    pub features: Vec<ServerFeature>,
    pub extensions: Vec<ServerFeature>,
    pub level: Option<ServerFeature>,
    pub edition: Option<ServerFeature>,
    pub data_feature: Option<ServerFeature>,
}

/// ArcGIS Server's licensing as sent, in the license's `capabilities` or at the top of `admin/system/licenses`
/// (where `capabilities` may wrap it again).
#[derive(Default, Deserialize)]
#[serde(default)]
struct RawCapabilities {
    features: List<RawServerFeature>,
    extensions: List<RawServerFeature>,
    level: Object<RawServerFeature>,
    edition: Object<RawServerFeature>,
    datafeature: Object<RawServerFeature>,
}

impl RawCapabilities {
    fn decode(self) -> ServerCapabilities {
        let list = |features: List<RawServerFeature>| {
            features
                .0
                .into_iter()
                .filter_map(RawServerFeature::decode)
                .collect()
        };
        let one = |feature: Object<RawServerFeature>| feature.0.and_then(RawServerFeature::decode);
        ServerCapabilities {
            features: list(self.features),
            extensions: list(self.extensions),
            level: one(self.level),
            edition: one(self.edition),
            data_feature: one(self.datafeature),
        }
    }
}

impl ServerCapabilities {
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
            && self.extensions.is_empty()
            && self.level.is_none()
            && self.edition.is_none()
            && self.data_feature.is_none()
    }
}

/// The license manager ArcGIS Pro concurrent licenses are served from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LicenseManager {
    /// Primary first, then the backup.
    pub hosts: Vec<String>,
    pub port: Option<u64>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RawLicenseManager {
    hostname: Text,
    port: Number,
}

impl RawLicenseManager {
    fn decode(self) -> LicenseManager {
        let hosts = self
            .hostname
            .0
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_owned)
            .collect();
        LicenseManager {
            hosts,
            port: self.port.count(),
        }
    }
}

impl LicenseManager {
    /// `{"hostname":"","port":0}` and the placeholder `change.me` both mean none is configured.
    pub fn is_configured(&self) -> bool {
        !self.hosts.is_empty()
            && !self
                .hosts
                .iter()
                .all(|h| h.eq_ignore_ascii_case("change.me"))
    }
}

/// The organization's license resource: Kubernetes `admin/orgs/<id>/license` or classic `portaladmin/license`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrgLicense {
    pub version: Option<String>,
    pub current_members: Option<u64>,
    pub max_members: Option<u64>,
    pub user_types: Vec<Entitlement>,
    pub apps: Vec<Entitlement>,
    pub app_bundles: Vec<Entitlement>,
    pub extensions: Vec<Entitlement>,
    pub capabilities: ServerCapabilities,
    pub license_manager: Option<LicenseManager>,
    /// 10.5–10.6.1 `system/licenses`: members per level, in its `features` array.
    pub membership_levels: Vec<Entitlement>,
    /// Kubernetes: what `admin/system/licenses` reports beside `capabilities`. From 11.0 the license is the
    /// authority and that resource is deprecated, so it never replaces `capabilities`: what it adds or says
    /// otherwise is shown beside them.
    pub server_authorizations: Option<ServerCapabilities>,
}

/// The license resource as sent.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RawLicense {
    version: Text,
    current_registered_members: Number,
    maximum_registered_members: Number,
    user_types: List<RawEntitlement>,
    apps: List<RawEntitlement>,
    app_bundles: List<RawEntitlement>,
    extensions: List<RawEntitlement>,
    capabilities: Object<RawCapabilities>,
    /// 10.5–10.6.1: members per level.
    features: List<RawEntitlement>,
    license_manager_info: Object<RawLicenseManager>,
}

impl RawLicense {
    pub fn decode(self) -> OrgLicense {
        OrgLicense {
            version: self.version.0,
            current_members: self.current_registered_members.count(),
            max_members: self.maximum_registered_members.count(),
            user_types: entitlements(self.user_types),
            apps: entitlements(self.apps),
            app_bundles: entitlements(self.app_bundles),
            extensions: entitlements(self.extensions),
            capabilities: self
                .capabilities
                .0
                .map(RawCapabilities::decode)
                .unwrap_or_default(),
            membership_levels: self
                .features
                .0
                .into_iter()
                .filter_map(RawEntitlement::decode_level)
                .collect(),
            license_manager: self.license_manager_info.0.map(RawLicenseManager::decode),
            server_authorizations: None,
        }
    }
}

fn not_an_object(what: &str) -> PortalError {
    PortalError::Unexpected {
        detail: format!("{what} is not a JSON object"),
    }
}

/// Decodes the license resource from an answer's bytes. Only an answer that is not a JSON object is refused.
pub fn read_license(status: u16, body: &[u8]) -> Result<OrgLicense, PortalError> {
    classify_typed::<RawLicense>(status, body)?
        .map(RawLicense::decode)
        .ok_or_else(|| not_an_object("the license resource"))
}

/// Decodes `admin/system/licenses` (Kubernetes): the server authorizations, in ArcGIS Server's shape (`features`,
/// `extensions`, `level`, `edition`, `datafeature` at the top level) or wrapped in `capabilities` as the license
/// resource has them.
pub fn read_server_licenses(status: u16, body: &[u8]) -> Result<ServerCapabilities, PortalError> {
    classify_typed::<RawServerLicenses>(status, body)?
        .map(RawServerLicenses::decode)
        .ok_or_else(|| not_an_object("the server licenses resource"))
}

/// `admin/system/licenses` as sent: ArcGIS Server's shape at the top, or wrapped in `capabilities`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct RawServerLicenses {
    capabilities: Object<RawCapabilities>,
    features: List<RawServerFeature>,
    extensions: List<RawServerFeature>,
    level: Object<RawServerFeature>,
    edition: Object<RawServerFeature>,
    datafeature: Object<RawServerFeature>,
}

impl RawServerLicenses {
    fn decode(self) -> ServerCapabilities {
        let top = RawCapabilities {
            features: self.features,
            extensions: self.extensions,
            level: self.level,
            edition: self.edition,
            datafeature: self.datafeature,
        };
        self.capabilities.0.unwrap_or(top).decode()
    }
}

/// One batch of entitlements waiting for its start date: a `queue` entry of `getEntitlements`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QueuedEntitlements {
    pub start: Option<i64>,
    pub max_users: Option<u64>,
    /// Feature code and count.
    pub features: Vec<(String, Option<u64>)>,
}

/// `getEntitlements`: an empty answer means nothing is queued.
pub fn decode_entitlement_queue(v: &Value) -> Result<Vec<QueuedEntitlements>, PortalError> {
    if !v.is_object() {
        return Err(PortalError::Unexpected {
            detail: "the entitlement queue is not a JSON object".into(),
        });
    }
    Ok(json::items(v, "queue")
        .iter()
        .filter_map(|item| item.get("orgEntitlements"))
        .map(|batch| QueuedEntitlements {
            start: json::millis(batch, "startDate"),
            max_users: json::count(batch, "maxUsers"),
            features: batch
                .get("entitlements")
                .and_then(Value::as_object)
                .map(|features| {
                    features
                        .iter()
                        .map(|(code, f)| (code.clone(), json::count(f, "num")))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}

#[cfg(test)]
mod tests;
