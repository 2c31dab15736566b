//! Organization license files (`validateLicense`, `importLicense`) and legacy entitlement files
//! (`importEntitlements`), as the demo portal reads them. Real files are signed by Esri; the demo reads their
//! documented content unsigned:
//!
//! - a license file is JSON `{"MyEsri": {"definitions": {...}, "provision": {"userTypes": [{"id", "maxUsers",
//!   "startDate", "expiration"?}], "apps": [...], "appBundles": [...], "extensions": [...]}}}`;
//! - an entitlement file is JSON `{"maxUsers", "startDate", "entitlements": {"<feature>": {"num"}}}`.

use serde_json::{json, Value};

use crate::sample::DAY_MS;

pub const PROVISION_KINDS: [&str; 4] = ["userTypes", "apps", "appBundles", "extensions"];

/// User types whose members can hold administrator privileges.
const ADMINISTRATOR_USER_TYPES: [&str; 5] = [
    "creatorUT",
    "GISProfessionalBasicUT",
    "GISProfessionalStdUT",
    "GISProfessionalAdvUT",
    "advancedUT",
];

const UNREADABLE: &str = "The license file is not valid. Download the organization's license file from My Esri and try again.";

/// The `MyEsri` part of a license file, checked item by item.
pub fn read_license(bytes: &[u8]) -> Result<Value, &'static str> {
    let file: Value = serde_json::from_slice(bytes).map_err(|_| UNREADABLE)?;
    let my_esri = file
        .get("MyEsri")
        .filter(|v| v.is_object())
        .ok_or(UNREADABLE)?;
    let provision = my_esri
        .get("provision")
        .filter(|v| v.is_object())
        .ok_or(UNREADABLE)?;
    let mut any = false;
    for kind in PROVISION_KINDS {
        for item in provision
            .get(kind)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id_ok = item
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| !id.is_empty());
            let max_ok = item.get("maxUsers").and_then(Value::as_u64).is_some();
            if !id_ok || !max_ok {
                return Err(UNREADABLE);
            }
            any = true;
        }
    }
    if !any {
        return Err("The license file provisions nothing.");
    }
    Ok(
        json!({"definitions": my_esri.get("definitions").cloned().unwrap_or(json!({})), "provision": provision}),
    )
}

/// `listAdministratorUserTypes=true`: the file's user types that can hold administrator privileges.
pub fn administrator_user_types(my_esri: &Value) -> Value {
    let ids: Vec<Value> = my_esri["provision"]["userTypes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|ut| ut["id"].as_str())
        .filter(|id| ADMINISTRATOR_USER_TYPES.contains(id))
        .map(|id| json!({"id": id}))
        .collect();
    json!({ "userTypes": ids })
}

/// One provisioned item as the license resource shows it.
pub fn licensed_item(item: &Value) -> Value {
    let start = item["startDate"].as_i64().unwrap_or(0);
    let expiration = item["expiration"].as_i64().unwrap_or(start + 365 * DAY_MS);
    let mut entry = json!({
        "id": item["id"],
        "maximumRegisteredMembers": item["maxUsers"],
        "expiration": expiration,
    });
    if start > 0 {
        entry["startDate"] = json!(start);
    }
    entry
}

/// A legacy entitlement file as the queue entry `getEntitlements` shows (seed 003), with its start date.
pub fn read_entitlements(bytes: &[u8]) -> Result<(i64, Value), &'static str> {
    const INVALID: &str = "The entitlements file is not valid.";
    let file: Value = serde_json::from_slice(bytes).map_err(|_| INVALID)?;
    let entitlements = file
        .get("entitlements")
        .filter(|e| e.as_object().is_some_and(|o| !o.is_empty()))
        .ok_or(INVALID)?;
    let start = file
        .get("startDate")
        .and_then(Value::as_i64)
        .ok_or(INVALID)?;
    let max_users = file
        .get("maxUsers")
        .and_then(Value::as_u64)
        .ok_or(INVALID)?;
    let queued = json!({
        "orgEntitlements": {
            "maxUsers": max_users,
            "startDate": start,
            "startDateStr": date_label(start),
            "entitlements": entitlements,
        },
        "signature": "***",
    });
    Ok((start, queued))
}

/// The civil date (UTC) of a moment: year, month, day (H. Hinnant's algorithm).
pub fn civil(ms: i64) -> (i64, i64, i64) {
    let z = ms.div_euclid(DAY_MS) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// `10-Sep-2015`, as `startDateStr` is written.
pub fn date_label(ms: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day) = civil(ms);
    format!("{day:02}-{}-{year}", MONTHS[(month - 1) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = include_str!("../samples/Organization_License.json");

    #[test]
    fn sample_license_file_reads() {
        let my_esri = read_license(FILE.as_bytes()).unwrap();
        assert!(my_esri["provision"]["userTypes"].as_array().unwrap().len() >= 3);
        let admins = administrator_user_types(&my_esri);
        assert!(admins["userTypes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["id"] != "viewerUT"));
    }

    #[test]
    fn bad_license_files_are_refused() {
        for bad in [
            &b""[..],
            b"{}",
            b"<html/>",
            br#"{"MyEsri":{"provision":{}}}"#,
            br#"{"MyEsri":{"provision":{"userTypes":[{"id":"x"}]}}}"#,
        ] {
            assert!(
                read_license(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn entitlement_files() {
        let (start, queued) = read_entitlements(
            br#"{"maxUsers":5,"startDate":1442000000000,"entitlements":{"desktopAdvN":{"num":5}}}"#,
        )
        .unwrap();
        assert_eq!(start, 1_442_000_000_000);
        assert_eq!(queued["orgEntitlements"]["startDateStr"], "11-Sep-2015");
        assert!(read_entitlements(br#"{"maxUsers":5,"startDate":1,"entitlements":{}}"#).is_err());
    }
}
