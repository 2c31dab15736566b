use super::*;
use serde_json::json;

fn holders(v: Value) -> Result<Page<(String, Holding)>, PortalError> {
    read_holders(200, v.to_string().as_bytes())
}

fn members_page(v: Value) -> Result<Page<MemberRecord>, PortalError> {
    read_members(200, v.to_string().as_bytes())
}

fn member_holding(v: Value) -> Result<Option<Holding>, PortalError> {
    read_member_holding(200, v.to_string().as_bytes())
}

#[test]
fn purchases_give_apps_and_what_is_owned() {
    let mut apps = decode_app_licenses(&json!({"purchases": [
        {"listing": {"itemId": "p", "title": "ArcGIS Pro", "appId": "arcgisprodesktop"},
         "provision": {"canDisconnect": true, "orgEntitlements": {"entitlements": {"spatialAnalystN": {"num": 5}, "desktopAdvN": {"num": "40"}}}}},
        {"listing": {"itemId": "m", "title": "Someone's add-in"}, "provision": {}},
        {"listing": {"itemId": "b", "title": "ArcGIS Reality Mapping", "listingType": "APP_BUNDLE"}},
        {"listing": {"itemId": "b2", "title": "ArcGIS Reality Mapping for Drone2Map"}},
        {"provision": {"itemId": "no listing"}}
    ]}));
    assert_eq!(apps.len(), 4);
    assert!(apps[2].bundle);
    assert_eq!(apps[2].bundled, Some(LicensedApp::Drone2Map));
    assert!(!apps[0].bundle);
    assert_eq!(apps[0].app, Some(LicensedApp::Pro));
    assert_eq!(apps[0].can_disconnect, Some(true));
    assert_eq!(apps[1].can_disconnect, None, "not said is not no");
    assert_eq!(
        apps[0].owned,
        vec![("desktopAdvN".into(), 40), ("spatialAnalystN".into(), 5)]
    );
    assert_eq!(apps[1].app, None);
    assert!(apps[1].owned.is_empty());
    // Without listingType, a bundle is known from portals/self/appBundles — not taken for Drone2Map itself.
    assert!(!apps[3].bundle);
    let ids = decode_bundle_ids(
        &json!({"appBundles": [{"itemId": "b2", "name": "Reality Mapping"}], "total": 1}),
    )
    .unwrap();
    mark_bundles(&mut apps, &ids.items);
    assert!(apps[3].bundle);
    assert_eq!(apps[3].app, None);
    assert_eq!(apps[3].bundled, Some(LicensedApp::Drone2Map));
}

#[test]
fn pages_decode_and_a_page_without_its_list_is_an_error() {
    let page = holders(json!({"userEntitlements": [
        {"username": "a", "disconnected": true, "lastLogin": 1_700_000_000_000_i64, "entitlements": ["desktopAdvN", 7, "networkAnalystN"]},
        {"username": "b", "entitlements": ["desktopAdvN"]},
        {"entitlements": []}
    ], "total": 12000, "nextStart": 101}))
    .unwrap();
    assert_eq!(page.total, 12_000);
    assert_eq!(
        page.items.len(),
        2,
        "a holder without a username is dropped"
    );
    assert_eq!(
        page.items[0].1.entitlements,
        ["desktopAdvN", "networkAnalystN"]
    );
    assert_eq!(page.items[0].1.offline, Some(true));
    assert_eq!(
        page.items[0].1.last_sign_in,
        LastSignIn::At(1_700_000_000_000)
    );
    assert_eq!(page.items[1].1.offline, None, "absent is unknown");
    assert_eq!(page.items[1].1.last_sign_in, LastSignIn::Unknown);
    assert!(holders(json!({"total": 3})).is_err());

    let members = members_page(json!({"results": [
        {"username": "u", "fullName": "U U", "userLicenseTypeId": "creatorUT", "role": "org_user", "lastLogin": -1},
        {"username": "v"}
    ], "total": 2}))
    .unwrap();
    assert_eq!(
        members.items[0].last_sign_in,
        LastSignIn::Never,
        "-1 is never"
    );
    assert_eq!(
        members.items[1].last_sign_in,
        LastSignIn::Unknown,
        "absent is unknown"
    );
    let users = members_page(json!({"users": [{"username": "w"}], "total": 1})).unwrap();
    assert_eq!(users.items[0].username, "w");
    assert_eq!(member_holding(json!({})).unwrap(), None);
    let held = member_holding(
        json!({"userEntitlements": {"username": "u", "entitlements": ["desktopBasicN"]}}),
    )
    .unwrap()
    .unwrap();
    assert_eq!(held.entitlements, ["desktopBasicN"]);
    assert_eq!(held.offline, None, "the look-up need not say");
    assert_eq!(
        decode_counts(&json!({"results": [{"key": "creatorUT", "count": 12}, {"key": "x"}]}))
            .unwrap(),
        vec![("creatorUT".to_owned(), 12)]
    );
    assert!(decode_counts(&json!({})).is_err());
}

#[test]
fn unknown_sign_in_is_never_idle() {
    let since = 1_000;
    assert!(LastSignIn::Never.idle_since(since));
    assert!(LastSignIn::At(999).idle_since(since));
    assert!(!LastSignIn::At(1_001).idle_since(since));
    assert!(!LastSignIn::Unknown.idle_since(since));
    assert_eq!(LastSignIn::Unknown.or(LastSignIn::At(5)), LastSignIn::At(5));
    assert_eq!(LastSignIn::Never.or(LastSignIn::At(5)), LastSignIn::Never);
}
