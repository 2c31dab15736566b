//! Sessions end to end: OAuth sign-in, a token that expires mid-form, and a console on another origin.

use demo_portal::Config;
use e2e::Harness;

#[tokio::test]
async fn expiry_mid_operation_keeps_the_input_and_sends_it_once_more_after_signing_in() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    let holder = h.offline_pro_holders()[0].clone();
    h.click("a[href='#/release']").await;
    h.fill("input[name=username]", &holder).await;

    // The portal's clock moves past the token's hour; the console finds out from the 498 answer.
    h.portal.portal.kubernetes.advance_clock(61 * 60_000);
    h.click("form button[type=submit]").await;
    h.click(".confirm button.danger").await;
    h.wait_for("[role=dialog]").await;
    let text = h.wait_for_text("Sign in again").await;
    assert!(!text.contains("Released the"), "nothing claimed success");
    let kept = h
        .wait_for("#release-username")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some(holder.as_str()),
        "the typed username survives"
    );
    assert!(h.offline_pro_holders().contains(&holder));

    h.fill("#resign-password", "arcgis-demo").await;
    h.click("[role=dialog] button[type=submit]").await;
    h.wait_for_count(
        "[role=dialog]",
        0,
        "the dialog closes after signing in again",
    )
    .await;
    let still = h
        .wait_for("#release-username")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(still.as_deref(), Some(holder.as_str()));
    // The release that met the ended session is sent once more by itself, with the new token.
    h.wait_for_text(&format!(
        "Released the ArcGIS Pro license checked out by {holder}."
    ))
    .await;
    assert!(!h.offline_pro_holders().contains(&holder));
    h.close().await;
}

#[tokio::test]
async fn oauth_sign_in_with_pkce() {
    let h = Harness::start().await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    h.click(".alt-sign-in button").await;
    h.wait_for_text("Sign in to Demo Organization").await;
    let at_portal = h.browser.current_url().await.unwrap();
    assert!(at_portal
        .path()
        .ends_with("/arcgis/sharing/rest/oauth2/authorize"));
    assert!(at_portal
        .query()
        .unwrap()
        .contains("code_challenge_method=S256"));
    h.fill("input[name=username]", "admin").await;
    h.fill("input[name=password]", "arcgis-demo").await;
    h.click("button[type=submit]").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    let back = h.browser.current_url().await.unwrap();
    assert_eq!(
        back.query(),
        None,
        "the code is not left in the address bar: {back}"
    );
    assert!(h.page_text().await.contains("admin"));
    h.close().await;
}

#[tokio::test]
async fn a_console_on_another_origin_works_when_allowed_and_explains_when_refused() {
    let h = Harness::start().await;
    let console_origin = h.portal.url("");
    let allowing = demo_portal::start(Config {
        port: 0,
        allow_origins: vec![console_origin],
        ..Config::default()
    })
    .await
    .unwrap();
    h.sign_in_at(&allowing.url("/arcgis"), "admin").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    h.click(".who button").await;

    let refusing = demo_portal::start(Config {
        port: 0,
        allow_origins: vec!["https://tools.example.test".into()],
        ..Config::default()
    })
    .await
    .unwrap();
    h.sign_in_at(&refusing.url("/arcgis"), "admin").await;
    let text = h
        .wait_for_text("refused requests from this console's address")
        .await;
    assert!(
        text.contains("Allow Origins"),
        "the fix is spelled out:\n{text}"
    );
    // The browser reports the refused origin itself; the console adds nothing to its log.
    h.close_expecting(&["has been blocked by CORS policy"])
        .await;
}

#[tokio::test]
async fn kept_for_the_tab_survives_a_reload_and_sign_out_forgets_it() {
    let h = Harness::start().await;
    h.sign_in_kept("#/release", "/portal").await;
    h.wait_for_text("Check in an ArcGIS Pro").await;

    h.browser.refresh().await.unwrap();
    h.wait_for_text("Check in an ArcGIS Pro").await;
    let storage = h
        .browser
        .execute(
            "return [JSON.stringify(localStorage), JSON.stringify(sessionStorage)]",
            vec![],
        )
        .await
        .unwrap();
    let local = storage[0].as_str().unwrap();
    assert!(
        !local.contains("token"),
        "no token in localStorage: {local}"
    );
    assert!(
        local.contains(&h.portal.url("/portal")),
        "the portal is remembered: {local}"
    );
    assert!(
        storage[1].as_str().unwrap().contains("\\\"token\\\""),
        "the opted-in session is in sessionStorage"
    );

    h.click(".who button").await;
    h.wait_for("input[name=password]").await;
    h.browser.refresh().await.unwrap();
    h.wait_for("input[name=password]").await;
    let session = h
        .browser
        .execute("return JSON.stringify(sessionStorage)", vec![])
        .await
        .unwrap();
    assert!(
        !session.as_str().unwrap().contains("token"),
        "signing out clears the tab's copy"
    );
    let offered = h
        .wait_for("#recent-portals option")
        .await
        .attr("value")
        .await
        .unwrap();
    assert_eq!(
        offered,
        Some(h.portal.url("/portal")),
        "recently used portals are offered"
    );
    h.close().await;
}
