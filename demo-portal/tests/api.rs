//! The demo portal over real HTTP: success shapes, both error shapes, tokens, state changes, CORS.

use demo_portal::{Config, Running, ORG_ID};
use reqwest::multipart::{Form, Part};
use serde_json::Value;

mod common;

use common::*;

fn license_url(running: &Running) -> String {
    running.url(&format!("/arcgis/admin/orgs/{ORG_ID}/license"))
}

/// The organization's license as `token` is answered.
async fn license(running: &Running, client: &reqwest::Client, token: &str) -> Value {
    post(
        client,
        license_url(running),
        &[("f", "json"), ("token", token)],
    )
    .await
}

#[tokio::test]
async fn generate_token_answers_token_and_expiry_or_the_documented_error() {
    let (running, client) = portal(Config::default()).await;
    let url = running.url("/arcgis/sharing/rest/generateToken");
    let ok = post(
        &client,
        url.clone(),
        &[
            ("username", "admin"),
            ("password", "arcgis-demo"),
            ("client", "referer"),
            ("referer", CONSOLE_ORIGIN),
            ("expiration", "99999"),
            ("f", "json"),
        ],
    )
    .await;
    assert_eq!(ok["token"].as_str().unwrap().len(), 64);
    assert_eq!(ok["ssl"], false);
    let lifetime_min =
        (ok["expires"].as_i64().unwrap() - running.portal.kubernetes.now_ms()) / 60_000;
    assert!(
        (20_150..=20_160).contains(&lifetime_min),
        "expiration is capped at two weeks, got {lifetime_min}"
    );
    let wrong = post(
        &client,
        url,
        &[("username", "admin"), ("password", "nope"), ("f", "json")],
    )
    .await;
    assert_eq!(
        wrong,
        serde_json::json!({"error": {"code": 400, "message": "Unable to generate token.", "details": ["Invalid username or password."]}})
    );
}

#[tokio::test]
async fn admin_resources_demand_a_valid_token_in_the_body() {
    let (running, client) = portal(Config::default()).await;
    let missing = post(&client, license_url(&running), &[("f", "json")]).await;
    assert_eq!(missing["status"], "error");
    assert_eq!(missing["code"], 499);
    let bad = post(
        &client,
        license_url(&running),
        &[("f", "json"), ("token", "forged")],
    )
    .await;
    assert_eq!(
        bad,
        serde_json::json!({"status": "error", "messages": ["Invalid token."], "code": 498})
    );
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let in_query = client
        .post(format!("{}?token={token}", license_url(&running)))
        .header("Referer", CONSOLE_ORIGIN)
        .form(&[("f", "json")])
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(in_query["code"], 499, "a POST's token must be in its body");
    let license = license(&running, &client, &token).await;
    assert_eq!(
        license["capabilities"]["features"][0]["displayName"],
        "ArcGIS GIS Server Advanced"
    );
    assert_eq!(license["version"], "11.4");
}

