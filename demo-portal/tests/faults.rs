//! Fault switches: each one breaks only its path, the way a proxy or network would.

mod common;

use std::time::{Duration, Instant};

use common::*;
use demo_portal::{Config, Fault};

const ORGS: &str = "/arcgis/admin/orgs";

#[tokio::test]
async fn each_fault_breaks_its_path_only() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let request = || {
        client
            .post(running.url(ORGS))
            .header("Referer", CONSOLE_ORIGIN)
            .form(&[("f", "json"), ("token", token.as_str())])
    };
    let healthy = request().send().await.unwrap().text().await.unwrap();
    assert!(healthy.contains("organizations"));

    running.portal.faults.set(ORGS, Fault::HtmlLogin);
    let login = request().send().await.unwrap();
    assert_eq!(login.status(), 200);
    assert!(login.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(login.text().await.unwrap().starts_with("<!DOCTYPE html>"));
    let other = post(
        &client,
        running.url("/arcgis/sharing/rest/info"),
        &[("f", "json")],
    )
    .await;
    assert_eq!(
        other["authInfo"]["isTokenBasedSecurity"], true,
        "other paths are untouched"
    );
    running.portal.faults.clear();

    running.portal.faults.set(ORGS, Fault::BadGateway);
    assert_eq!(request().send().await.unwrap().status(), 502);
    running.portal.faults.clear();

    running.portal.faults.set(ORGS, Fault::TruncatedJson);
    let cut = request().send().await.unwrap().text().await.unwrap();
    assert!(!cut.is_empty() && healthy.starts_with(&cut) && cut.len() < healthy.len());
    assert!(serde_json::from_str::<serde_json::Value>(&cut).is_err());
    running.portal.faults.clear();

    running.portal.faults.set(ORGS, Fault::Drop);
    let dropped = match request().send().await {
        Ok(response) => response.text().await.is_err(),
        Err(_) => true,
    };
    assert!(dropped, "the connection breaks before a body arrives");
    running.portal.faults.clear();

    running.portal.faults.set(ORGS, Fault::Delay(400));
    let started = Instant::now();
    let late = request().send().await.unwrap().text().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(late, healthy);
}

#[tokio::test]
async fn faults_from_the_command_line_form() {
    let config = Config {
        faults: vec![(ORGS.into(), "bad-gateway".parse().unwrap())],
        ..Config::default()
    };
    let (running, client) = portal(config).await;
    assert_eq!(
        client
            .post(running.url(ORGS))
            .send()
            .await
            .unwrap()
            .status(),
        502
    );
}

#[tokio::test]
async fn concurrent_imports_all_land() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let url = running.url("/arcgis/admin/system/licenses/importServerLicenses");
    let mut uploads = tokio::task::JoinSet::new();
    for i in 0..16 {
        let file =
            format!("Feature: name=demoFeature{i}; displayName=Demo {i}; expires=2030-01-01\n");
        let form = reqwest::multipart::Form::new()
            .part(
                "licenseFile",
                reqwest::multipart::Part::bytes(file.into_bytes()).file_name(format!("f{i}.prvc")),
            )
            .text("f", "json")
            .text("token", token.clone());
        let (client, url) = (client.clone(), url.clone());
        uploads.spawn(async move { post_multipart(&client, url, form).await });
    }
    for answer in uploads.join_all().await {
        assert_eq!(answer["status"], "success");
    }
    let licenses = post(
        &client,
        running.url("/arcgis/admin/system/licenses"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(licenses["features"].as_array().unwrap().len(), 8 + 16);
}
