//! Members and the app licenses they hold (the sharing API), as the console reads them: what each purchase owns,
//! who holds which entitlements, the member list and its counts. Decoders only; the requests are in
//! `member_requests`. What API.md does not document (`listingType`, `appId`, the look-up's `disconnected`) is used
//! where present and never needed: absent is unknown, not "no".

use serde::Deserialize;
use serde_json::Value;

use super::error::{classify_typed, PortalError};
use super::json;
use super::lenient::{Flag, Listed, Number, Object, Strings, Text};
use super::request::LicensedApp;

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
    /// Whether members may take the app offline (`provision.canDisconnect`); `None` when the purchase does not say.
    pub can_disconnect: Option<bool>,
}

/// When a member last signed in, as far as the portal said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastSignIn {
    /// Milliseconds since the epoch.
    At(i64),
    /// The portal says never (`lastLogin` -1).
    Never,
    /// Nothing read says.
    Unknown,
}

impl LastSignIn {
    fn of(last_login: Number) -> Self {
        match last_login.millis() {
            Some(ms) if ms > 0 => LastSignIn::At(ms),
            Some(_) => LastSignIn::Never,
            None => LastSignIn::Unknown,
        }
    }

    /// Whether this says the member has not signed in since `since_ms`: never, or before. Unknown is not idle.
    pub fn idle_since(self, since_ms: i64) -> bool {
        match self {
            LastSignIn::At(ms) => ms <= since_ms,
            LastSignIn::Never => true,
            LastSignIn::Unknown => false,
        }
    }

    /// What is known, preferring `self` and then `other`.
    pub fn or(self, other: LastSignIn) -> LastSignIn {
        match self {
            LastSignIn::Unknown => other,
            known => known,
        }
    }
}

/// A member of the organization, as the user search describes them.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberRecord {
    pub username: String,
    pub full_name: String,
    /// The user type's id; empty when not said.
    pub user_type: String,
    /// The base role (`org_admin`, `org_publisher`, `org_user`).
    pub role: String,
    /// A role that is not built in (Viewer, Data Editor, a custom role): its id.
    pub role_id: Option<String>,
    pub last_sign_in: LastSignIn,
}

impl MemberRecord {
    /// The role as `updateUserRole` takes it: the role id where there is one, else the base role.
    pub fn role_key(&self) -> &str {
        self.role_id.as_deref().unwrap_or(&self.role)
    }
}

/// What one member holds of one app.
#[derive(Clone, Debug, PartialEq)]
pub struct Holding {
    pub entitlements: Vec<String>,
    /// Checked out for offline use; `None` when the answer did not say.
    pub offline: Option<bool>,
    /// What the listing entry said of the member's last sign-in.
    pub last_sign_in: LastSignIn,
}

impl Holding {
    /// Membership of an app bundle, which carries no entitlements of its own.
    pub(super) fn bundle_membership(last_sign_in: LastSignIn) -> Self {
        Self {
            entitlements: Vec::new(),
            offline: None,
            last_sign_in,
        }
    }
}

/// A member's entitlements as a listing or the look-up sends them.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RawHolding {
    username: Text,
    entitlements: Strings,
    disconnected: Flag,
    last_login: Number,
}

impl RawHolding {
    fn holding(self) -> Holding {
        Holding {
            entitlements: self.entitlements.0,
            offline: self.disconnected.0,
            last_sign_in: LastSignIn::of(self.last_login),
        }
    }
}

/// `portals/self/purchases`: every purchase with its owned entitlements. Purchases of apps that are not
/// licensed by user are kept too; their listing says so when asked. A bundle is known here only by the
/// undocumented `listingType`; `mark_bundles` completes it from `portals/self/appBundles`.
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
            let can_disconnect = p
                .get("provision")
                .and_then(|provision| json::flag(provision, "canDisconnect"));
            let mut app = AppLicense {
                bundle: false,
                bundled: None,
                item_id: json::text(listing, "itemId")?,
                app: json::text(listing, "appId")
                    .and_then(|id| LicensedApp::from_app_id(&id))
                    .or_else(|| LicensedApp::from_listing_title(&title)),
                title,
                owned,
                can_disconnect,
            };
            if bundle {
                app.mark_bundle();
            }
            Some(app)
        })
        .collect()
}

impl AppLicense {
    fn mark_bundle(&mut self) {
        self.bundle = true;
        self.bundled = LicensedApp::bundled_in(&self.title);
        self.app = None;
    }
}

/// One page of `portals/self/appBundles`: the bundles' item ids.
pub(super) fn decode_bundle_ids(v: &Value) -> Result<Page<String>, PortalError> {
    let total = total_of(v, "appBundles")?;
    let items = json::items(v, "appBundles")
        .iter()
        .filter_map(|b| json::text(b, "itemId").or_else(|| json::text(b, "id")))
        .collect();
    Ok(Page { items, total })
}

