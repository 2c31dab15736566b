//! Members and the app licenses they hold (the sharing API): what each purchase owns, who holds which
//! entitlements, the member list, and the requests that read and change them.

use serde_json::Value;

use super::endpoints::Portal;
use super::error::PortalError;
use super::json;
use super::paging::{Order, PAGE_SIZE};
use super::request::{Field, LicensedApp, Request};

/// An app the organization has bought licenses of, and how many of each entitlement it owns.
#[derive(Clone, Debug, PartialEq)]
pub struct AppLicense {
    pub item_id: String,
    pub title: String,
    /// The app, when the console knows it (releasing offline licenses needs its id).
    pub app: Option<LicensedApp>,
    /// Entitlement code and how many the organization owns, in code order.
    pub owned: Vec<(String, u64)>,
    /// An app bundle: its members are found by the user search, and hold `bundled` through it (not in that app's
    /// own listing).
    pub bundle: bool,
    pub bundled: Option<LicensedApp>,
}

/// A member of the organization, as the user search describes them.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberRecord {
    pub username: String,
    pub full_name: String,
    pub user_type: String,
    pub role: String,
    /// Milliseconds since the epoch; `None` when the member never signed in (-1).
    pub last_login: Option<i64>,
}

/// What one member holds of one app.
#[derive(Clone, Debug, PartialEq)]
pub struct Holding {
    pub entitlements: Vec<String>,
    /// Checked out for offline use.
    pub offline: bool,
}

/// `portals/self/purchases`: every purchase with its owned entitlements. Purchases of apps that are not
/// licensed by user are kept too; their listing says so when asked.
pub(super) fn decode_app_licenses(v: &Value) -> Vec<AppLicense> {
    json::items(v, "purchases")
        .iter()
        .filter_map(|p| {
            let listing = p.get("listing")?;
            let title = json::text(listing, "title")?;
            let owned = p
                .pointer("/provision/orgEntitlements/entitlements")
                .and_then(Value::as_object)
                .map(|codes| {
                    let mut owned: Vec<(String, u64)> = codes
                        .iter()
                        .map(|(code, e)| (code.clone(), json::count(e, "num").unwrap_or(0)))
                        .collect();
                    owned.sort();
                    owned
                })
                .unwrap_or_default();
            let bundle = json::text(listing, "listingType")
                .is_some_and(|kind| kind.to_uppercase().contains("BUNDLE"));
            Some(AppLicense {
                bundle,
                bundled: bundle.then(|| LicensedApp::bundled_in(&title)).flatten(),
                item_id: json::text(listing, "itemId")?,
                app: json::text(listing, "appId")
                    .and_then(|id| LicensedApp::from_app_id(&id))
                    .or_else(|| LicensedApp::from_listing_title(&title)),
                title,
                owned,
            })
        })
        .collect()
}

/// A page of a listing or search: its items, and the `total` it claims.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// Whether the `total` field is there: a page without it is no page of a listing.
fn total_of(v: &Value, key: &str) -> Result<u64, PortalError> {
    if v.get(key).and_then(Value::as_array).is_none() {
        return Err(PortalError::Unexpected {
            detail: format!("{key} missing from the answer"),
        });
    }
    Ok(json::count(v, "total").unwrap_or(0))
}

fn last_login(v: &Value) -> Option<i64> {
    json::millis(v, "lastLogin").filter(|ms| *ms > 0)
}

/// One page of `content/listings/<item>/userEntitlements`.
pub(super) fn decode_holders(v: &Value) -> Result<Page<(String, Holding)>, PortalError> {
    let total = total_of(v, "userEntitlements")?;
    let items = json::items(v, "userEntitlements")
        .iter()
        .filter_map(|u| {
            Some((
                json::text(u, "username")?,
                Holding {
                    entitlements: json::strings(u, "entitlements"),
                    offline: json::flag(u, "disconnected").unwrap_or(false),
                },
            ))
        })
        .collect();
    Ok(Page { items, total })
}

