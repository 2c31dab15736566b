//! The license operations beyond sign-in and reading: who holds offline licenses, the organization license
//! file, the license manager, the geodatabase license and legacy entitlements. Requests and decoders only.

use serde_json::Value;

use super::endpoints::Portal;
use super::error::PortalError;
use super::json;
use super::request::{Field, Request};
use super::Flavour;

/// Authorization and license files are a few kilobytes; the demo portal and real ones refuse far larger.
pub const MAX_UPLOAD_BYTES: f64 = 1024.0 * 1024.0;

/// Checks a picked file before anything is sent: its extension, that it has content, and a sane size.
pub fn check_upload(name: &str, size: f64, extensions: &[&str]) -> Result<(), String> {
    let lower = name.to_ascii_lowercase();
    if !extensions.iter().any(|ext| lower.ends_with(ext)) {
        return Err(format!(
            "“{name}” is not the right kind of file: choose a {} file.",
            extensions.join(" or ")
        ));
    }
    if size <= 0.0 {
        return Err(format!("“{name}” is empty."));
    }
    if size > MAX_UPLOAD_BYTES {
        return Err(format!(
            "“{name}” is larger than 1 MB; license files are a few kilobytes."
        ));
    }
    Ok(())
}

/// A licensed app's listing, as `portals/self/purchases` names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    pub item_id: String,
    pub title: String,
}

pub fn decode_purchases(v: &Value) -> Vec<Listing> {
    json::items(v, "purchases")
        .iter()
        .filter_map(|p| {
            let listing = p.get("listing")?;
            Some(Listing {
                item_id: json::text(listing, "itemId")?,
                title: json::text(listing, "title")?,
            })
        })
        .collect()
}

/// A member entitled to an app, and whether the license is checked out for offline use.
#[derive(Clone, Debug, PartialEq)]
pub struct EntitledUser {
    pub username: String,
    /// Milliseconds since the epoch; `None` for never (-1).
    pub last_login: Option<i64>,
    pub disconnected: bool,
}

/// One page of `userEntitlements`, and where the next starts (`None` on the last page).
pub fn decode_user_entitlements(
    v: &Value,
) -> Result<(Vec<EntitledUser>, Option<u64>), PortalError> {
    if v.get("userEntitlements").is_none() {
        return Err(PortalError::Unexpected {
            detail: "userEntitlements missing from the answer".into(),
        });
    }
    let users = json::items(v, "userEntitlements")
        .iter()
        .filter_map(|u| {
            Some(EntitledUser {
                username: json::text(u, "username")?,
                last_login: json::millis(u, "lastLogin").filter(|ms| *ms > 0),
                disconnected: json::flag(u, "disconnected").unwrap_or(false),
            })
        })
        .collect();
    let next = json::millis(v, "nextStart")
        .filter(|n| *n > 0)
        .map(|n| n as u64);
    Ok((users, next))
}

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

