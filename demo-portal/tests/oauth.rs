//! OAuth 2.0 with PKCE over HTTP: the sign-in page, the redirect, the code exchange and refresh.

mod common;

use common::*;
use demo_portal::{s256, Config, OAuthApp};
use serde_json::Value;

const VERIFIER: &str = "a-verifier-of-sufficient-length-0123456789-abcdefghijklmnop";
const REDIRECT: &str = "https://console.example.test/console/";

fn config() -> Config {
    Config {
        oauth: OAuthApp {
            client_id: "console".into(),
            redirect_uris: vec![REDIRECT.into()],
        },
        ..Config::default()
    }
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn authorize_fields(redirect: &str) -> Vec<(&'static str, String)> {
    vec![
        ("client_id", "console".into()),
        ("response_type", "code".into()),
        ("redirect_uri", redirect.into()),
        ("state", "s t&ate".into()),
        ("code_challenge", s256(VERIFIER)),
        ("code_challenge_method", "S256".into()),
    ]
}

/// Signs in on the authorize page and returns the code from the redirect.
async fn code(url: &str, client: &reqwest::Client) -> String {
    let mut form = authorize_fields(REDIRECT);
    form.push(("username", "admin".into()));
    form.push(("password", "arcgis-demo".into()));
    let response = client.post(url).form(&form).send().await.unwrap();
    assert_eq!(response.status(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&format!("{REDIRECT}?code=")),
        "{location}"
    );
    assert!(
        location.ends_with("&state=s+t%26ate"),
        "state comes back: {location}"
    );
    location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned()
}

/// What the token endpoint answers to `form`.
async fn token_answer(url: &str, client: &reqwest::Client, form: &[(&str, &str)]) -> Value {
    client
        .post(url)
        .form(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn exchange(url: &str, client: &reqwest::Client, code: &str, verifier: &str) -> Value {
    let form = [
        ("client_id", "console"),
        ("grant_type", "authorization_code"),
        ("redirect_uri", REDIRECT),
        ("code", code),
        ("code_verifier", verifier),
        ("f", "json"),
    ];
    token_answer(url, client, &form).await
}

/// Asks the token endpoint for a new access token with a refresh token.
async fn refresh(url: &str, client: &reqwest::Client, refresh_token: &str) -> Value {
    let form = [
        ("client_id", "console"),
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("f", "json"),
    ];
    token_answer(url, client, &form).await
}

#[tokio::test]
async fn authorization_code_with_pkce_then_refresh() {
    let (running, _) = portal(config()).await;
    let client = no_redirects();
    let authorize = running.url("/arcgis/sharing/rest/oauth2/authorize");
    let token_url = running.url("/arcgis/sharing/rest/oauth2/token");

    let query: Vec<(&str, String)> = authorize_fields(REDIRECT);
    let page = client.get(&authorize).query(&query).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<form method=\"post\">") && html.contains("name=\"password\""));

    let wrong = exchange(
        &token_url,
        &client,
        &code(&authorize, &client).await,
        "not-the-verifier",
    )
    .await;
    assert_eq!(wrong["error"]["error"], "invalid_grant");
    let first = code(&authorize, &client).await;
    let granted = exchange(&token_url, &client, &first, VERIFIER).await;
    assert_eq!(granted["expires_in"], 1800);
    assert_eq!(granted["username"], "admin");
    let again = exchange(&token_url, &client, &first, VERIFIER).await;
    assert_eq!(again["error"]["error"], "invalid_grant", "codes work once");

    let access = granted["access_token"].as_str().unwrap();
    let orgs = post(
        &client,
        running.url("/arcgis/admin/orgs"),
        &[("f", "json"), ("token", access)],
    )
    .await;
    assert_eq!(orgs["organizations"][0], demo_portal::ORG_ID);

    let refreshed = refresh(
        &token_url,
        &client,
        granted["refresh_token"].as_str().unwrap(),
    )
    .await;
    assert_ne!(refreshed["access_token"], granted["access_token"]);
    let refused = refresh(&token_url, &client, "forged").await;
    assert_eq!(refused["error"]["error"], "invalid_grant");
}

#[tokio::test]
async fn unregistered_clients_and_redirects_are_refused_without_redirecting() {
    let (running, _) = portal(config()).await;
    let client = no_redirects();
    let authorize = running.url("/arcgis/sharing/rest/oauth2/authorize");
    let mut form = authorize_fields("https://evil.example.test/steal");
    form.push(("username", "admin".into()));
    form.push(("password", "arcgis-demo".into()));
    let response = client.post(&authorize).form(&form).send().await.unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.headers().get("location").is_none());
    let mut wrong_client = authorize_fields(REDIRECT);
    wrong_client[0].1 = "someone-else".into();
    assert_eq!(
        client
            .get(&authorize)
            .query(&wrong_client)
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    let mut bad_password = authorize_fields(REDIRECT);
    bad_password.push(("username", "admin".into()));
    bad_password.push(("password", "nope".into()));
    let page = client
        .post(&authorize)
        .form(&bad_password)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Invalid username or password."));
}
