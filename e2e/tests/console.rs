//! The built console in headless Chromium against the demo portal.

use e2e::Harness;

#[tokio::test]
async fn sign_in_overview_release_and_upload() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;

    let overview = h.wait_for_text("ArcGIS GIS Server Advanced").await;
    for expected in [
        "User types",
        "Creator",
        "Server capabilities",
        "urbanSuiteAB",
        "not needed from 11.4",
        "ArcGIS Enterprise on Kubernetes",
    ] {
        assert!(
            overview.contains(expected),
            "overview lacks “{expected}”:\n{overview}"
        );
    }

    let nav = h.wait_for("nav").await.text().await.unwrap();
    assert!(
        !nav.contains("License manager"),
        "11.4 needs no license manager and has none configured: {nav}"
    );

    let holder = h.offline_pro_holders()[0].clone();
    h.click("a[href='#/release']").await;
    h.fill("input[name=username]", &holder).await;
    h.click("form button[type=submit]").await;
    let confirm = h
        .wait_for_text("Release the ArcGIS Pro license checked out by")
        .await;
    assert!(confirm.contains(&holder));
    h.click(".confirm button.danger").await;
    h.wait_for_text(&format!(
        "Released the ArcGIS Pro license checked out by {holder}."
    ))
    .await;
    let still_offline = h.offline_pro_holders().contains(&holder);
    assert!(
        !still_offline,
        "the portal no longer lists the license as checked out"
    );

    h.click("a[href='#/server-licenses']").await;
    h.wait_for_text("Current server authorizations").await;
    assert!(!h.page_text().await.contains("ArcGIS GeoEvent Server"));
    h.choose_sample("input[type=file]", "GeoEvent_Server.prvc")
        .await;
    h.click("form button[type=submit]").await;
    h.wait_for_text("Import GeoEvent_Server.prvc? Their authorizations are added")
        .await;
    h.click(".confirm button.danger").await;
    h.wait_for_text("GeoEvent_Server.prvc: imported").await;
    let after = h.wait_for_text("ArcGIS GeoEvent Server").await;
    assert!(
        after.contains("ArcGIS GIS Server Advanced"),
        "appended, not replaced"
    );
    h.close().await;
}

#[tokio::test]
async fn portal_errors_are_shown_as_errors() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    let without_offline = {
        let state = h.portal.portal.kubernetes.lock();
        state
            .members
            .iter()
            .find(|m| m.offline.is_empty())
            .expect("a member with nothing checked out")
            .username
            .clone()
    };
    h.click("a[href='#/release']").await;
    h.fill("input[name=username]", &without_offline).await;
    h.click("form button[type=submit]").await;
    h.click(".confirm button.danger").await;
    let text = h.wait_for_text("The portal refused the request").await;
    assert!(
        text.contains("does not have a license"),
        "the portal's own message is shown:\n{text}"
    );
    assert!(!text.contains("Released the"), "no success is claimed");
    h.wait_for("[role=alert]").await;
    h.close().await;
}

#[tokio::test]
async fn a_member_without_admin_rights_is_told_so() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "viewer").await;
    h.wait_for_text("Your account is not allowed to do this.")
        .await;
    assert!(
        h.browser
            .find(fantoccini::Locator::Css("input[name=password]"))
            .await
            .is_ok(),
        "still on the sign-in screen"
    );
    h.close().await;
}

#[tokio::test]
async fn classic_portal_signs_in_and_shows_its_license() {
    let h = Harness::start().await;
    h.sign_in("portal", "admin").await;
    let text = h.wait_for_text("User types").await;
    assert!(
        text.contains("Portal for ArcGIS"),
        "deployment detected:\n{text}"
    );
    assert!(
        !text.contains("Server licenses"),
        "no server licenses screen on a classic portal"
    );
    h.close().await;
}
