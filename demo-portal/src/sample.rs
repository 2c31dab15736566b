//! Sample data after the seeds, with dates set relative to start-up so every warning state can be seen:
//! licenses expiring within 30 and 90 days, one already expired, the rest comfortably later.

use crate::members::{DRONE2MAP, PRO};
use serde_json::{json, Value};

pub const DAY_MS: i64 = 86_400_000;

pub const ORG_ID: &str = "0123456789ABCDEF";

/// Seed 001, the Kubernetes organization license.
const SEED_001: &str = include_str!("../data/org_license_seed001.json");

/// Days from now to each thing's expiration; what is not named here expires in a year.
const EXPIRY_DAYS: [(&str, i64); 6] = [
    ("locsharing", 21),
    ("advediting", 64),
    ("urbanSuiteAB", 80),
    ("drone2map", 12),
    ("esriServerRasterAnalytics", -9),
    ("rasteranalytics", -9),
];
const DEFAULT_EXPIRY_DAYS: i64 = 365;

/// User types licensed close to their use, so the seat warnings show: 9 of 9 is full, 9 of 10 is over 85 %.
/// User types whose seats are (nearly) all taken, in tenths of their members: GIS Professional Advanced full,
/// Field Worker at nine tenths — the overview's 100 % and 85 % warnings.
const TIGHT_SEATS: [(&str, u64); 2] = [("GISProfessionalAdvUT", 10), ("fieldWorkerUT", 9)];

/// A server feature whose authorization the demo shows as not valid.
const INVALID_FEATURE: &str = "esriServerNetwork";

fn expiry_for(id: &str, now_ms: i64) -> i64 {
    let days = EXPIRY_DAYS
        .iter()
        .find(|(known, _)| *known == id)
        .map_or(DEFAULT_EXPIRY_DAYS, |(_, d)| *d);
    // Licenses run out at midnight UTC.
    (now_ms / DAY_MS + days) * DAY_MS
}

