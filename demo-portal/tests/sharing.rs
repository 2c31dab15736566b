//! The sharing API over HTTP: info, self, purchases, and who holds which app offline.

mod common;

use common::*;
use demo_portal::{Config, Running, LISTINGS, ORG_ID};
use serde_json::Value;

async fn entitlements_page(
    running: &Running,
    client: &reqwest::Client,
    token: &str,
    item: &str,
    start: u64,
) -> Value {
    let url = running.url(&format!(
        "/arcgis/sharing/rest/content/listings/{item}/userEntitlements"
    ));
    post(
        client,
        url,
        &[
            ("f", "json"),
            ("token", token),
            ("start", &start.to_string()),
            ("num", "5"),
        ],
    )
    .await
}

#[tokio::test]
async fn info_and_self() {
    let (running, client) = portal(Config::default()).await;
    let info = post(
        &client,
        running.url("/arcgis/sharing/rest/info"),
        &[("f", "json")],
    )
    .await;
    assert_eq!(info["authInfo"]["isTokenBasedSecurity"], true);
    let anonymous = post(
        &client,
        running.url("/arcgis/sharing/rest/portals/self"),
        &[("f", "json")],
    )
    .await;
    assert_eq!(anonymous["id"], ORG_ID);
    assert!(anonymous.get("user").is_none());
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let signed_in = post(
        &client,
        running.url("/arcgis/sharing/rest/portals/self"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    assert_eq!(signed_in["user"]["username"], "admin");
    assert_eq!(signed_in["user"]["role"], "org_admin");
    let forged = post(
        &client,
        running.url("/arcgis/sharing/rest/portals/self"),
        &[("f", "json"), ("token", "forged")],
    )
    .await;
    assert_eq!(
        forged,
        serde_json::json!({"error": {"code": 498, "message": "Invalid token.", "details": []}})
    );
}

#[tokio::test]
async fn purchases_need_a_token_and_name_the_listings() {
    let (running, client) = portal(Config::default()).await;
    let missing = post(
        &client,
        running.url("/arcgis/sharing/rest/portals/self/purchases"),
        &[("f", "json")],
    )
    .await;
    assert_eq!(missing["error"]["code"], 499);
    assert_eq!(missing["error"]["messageCode"], "GWM_0003");
    let token = sign_in(&running, &client, "arcgis", "viewer").await;
    let purchases = post(
        &client,
        running.url("/arcgis/sharing/rest/portals/self/purchases"),
        &[("f", "json"), ("token", &token)],
    )
    .await;
    let pro = purchases["purchases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["listing"]["title"] == "ArcGIS Pro")
        .unwrap();
    assert_eq!(pro["listing"]["itemId"], LISTINGS[0].0);
    assert_eq!(pro["provision"]["canDisconnect"], true);
}

#[tokio::test]
async fn user_entitlements_page_through_and_show_disconnected_members() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let pro = LISTINGS[0].0;
    let (mut start, mut seen, mut disconnected) = (1, Vec::new(), Vec::new());
    loop {
        let page = entitlements_page(&running, &client, &token, pro, start).await;
        let users = page["userEntitlements"].as_array().unwrap();
        assert!(users.len() <= 5);
        for user in users {
            seen.push(user["username"].as_str().unwrap().to_owned());
            if user["disconnected"] == true {
                disconnected.push(user["username"].as_str().unwrap().to_owned());
            }
            assert!(user["lastLogin"].is_i64());
        }
        match page["nextStart"].as_i64().unwrap() {
            -1 => {
                assert_eq!(page["total"].as_u64().unwrap() as usize, seen.len());
                break;
            }
            next => start = next as u64,
        }
    }
    let holders: Vec<String> = running
        .portal
        .kubernetes
        .offline_holders("arcgisprodesktop");
    assert_eq!(disconnected, holders);
    assert!(holders.len() >= 5);

    let release = running.url(&format!(
        "/arcgis/admin/orgs/{ORG_ID}/license/releaseLicense"
    ));
    post(
        &client,
        release,
        &[
            ("username", &holders[0]),
            ("appId", "arcgisprodesktop"),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    let first = entitlements_page(&running, &client, &token, pro, 1).await;
    let all: Vec<&Value> = first["userEntitlements"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let entry = all.iter().find(|u| u["username"] == holders[0].as_str());
    assert!(
        entry.is_none_or(|u| u["disconnected"] == false),
        "releasing clears disconnected"
    );

    let viewer = sign_in(&running, &client, "arcgis", "viewer").await;
    let forbidden = entitlements_page(&running, &client, &viewer, pro, 1).await;
    assert_eq!(forbidden["error"]["code"], 403);
    let unknown = entitlements_page(&running, &client, &token, "nope", 1).await;
    assert_eq!(unknown["error"]["code"], 400);
}
