//! Organization license operations over HTTP: validate, import, license manager, future licenses, export.

mod common;

use common::*;
use demo_portal::{Config, Running, ORG_ID};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

const LICENSE_FILE: &[u8] = include_bytes!("../samples/Organization_License.json");

fn k8s(running: &Running, op: &str) -> String {
    running.url(&format!("/arcgis/admin/orgs/{ORG_ID}/license{op}"))
}

fn file_form(token: &str, name: &str, bytes: &[u8]) -> Form {
    Form::new()
        .part(
            "file",
            Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        )
        .text("f", "json")
        .text("token", token.to_owned())
}

async fn license(running: &Running, client: &reqwest::Client, token: &str) -> Value {
    post(client, k8s(running, ""), &[("f", "json"), ("token", token)]).await
}

fn max_of(license: &Value, kind: &str, id: &str) -> Option<u64> {
    license[kind].as_array()?.iter().find(|e| e["id"] == id)?["maximumRegisteredMembers"].as_u64()
}

#[tokio::test]
async fn validate_shows_what_the_file_provisions_and_changes_nothing() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let before = license(&running, &client, &token).await;
    let answer = post_multipart(
        &client,
        k8s(&running, "/validateLicense"),
        file_form(&token, "license.json", LICENSE_FILE),
    )
    .await;
    let user_types = answer["MyEsri"]["provision"]["userTypes"]
        .as_array()
        .unwrap();
    assert_eq!(
        user_types[0],
        json!({"id": "creatorUT", "maxUsers": 300, "startDate": 1767225600000i64, "expiration": 1830297600000i64})
    );
    assert!(answer["MyEsri"]["definitions"]["userTypes"].is_array());

    let admins = post_multipart(
        &client,
        k8s(&running, "/validateLicense"),
        file_form(&token, "license.json", LICENSE_FILE).text("listAdministratorUserTypes", "true"),
    )
    .await;
    let ids: Vec<&str> = admins["userTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["creatorUT", "GISProfessionalAdvUT"]);
    assert_eq!(license(&running, &client, &token).await, before);
}

