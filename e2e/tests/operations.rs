//! Every license operation end to end against the demo portal, checking the portal's state afterwards.

use std::path::PathBuf;

use demo_portal::Config;
use e2e::{sample, Harness};
use fantoccini::Locator;

/// A file made for one test, in the harness's own folder.
fn scratch(h: &Harness, name: &str, bytes: &[u8]) -> String {
    let path: PathBuf = h.downloads.join("uploads");
    std::fs::create_dir_all(&path).unwrap();
    let file = path.join(name);
    std::fs::write(&file, bytes).unwrap();
    file.display().to_string()
}

fn server_feature_names(h: &Harness) -> Vec<String> {
    let state = h.portal.portal.kubernetes.lock();
    state.server_licenses["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Empties a multiple-file input, which otherwise adds each new choice to the earlier ones.
async fn clear_files(h: &Harness) {
    let reset = "const input = document.querySelector('input[type=file]'); input.value = ''; input.dispatchEvent(new Event('change'));";
    h.browser.execute(reset, vec![]).await.unwrap();
}

async fn go(h: &Harness, route: &str, ready: &str) {
    h.click(&format!("a[href='#/{route}']")).await;
    h.wait_for_text(ready).await;
}

#[tokio::test]
async fn release_from_the_offline_list_one_and_several() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("Needs attention").await;
    go(&h, "release", "Who holds an offline license now").await;
    let holders = h.offline_pro_holders();
    assert!(holders.len() >= 4);
    let first = h.wait_for_text(&holders[0]).await;
    assert!(
        first.contains("ArcGIS Drone2Map"),
        "Drone2Map holders are listed too"
    );
    let options = h
        .browser
        .find_all(Locator::Css("#release-app option"))
        .await
        .unwrap();
    assert_eq!(options.len(), 2, "AllSource is not offered on 11.4");

    h.click("button.release-one").await;
    let confirm = h.wait_for_text("Release the ").await;
    assert!(confirm.contains(&format!("checked out by {}", holders[0])));
    h.click(".confirm button.danger").await;
    h.wait_for_text(&format!("checked out by {}.", holders[0]))
        .await;
    assert!(!h.offline_pro_holders().contains(&holders[0]));

    // Wait for the list to drop the released member, then release two at once.
    // Drone2Map held through the bundle is listed where the look-up says it is offline (not with documented
    // fields only).
    let drone2map_listed = {
        let state = h.portal.portal.kubernetes.lock();
        state
            .members
            .iter()
            .filter(|m| m.offline.contains(&"drone2map"))
            .filter(|m| !(e2e::documented_only() && m.through_bundle("drone2map")))
            .count()
    };
    let still_offline = h.offline_pro_holders().len() + drone2map_listed;
    h.wait_for_count(
        "button.release-one",
        still_offline,
        "the list drops the released member",
    )
    .await;
    let boxes = h.browser.find_all(Locator::Css("#offline-holders ~ table input[type=checkbox], section[aria-labelledby=offline-holders] input[type=checkbox]")).await.unwrap();
    boxes[0].click().await.unwrap();
    boxes[1].click().await.unwrap();
    h.click("button.release-selected").await;
    h.wait_for_text("Release 2 licenses").await;
    h.click(".confirm button.danger").await;
    h.wait_for_text("Results").await;
    h.wait_for_count("li.result-done", 2, "two released").await;
    h.wait_for_count("li.result-failed", 0, "none failed").await;
    assert_eq!(h.offline_pro_holders().len(), holders.len() - 3);
    h.close().await;
}

#[tokio::test]
async fn allsource_is_offered_from_11_5() {
    let h = Harness::with(Config {
        kubernetes_version: "11.5".into(),
        ..Config::default()
    })
    .await;
    h.sign_in("arcgis", "admin").await;
    go(&h, "release", "Who holds an offline license now").await;
    h.wait_for_count(
        "#release-app option",
        3,
        "AllSource appears once the version is known",
    )
    .await;
    h.close().await;
}

#[tokio::test]
async fn server_licenses_multi_file_overwrite_and_rejected_uploads() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    go(&h, "server-licenses", "Current server authorizations").await;
    let before = server_feature_names(&h);

    for (name, bytes, words) in [
        (
            "notes.txt",
            &b"Feature: name=x"[..],
            "not the right kind of file",
        ),
        ("empty.prvc", b"", "is empty"),
        (
            "huge.prvc",
            &vec![b'#'; 1024 * 1024 + 10][..],
            "larger than 1 MB",
        ),
    ] {
        clear_files(&h).await;
        let path = scratch(&h, name, bytes);
        h.wait_for("input[type=file]")
            .await
            .send_keys(&path)
            .await
            .unwrap();
        h.click("form button[type=submit]").await;
        let alert = h.wait_for("[role=alert]").await.text().await.unwrap();
        assert!(alert.contains(name) && alert.contains(words), "{alert}");
    }
    clear_files(&h).await;
    let garbage = scratch(&h, "garbage.prvc", b"\xff\xfe not an authorization");
    h.wait_for("input[type=file]")
        .await
        .send_keys(&garbage)
        .await
        .unwrap();
    h.click("form button[type=submit]").await;
    h.wait_for_text("Import garbage.prvc? Their authorizations are added")
        .await;
    h.click(".confirm button.danger").await;
    h.wait_for_text("garbage.prvc: failed").await;
    assert_eq!(
        server_feature_names(&h),
        before,
        "rejected uploads changed nothing"
    );

    clear_files(&h).await;
    let both = format!(
        "{}\n{}",
        sample("GeoEvent_Server.prvc"),
        sample("Server_Image.ecp")
    );
    h.wait_for("input[type=file]")
        .await
        .send_keys(&both)
        .await
        .unwrap();
    h.click("input[name=overwrite]").await;
    h.click("form button[type=submit]").await;
    let confirm = h
        .wait_for_text("replaces all current server authorizations")
        .await;
    assert!(confirm.contains("GeoEvent_Server.prvc, Server_Image.ecp"));
    h.click(".confirm button.danger").await;
    h.wait_for_text("Server_Image.ecp: imported").await;
    h.wait_for_text("Server features: 8 before, 3 now.").await;
    assert_eq!(
        server_feature_names(&h),
        [
            "esriServerGeoEvent",
            "esriServerImg",
            "esriServerRasterAnalytics"
        ]
    );
    h.close().await;
}