#[tokio::test]
async fn tokens_are_bound_to_their_referer_and_expire() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let elsewhere = client
        .post(license_url(&running))
        .header("Referer", "http://evil.example.test/")
        .form(&[("f", "json"), ("token", token.as_str())])
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(elsewhere["code"], 498);
    let orgs = post(
        &client,
        running.url("/arcgis/admin/orgs"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(orgs["organizations"][0], ORG_ID);
    running.portal.kubernetes.advance_clock(61 * 60_000);
    let expired = post(
        &client,
        running.url("/arcgis/admin/orgs"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(expired["code"], 498);
}

#[tokio::test]
async fn members_without_admin_rights_are_forbidden() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "viewer").await;
    let answer = license(&running, &client, &token).await;
    assert_eq!(answer["code"], 403);
    assert_eq!(answer["status"], "error");
}

#[tokio::test]
async fn release_license_checks_in_once_then_fails() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let url = running.url(&format!(
        "/arcgis/admin/orgs/{ORG_ID}/license/releaseLicense"
    ));
    let holder = running
        .portal
        .kubernetes
        .offline_holders("arcgisprodesktop")[0]
        .clone();
    let form = [
        ("username", holder.as_str()),
        ("appId", "arcgisprodesktop"),
        ("f", "json"),
        ("token", &token),
    ];
    assert_eq!(
        post(&client, url.clone(), &form).await,
        serde_json::json!({"status": "success"})
    );
    let again = post(&client, url.clone(), &form).await;
    assert_eq!(again["status"], "error");
    assert!(again["messages"][0]
        .as_str()
        .unwrap()
        .contains("does not have a license"));
    let allsource = post(
        &client,
        url.clone(),
        &[
            ("username", holder.as_str()),
            ("appId", "arcgisallsource"),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert!(
        allsource["messages"][0]
            .as_str()
            .unwrap()
            .contains("Invalid appId"),
        "AllSource needs 11.5"
    );
    let nobody = post(
        &client,
        url,
        &[
            ("username", "ghost"),
            ("appId", "drone2map"),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert_eq!(nobody["code"], 404);
}

fn upload(token: &str, name: &str, bytes: &[u8], overwrite: bool) -> Form {
    Form::new()
        .part(
            "licenseFile",
            Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        )
        .text("overwrite", overwrite.to_string())
        .text("f", "json")
        .text("token", token.to_owned())
}

async fn server_feature_names(
    running: &Running,
    client: &reqwest::Client,
    token: &str,
) -> Vec<String> {
    let licenses = post(
        client,
        running.url("/arcgis/admin/system/licenses"),
        &[("f", "json"), ("token", token)],
    )
    .await;
    licenses["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn server_license_import_appends_overwrites_and_refuses_bad_files() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let url = running.url("/arcgis/admin/system/licenses/importServerLicenses");
    let send = |form: Form| {
        let request = client
            .post(url.clone())
            .header("Referer", CONSOLE_ORIGIN)
            .multipart(form);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let before = server_feature_names(&running, &client, &token).await;
    assert_eq!(before.len(), 8);
    let geoevent = b"Feature: name=esriServerGeoEvent; displayName=ArcGIS GeoEvent Server; cores=4; expires=2030-01-31\n";

    for (name, bytes) in [
        ("notes.txt", &geoevent[..]),
        ("empty.prvc", b""),
        ("garbage.epc", b"\xff\x00\xfe"),
    ] {
        let refused = send(upload(&token, name, bytes, true)).await;
        assert_eq!(refused["status"], "error", "{name}");
    }
    let big = vec![b'#'; 1024 * 1024 + 1];
    assert!(
        send(upload(&token, "big.prvc", &big, true)).await["messages"][0]
            .as_str()
            .unwrap()
            .contains("larger than")
    );
    let wrong_part = Form::new()
        .part("file", Part::bytes(geoevent.to_vec()).file_name("a.prvc"))
        .text("f", "json")
        .text("token", token.clone());
    assert!(send(wrong_part).await["messages"][0]
        .as_str()
        .unwrap()
        .contains("licenseFile"));
    assert_eq!(
        server_feature_names(&running, &client, &token).await,
        before,
        "nothing changed"
    );

    assert_eq!(
        send(upload(&token, "GeoEvent.prvc", geoevent, false)).await["status"],
        "success"
    );
    let appended = server_feature_names(&running, &client, &token).await;
    assert_eq!(appended.len(), 9);
    assert_eq!(appended.last().unwrap(), "esriServerGeoEvent");
    let license = license(&running, &client, &token).await;
    let licensed: Vec<&str> = license["capabilities"]["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert_eq!(licensed.len(), 8, "the organization license is not changed");
    assert!(!licensed.contains(&"esriServerGeoEvent"));

    assert_eq!(
        send(upload(&token, "GeoEvent.epc", geoevent, true)).await["status"],
        "success"
    );
    assert_eq!(
        server_feature_names(&running, &client, &token).await,
        ["esriServerGeoEvent"]
    );
    assert_eq!(
        send(upload(&token, "Server_Image.ECP", geoevent, true)).await["status"],
        "success",
        "authorization files from My Esri are .ecp, in any letter case"
    );
    assert_eq!(
        server_feature_names(&running, &client, &token).await,
        ["esriServerGeoEvent"]
    );
}

#[tokio::test]
async fn classic_context_answers_portaladmin() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "portal", "admin").await;
    let root = post(
        &client,
        running.url("/portal/portaladmin"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(root["isUserTypeLicensing"], true);
    assert_eq!(root["version"], "11.1.0");
    let license = post(
        &client,
        running.url("/portal/portaladmin/license"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert!(license.get("capabilities").is_none());
    assert_eq!(license["userTypes"][0]["id"], "creatorUT");
    let cross = post(
        &client,
        running.url("/arcgis/admin/orgs"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(
        cross["code"], 498,
        "a token of one portal means nothing to another"
    );
}

#[tokio::test]
async fn cors_allow_list() {
    let (running, client) = portal(Config {
        allow_origins: vec![CONSOLE_ORIGIN.into()],
        ..Config::default()
    })
    .await;
    let url = running.url("/arcgis/sharing/rest/generateToken");
    let allowed = client
        .post(url.clone())
        .header("Origin", CONSOLE_ORIGIN)
        .form(&[("f", "json")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        CONSOLE_ORIGIN
    );
    let refused = client
        .post(url.clone())
        .header("Origin", "http://other.example.test")
        .form(&[("f", "json")])
        .send()
        .await
        .unwrap();
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    let preflight = client
        .request(reqwest::Method::OPTIONS, url)
        .header("Origin", CONSOLE_ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(
        preflight.headers()["access-control-allow-methods"],
        "GET, POST"
    );

    let (open, client) = portal(Config::default()).await;
    let any = client
        .post(open.url("/portal/portaladmin"))
        .header("Origin", "http://anywhere.test")
        .send()
        .await
        .unwrap();
    assert_eq!(
        any.headers()["access-control-allow-origin"],
        "http://anywhere.test"
    );
}

#[tokio::test]
async fn html_is_the_default_format_and_pjson_is_pretty() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let url = running.url("/arcgis/admin/orgs");
    let page = client
        .post(url.clone())
        .header("Referer", CONSOLE_ORIGIN)
        .form(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(page.text().await.unwrap().contains("0123456789ABCDEF"));
    let pretty = client
        .get(format!("{url}?f=pjson&token={token}"))
        .header("Referer", CONSOLE_ORIGIN)
        .send()
        .await
        .unwrap();
    assert!(
        pretty
            .text()
            .await
            .unwrap()
            .contains("\n  \"organizations\""),
        "GET with the token in the query works too"
    );
}