pub fn decode_provision(v: &Value) -> Result<Provision, PortalError> {
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

/// Checks the license manager's host names and port before sending; answers the `licenseManagerInfo` JSON text.
pub fn license_manager_info(primary: &str, backup: &str, port: &str) -> Result<String, String> {
    let valid_host = |host: &str| {
        !host.is_empty()
            && host.len() <= 253
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    let (primary, backup) = (primary.trim(), backup.trim());
    if !valid_host(primary) {
        return Err("Enter the license manager's host name, e.g. lm1.example.com.".into());
    }
    if !backup.is_empty() && !valid_host(backup) {
        return Err("The backup host name is not valid; leave it empty if there is none.".into());
    }
    if backup.eq_ignore_ascii_case(primary) {
        return Err("The backup must be another machine than the primary.".into());
    }
    let port: u16 = port
        .trim()
        .parse()
        .ok()
        .filter(|p| *p > 0)
        .ok_or("The port is a number from 1 to 65535 (usually 27000).")?;
    let hostname = if backup.is_empty() {
        primary.to_owned()
    } else {
        format!("{primary},{backup}")
    };
    Ok(serde_json::json!({ "hostname": hostname, "port": port }).to_string())
}

impl<F> Request<F> {
    fn with_token(url: String, token: &str, mut fields: Vec<(&'static str, Field<F>)>) -> Self {
        fields.push(("f", Field::Text("json".into())));
        fields.push(("token", Field::Text(token.into())));
        Self { url, fields }
    }

    pub fn purchases(portal: &Portal, token: &str) -> Self {
        Self::with_token(portal.url.sharing("portals/self/purchases"), token, vec![])
    }

    /// One page of the members entitled to a listing; `start` is 1-based.
    pub fn user_entitlements(portal: &Portal, token: &str, item_id: &str, start: u64) -> Self {
        let fields = vec![
            ("start", Field::Text(start.to_string())),
            ("num", Field::Text("100".into())),
        ];
        Self::with_token(
            portal
                .url
                .sharing(&format!("content/listings/{item_id}/userEntitlements")),
            token,
            fields,
        )
    }

    /// 10.7+ and Kubernetes: what a license file would provision, changing nothing.
    pub fn validate_license(portal: &Portal, token: &str, file: F) -> Option<Self> {
        let url = format!("{}/validateLicense", user_type_license(portal)?);
        let fields = vec![
            ("file", Field::File(file)),
            ("listAdministratorUserTypes", Field::Text("false".into())),
        ];
        Some(Self::with_token(url, token, fields))
    }

    /// Replaces the organization's user-type and add-on licenses with the file's.
    pub fn import_license(portal: &Portal, token: &str, file: F) -> Option<Self> {
        let url = format!("{}/importLicense", user_type_license(portal)?);
        Some(Self::with_token(
            url,
            token,
            vec![("file", Field::File(file))],
        ))
    }

    /// Classic 10.7+: re-reads the license from the portal's license file.
    pub fn populate_license(portal: &Portal, token: &str) -> Option<Self> {
        (portal.flavour == Flavour::Classic { legacy: false }).then(|| {
            Self::with_token(
                format!("{}/populateLicense", portal.license_url()),
                token,
                vec![],
            )
        })
    }

    pub fn update_license_manager(portal: &Portal, token: &str, info_json: &str) -> Option<Self> {
        let url = format!("{}/updateLicenseManager", user_type_license(portal)?);
        Some(Self::with_token(
            url,
            token,
            vec![("licenseManagerInfo", Field::Text(info_json.into()))],
        ))
    }

    /// Kubernetes 11.0+: answers with the file `geodatabaseLicense.ecp`, not JSON.
    pub fn export_geodatabase_license(portal: &Portal, token: &str) -> Option<Self> {
        matches!(portal.flavour, Flavour::Kubernetes { .. }).then(|| {
            Self::with_token(
                format!("{}/exportGeodatabaseLicense", portal.license_url()),
                token,
                vec![],
            )
        })
    }

    /// Legacy: imports an entitlements file for an app.
    pub fn import_entitlements(
        portal: &Portal,
        token: &str,
        file: F,
        app_id: &str,
    ) -> Option<Self> {
        let url = portal
            .entitlements_url()?
            .replace("/getEntitlements", "/importEntitlements");
        let fields = vec![
            ("file", Field::File(file)),
            ("appId", Field::Text(app_id.into())),
        ];
        Some(Self::with_token(url, token, fields))
    }

    /// Legacy: removes every entitlement of an app.
    pub fn remove_all_entitlements(portal: &Portal, token: &str, app_id: &str) -> Option<Self> {
        let url = portal
            .entitlements_url()?
            .replace("/getEntitlements", "/removeAllEntitlements");
        Some(Self::with_token(
            url,
            token,
            vec![("appId", Field::Text(app_id.into()))],
        ))
    }
}

/// The user-type license resource, which 10.6.1 and earlier do not have.
fn user_type_license(portal: &Portal) -> Option<String> {
    (portal.flavour != Flavour::Classic { legacy: true }).then(|| portal.license_url())
}

#[cfg(test)]
mod tests {
    use super::super::PortalUrl;
    use super::*;
    use serde_json::json;

    fn portal(flavour: Flavour) -> Portal {
        Portal {
            url: PortalUrl::parse("https://gis.example.com/arcgis").unwrap(),
            flavour,
        }
    }

    fn k8s() -> Portal {
        portal(Flavour::Kubernetes {
            org_id: "0123456789ABCDEF".into(),
        })
    }

    #[test]
    fn uploads_are_checked_before_sending() {
        assert!(check_upload("Server_Image.EPC", 2048.0, &[".epc", ".prvc"]).is_ok());
        assert!(check_upload("notes.txt", 2048.0, &[".epc", ".prvc"])
            .unwrap_err()
            .contains(".epc or .prvc"));
        assert!(check_upload("empty.prvc", 0.0, &[".prvc"])
            .unwrap_err()
            .contains("empty"));
        assert!(check_upload("big.prvc", MAX_UPLOAD_BYTES + 1.0, &[".prvc"])
            .unwrap_err()
            .contains("1 MB"));
    }

    #[test]
    fn offline_holders_are_read_page_by_page() {
        let page = json!({"userEntitlements": [
            {"username": "a", "lastLogin": 1790000000000i64, "disconnected": true, "entitlements": ["desktopAdvN"]},
            {"username": "b", "lastLogin": -1, "disconnected": false},
            {"lastLogin": 1}
        ], "total": 150, "start": 1, "num": 100, "nextStart": 101});
        let (users, next) = decode_user_entitlements(&page).unwrap();
        assert_eq!(users.len(), 2);
        assert!(users[0].disconnected && users[1].last_login.is_none());
        assert_eq!(next, Some(101));
        let last = json!({"userEntitlements": [], "nextStart": -1});
        assert_eq!(decode_user_entitlements(&last).unwrap().1, None);
        assert!(decode_user_entitlements(&json!({"error": 1})).is_err());
        let listings = decode_purchases(
            &json!({"purchases": [{"listing": {"itemId": "i1", "title": "ArcGIS Pro"}}, {"provision": {}}]}),
        );
        assert_eq!(
            listings,
            vec![Listing {
                item_id: "i1".into(),
                title: "ArcGIS Pro".into()
            }]
        );
        let request: Request<()> = Request::user_entitlements(&k8s(), "t", "i1", 101);
        assert_eq!(
            request.url,
            "https://gis.example.com/arcgis/sharing/rest/content/listings/i1/userEntitlements"
        );
        assert_eq!(
            request.form_body().unwrap(),
            "start=101&num=100&f=json&token=t"
        );
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
    fn license_manager_input_is_validated() {
        assert_eq!(
            license_manager_info("lm1.example.com", "", "27000").unwrap(),
            r#"{"hostname":"lm1.example.com","port":27000}"#
        );
        assert_eq!(
            license_manager_info(" lm1.example.com ", "lm2.example.com", "27001").unwrap(),
            r#"{"hostname":"lm1.example.com,lm2.example.com","port":27001}"#
        );
        assert!(license_manager_info("", "", "27000").is_err());
        assert!(license_manager_info("bad host", "", "27000").is_err());
        assert!(license_manager_info("-lm.example.com", "", "27000").is_err());
        assert!(license_manager_info("lm1", "lm1", "27000").is_err());
        assert!(license_manager_info("lm1", "", "70000").is_err());
        assert!(license_manager_info("lm1", "", "0").is_err());
    }

    #[test]
    fn operations_exist_only_where_the_flavour_has_them() {
        let classic = portal(Flavour::Classic { legacy: false });
        let legacy = portal(Flavour::Classic { legacy: true });
        let validate = Request::validate_license(&k8s(), "t", "lic.json").unwrap();
        assert_eq!(
            validate.url,
            "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license/validateLicense"
        );
        assert!(validate.is_multipart());
        assert_eq!(validate.fields[0], ("file", Field::File("lic.json")));
        assert_eq!(validate.text_field("token"), Some("t"));
        assert_eq!(
            Request::import_license(&classic, "t", "l").unwrap().url,
            "https://gis.example.com/arcgis/portaladmin/license/importLicense"
        );
        assert!(Request::import_license(&legacy, "t", "l").is_none());
        assert!(Request::<()>::populate_license(&classic, "t").is_some());
        assert!(Request::<()>::populate_license(&k8s(), "t").is_none());
        assert!(Request::<()>::export_geodatabase_license(&classic, "t").is_none());
        assert_eq!(
            Request::<()>::export_geodatabase_license(&k8s(), "t").unwrap().url,
            "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license/exportGeodatabaseLicense"
        );
        let info =
            Request::<()>::update_license_manager(&classic, "t", r#"{"hostname":"lm","port":1}"#)
                .unwrap();
        assert_eq!(
            info.form_body().unwrap(),
            "licenseManagerInfo=%7B%22hostname%22%3A%22lm%22%2C%22port%22%3A1%7D&f=json&token=t"
        );
        let import =
            Request::import_entitlements(&legacy, "t", "e.json", "arcgisprodesktop").unwrap();
        assert_eq!(
            import.url,
            "https://gis.example.com/arcgis/portaladmin/system/licenses/importEntitlements"
        );
        assert!(Request::<()>::remove_all_entitlements(&classic, "t", "x").is_none());
    }
}