#[tokio::test]
async fn license_file_validated_compared_then_imported() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    go(&h, "license-file", "Organization license file").await;
    h.choose_sample("#org-license-file", "Organization_License.json")
        .await;
    h.click("form button[type=submit]").await;
    let compared = h
        .wait_for_text("What Organization_License.json would provision")
        .await;
    assert!(compared.contains("Allowed after import"));
    let creator = h.wait_for("tr.change-more").await.text().await.unwrap();
    assert!(
        creator.contains("Creator") && creator.contains("200") && creator.contains("300"),
        "{creator}"
    );
    let removed = h.wait_for("tr.change-removed").await.text().await.unwrap();
    assert!(removed.contains("Editor"), "{removed}");
    let before = h.portal.portal.kubernetes.lock().license.clone();
    assert_eq!(
        before["userTypes"][0]["maximumRegisteredMembers"], 200,
        "validating changed nothing"
    );

    h.click("section[aria-labelledby=validation] button.danger")
        .await;
    h.wait_for_text("replaces the organization's user-type and add-on licenses")
        .await;
    h.click(".confirm button.danger").await;
    h.wait_for_text("Imported Organization_License.json").await;
    let after = h.portal.portal.kubernetes.lock().license.clone();
    assert_eq!(after["userTypes"][0]["maximumRegisteredMembers"], 300);

    h.click("button.export-geodatabase").await;
    let ecp = h.downloaded("geodatabaseLicense").await;
    assert!(ecp.contains("ecpCode=ecp644564588"));
    h.close().await;
}