#[tokio::test]
async fn import_replaces_the_licenses_and_bad_files_change_nothing() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let before = license(&running, &client, &token).await;
    assert_eq!(max_of(&before, "userTypes", "creatorUT"), Some(200));

    for (name, bytes) in [
        ("license.json", &b"not json"[..]),
        ("license.json", b""),
        ("license.txt", LICENSE_FILE),
        ("license.json", br#"{"MyEsri":{}}"#),
    ] {
        let refused = post_multipart(
            &client,
            k8s(&running, "/importLicense"),
            file_form(&token, name, bytes),
        )
        .await;
        assert_eq!(refused["status"], "error", "{name}: {refused}");
    }
    let no_file = Form::new().text("f", "json").text("token", token.clone());
    assert!(
        post_multipart(&client, k8s(&running, "/importLicense"), no_file).await["messages"][0]
            .as_str()
            .unwrap()
            .contains("'file'")
    );
    assert_eq!(
        license(&running, &client, &token).await,
        before,
        "refused uploads changed nothing"
    );

    let done = post_multipart(
        &client,
        k8s(&running, "/importLicense"),
        file_form(&token, "license.json", LICENSE_FILE),
    )
    .await;
    assert_eq!(done, json!({"status": "success"}));
    let after = license(&running, &client, &token).await;
    assert_eq!(max_of(&after, "userTypes", "creatorUT"), Some(300));
    assert_eq!(
        max_of(&after, "userTypes", "editorUT"),
        None,
        "user types not in the file are gone"
    );
    assert_eq!(max_of(&after, "apps", "arcgisprodesktop"), Some(340));
    let creator = after["userTypes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == "creatorUT")
        .unwrap();
    assert_eq!(
        creator["currentRegisteredMembers"],
        before["userTypes"][0]["currentRegisteredMembers"]
    );
    assert_eq!(creator["expiration"], 1830297600000i64);
}

#[tokio::test]
async fn items_starting_later_become_future_licenses() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "portal", "admin").await;
    let later = running.portal.classic.now_ms() + 30 * 86_400_000;
    let file = json!({"MyEsri": {"provision": {"userTypes": [{"id": "creatorUT", "maxUsers": 999, "startDate": later}]}}});
    let url = running.url("/portal/portaladmin/license/importLicense");
    assert_eq!(
        post_multipart(
            &client,
            url,
            file_form(&token, "renewal.json", file.to_string().as_bytes())
        )
        .await["status"],
        "success"
    );
    let future = post(
        &client,
        running.url("/portal/portaladmin/license/getFutureLicense"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(future["userTypes"][0]["maximumRegisteredMembers"], 999);
    assert_eq!(future["userTypes"][0]["startDate"], later);
    let current = post(
        &client,
        running.url("/portal/portaladmin/license"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(
        max_of(&current, "userTypes", "creatorUT"),
        Some(200),
        "not current yet"
    );
}

#[tokio::test]
async fn license_manager_updates_and_validates() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let url = k8s(&running, "/updateLicenseManager");
    for bad in [
        r#"{"hostname":"","port":27000}"#,
        r#"{"hostname":"lm1","port":70000}"#,
        "not json",
        r#"{"hostname":"a b","port":1}"#,
    ] {
        let refused = post(
            &client,
            url.clone(),
            &[
                ("licenseManagerInfo", bad),
                ("f", "json"),
                ("token", &token),
            ],
        )
        .await;
        assert_eq!(refused["status"], "error", "{bad}");
    }
    let before = license(&running, &client, &token).await;
    assert!(
        before.get("licenseManagerInfo").is_none(),
        "11.4 needs no license manager, and none is configured"
    );
    let info = r#"{"hostname":"lm1.example.com,lm2.example.com","port":27001}"#;
    let done = post(
        &client,
        url,
        &[
            ("licenseManagerInfo", info),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert_eq!(
        done,
        json!({"status": "success", "recheckAfterSeconds": 20})
    );
    let after = license(&running, &client, &token).await;
    assert_eq!(
        after["licenseManagerInfo"],
        json!({"hostname": "lm1.example.com,lm2.example.com", "port": 27001})
    );
}

#[tokio::test]
async fn geodatabase_license_is_a_file_download() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let response = client
        .post(k8s(&running, "/exportGeodatabaseLicense"))
        .header("Referer", CONSOLE_ORIGIN)
        .form(&[("f", "json"), ("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"geodatabaseLicense.ecp\""
    );
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("ecpCode=ecp644564588"));
    let missing = post(
        &client,
        k8s(&running, "/exportGeodatabaseLicense"),
        &[("f", "json")],
    )
    .await;
    assert_eq!(
        missing["code"], 499,
        "a missing token still gets the JSON error"
    );
}

#[tokio::test]
async fn operations_need_post_and_the_right_org() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let get = client
        .get(format!(
            "{}?f=json&token={token}",
            k8s(&running, "/importLicense")
        ))
        .header("Referer", CONSOLE_ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(get.json::<Value>().await.unwrap()["code"], 405);
    let wrong_org = post(
        &client,
        running.url("/arcgis/admin/orgs/FFFF/license"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(wrong_org["code"], 404);
    let classic_token = sign_in(&running, &client, "portal", "admin").await;
    let populate = post(
        &client,
        running.url("/portal/portaladmin/license/populateLicense"),
        &[("f", "json"), ("token", &classic_token)],
    )
    .await;
    assert_eq!(populate["status"], "success");
}

#[tokio::test]
async fn validate_url_exists_from_12_1_and_tells_a_file_issued_for_another_portal() {
    let (older, client) = portal(Config::default()).await;
    let token = sign_in(&older, &client, "arcgis", "admin").await;
    let missing = post(
        &client,
        k8s(&older, "/validateURL"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(missing["code"], 404, "11.4 has no validateURL");

    let config = || Config {
        kubernetes_version: "12.1".into(),
        ..Config::default()
    };
    let (matching, client) = portal(config()).await;
    let token = sign_in(&matching, &client, "arcgis", "admin").await;
    let ok = post(
        &client,
        k8s(&matching, "/validateURL"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(ok, json!({"status": "success"}));

    let (staging, client) = portal(Config {
        license_issued_for: Some("https://gis.example.com/portal".into()),
        ..config()
    })
    .await;
    let token = sign_in(&staging, &client, "arcgis", "admin").await;
    let mismatch = post(
        &client,
        k8s(&staging, "/validateURL"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(mismatch["status"], "error");
    assert!(mismatch["messages"][0]
        .as_str()
        .unwrap()
        .contains("issued for https://gis.example.com/portal"));
}
