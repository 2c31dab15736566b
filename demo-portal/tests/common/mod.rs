//! Helpers shared by the HTTP tests: a portal on a free port, a client, sign-in.
#![allow(dead_code)]

use demo_portal::{Config, Running};
use serde_json::Value;

pub const CONSOLE_ORIGIN: &str = "http://console.example.test";

pub async fn portal(config: Config) -> (Running, reqwest::Client) {
    let running = demo_portal::start(Config { port: 0, ..config })
        .await
        .expect("demo portal starts");
    (running, reqwest::Client::new())
}

/// A GET of `sharing/rest/<path>` in `context` (`arcgis` or `portal`) with the console's referer, as JSON.
pub async fn sharing_get(
    client: &reqwest::Client,
    running: &Running,
    context: &str,
    path: &str,
    token: &str,
) -> Value {
    let separator = if path.contains('?') { '&' } else { '?' };
    client
        .get(running.url(&format!(
            "/{context}/sharing/rest/{path}{separator}f=json&token={token}"
        )))
        .header("Referer", CONSOLE_ORIGIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn post(client: &reqwest::Client, url: String, form: &[(&str, &str)]) -> Value {
    let response = client
        .post(url)
        .header("Referer", format!("{CONSOLE_ORIGIN}/console/"))
        .form(form)
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}

pub async fn sign_in(
    running: &Running,
    client: &reqwest::Client,
    context: &str,
    user: &str,
) -> String {
    let answer = post(
        client,
        running.url(&format!("/{context}/sharing/rest/generateToken")),
        &[
            ("username", user),
            ("password", "arcgis-demo"),
            ("client", "referer"),
            ("referer", CONSOLE_ORIGIN),
            ("f", "json"),
        ],
    )
    .await;
    answer["token"].as_str().expect("a token").to_owned()
}

/// A multipart POST with the console's referer, answered as JSON.
pub async fn post_multipart(
    client: &reqwest::Client,
    url: String,
    form: reqwest::multipart::Form,
) -> Value {
    let response = client
        .post(url)
        .header("Referer", CONSOLE_ORIGIN)
        .multipart(form)
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}
