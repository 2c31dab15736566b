//! The user types the organization is licensed for, as `portals/self/userLicenseTypes` serves them.

mod common;

use common::{portal, post, sharing_get, sign_in};
use demo_portal::{Config, Running};
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

/// A POST of `sharing/rest/portals/self/<operation>` in the Kubernetes context.
async fn change(
    client: &reqwest::Client,
    running: &Running,
    operation: &str,
    form: &[(&str, &str)],
    token: &str,
) -> Value {
    let mut form = form.to_vec();
    form.extend([("f", "json"), ("token", token)]);
    post(
        client,
        running.url(&format!("/arcgis/sharing/rest/portals/self/{operation}")),
        &form,
    )
    .await
}

/// `updateUserLicenseType` for `users` (the form's text: a JSON array, or not).
async fn set_type(
    client: &reqwest::Client,
    running: &Running,
    users: &str,
    user_type: &str,
    token: &str,
) -> Value {
    let form = [("users", users), ("userLicenseType", user_type)];
    change(client, running, "updateUserLicenseType", &form, token).await
}

/// A member of `user_type` for whom `pick` holds, from the portal's own state.
fn member_where(running: &Running, pick: impl Fn(&demo_portal::Member) -> bool) -> String {
    let state = running.portal.kubernetes.lock();
    state
        .members
        .iter()
        .find(|m| pick(m))
        .expect("such a member")
        .username
        .clone()
}

fn registered(running: &Running, user_type: &str) -> u64 {
    running
        .portal
        .kubernetes
        .lock()
        .members
        .iter()
        .filter(|m| m.user_type == user_type)
        .count() as u64
}

#[tokio::test]
async fn roles_list_viewer_data_editor_and_a_custom_role_with_privileges() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let answer = sharing_get(
        &client,
        &running,
        "arcgis",
        "portals/self/roles?start=1&num=100&returnPrivileges=true",
        &token,
    )
    .await;
    let roles = answer["roles"].as_array().unwrap();
    let ids: Vec<&str> = roles.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"iAAAAAAAAAAAAAAA") && ids.contains(&"iBBBBBBBBBBBBBBB"));
    assert_eq!(
        roles.len(),
        3,
        "Viewer, Data Editor and one custom role; built-in roles are not listed"
    );
    assert!(roles
        .iter()
        .all(|r| r["privileges"].as_array().is_some_and(|p| !p.is_empty())));
    let user = sign_in(&running, &client, "arcgis", "viewer").await;
    let refused = sharing_get(&client, &running, "arcgis", "portals/self/roles", &user).await;
    assert!(
        refused["error"].is_object(),
        "administrators only: {refused}"
    );
}

#[tokio::test]
async fn a_type_change_is_refused_per_member_for_add_ons_roles_and_seats_and_counts_follow() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let pro_creator = member_where(&running, |m| {
        m.user_type == "creatorUT"
            && m.role == "org_user"
            && m.role_id.is_none()
            && m.holds_app("arcgisprodesktop")
            && m.offline.is_empty()
            && m.bundles.is_empty()
            && m.holds.len() == 1
    });
    let publisher = member_where(&running, |m| {
        m.user_type == "creatorUT" && m.role == "org_publisher" && m.holds.is_empty()
    });
    let users =
        serde_json::to_string(&[&pro_creator, &publisher, &"nobody.here".to_owned()]).unwrap();
    let answer = set_type(&client, &running, &users, "viewerUT", &token).await;
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "a result per member: {answer}");
    assert!(results.iter().all(|r| r["status"] == false));
    assert!(results[0]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("arcgisprodesktop"));
    assert!(results[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Publisher"));

    let (creators, viewers) = (
        registered(&running, "creatorUT"),
        registered(&running, "viewerUT"),
    );
    let role = change(
        &client,
        &running,
        "updateUserRole",
        &[("user", &publisher), ("role", "iAAAAAAAAAAAAAAA")],
        &token,
    )
    .await;
    assert_eq!(role["success"], true, "{role}");
    let users = serde_json::to_string(&[&publisher]).unwrap();
    let answer = set_type(&client, &running, &users, "viewerUT", &token).await;
    assert_eq!(answer["results"][0]["status"], true, "{answer}");
    assert_eq!(
        (
            registered(&running, "creatorUT"),
            registered(&running, "viewerUT")
        ),
        (creators - 1, viewers + 1)
    );
    let license = post(
        &client,
        running.url(&format!(
            "/arcgis/admin/orgs/{}/license",
            demo_portal::ORG_ID
        )),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    let seat = |id: &str| {
        license["userTypes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()["currentRegisteredMembers"]
            .clone()
    };
    assert_eq!(
        seat("viewerUT"),
        viewers + 1,
        "the license's counts follow the change"
    );
    let back = change(
        &client,
        &running,
        "updateUserRole",
        &[("user", &publisher), ("role", "org_publisher")],
        &token,
    )
    .await;
    assert!(
        back["error"].is_object(),
        "a Viewer cannot be a Publisher: {back}"
    );

    let too_many: Vec<String> = (0..26).map(|i| format!("member{i:05}")).collect();
    let too_many = serde_json::to_string(&too_many).unwrap();
    let answer = set_type(&client, &running, &too_many, "viewerUT", &token).await;
    assert!(
        answer["error"].is_object(),
        "more than 25 refused whole: {answer}"
    );
    let answer = set_type(&client, &running, "member00001", "viewerUT", &token).await;
    assert!(
        answer["error"].is_object(),
        "users must be a JSON array: {answer}"
    );
}

#[tokio::test]
async fn a_swap_works_with_no_spare_seat_when_the_downgrade_goes_first() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let full = "GISProfessionalAdvUT";
    let up = member_where(&running, |m| {
        m.user_type == "creatorUT" && m.offline.is_empty() && m.role_id.is_none()
    });
    let down = member_where(&running, |m| {
        m.user_type == full && m.offline.is_empty() && m.role_id.is_none()
    });
    let one = |name: &str| serde_json::to_string(&[name]).unwrap();
    let refused = set_type(&client, &running, &one(&up), full, &token).await;
    assert_eq!(
        refused["results"][0]["status"], false,
        "no seat left: {refused}"
    );
    assert!(refused["results"][0]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("available"));
    let first = set_type(&client, &running, &one(&down), "creatorUT", &token).await;
    assert_eq!(first["results"][0]["status"], true, "{first}");
    let then = set_type(&client, &running, &one(&up), full, &token).await;
    assert_eq!(then["results"][0]["status"], true, "{then}");

    let offline = member_where(&running, |m| {
        m.user_type == "creatorUT" && m.offline.contains(&"arcgisprodesktop")
    });
    let answer = set_type(
        &client,
        &running,
        &one(&offline),
        "GISProfessionalStdUT",
        &token,
    )
    .await;
    assert!(
        answer["results"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("checked out"),
        "{answer}"
    );
}
