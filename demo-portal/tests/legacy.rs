//! A classic portal at 10.6.1: `system/licenses` and its entitlement queues instead of `license`.

mod common;

use common::*;
use demo_portal::Config;
use reqwest::multipart::{Form, Part};
use serde_json::json;

fn legacy() -> Config {
    Config {
        classic_version: "10.6.1".into(),
        ..Config::default()
    }
}

#[tokio::test]
async fn legacy_resources_answer_and_the_10_7_ones_do_not() {
    let (running, client) = portal(legacy()).await;
    let token = sign_in(&running, &client, "portal", "admin").await;
    let form = [("f", "json"), ("token", token.as_str())];
    let root = post(&client, running.url("/portal/portaladmin"), &form).await;
    assert_eq!(
        (
            root["version"].as_str(),
            root["isUserTypeLicensing"].as_bool()
        ),
        (Some("10.6.1"), Some(false))
    );
    let license = post(&client, running.url("/portal/portaladmin/license"), &form).await;
    assert_eq!(license["code"], 404);
    let licenses = post(
        &client,
        running.url("/portal/portaladmin/system/licenses"),
        &form,
    )
    .await;
    assert_eq!(licenses["isValid"], true);
    assert_eq!(licenses["features"].as_array().unwrap().len(), 2);
    assert_eq!(licenses["features"][1]["name"], "esriPortalLvl2");

    let (modern, client2) = portal(Config::default()).await;
    let token2 = sign_in(&modern, &client2, "portal", "admin").await;
    let gone = post(
        &client2,
        modern.url("/portal/portaladmin/system/licenses"),
        &[("f", "json"), ("token", &token2)],
    )
    .await;
    assert_eq!(gone["code"], 404);
}

#[tokio::test]
async fn entitlement_queue_import_and_remove() {
    let (running, client) = portal(legacy()).await;
    let token = sign_in(&running, &client, "portal", "admin").await;
    let url = |op: &str| running.url(&format!("/portal/portaladmin/system/licenses/{op}"));
    let queue = |client: reqwest::Client, url: String, token: String| async move {
        post(
            &client,
            url,
            &[
                ("appId", "arcgisprodesktop"),
                ("f", "json"),
                ("token", &token),
            ],
        )
        .await
    };
    let first = queue(client.clone(), url("getEntitlements"), token.clone()).await;
    assert_eq!(first["appId"], "arcgisprodesktop");
    let queued = &first["queue"][0]["orgEntitlements"];
    assert_eq!(queued["entitlements"]["desktopAdvN"]["num"], 30);
    assert!(queued["startDateStr"].as_str().unwrap().contains('-'));

    let file = include_bytes!("../samples/Pro_Entitlements.json");
    let form = Form::new()
        .part(
            "file",
            Part::bytes(file.to_vec()).file_name("Pro_Entitlements.json"),
        )
        .text("appId", "arcgisprodesktop")
        .text("f", "json")
        .text("token", token.clone());
    assert_eq!(
        post_multipart(&client, url("importEntitlements"), form).await,
        json!({"status": "success"})
    );
    assert_eq!(
        queue(client.clone(), url("getEntitlements"), token.clone()).await["queue"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let wrong_app = post(
        &client,
        url("removeAllEntitlements"),
        &[("appId", "nope"), ("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(wrong_app["status"], "error");
    let removed = post(
        &client,
        url("removeAllEntitlements"),
        &[
            ("appId", "arcgisprodesktop"),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert_eq!(removed["status"], "success");
    assert_eq!(
        queue(client.clone(), url("getEntitlements"), token.clone()).await,
        json!({})
    );
}

#[tokio::test]
async fn legacy_release_takes_only_a_username() {
    let (running, client) = portal(legacy()).await;
    let token = sign_in(&running, &client, "portal", "admin").await;
    let holder = running.portal.classic.offline_holders("arcgisprodesktop")[0].clone();
    let url = running.url("/portal/portaladmin/system/licenses/releaseLicense");
    let done = post(
        &client,
        url.clone(),
        &[("username", &holder), ("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(done["status"], "success");
    let again = post(
        &client,
        url,
        &[("username", &holder), ("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(again["status"], "error");
}
