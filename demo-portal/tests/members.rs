//! Members and their licenses, as the demo organization serves them: paging within the 10,000-result window,
//! one member's look-up, provisioning with its refusals, the user search and the marketplace item.

mod common;

use common::{portal, post, sharing_get, sign_in};
use demo_portal::members::{MARKETPLACE, PRO};
use demo_portal::{Config, Running};
use serde_json::Value;

/// Every page of `path` (which pages by `start` and `num=100`) until `nextStart` is -1: the items read, and the
/// `total` the first page gave.
async fn read_all(
    client: &reqwest::Client,
    running: &Running,
    path: &str,
    key: &str,
    token: &str,
) -> (Vec<Value>, u64) {
    let (mut items, mut start, mut total) = (Vec::new(), 1, 0);
    loop {
        let page = sharing_get(
            client,
            running,
            "arcgis",
            &format!(
                "{path}{}start={start}&num=100",
                if path.contains('?') { '&' } else { '?' }
            ),
            token,
        )
        .await;
        total = page["total"].as_u64().unwrap_or(total);
        items.extend(page[key].as_array().unwrap().iter().cloned());
        match page["nextStart"].as_i64().unwrap() {
            -1 => return (items, total),
            next => start = next,
        }
    }
}

/// `portals/self/purchases` of the Kubernetes context.
async fn purchases(client: &reqwest::Client, running: &Running, token: &str) -> Value {
    sharing_get(client, running, "arcgis", "portals/self/purchases", token).await
}

#[tokio::test]
async fn listings_and_searches_stop_at_ten_thousand_though_the_total_says_more() {
    let (running, client) = portal(Config {
        members: 15_000,
        pro_holders: 12_000,
        ..Config::default()
    })
    .await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let listing = format!("content/listings/{}/userEntitlements", PRO.item_id);
    let (holders, total) = read_all(&client, &running, &listing, "userEntitlements", &token).await;
    assert_eq!(total, 12_000);
    assert_eq!(holders.len(), 10_000, "the listing stops at the window");
    let past = sharing_get(
        &client,
        &running,
        "arcgis",
        &format!("{listing}?start=10001&num=100"),
        &token,
    )
    .await;
    assert_eq!(past["userEntitlements"].as_array().unwrap().len(), 0);
    assert_eq!(past["nextStart"], -1);

    let (members, total) = read_all(
        &client,
        &running,
        "portals/self/users/search",
        "results",
        &token,
    )
    .await;
    assert_eq!(total, 15_000);
    assert_eq!(members.len(), 10_000, "so does the search");
    let names: Vec<&str> = members
        .iter()
        .map(|m| m["username"].as_str().unwrap())
        .collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "in username order");
    let split = sharing_get(
        &client,
        &running,
        "arcgis",
        "portals/self/users/search?q=username:member1*&start=1&num=100",
        &token,
    )
    .await;
    assert_eq!(
        split["total"], 4_965,
        "a prefix narrows the search below the window"
    );
}

