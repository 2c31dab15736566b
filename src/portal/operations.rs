//! The license operations beyond sign-in and reading: the organization license file, the license manager, the geodatabase license and legacy entitlements. Requests and decoders only.

use serde_json::Value;

use super::endpoints::Portal;
use super::error::PortalError;
use super::json;
use super::request::{Field, Request};
use super::Deployment;

/// What a license file would provision, per user type, app, bundle and extension.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Provision {
    pub items: Vec<Provisioned>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Provisioned {
    /// `userTypes`, `apps`, `appBundles` or `extensions`.
    pub kind: &'static str,
    pub id: String,
    pub max_users: Option<u64>,
    pub start: Option<i64>,
}

pub const PROVISION_KINDS: [&str; 4] = ["userTypes", "apps", "appBundles", "extensions"];

pub(super) fn decode_provision(v: &Value) -> Result<Provision, PortalError> {
    let provision = v
        .get("MyEsri")
        .and_then(|m| m.get("provision"))
        .ok_or_else(|| PortalError::Unexpected {
            detail: "validateLicense answered without MyEsri.provision".into(),
        })?;
    let items = PROVISION_KINDS
        .iter()
        .flat_map(|kind| {
            json::items(provision, kind).iter().filter_map(move |item| {
                Some(Provisioned {
                    kind,
                    id: json::text(item, "id")?,
                    max_users: json::count(item, "maxUsers"),
                    start: json::millis(item, "startDate"),
                })
            })
        })
        .collect();
    Ok(Provision { items })
}

impl<F> Request<F> {
    /// 10.7+ and Kubernetes: what a license file would provision, changing nothing.
    pub(super) fn validate_license(portal: &Portal, file: F) -> Option<Self> {
        let url = format!("{}/validateLicense", user_type_license(portal)?);
        let fields = vec![
            ("file", Field::File(file)),
            ("listAdministratorUserTypes", Field::Text("false".into())),
        ];
        Some(Self::new(url, fields))
    }

    /// Replaces the organization's user-type and add-on licenses with the file's.
    pub(super) fn import_license(portal: &Portal, file: F) -> Option<Self> {
        let url = format!("{}/importLicense", user_type_license(portal)?);
        Some(Self::new(url, vec![("file", Field::File(file))]))
    }

    /// 12.1+: whether the license file was issued for this portal's URL.
    pub(super) fn validate_url(portal: &Portal) -> Option<Self> {
        let url = format!("{}/validateURL", user_type_license(portal)?);
        Some(Self::new(url, vec![]))
    }

    /// Classic 10.7+: re-reads the license from the portal's license file.
    pub(super) fn populate_license(portal: &Portal) -> Option<Self> {
        (portal.deployment == Deployment::Classic { legacy: false })
            .then(|| Self::new(format!("{}/populateLicense", portal.license_url()), vec![]))
    }

    pub(super) fn update_license_manager(portal: &Portal, info_json: &str) -> Option<Self> {
        let url = format!("{}/updateLicenseManager", user_type_license(portal)?);
        Some(Self::new(
            url,
            vec![("licenseManagerInfo", Field::Text(info_json.into()))],
        ))
    }

    /// Kubernetes 11.0+: answers with the file `geodatabaseLicense.ecp`, not JSON.
    pub(super) fn export_geodatabase_license(portal: &Portal) -> Option<Self> {
        matches!(portal.deployment, Deployment::Kubernetes { .. }).then(|| {
            Self::new(
                format!("{}/exportGeodatabaseLicense", portal.license_url()),
                vec![],
            )
        })
    }

    /// Legacy: imports an entitlements file for an app.
    pub(super) fn import_entitlements(portal: &Portal, file: F, app_id: &str) -> Option<Self> {
        let url = portal
            .entitlements_url()?
            .replace("/getEntitlements", "/importEntitlements");
        let fields = vec![
            ("file", Field::File(file)),
            ("appId", Field::Text(app_id.into())),
        ];
        Some(Self::new(url, fields))
    }

    /// Legacy: removes every entitlement of an app.
    pub(super) fn remove_all_entitlements(portal: &Portal, app_id: &str) -> Option<Self> {
        let url = portal
            .entitlements_url()?
            .replace("/getEntitlements", "/removeAllEntitlements");
        Some(Self::new(url, vec![("appId", Field::Text(app_id.into()))]))
    }
}

/// The user-type license resource, which 10.6.1 and earlier do not have.
fn user_type_license(portal: &Portal) -> Option<String> {
    (portal.deployment != Deployment::Classic { legacy: true }).then(|| portal.license_url())
}

#[cfg(test)]
mod tests {
    use super::super::PortalUrl;
    use super::*;
    use serde_json::json;

    fn portal(deployment: Deployment) -> Portal {
        Portal {
            url: PortalUrl::parse("https://gis.example.com/arcgis").unwrap(),
            deployment,
        }
    }

    fn k8s() -> Portal {
        portal(Deployment::Kubernetes {
            org_id: "0123456789ABCDEF".into(),
        })
    }

    #[test]
    fn validation_answer_decodes() {
        let answer = json!({"MyEsri": {"definitions": {}, "provision": {
            "userTypes": [{"id": "creatorUT", "maxUsers": 300, "startDate": 1767225600000i64}],
            "apps": [{"id": "arcgisprodesktop", "maxUsers": 340}], "appBundles": [], "extensions": [{"id": null}]}}});
        let provision = decode_provision(&answer).unwrap();
        assert_eq!(provision.items.len(), 2);
        assert_eq!(
            provision.items[0],
            Provisioned {
                kind: "userTypes",
                id: "creatorUT".into(),
                max_users: Some(300),
                start: Some(1_767_225_600_000)
            }
        );
        assert!(decode_provision(&json!({"userTypes": []})).is_err());
    }

    #[test]
    fn operations_exist_only_where_the_deployment_has_them() {
        let classic = portal(Deployment::Classic { legacy: false });
        let legacy = portal(Deployment::Classic { legacy: true });
        let validate = Request::validate_license(&k8s(), "lic.json")
            .unwrap()
            .signed(Some("t"));
        assert_eq!(
            validate.url,
            "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license/validateLicense"
        );
        assert!(validate.is_multipart());
        assert_eq!(validate.fields[0], ("file", Field::File("lic.json")));
        assert_eq!(validate.text_field("token"), Some("t"));
        assert_eq!(
            Request::import_license(&classic, "l").unwrap().url,
            "https://gis.example.com/arcgis/portaladmin/license/importLicense"
        );
        assert!(Request::import_license(&legacy, "l").is_none());
        assert!(Request::<()>::populate_license(&classic).is_some());
        assert!(Request::<()>::populate_license(&k8s()).is_none());
        assert!(Request::<()>::export_geodatabase_license(&classic).is_none());
        assert_eq!(
            Request::<()>::export_geodatabase_license(&k8s()).unwrap().url,
            "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license/exportGeodatabaseLicense"
        );
        let info = Request::<()>::update_license_manager(&classic, r#"{"hostname":"lm","port":1}"#)
            .unwrap()
            .signed(Some("t"));
        assert_eq!(
            info.form_body().unwrap(),
            "licenseManagerInfo=%7B%22hostname%22%3A%22lm%22%2C%22port%22%3A1%7D&f=json&token=t"
        );
        let import = Request::import_entitlements(&legacy, "e.json", "arcgisprodesktop").unwrap();
        assert_eq!(
            import.url,
            "https://gis.example.com/arcgis/portaladmin/system/licenses/importEntitlements"
        );
        assert!(Request::<()>::remove_all_entitlements(&classic, "x").is_none());
    }
}
