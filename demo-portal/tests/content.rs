//! Items kept in the portal: added, found by type keywords, read, replaced, shared with the administrators' group,
//! kept across a restart with `--data-dir`, and seeded as years of history with `--history-days`.

mod common;

use common::{portal, post, sharing_get, sign_in};
use demo_portal::{Config, Running, ADMIN_GROUP};
use serde_json::Value;

const FIND: &str = "search?q=typekeywords:%22License%20History%22";

async fn add(
    client: &reqwest::Client,
    running: &Running,
    user: &str,
    token: &str,
    text: &str,
) -> Value {
    let url = running.url(&format!(
        "/arcgis/sharing/rest/content/users/{user}/addItem"
    ));
    let form = [
        ("title", "License Console history 2026"),
        ("type", "Application Configuration"),
        ("typeKeywords", "License Console,License History,year-2026"),
        ("text", text),
        ("f", "json"),
        ("token", token),
    ];
    post(client, url, &form).await
}

async fn data(client: &reqwest::Client, running: &Running, id: &str, token: &str) -> String {
    let url = running.url(&format!(
        "/arcgis/sharing/rest/content/items/{id}/data?token={token}"
    ));
    let answer = client
        .get(url)
        .header("Referer", common::CONSOLE_ORIGIN)
        .send()
        .await
        .unwrap();
    answer.text().await.unwrap()
}

#[tokio::test]
async fn an_item_is_added_found_read_replaced_and_shared_with_the_administrators() {
    let dir = std::env::temp_dir().join(format!("demo-items-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let config = || Config {
        data_dir: Some(dir.clone()),
        ..Config::default()
    };
    let (running, client) = portal(config()).await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let added = add(&client, &running, "admin", &token, r#"{"journal":[]}"#).await;
    assert_eq!(added["success"], true, "{added}");
    let id = added["id"].as_str().unwrap().to_owned();
    let found = sharing_get(&client, &running, "arcgis", FIND, &token).await;
    assert_eq!(found["results"][0]["id"], id.as_str());
    assert_eq!(
        data(&client, &running, &id, &token).await,
        r#"{"journal":[]}"#
    );

    let url = running.url(&format!(
        "/arcgis/sharing/rest/content/users/admin/items/{id}/update"
    ));
    let updated = post(
        &client,
        url.clone(),
        &[
            ("text", "{\"journal\":[1]}"),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert_eq!(updated["success"], true);
    assert_eq!(
        data(&client, &running, &id, &token).await,
        "{\"journal\":[1]}"
    );
    let huge = "x".repeat(1_000_001);
    let refused = post(
        &client,
        url,
        &[("text", huge.as_str()), ("f", "json"), ("token", &token)],
    )
    .await;
    assert!(refused["error"].is_object(), "more than 1 MB refused");

    let other = sign_in(&running, &client, "arcgis", "admin2").await;
    let unseen = sharing_get(&client, &running, "arcgis", FIND, &other).await;
    assert_eq!(unseen["total"], 0, "not shared yet");
    let not_theirs = add(&client, &running, "admin", &other, "{}").await;
    assert!(
        not_theirs["error"].is_object(),
        "only the owner adds to their content"
    );
    let share = running.url(&format!(
        "/arcgis/sharing/rest/content/users/admin/items/{id}/share"
    ));
    let shared = post(
        &client,
        share,
        &[
            ("groups", ADMIN_GROUP),
            ("everyone", "false"),
            ("org", "false"),
            ("f", "json"),
            ("token", &token),
        ],
    )
    .await;
    assert_eq!(shared["notSharedWith"], serde_json::json!([]), "{shared}");
    let seen = sharing_get(&client, &running, "arcgis", FIND, &other).await;
    assert_eq!(seen["total"], 1);
    assert_eq!(
        data(&client, &running, &id, &other).await,
        "{\"journal\":[1]}"
    );
    drop(running);

    let (again, client) = portal(config()).await;
    let token = sign_in(&again, &client, "arcgis", "admin").await;
    let kept = sharing_get(&client, &again, "arcgis", FIND, &token).await;
    assert_eq!(
        kept["results"][0]["id"],
        id.as_str(),
        "kept across a restart"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn history_days_seed_items_under_a_megabyte_each() {
    let (running, client) = portal(Config {
        history_days: 3 * 365,
        journal_entries: 20_000,
        ..Config::default()
    })
    .await;
    let token = sign_in(&running, &client, "arcgis", "admin").await;
    let found = sharing_get(
        &client,
        &running,
        "arcgis",
        &format!("{FIND}&num=100"),
        &token,
    )
    .await;
    let items = found["results"].as_array().unwrap();
    assert!(
        items.len() >= 4,
        "three years, split where an item would pass 900 KB: {}",
        items.len()
    );
    let (mut snapshots, mut entries) = (0, 0);
    for item in items {
        assert!(item["size"].as_u64().unwrap() < 1_000_000);
        let text = data(&client, &running, item["id"].as_str().unwrap(), &token).await;
        let doc: Value = serde_json::from_str(&text).unwrap();
        snapshots += doc["snapshots"].as_array().unwrap().len();
        entries += doc["journal"].as_array().unwrap().len();
    }
    assert_eq!((snapshots, entries), (3 * 365, 20_000));
}