#[tokio::test]
async fn provisioning_revokes_and_refuses_what_a_portal_refuses() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let provision = running.url(&format!(
        "/arcgis/sharing/rest/content/listings/{}/provisionUserEntitlements",
        PRO.item_id
    ));
    let member = |name: &str| format!("content/listings/{}/userEntitlements/{name}", PRO.item_id);
    let holder = "member00001";
    let held = sharing_get(&client, &running, "arcgis", &member(holder), &token).await;
    assert!(
        held["userEntitlements"]["entitlements"][0]
            .as_str()
            .unwrap()
            .starts_with("desktop"),
        "a Pro level: {held}"
    );
    let revoke = |users: &[&str]| {
        format!(
            r#"{{"users":{},"entitlements":[]}}"#,
            serde_json::json!(users)
        )
    };
    let answer = post(
        &client,
        provision.clone(),
        &[
            ("userEntitlements", &revoke(&[holder])),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert_eq!(answer["success"], true, "{answer}");
    assert!(
        sharing_get(&client, &running, "arcgis", &member(holder), &token)
            .await
            .get("userEntitlements")
            .is_none()
    );

    let offline = running.portal.kubernetes.offline_holders(PRO.app_id)[0].clone();
    let refused = post(
        &client,
        provision.clone(),
        &[
            ("userEntitlements", &revoke(&["member00002", &offline])),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert_eq!(
        refused["error"]["message"],
        "None of the specified users can be disconnected."
    );
    assert!(
        sharing_get(&client, &running, "arcgis", &member("member00002"), &token)
            .await
            .get("userEntitlements")
            .is_some(),
        "refused as a whole: nothing changed"
    );

    let many: Vec<String> = (1..=26).map(|i| format!("member{i:05}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let too_many = post(
        &client,
        provision.clone(),
        &[
            ("userEntitlements", &revoke(&many)),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert!(
        too_many["error"]["message"]
            .as_str()
            .unwrap()
            .contains("25"),
        "{too_many}"
    );

    let over = r#"{"users":["member00003"],"entitlements":["3DAnalystN"]}"#.to_string();
    let not_enough = post(
        &client,
        provision,
        &[
            ("userEntitlements", &over),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert!(
        not_enough["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Not enough licenses"),
        "3D Analyst is over-assigned already: {not_enough}"
    );
}

#[tokio::test]
async fn purchases_say_what_is_owned_and_the_marketplace_item_is_not_licensed_by_user() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let purchases = purchases(&client, &running, &token).await;
    let pro = purchases["purchases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["listing"]["itemId"] == PRO.item_id)
        .unwrap();
    let owned = pro["provision"]["orgEntitlements"]["entitlements"]["desktopAdvN"]["num"]
        .as_u64()
        .unwrap();
    let holders = running
        .portal
        .kubernetes
        .lock()
        .members
        .iter()
        .filter(|m| m.entitlements(PRO.app_id).contains(&"desktopAdvN"))
        .count() as u64;
    assert!(owned >= holders, "{owned} owned, {holders} assigned");
    let marketplace = sharing_get(
        &client,
        &running,
        "arcgis",
        &format!(
            "content/listings/{}/userEntitlements?start=1&num=100",
            MARKETPLACE.item_id
        ),
        &token,
    )
    .await;
    assert_eq!(marketplace["error"]["message"], "not licensed by user");
}

#[tokio::test]
async fn the_member_list_splits_by_user_type_and_role_and_counts_match() {
    let (running, client) = portal(Config {
        members: 12_000,
        pro_holders: 100,
        ..Config::default()
    })
    .await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let counts = sharing_get(
        &client,
        &running,
        "arcgis",
        "portals/self/users/counts?type=userLicenseType",
        &token,
    )
    .await;
    let counts = counts["results"].as_array().unwrap().clone();
    let sum: u64 = counts.iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(sum, 12_000);
    for count in &counts {
        let user_type = count["key"].as_str().unwrap();
        let (users, total) = read_all(
            &client,
            &running,
            &format!("portals/self/users?userLicenseType={user_type}"),
            "users",
            &token,
        )
        .await;
        assert_eq!(total, count["count"].as_u64().unwrap());
        assert!(users.iter().all(|u| u["userLicenseTypeId"] == user_type));
    }
    let roles = sharing_get(
        &client,
        &running,
        "arcgis",
        "portals/self/users/counts?type=role",
        &token,
    )
    .await;
    assert!(roles["results"].as_array().unwrap().len() >= 2);
    let refused = sharing_get(
        &client,
        &running,
        "arcgis",
        "portals/self/users/counts?type=nonsense",
        &token,
    )
    .await;
    assert_eq!(refused["error"]["code"], 400);
}

#[tokio::test]
async fn ignoring_sort_order_and_documented_only_answers_are_switches() {
    let (running, client) = portal(Config {
        quirks: demo_portal::Quirks {
            ignore_sort_order: true,
            documented_only: true,
        },
        ..Config::default()
    })
    .await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let asc = sharing_get(
        &client,
        &running,
        "arcgis",
        "portals/self/users/search?q=&sortField=username&sortOrder=asc&num=5",
        &token,
    )
    .await;
    let desc = sharing_get(
        &client,
        &running,
        "arcgis",
        "portals/self/users/search?q=&sortField=username&sortOrder=desc&num=5",
        &token,
    )
    .await;
    assert_eq!(
        asc["results"], desc["results"],
        "the far end repeats the near end"
    );
    let purchases = purchases(&client, &running, &token).await;
    for purchase in purchases["purchases"].as_array().unwrap() {
        assert!(purchase["listing"].get("listingType").is_none());
        assert!(purchase["listing"].get("appId").is_none());
    }
    let bundles = sharing_get(
        &client,
        &running,
        "arcgis",
        "portals/self/appBundles?start=1&num=100",
        &token,
    )
    .await;
    assert_eq!(bundles["appBundles"].as_array().unwrap().len(), 1);
    let holder = sharing_get(
        &client,
        &running,
        "arcgis",
        &format!("content/listings/{}/userEntitlements?num=1", PRO.item_id),
        &token,
    )
    .await;
    let username = holder["userEntitlements"][0]["username"]
        .as_str()
        .unwrap()
        .to_owned();
    let one = sharing_get(
        &client,
        &running,
        "arcgis",
        &format!(
            "content/listings/{}/userEntitlements/{username}",
            PRO.item_id
        ),
        &token,
    )
    .await;
    assert!(one["userEntitlements"].get("disconnected").is_none());
}

#[tokio::test]
async fn the_offline_policy_changes_only_with_its_documented_fields() {
    let (running, client) = portal(Config::default()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let url = running.url(&format!(
        "/arcgis/sharing/rest/content/listings/{}/setDisconnectSettings",
        PRO.item_id
    ));
    let odd = post(
        &client,
        url.clone(),
        &[
            ("canDisconnect", "false"),
            ("maxDisconnectDuration", "30"),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert_eq!(odd["error"]["code"], 400);
    let done = post(
        &client,
        url,
        &[
            ("canDisconnect", "false"),
            ("maxDisconnectDuration", "-1"),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert_eq!(done, serde_json::json!({"success": true}));
    let purchases = purchases(&client, &running, &token).await;
    let pro = purchases["purchases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["listing"]["itemId"] == PRO.item_id)
        .unwrap();
    assert_eq!(pro["provision"]["canDisconnect"], false);
}
