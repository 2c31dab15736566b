use super::*;
use crate::portal::lenient;
use serde_json::json;

fn decode_license(v: &Value) -> Result<OrgLicense, PortalError> {
    read_license(200, v.to_string().as_bytes())
}

fn server(v: Value) -> Result<ServerCapabilities, PortalError> {
    read_server_licenses(200, v.to_string().as_bytes())
}

fn license_manager(v: Value) -> LicenseManager {
    lenient::from_value::<RawLicenseManager>(&v)
        .unwrap()
        .decode()
}

fn seed001() -> Value {
    serde_json::from_str(include_str!("../../../tests/fixtures/seed001_license.json")).unwrap()
}

#[test]
fn seed_001_decodes_every_section() {
    let license = decode_license(&seed001()).unwrap();
    assert_eq!(license.version.as_deref(), Some("11.4"));
    assert_eq!(
        (license.current_members, license.max_members),
        (Some(3), Some(1200))
    );
    assert_eq!(license.user_types.len(), 6);
    assert_eq!(license.user_types[0].id, "creatorUT");
    assert_eq!(license.user_types[0].current, Some(3));
    assert_eq!(license.user_types[0].maximum, Some(200));
    assert_eq!(license.user_types[0].expiration, Some(1_761_091_200_000));
    assert_eq!(
        license
            .extensions
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        ["locsharing", "advediting"]
    );
    assert_eq!(license.app_bundles[0].id, "urbanSuiteAB");
    assert_eq!(license.apps[0].id, "arcgisprodesktop");
    let caps = &license.capabilities;
    assert_eq!(caps.features.len(), 8);
    let advanced = &caps.features[0];
    assert_eq!(advanced.title(), "ArcGIS GIS Server Advanced");
    assert_eq!(
        (advanced.core_count, advanced.is_valid),
        (Some(4), Some(true))
    );
    assert_eq!(advanced.version.as_deref(), Some("11.4"));
    assert_eq!(caps.extensions.len(), 9);
    assert_eq!(caps.level.as_ref().unwrap().name, "svrenterprise");
    assert_eq!(caps.edition.as_ref().unwrap().name, "svradvanced");
    assert_eq!(
        caps.data_feature.as_ref().unwrap().ecp_code.as_deref(),
        Some("ecp644564588")
    );
    let manager = license.license_manager.unwrap();
    assert_eq!(manager.port, Some(27000));
    assert!(!manager.is_configured(), "change.me is the placeholder");
}

#[test]
fn empty_nulls_and_strange_kinds_are_tolerated() {
    assert_eq!(decode_license(&json!({})).unwrap(), OrgLicense::default());
    let odd = json!({
        "userTypes": [null, {"id": null}, {"id": "newUT", "maximumRegisteredMembers": "5", "currentRegisteredMembers": null}],
        "capabilities": "none",
        "licenseManagerInfo": {"hostname": "lm1.example.com, lm2.example.com", "port": 27000},
        "extensions": {"not": "a list"},
        "surprise": [1, 2, 3]
    });
    let license = decode_license(&odd).unwrap();
    assert_eq!(
        license.user_types,
        vec![Entitlement {
            id: "newUT".into(),
            maximum: Some(5),
            ..Default::default()
        }]
    );
    assert!(license.capabilities.is_empty());
    assert!(license.extensions.is_empty());
    let manager = license.license_manager.unwrap();
    assert_eq!(manager.hosts, ["lm1.example.com", "lm2.example.com"]);
    assert!(manager.is_configured());
    assert!(decode_license(&json!([1])).is_err());
    assert!(!license_manager(json!({"hostname": "", "port": 0})).is_configured());
}

#[test]
fn classic_license_resource_decodes() {
    let classic = json!({
        "currentRegisteredMembers": 12, "maximumRegisteredMembers": 100, "version": "11.1",
        "userTypes": [{"id": "creatorUT", "maximumRegisteredMembers": 50, "currentRegisteredMembers": 10, "expiration": 1790000000000i64}],
        "apps": [{"id": "arcgisprodesktop", "itemId": "abc", "maximumRegisteredMembers": 20, "expiration": 1790000000000i64}],
        "licenseManagerInfo": {"hostname": "", "port": 0}
    });
    let license = decode_license(&classic).unwrap();
    assert_eq!(license.user_types[0].current, Some(10));
    assert_eq!(license.apps[0].current, None);
    assert!(!license.license_manager.unwrap().is_configured());
}

#[test]
fn seed_004_legacy_levels_decode() {
    let legacy = json!({
        "isValid": true, "currentRegisteredMembers": 25, "maximumRegisteredMembers": 100, "expiration": 1381820400000i64,
        "features": [
            {"level": "1", "name": "esriPortalLvl1", "displayName": "Portal for ArcGIS", "isValid": true,
             "currentRegisteredMembers": 5, "maximumRegisteredMembers": 40, "version": "10.5", "expiration": 1381820400000i64},
            {"level": "2", "name": "esriPortalLvl2", "displayName": "Portal for ArcGIS", "isValid": true,
             "currentRegisteredMembers": 20, "maximumRegisteredMembers": 60, "version": "10.5", "expiration": 1381820400000i64}
        ]
    });
    let license = decode_license(&legacy).unwrap();
    assert_eq!(
        (license.current_members, license.max_members),
        (Some(25), Some(100))
    );
    assert_eq!(license.membership_levels.len(), 2);
    assert_eq!(license.membership_levels[1].current, Some(20));
    assert_eq!(license.membership_levels[1].maximum, Some(60));
    assert!(license.user_types.is_empty());
}

#[test]
fn seed_003_entitlement_queue_decodes() {
    let seed = json!({"itemId": "12345", "appId": "arcgisprodesktop", "queue": [{"orgEntitlements": {
        "maxUsers": 0, "startDate": 21432374576i64, "startDateStr": "10-Sep-2015",
        "entitlements": {"desktopAdvN": {"num": 0, "license": "***"}, "networkAnalystN": {"num": 0, "license": "***"}}}}]});
    let queue = decode_entitlement_queue(&seed).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].start, Some(21_432_374_576));
    assert_eq!(
        queue[0].features,
        vec![
            ("desktopAdvN".into(), Some(0)),
            ("networkAnalystN".into(), Some(0))
        ]
    );
    assert_eq!(decode_entitlement_queue(&json!({})).unwrap(), vec![]);
}

#[test]
fn server_licenses_decode() {
    let caps = server(json!({"features": [{"name": "esriServerImg", "displayName": "ArcGIS Image Server", "coreCount": 4}]})).unwrap();
    assert_eq!(caps.features[0].title(), "ArcGIS Image Server");
    assert!(server(json!("x")).is_err());
}

#[test]
fn server_licenses_read_in_both_shapes() {
    let feature = json!({"name": "esriServerImg", "expiration": 1});
    let top = server(json!({"features": [feature], "edition": {"name": "svradvanced"}})).unwrap();
    let wrapped = server(
        json!({"capabilities": {"features": [feature], "edition": {"name": "svradvanced"}}}),
    )
    .unwrap();
    assert_eq!(top, wrapped);
    assert_eq!(top.features[0].name, "esriServerImg");
    assert!(server(json!([1])).is_err());
}