fn restamp(items: &mut Value, id_key: &str, now_ms: i64) {
    for item in items.as_array_mut().into_iter().flatten() {
        let id = item
            .get(id_key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        item["expiration"] = json!(expiry_for(&id, now_ms));
    }
}

/// A server feature the organization license lists and `admin/system/licenses` does not: it expires in 21 days.
pub const LICENSE_ONLY_FEATURE: (&str, i64) = ("esriServerNoteBooksAdvanced", 21);

/// A server feature `admin/system/licenses` lists and the organization license does not.
pub const SERVER_ONLY_FEATURE: &str = "esriServerKnowledge";

/// From 11.4 a license manager is no longer needed for ArcGIS Pro named-user licenses, and the license resource
/// leaves `licenseManagerInfo` out until one is configured.
pub fn without_license_manager(license: &mut Value) {
    license
        .as_object_mut()
        .map(|o| o.remove("licenseManagerInfo"));
}

/// The organization license (seed 001), its server `capabilities` included: from 11.0 the authority on them.
pub fn org_license(now_ms: i64, registered_by_type: &[(&str, u64)]) -> Value {
    let mut license: Value =
        serde_json::from_str(SEED_001).expect("the bundled seed 001 is valid JSON");
    for key in ["userTypes", "apps", "appBundles", "extensions"] {
        restamp(&mut license[key], "id", now_ms);
    }
    for user_type in license["userTypes"].as_array_mut().into_iter().flatten() {
        let id = user_type["id"].as_str().unwrap_or_default().to_owned();
        let count = registered_by_type
            .iter()
            .find(|(t, _)| *t == id)
            .map_or(0, |(_, n)| *n);
        user_type["currentRegisteredMembers"] = json!(count);
        if let Some((_, tenths)) = TIGHT_SEATS.iter().find(|(tight, _)| *tight == id) {
            user_type["maximumRegisteredMembers"] = json!((count * 10).div_ceil(*tenths));
        } else if user_type["maximumRegisteredMembers"]
            .as_u64()
            .is_some_and(|seats| seats < count)
        {
            // A large organization owns seats enough for its members.
            user_type["maximumRegisteredMembers"] = json!(count + count / 10);
        }
    }
    license["currentRegisteredMembers"] =
        json!(registered_by_type.iter().map(|(_, n)| n).sum::<u64>());
    license["capabilities"] = capabilities(now_ms);
    let (name, days) = LICENSE_ONLY_FEATURE;
    for feature in license["capabilities"]["features"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        if feature["name"] == name {
            feature["expiration"] = json!((now_ms / DAY_MS + days) * DAY_MS);
        }
    }
    license
}

/// ArcGIS Server's own `admin/system/licenses`: `edition`, `level`, `datafeature`, `extensions` (with `appid`)
/// and `features` at the top level, no `capabilities` wrapper — and not the same set as the organization
/// license: it lacks one of its features and has one it does not.
pub fn server_licenses(now_ms: i64) -> Value {
    let mut server = capabilities(now_ms);
    if let Some(features) = server["features"].as_array_mut() {
        features.retain(|f| f["name"] != LICENSE_ONLY_FEATURE.0);
        features.push(json!({
            "name": SERVER_ONLY_FEATURE,
            "displayName": "ArcGIS Knowledge Server",
            "version": "11.4",
            "coreCount": 4,
            "isValid": true,
            "canExpire": true,
            "expiration": expiry_for(SERVER_ONLY_FEATURE, now_ms),
        }));
    }
    for extension in server["extensions"].as_array_mut().into_iter().flatten() {
        extension["appid"] = json!(format!(
            "{}_{}",
            extension["name"].as_str().unwrap_or_default(),
            "server"
        ));
    }
    server
}

/// Seed 001's `capabilities`, dated relative to now.
fn capabilities(now_ms: i64) -> Value {
    let license: Value =
        serde_json::from_str(SEED_001).expect("the bundled seed 001 is valid JSON");
    let mut capabilities = license["capabilities"].clone();
    restamp(&mut capabilities["features"], "name", now_ms);
    restamp(&mut capabilities["extensions"], "name", now_ms);
    for feature in capabilities["features"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        if feature["name"] == INVALID_FEATURE {
            feature["isValid"] = json!(false);
        }
    }
    for key in ["level", "edition", "datafeature"] {
        let name = capabilities[key]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        capabilities[key]["expiration"] = json!(expiry_for(&name, now_ms));
    }
    capabilities
}

/// A member of the demo organization.
#[derive(Clone, Debug)]
pub struct Member {
    pub username: String,
    pub full_name: String,
    pub user_type: &'static str,
    /// The base role (`org_admin`, `org_publisher`, `org_user`).
    pub role: &'static str,
    /// A role that is not built in (Viewer, Data Editor, a custom role): its id.
    pub role_id: Option<&'static str>,
    pub last_login: i64,
    /// App ids and the entitlements of each this member holds.
    pub holds: Vec<(&'static str, Vec<&'static str>)>,
    /// App ids whose license this member has checked out for offline use.
    pub offline: Vec<&'static str>,
    /// Listing items of the app bundles this member is in; the apps held through one are not in the app's own
    /// listing (the user search finds the bundle's members: `appbundle:<id>`).
    pub bundles: Vec<&'static str>,
}

impl Member {
    /// Holds `app_id` through an app bundle rather than by itself.
    pub fn through_bundle(&self, app_id: &str) -> bool {
        crate::members::BUNDLES
            .iter()
            .any(|(bundle, apps)| self.bundles.contains(&bundle.item_id) && apps.contains(&app_id))
    }

    pub fn holds_app(&self, app_id: &str) -> bool {
        self.holds.iter().any(|(app, _)| *app == app_id)
    }

    /// The entitlements of `app_id` this member holds (none when they hold none).
    pub fn entitlements(&self, app_id: &str) -> &[&'static str] {
        self.holds
            .iter()
            .find(|(app, _)| *app == app_id)
            .map_or(&[], |(_, held)| held.as_slice())
    }
}

const FIRST_NAMES: [&str; 12] = [
    "Ana", "Ben", "Chloé", "Dev", "Emeka", "Fatima", "Gus", "Hana", "Ivan", "Jia", "Kofi", "Lena",
];
const LAST_NAMES: [&str; 3] = ["Okafor", "Lindqvist", "Moreau"];
const USER_TYPES: [&str; 4] = [
    "creatorUT",
    "GISProfessionalAdvUT",
    "viewerUT",
    "fieldWorkerUT",
];

/// What a named member holds: ArcGIS Pro Advanced for Creators and GIS Professionals and for whoever has it
/// offline; Drone2Map Standard for whoever has that offline.
fn named_holdings(
    user_type: &str,
    offline: &[&'static str],
) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut holds = Vec::new();
    if matches!(user_type, "creatorUT" | "GISProfessionalAdvUT")
        || offline.contains(&"arcgisprodesktop")
    {
        holds.push(("arcgisprodesktop", vec!["desktopAdvN"]));
    }
    if offline.contains(&"drone2map") {
        holds.push(("drone2map", vec!["drone2mapStdN"]));
    }
    holds
}

/// Thirty-six named members; a handful hold offline ArcGIS Pro licenses, one an offline Drone2Map license.
pub fn members(now_ms: i64) -> Vec<Member> {
    let mut members = vec![Member {
        username: "admin".into(),
        full_name: "Portal Administrator".into(),
        user_type: "creatorUT",
        role: "org_admin",
        role_id: None,
        last_login: now_ms - DAY_MS / 24,
        holds: named_holdings("creatorUT", &[]),
        offline: vec![],
        bundles: vec![],
    }];
    for (i, (first, last)) in LAST_NAMES
        .iter()
        .flat_map(|l| FIRST_NAMES.iter().map(move |f| (f, l)))
        .enumerate()
        .skip(1)
    {
        let offline = match i {
            3 | 8 | 15 | 22 => vec!["arcgisprodesktop"],
            11 => vec!["arcgisprodesktop", "drone2map"],
            _ => vec![],
        };
        let user_type = USER_TYPES[i % USER_TYPES.len()];
        members.push(Member {
            username: format!("{}.{}", first.to_lowercase(), last.to_lowercase()),
            full_name: format!("{first} {last}"),
            user_type,
            role: "org_user",
            role_id: (user_type == "viewerUT").then_some(crate::roles::VIEWER),
            last_login: if i % 7 == 0 {
                -1
            } else {
                now_ms - (i as i64) * DAY_MS / 3
            },
            holds: named_holdings(user_type, &offline),
            offline,
            bundles: vec![],
        });
    }
    members
}

/// Appends `count` generated add-on entries to a license, with varied seats and expirations.
pub fn add_stress_entries(license: &mut Value, count: usize, now_ms: i64) {
    let Some(extensions) = license["extensions"].as_array_mut() else {
        return;
    };
    extensions.extend((0..count).map(|i| {
        let i = i as i64;
        json!({
            "id": format!("stressExtension{i:05}"),
            "itemId": format!("{i:032x}"),
            "maximumRegisteredMembers": 50 + i % 400,
            "currentRegisteredMembers": (i * 7) % 450,
            "expiration": (now_ms / DAY_MS + (i % 500) - 20) * DAY_MS,
        })
    }));
}

/// Licenses that start later (`getFutureLicense`): a renewal with more seats.
pub fn future_license(now_ms: i64) -> Value {
    let start = (now_ms / DAY_MS + 40) * DAY_MS;
    let end = start + 365 * DAY_MS;
    json!({
        "userTypes": [
            {"id": "creatorUT", "maximumRegisteredMembers": 250, "startDate": start, "expiration": end},
            {"id": "viewerUT", "maximumRegisteredMembers": 500, "startDate": start, "expiration": end}
        ],
        "apps": [{"id": "arcgisprodesktop", "maximumRegisteredMembers": 250, "startDate": start, "expiration": end}],
        "appBundles": [],
        "extensions": []
    })
}

/// Seed 004: the 10.5–10.6.1 `system/licenses` resource, with its two membership levels.
pub fn legacy_license(now_ms: i64, members: u64) -> Value {
    let expiration = expiry_for("legacy", now_ms);
    let level2 = members.saturating_sub(5);
    json!({
        "isValid": true,
        "currentRegisteredMembers": members,
        "maximumRegisteredMembers": 100,
        "expiration": expiration,
        "features": [
            {"level": "1", "name": "esriPortalLvl1", "displayName": "Portal for ArcGIS", "isValid": true,
             "currentRegisteredMembers": members - level2, "maximumRegisteredMembers": 40, "version": "10.6", "expiration": expiration},
            {"level": "2", "name": "esriPortalLvl2", "displayName": "Portal for ArcGIS", "isValid": true,
             "currentRegisteredMembers": level2, "maximumRegisteredMembers": 60, "version": "10.6", "expiration": expiration}
        ]
    })
}

/// Seed 003: ArcGIS Pro entitlements queued to start later.
pub fn entitlement_queues(now_ms: i64) -> std::collections::HashMap<String, Vec<Value>> {
    let start = (now_ms / DAY_MS + 25) * DAY_MS;
    let queued = json!({
        "orgEntitlements": {
            "maxUsers": 50,
            "startDate": start,
            "startDateStr": crate::license_file::date_label(start),
            "entitlements": {
                "desktopAdvN": {"num": 30, "license": "***"},
                "networkAnalystN": {"num": 10, "license": "***"}
            }
        },
        "signature": "***",
        "licenseManagerInfo": {"hostname": "licensemanager.example.com", "port": 27000}
    });
    [("arcgisprodesktop".to_owned(), vec![queued])]
        .into_iter()
        .collect()
}

/// The listing items of the apps whose licenses members can take offline, as `portals/self/purchases` names them.
pub const LISTINGS: [(&str, &str, &str); 2] = [
    (PRO.item_id, PRO.title, PRO.app_id),
    (DRONE2MAP.item_id, DRONE2MAP.title, DRONE2MAP.app_id),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_cover_every_warning_band() {
        let now = 1_790_000_000_000;
        let license = org_license(
            now,
            &[
                ("creatorUT", 3),
                ("GISProfessionalAdvUT", 9),
                ("fieldWorkerUT", 9),
            ],
        );
        let days = |v: &Value| (v["expiration"].as_i64().unwrap() - now) / DAY_MS;
        assert_eq!(
            days(&license["extensions"][0]),
            20,
            "locsharing within 30 days"
        );
        assert!((31..=90).contains(&days(&license["extensions"][1])));
        let server = server_licenses(now);
        assert!(
            server["features"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| days(f) < 0),
            "one expired"
        );
        assert_eq!(license["userTypes"][0]["currentRegisteredMembers"], 3);
        let advanced = license["userTypes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == "GISProfessionalAdvUT")
            .unwrap();
        assert_eq!(advanced["maximumRegisteredMembers"], 9, "all taken");
        let field = license["userTypes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == "fieldWorkerUT")
            .unwrap();
        assert_eq!(field["maximumRegisteredMembers"], 10, "nine in ten taken");
        assert!(server["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["isValid"] == false));
        let names = |v: &Value| -> Vec<String> {
            v["features"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap().to_owned())
                .collect()
        };
        let (only_licensed, in_days) = LICENSE_ONLY_FEATURE;
        let licensed = &license["capabilities"];
        assert!(names(licensed).contains(&only_licensed.to_owned()));
        assert!(!names(&server).contains(&only_licensed.to_owned()));
        assert!(names(&server).contains(&SERVER_ONLY_FEATURE.to_owned()));
        assert!(!names(licensed).contains(&SERVER_ONLY_FEATURE.to_owned()));
        let expiring = licensed["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == only_licensed)
            .unwrap();
        assert_eq!(expiring["expiration"], (now / DAY_MS + in_days) * DAY_MS);
        assert!(server.get("capabilities").is_none(), "the top-level shape");
    }
}