#[tokio::test]
async fn license_manager_validates_then_updates() {
    let h = Harness::start().await;
    h.sign_in("portal", "admin").await;
    go(&h, "license-manager", "Now:").await;
    h.wait_for_text("none configured").await;
    h.fill("#lm-primary", "lm1.example.com").await;
    h.fill("#lm-port", "99999").await;
    h.click("form button[type=submit]").await;
    h.wait_for_text("The port is a number from 1 to 65535")
        .await;
    assert_eq!(
        h.portal.portal.classic.lock().license["licenseManagerInfo"]["hostname"],
        "change.me"
    );
    h.fill("#lm-backup", "lm2.example.com").await;
    h.fill("#lm-port", "27001").await;
    h.click("form button[type=submit]").await;
    h.wait_for_text("Point the portal at the license manager lm1.example.com (backup lm2.example.com), port 27001?")
        .await;
    assert_eq!(
        h.portal.portal.classic.lock().license["licenseManagerInfo"]["hostname"],
        "change.me",
        "nothing is sent before confirming"
    );
    h.click(".confirm button.danger").await;
    h.wait_for_text("The license manager is updated. The portal checks it again in 20 seconds.")
        .await;
    h.wait_for_text("lm1.example.com, backup lm2.example.com (port 27001)")
        .await;
    let info = h.portal.portal.classic.lock().license["licenseManagerInfo"].clone();
    assert_eq!(
        info,
        serde_json::json!({"hostname": "lm1.example.com,lm2.example.com", "port": 27001})
    );

    go(&h, "license-file", "Re-read the license").await;
    h.click("section[aria-labelledby=populate] button").await;
    h.wait_for_text("Make the portal read its license file again?")
        .await;
    h.click(".confirm button.danger").await;
    h.wait_for_text("The portal re-read its license file.")
        .await;
    assert!(
        h.browser
            .find(Locator::Css("button.export-geodatabase"))
            .await
            .is_err(),
        "not on a classic portal"
    );
    h.close().await;
}

#[tokio::test]
async fn legacy_entitlements_import_and_remove_all() {
    let h = Harness::with(Config {
        classic_version: "10.6.1".into(),
        ..Config::default()
    })
    .await;
    h.sign_in("portal", "admin").await;
    go(&h, "entitlements", "Queued entitlements").await;
    h.wait_for_text("desktopAdvN: 30").await;
    h.choose_sample("#entitlement-file", "Pro_Entitlements.json")
        .await;
    h.click("form button[type=submit]").await;
    h.wait_for_text("It replaces every entitlement queued for ArcGIS Pro")
        .await;
    assert_eq!(
        h.portal.portal.classic.lock().entitlement_queues["arcgisprodesktop"].len(),
        1,
        "nothing is imported before confirming"
    );
    h.click(".confirm button.danger").await;
    h.wait_for_text("Imported Pro_Entitlements.json for ArcGIS Pro.")
        .await;
    h.wait_for_text("spatialAnalystN: 5").await;
    assert_eq!(
        h.portal.portal.classic.lock().entitlement_queues["arcgisprodesktop"].len(),
        2
    );
    h.click("button.remove-all").await;
    h.wait_for_text("Remove all entitlements for ArcGIS Pro?")
        .await;
    h.click(".confirm button.danger").await;
    h.wait_for_text("Nothing is queued").await;
    assert!(h.portal.portal.classic.lock().entitlement_queues["arcgisprodesktop"].is_empty());
    let nav = h.wait_for("nav").await.text().await.unwrap();
    assert!(
        !nav.contains("License file") && !nav.contains("Server licenses"),
        "{nav}"
    );
    h.close().await;
}

#[tokio::test]
async fn a_license_file_issued_for_another_portal_is_shown_before_importing() {
    let h = Harness::with(Config {
        kubernetes_version: "12.1".into(),
        license_issued_for: Some("https://gis.example.com/portal".into()),
        ..Config::default()
    })
    .await;
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("Needs attention").await;
    go(&h, "license-file", "Organization license file").await;
    h.choose_sample("#org-license-file", "Organization_License.json")
        .await;
    h.click("form button[type=submit]").await;
    let text = h
        .wait_for_text("This license file does not match the portal's URL.")
        .await;
    assert!(
        text.contains("issued for https://gis.example.com/portal"),
        "{text}"
    );
    h.click("section[aria-labelledby=validation] button.danger")
        .await;
    h.wait_for_text("The portal warns that this file does not match its URL")
        .await;
    h.close().await;
}
