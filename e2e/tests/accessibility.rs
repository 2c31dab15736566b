//! axe-core on every screen: no accessibility violations.

use demo_portal::Config;
use e2e::Harness;

fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (cargo xtask test installs it with npm)",
            path.display()
        )
    })
}

/// Runs axe-core on the page as it is and returns its violations, one line each.
async fn violations(h: &Harness, axe: &str, screen: &str) -> Vec<String> {
    h.browser.execute(axe, vec![]).await.unwrap();
    let found = h
        .browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(r.violations.map(v =>
                 v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))));",
            vec![],
        )
        .await
        .unwrap();
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|v| format!("{screen}: {}", v.as_str().unwrap_or_default()))
        .collect()
}

async fn screen(h: &Harness, route: &str, ready: &str) {
    h.click(&format!("a[href='#/{route}']")).await;
    h.wait_for_text(ready).await;
}

#[tokio::test]
async fn every_screen_has_no_violations() {
    let axe = axe_source();
    let mut found = Vec::new();
    for theme in [
        "--blink-settings=preferredColorScheme=1",
        "--blink-settings=preferredColorScheme=0",
    ] {
        // More add-ons than a table shows at first, so the overview has its "Show more" row too; 11.3, where a
        // license manager is still needed, so that every screen is offered.
        let long = Config {
            stress_entries: 150,
            kubernetes_version: "11.3".into(),
            history_days: 60,
            journal_entries: 120,
            ..Config::default()
        };
        let h = Harness::start_with(long, &[theme]).await;
        h.browser.goto(&h.portal.url("/console/")).await.unwrap();
        h.wait_for("input[name=password]").await;
        found.extend(violations(&h, &axe, "sign-in").await);
        h.sign_in("arcgis", "admin").await;
        h.wait_for(".more-rows").await;
        found.extend(violations(&h, &axe, "overview").await);
        screen(&h, "members", "Complete:").await;
        h.click("input[name=reclaim]").await;
        h.click(".bulk button").await;
        h.click("button.revoke").await;
        h.wait_for(".confirm").await;
        found.extend(violations(&h, &axe, "members").await);
        h.click(".confirm button.cancel").await;
        // A plan of user type changes, and its question.
        h.click("button.change-type").await;
        h.pick("target-type", "viewerUT").await;
        h.wait_for_text("Steps, in the order they are sent").await;
        found.extend(violations(&h, &axe, "user type plan").await);
        h.click("button.apply-plan").await;
        h.wait_for(".confirm").await;
        found.extend(violations(&h, &axe, "user type plan question").await);
        h.click(".confirm button.cancel").await;
        screen(&h, "history", "Journal").await;
        h.click(".chart ~ details summary").await;
        h.wait_for("table.seats-history").await;
        found.extend(violations(&h, &axe, "history").await);
        screen(&h, "release", "Who holds an offline license now").await;
        h.wait_for("button.release-one").await;
        h.click("button.release-one").await;
        h.wait_for(".confirm").await;
        found.extend(violations(&h, &axe, "release").await);
        screen(&h, "server-licenses", "Server capabilities").await;
        found.extend(violations(&h, &axe, "server licenses").await);
        screen(&h, "license-file", "Geodatabase license").await;
        found.extend(violations(&h, &axe, "license file").await);
        screen(&h, "license-manager", "none configured").await;
        found.extend(violations(&h, &axe, "license manager").await);
        h.portal.portal.kubernetes.advance_clock(61 * 60_000);
        screen(&h, "overview", "Licenses").await;
        h.wait_for("[role=dialog]").await;
        found.extend(violations(&h, &axe, "sign in again").await);
        h.close().await;
    }
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "{} violations:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[tokio::test]
async fn legacy_screens_have_no_violations() {
    let axe = axe_source();
    let h = Harness::with(Config {
        classic_version: "10.6.1".into(),
        ..Config::default()
    })
    .await;
    h.sign_in("portal", "admin").await;
    h.wait_for_text("desktopAdvN").await;
    let mut found = violations(&h, &axe, "legacy overview").await;
    screen(&h, "entitlements", "Entitlements file").await;
    found.extend(violations(&h, &axe, "entitlements").await);
    h.close().await;
    assert!(
        found.is_empty(),
        "{} violations:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Presses Tab (or, `backwards`, Shift+Tab) until the focused element matches `css`, as a keyboard user would,
/// and returns it.
async fn tab_until(h: &Harness, css: &str, backwards: bool) -> fantoccini::elements::Element {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    use fantoccini::key::Key;
    for _ in 0..80 {
        let matches = h
            .browser
            .execute(
                "return document.activeElement.matches(arguments[0])",
                vec![css.into()],
            )
            .await
            .unwrap();
        if matches.as_bool() == Some(true) {
            return h.browser.active_element().await.unwrap();
        }
        let (shift, tab) = (char::from(Key::Shift), char::from(Key::Tab));
        let mut actions = KeyActions::new("keyboard".into());
        if backwards {
            actions = actions.then(KeyAction::Down { value: shift });
        }
        actions = actions
            .then(KeyAction::Down { value: tab })
            .then(KeyAction::Up { value: tab });
        if backwards {
            actions = actions.then(KeyAction::Up { value: shift });
        }
        h.browser.perform_actions(actions).await.unwrap();
    }
    panic!("Tab never reached {css}");
}

async fn tab_to(h: &Harness, css: &str) -> fantoccini::elements::Element {
    tab_until(h, css, false).await
}

/// Back from a confirmation's Cancel, where it opens, to its action.
async fn shift_tab_to(h: &Harness, css: &str) -> fantoccini::elements::Element {
    tab_until(h, css, true).await
}

/// A confirmation opens with the focus on Cancel; its action is one Shift+Tab back, then Enter.
async fn confirm_with_the_keyboard(h: &Harness) {
    h.wait_for(".confirm button.cancel:focus").await;
    shift_tab_to(h, ".confirm button.danger")
        .await
        .send_keys(&key(fantoccini::key::Key::Enter))
        .await
        .unwrap();
}

fn key(k: fantoccini::key::Key) -> String {
    char::from(k).to_string()
}

#[tokio::test]
async fn sign_in_release_and_upload_with_the_keyboard_only() {
    use fantoccini::key::Key;
    let h = Harness::start().await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    h.wait_for("input[name=password]").await;
    tab_to(&h, "input[name=username]")
        .await
        .send_keys("admin")
        .await
        .unwrap();
    tab_to(&h, "input[name=password]")
        .await
        .send_keys(&format!("arcgis-demo{}", key(Key::Enter)))
        .await
        .unwrap();
    h.wait_for_text("Needs attention").await;

    tab_to(&h, "a[href='#/release']")
        .await
        .send_keys(&key(Key::Enter))
        .await
        .unwrap();
    h.wait_for("button.release-one").await;
    let holder = h.offline_pro_holders()[0].clone();
    tab_to(&h, "button.release-one")
        .await
        .send_keys(&key(Key::Enter))
        .await
        .unwrap();
    confirm_with_the_keyboard(&h).await;
    h.wait_for_text(&format!("checked out by {holder}.")).await;

    tab_to(&h, "a[href='#/server-licenses']")
        .await
        .send_keys(&key(Key::Enter))
        .await
        .unwrap();
    h.wait_for_text("Current server authorizations").await;
    tab_to(&h, "input[type=file]")
        .await
        .send_keys(&e2e::sample("GeoEvent_Server.prvc"))
        .await
        .unwrap();
    tab_to(&h, "form button[type=submit]")
        .await
        .send_keys(&key(Key::Enter))
        .await
        .unwrap();
    confirm_with_the_keyboard(&h).await;
    h.wait_for_text("GeoEvent_Server.prvc: imported").await;
    assert!(
        h.portal.portal.kubernetes.lock().server_licenses["features"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["name"] == "esriServerGeoEvent")
    );
    h.close().await;
}