/// Marks the purchases that `bundle_ids` names as app bundles.
pub(super) fn mark_bundles(apps: &mut [AppLicense], bundle_ids: &[String]) {
    for app in apps.iter_mut() {
        if !app.bundle && bundle_ids.contains(&app.item_id) {
            app.mark_bundle();
        }
    }
}

/// A page of a listing or search: its items, and the `total` it claims.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

/// A page without its list is no page of a listing.
fn missing(key: &str) -> PortalError {
    PortalError::Unexpected {
        detail: format!("{key} missing from the answer"),
    }
}

/// Whether the list is there: a page without it is no page of a listing.
fn total_of(v: &Value, key: &str) -> Result<u64, PortalError> {
    if v.get(key).and_then(Value::as_array).is_none() {
        return Err(missing(key));
    }
    Ok(json::count(v, "total").unwrap_or(0))
}

/// A page of `content/listings/<item>/userEntitlements` as sent.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct RawHoldersPage {
    user_entitlements: Listed<RawHolding>,
    total: Number,
}

impl RawHoldersPage {
    fn page(self) -> Result<Page<(String, Holding)>, PortalError> {
        let listed = self
            .user_entitlements
            .0
            .ok_or_else(|| missing("userEntitlements"))?;
        let items = listed
            .into_iter()
            .filter_map(|mut raw| {
                let username = raw.username.0.take()?;
                Some((username, raw.holding()))
            })
            .collect();
        Ok(Page {
            items,
            total: self.total.count().unwrap_or(0),
        })
    }
}

/// One page of `content/listings/<item>/userEntitlements`, decoded straight from the answer.
pub(super) fn read_holders(
    status: u16,
    body: &[u8],
) -> Result<Page<(String, Holding)>, PortalError> {
    classify_typed::<RawHoldersPage>(status, body)?
        .unwrap_or_default()
        .page()
}

/// `content/listings/<item>/userEntitlements/<username>`: what the member holds, `None` when nothing.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct RawMemberHolding {
    user_entitlements: Object<RawHolding>,
}

pub(super) fn read_member_holding(
    status: u16,
    body: &[u8],
) -> Result<Option<Holding>, PortalError> {
    let raw = classify_typed::<RawMemberHolding>(status, body)?.unwrap_or_default();
    let holding = raw.user_entitlements.0.map(RawHolding::holding);
    Ok(holding.filter(|h| !h.entitlements.is_empty()))
}

/// A member as the user search sends them.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RawMember {
    username: Text,
    full_name: Text,
    user_license_type_id: Text,
    role: Text,
    role_id: Text,
    last_login: Number,
}

impl RawMember {
    fn record(self) -> Option<MemberRecord> {
        Some(MemberRecord {
            username: self.username.0?,
            full_name: self.full_name.0.unwrap_or_default(),
            user_type: self.user_license_type_id.0.unwrap_or_default(),
            role: self.role.0.unwrap_or_default(),
            role_id: self.role_id.0,
            last_sign_in: LastSignIn::of(self.last_login),
        })
    }
}

/// A page of `portals/self/users/search` (`results`) or `portals/self/users` (`users`) as sent.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct RawMembersPage {
    users: Listed<RawMember>,
    results: Listed<RawMember>,
    total: Number,
}

/// One page of `portals/self/users/search` or `portals/self/users`, decoded straight from the answer.
pub(super) fn read_members(status: u16, body: &[u8]) -> Result<Page<MemberRecord>, PortalError> {
    let raw = classify_typed::<RawMembersPage>(status, body)?.unwrap_or_default();
    let listed = raw
        .users
        .0
        .or(raw.results.0)
        .ok_or_else(|| missing("results"))?;
    Ok(Page {
        items: listed.into_iter().filter_map(RawMember::record).collect(),
        total: raw.total.count().unwrap_or(0),
    })
}

/// `portals/self/users/counts`: how many members there are per key (user type or role).
pub(super) fn decode_counts(v: &Value) -> Result<Vec<(String, u64)>, PortalError> {
    if v.get("results").and_then(Value::as_array).is_none() {
        return Err(PortalError::Unexpected {
            detail: "results missing from the answer".into(),
        });
    }
    Ok(json::items(v, "results")
        .iter()
        .filter_map(|r| Some((json::text(r, "key")?, json::count(r, "count")?)))
        .collect())
}

/// Whether a listing's answer says its app is not licensed member by member (a marketplace purchase). The one
/// place a refusal's words decide anything: the portal gives the case no code of its own.
pub(super) fn not_licensed_by_user(err: &PortalError) -> bool {
    matches!(err, PortalError::Rejected { message, .. } if message.to_lowercase().contains("not licensed by user"))
}

#[cfg(test)]
mod tests;
