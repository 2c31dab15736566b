//! The user types the organization is licensed for, as `portals/self/userLicenseTypes` serves them.

mod common;

use common::{portal, sharing_get, sign_in};
use demo_portal::Config;
use serde_json::Value;

const PATH: &str = "portals/self/userLicenseTypes?start=1&num=100";

#[tokio::test]
async fn user_license_types_give_the_documented_fields_with_the_releases_names() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let answer = sharing_get(&client, &running, "arcgis", PATH, &token).await;
    let types = answer["userLicenseTypes"].as_array().unwrap();
    assert_eq!(answer["total"], types.len());
    assert_eq!(answer["nextStart"], -1);
    let license = running.portal.kubernetes.lock().license["userTypes"].clone();
    for t in types {
        let keys: Vec<&String> = t.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["id", "maxUsers", "name"], "documented fields only");
        let owned = license
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["id"] == t["id"])
            .unwrap()["maximumRegisteredMembers"]
            .clone();
        assert_eq!(t["maxUsers"], owned);
    }
    let name_of = |answer: &Value, id: &str| {
        answer["userLicenseTypes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()["name"]
            .clone()
    };
    assert_eq!(name_of(&answer, "editorUT"), "Contributor", "11.4 names");
    let classic = sign_in(&running, &client, "portal", "admin").await;
    let old = sharing_get(&client, &running, "portal", PATH, &classic).await;
    assert_eq!(name_of(&old, "editorUT"), "Editor", "11.1 names");
}