/// `content/listings/<item>/userEntitlements/<username>`: what the member holds, `None` when nothing.
pub(super) fn decode_member_holding(v: &Value) -> Result<Option<Holding>, PortalError> {
    let Some(held) = v.get("userEntitlements").filter(|h| h.is_object()) else {
        return Ok(None);
    };
    let entitlements = json::strings(held, "entitlements");
    Ok((!entitlements.is_empty()).then(|| Holding {
        entitlements,
        offline: json::flag(held, "disconnected").unwrap_or(false),
    }))
}

/// One page of `portals/self/users/search`.
pub(super) fn decode_members(v: &Value) -> Result<Page<MemberRecord>, PortalError> {
    let total = total_of(v, "results")?;
    let items = json::items(v, "results")
        .iter()
        .filter_map(|u| {
            Some(MemberRecord {
                username: json::text(u, "username")?,
                full_name: json::text(u, "fullName").unwrap_or_default(),
                user_type: json::text(u, "userLicenseTypeId").unwrap_or_default(),
                role: json::text(u, "role").unwrap_or_default(),
                last_login: last_login(u),
            })
        })
        .collect();
    Ok(Page { items, total })
}

/// Whether a listing's answer says its app is not licensed member by member (a marketplace purchase).
pub(super) fn not_licensed_by_user(err: &PortalError) -> bool {
    matches!(err, PortalError::Rejected { message, .. } if message.to_lowercase().contains("not licensed by user"))
}

