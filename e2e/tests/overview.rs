//! The overview end to end: both contexts, the filter, and the exports as files.

use demo_portal::Config;
use e2e::Harness;

#[tokio::test]
async fn kubernetes_overview_filters_and_exports() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    let text = h.wait_for_text("Needs attention").await;
    for expected in [
        "all seats used",
        "85 % of seats used",
        "not valid",
        "expired",
        "expires within 30 days",
        "expires within 90 days",
        "Runs out first",
    ] {
        assert!(text.contains(expected), "“{expected}” missing:\n{text}");
    }

    h.fill("input[name=filter]", "geodatabase").await;
    h.wait_for_count(
        "section[aria-labelledby=user-types]",
        0,
        "the filter hides other rows",
    )
    .await;
    assert!(h
        .page_text()
        .await
        .contains("Enterprise Geodatabase Support"));
    // The portal's license changes; Refresh shows the change, and keeps the filter.
    h.portal.portal.kubernetes.lock().license["capabilities"]["features"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "esriServerGeodatabaseReplica", "displayName": "Geodatabase Replication"}));
    assert!(!h.page_text().await.contains("Geodatabase Replication"));
    h.click(".page-actions button").await;
    h.wait_for_text("Geodatabase Replication").await;
    let filter = h
        .wait_for("input[name=filter]")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        filter.as_deref(),
        Some("geodatabase"),
        "a refresh keeps the filter"
    );
    assert!(h
        .browser
        .find(fantoccini::Locator::Css(
            "section[aria-labelledby=user-types]"
        ))
        .await
        .is_err());
    h.fill("input[name=filter]", "").await;

    h.click(".exports button:nth-child(1)").await;
    let csv = h.downloaded("licenses-").await;
    assert!(csv.starts_with("kind,id,name,used,allowed,expiration\r\n"));
    // Every GIS Professional Advanced seat is taken, as the demo organization is made.
    let professionals = h
        .portal
        .portal
        .kubernetes
        .lock()
        .members
        .iter()
        .filter(|m| m.user_type == "GISProfessionalAdvUT")
        .count();
    assert!(csv.contains(&format!(
        "User type,GISProfessionalAdvUT,GIS Professional Advanced,{professionals},{professionals},"
    )));
    assert!(csv.contains("Server feature,esriServerLicenseAdvanced,ArcGIS GIS Server Advanced,,,"));
    h.click(".exports button:nth-child(2)").await;
    let json: serde_json::Value =
        serde_json::from_str(&h.downloaded("license-2").await).expect("the raw JSON");
    assert_eq!(
        json["capabilities"]["features"][0]["displayName"],
        "ArcGIS GIS Server Advanced"
    );
    h.click(".exports button:nth-child(3)").await;
    let ics = h.downloaded("license-expirations-").await;
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\n")
            && ics.contains("TRIGGER:-P30D")
            && ics.contains("SUMMARY:License expires: Creator")
    );
    h.close().await;
}

#[tokio::test]
async fn kubernetes_overview_shows_what_the_license_and_the_server_authorizations_each_list() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    let text = h.wait_for_text("Needs attention").await;
    // Listed by the license only, expiring in 21 days: in the tables and among what needs attention.
    assert!(text.contains("ArcGIS Notebook Server Advanced"), "{text}");
    h.wait_for(".attention-list").await;
    let mut flagged = Vec::new();
    for item in h
        .browser
        .find_all(fantoccini::Locator::Css(".attention-list li"))
        .await
        .unwrap()
    {
        flagged.push(item.text().await.unwrap().replace('\n', " "));
    }
    let item = flagged
        .iter()
        .find(|i| i.contains("ArcGIS Notebook Server Advanced"))
        .unwrap_or_else(|| panic!("not flagged: {flagged:#?}"));
    assert!(item.contains("expires within 30 days"), "{item}");
    // Listed by `admin/system/licenses` only: shown, and labelled as the server's.
    let knowledge = h
        .wait_for("section[aria-labelledby=server-capabilities] tr:has(.source)")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        knowledge.contains("ArcGIS Knowledge Server") && knowledge.contains("server authorization"),
        "{knowledge}"
    );
    h.close().await;
}