/// A path segment, percent-encoded: usernames may hold `@`, spaces or other characters a path cannot.
fn path_segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl<F> Request<F> {
    /// A paged request: `start` (1-based) and pages of 100, then `more`.
    fn with_page(url: String, start: u64, more: Vec<(&'static str, Field<F>)>) -> Self {
        let mut fields = vec![
            ("start", Field::Text(start.to_string())),
            ("num", Field::Text(PAGE_SIZE.to_string())),
        ];
        fields.extend(more);
        Self::new(url, fields)
    }

    /// One page of who holds a listing's app, with their entitlements.
    pub(super) fn holders(portal: &Portal, item_id: &str, start: u64) -> Self {
        let url = portal
            .url
            .sharing(&format!("content/listings/{item_id}/userEntitlements"));
        Self::with_page(url, start, vec![])
    }

    /// What one member holds of a listing's app.
    pub(super) fn member_holding(portal: &Portal, item_id: &str, username: &str) -> Self {
        let url = portal.url.sharing(&format!(
            "content/listings/{item_id}/userEntitlements/{}",
            path_segment(username)
        ));
        Self::new(url, vec![])
    }

    /// One page of members whose username starts with `prefix` (all of them for ""), in username order.
    pub(super) fn members(portal: &Portal, prefix: &str, order: Order, start: u64) -> Self {
        let query = if prefix.is_empty() {
            String::new()
        } else {
            format!("username:{prefix}*")
        };
        let order = match order {
            Order::Ascending => "asc",
            Order::Descending => "desc",
        };
        let fields = vec![
            ("q", Field::Text(query)),
            ("sortField", Field::Text("username".into())),
            ("sortOrder", Field::Text(order.into())),
        ];
        Self::with_page(
            portal.url.sharing("portals/self/users/search"),
            start,
            fields,
        )
    }

    /// One page of an app bundle's members, in username order.
    pub(super) fn bundle_members(portal: &Portal, item_id: &str, start: u64) -> Self {
        let fields = vec![
            ("q", Field::Text(format!("appbundle:{item_id}"))),
            ("sortField", Field::Text("username".into())),
            ("sortOrder", Field::Text("asc".into())),
        ];
        Self::with_page(
            portal.url.sharing("portals/self/users/search"),
            start,
            fields,
        )
    }

    /// Sets what the members hold of a listing's app: `entitlements` empty revokes it.
    pub(super) fn provision(
        portal: &Portal,
        item_id: &str,
        usernames: &[String],
        entitlements: &[String],
    ) -> Self {
        let wanted = serde_json::json!({"users": usernames, "entitlements": entitlements});
        let url = portal.url.sharing(&format!(
            "content/listings/{item_id}/provisionUserEntitlements"
        ));
        Self::new(
            url,
            vec![
                ("userEntitlements", Field::Text(wanted.to_string())),
                ("suppressCustomerEmail", Field::Text("true".into())),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portal::endpoints::{Deployment, PortalUrl};
    use serde_json::json;

    fn portal() -> Portal {
        Portal {
            url: PortalUrl::parse("https://gis.example.com/arcgis").unwrap(),
            deployment: Deployment::Kubernetes {
                org_id: "0123456789ABCDEF".into(),
            },
        }
    }

    #[test]
    fn purchases_give_apps_and_what_is_owned() {
        let apps = decode_app_licenses(&json!({"purchases": [
            {"listing": {"itemId": "p", "title": "ArcGIS Pro", "appId": "arcgisprodesktop"},
             "provision": {"orgEntitlements": {"entitlements": {"spatialAnalystN": {"num": 5}, "desktopAdvN": {"num": "40"}}}}},
            {"listing": {"itemId": "m", "title": "Someone's add-in"}, "provision": {}},
            {"listing": {"itemId": "b", "title": "ArcGIS Reality Mapping", "listingType": "APP_BUNDLE"}},
            {"provision": {"itemId": "no listing"}}
        ]}));
        assert_eq!(apps.len(), 3);
        assert!(apps[2].bundle);
        assert_eq!(apps[2].bundled, Some(LicensedApp::Drone2Map));
        assert!(!apps[0].bundle);
        assert_eq!(apps[0].app, Some(LicensedApp::Pro));
        assert_eq!(
            apps[0].owned,
            vec![("desktopAdvN".into(), 40), ("spatialAnalystN".into(), 5)]
        );
        assert_eq!(apps[1].app, None);
        assert!(apps[1].owned.is_empty());
    }

    #[test]
    fn pages_decode_and_a_page_without_its_list_is_an_error() {
        let page = decode_holders(&json!({"userEntitlements": [
            {"username": "a", "disconnected": true, "entitlements": ["desktopAdvN", 7, "networkAnalystN"]},
            {"entitlements": []}
        ], "total": 12000, "nextStart": 101}))
        .unwrap();
        assert_eq!(page.total, 12_000);
        assert_eq!(
            page.items.len(),
            1,
            "a holder without a username is dropped"
        );
        assert_eq!(
            page.items[0].1.entitlements,
            ["desktopAdvN", "networkAnalystN"]
        );
        assert!(page.items[0].1.offline);
        assert!(decode_holders(&json!({"total": 3})).is_err());

        let members = decode_members(&json!({"results": [
            {"username": "u", "fullName": "U U", "userLicenseTypeId": "creatorUT", "role": "org_user", "lastLogin": -1}
        ], "total": 1}))
        .unwrap();
        assert_eq!(members.items[0].last_login, None, "-1 is never");
        assert_eq!(decode_member_holding(&json!({})).unwrap(), None);
        assert_eq!(
            decode_member_holding(
                &json!({"userEntitlements": {"username": "u", "entitlements": ["desktopBasicN"]}})
            )
            .unwrap()
            .map(|h| h.entitlements),
            Some(vec!["desktopBasicN".to_owned()])
        );
    }

    #[test]
    fn requests_carry_the_page_the_prefix_and_the_whole_set_to_hold() {
        let search: Request<()> = Request::members(&portal(), "member1", Order::Descending, 201);
        assert_eq!(
            search.signed(None).form_body().unwrap(),
            "start=201&num=100&q=username%3Amember1*&sortField=username&sortOrder=desc&f=json"
        );
        let lookup: Request<()> = Request::member_holding(&portal(), "i1", "ana o'neil");
        assert!(lookup
            .url
            .ends_with("/content/listings/i1/userEntitlements/ana%20o%27neil"));
        let revoke: Request<()> =
            Request::provision(&portal(), "i1", &["a".into(), "b".into()], &[]);
        assert_eq!(
            revoke.signed(None).form_body().unwrap(),
            "userEntitlements=%7B%22entitlements%22%3A%5B%5D%2C%22users%22%3A%5B%22a%22%2C%22b%22%5D%7D&suppressCustomerEmail=true&f=json"
        );
    }
}