#[tokio::test]
async fn classic_overview_shows_future_licenses_beside_current_ones() {
    let h = Harness::start().await;
    h.sign_in("portal", "admin").await;
    let text = h.wait_for_text("Future licenses").await;
    assert!(text.contains("Allowed now") && text.contains("Allowed then"));
    assert!(text.contains("Portal for ArcGIS"));
    h.close().await;
}

#[tokio::test]
async fn legacy_overview_shows_levels_and_the_entitlement_queue() {
    let h = Harness::with(Config {
        classic_version: "10.6.1".into(),
        ..Config::default()
    })
    .await;
    h.sign_in("portal", "admin").await;
    // The license and the queue arrive separately: wait for each.
    let text = h.wait_for_text("Level 2 members").await;
    assert!(
        text.contains("Membership levels") && text.contains("Queued entitlements"),
        "{text}"
    );
    let queue = h.wait_for_text("desktopAdvN: 30").await;
    assert!(queue.contains("networkAnalystN: 10"));
    assert!(text.contains("10.6.1 or earlier"));
    h.close().await;
}

/// A Refresh that brings the same license keeps the tables as they are shown (here every row, after "Show more");
/// one that brings a change updates them in place: the change shown in its row and the summary, every row still
/// shown, the rows the same elements.
#[tokio::test]
async fn refresh_with_the_same_license_keeps_the_rows_shown() {
    let h = Harness::with(Config {
        stress_entries: 150,
        ..Config::default()
    })
    .await;
    h.sign_in("arcgis", "admin").await;
    h.wait_for(".more-rows").await;
    h.click(".more-rows button").await;
    h.wait_for_count(".more-rows", 0, "every row is shown")
        .await;
    refresh(&h).await;
    assert_eq!(
        more_rows_offered(&h).await,
        0,
        "the same license: every row still shown"
    );
    h.js("document.querySelector('[aria-labelledby=add-ons] tbody tr:last-child').dataset.kept = 'yes'")
        .await;
    {
        let mut kubernetes = h.portal.portal.kubernetes.lock();
        kubernetes.license["currentRegisteredMembers"] = 4321.into();
        let extensions = kubernetes.license["extensions"].as_array_mut().unwrap();
        let entry = extensions
            .iter_mut()
            .find(|e| e["id"] == "stressExtension00003")
            .unwrap();
        entry["currentRegisteredMembers"] = 1234.into();
        entry["maximumRegisteredMembers"] = 5678.into();
    }
    refresh(&h).await;
    h.wait_for_text("4,321").await;
    let row = h
        .js(
            "return [...document.querySelectorAll('[aria-labelledby=add-ons] tbody tr')]
            .find(r => r.textContent.includes('stressExtension00003')).textContent",
        )
        .await;
    assert!(row.as_str().unwrap().contains("1,234 of 5,678"), "{row}");
    assert_eq!(
        more_rows_offered(&h).await,
        0,
        "a changed license: every row still shown"
    );
    let kept = h
        .js("return document.querySelector('[aria-labelledby=add-ons] tbody tr:last-child').dataset.kept")
        .await;
    assert_eq!(kept, "yes", "the rows are updated, not built again");
    let focused = h.js("return document.activeElement.className").await;
    assert_eq!(focused, "refresh", "the focus stays on Refresh");
    h.close().await;
}

/// How many tables offer more rows than they show.
async fn more_rows_offered(h: &Harness) -> usize {
    h.browser
        .find_all(fantoccini::Locator::Css(".more-rows"))
        .await
        .unwrap()
        .len()
}

/// Clicks Refresh and waits until its answers are in and shown.
async fn refresh(h: &Harness) {
    let before = h.requests("/license").await;
    h.click("button.refresh").await;
    while h.requests("/license").await == before {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    h.wait_for("button.refresh[aria-disabled=false]").await;
}
