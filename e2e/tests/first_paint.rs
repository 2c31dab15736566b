//! The sign-in form is index.html's own: painted, typeable and submittable before the console's code arrives.
//! The code takes the same elements over, losing nothing, and carries out a sign-in asked for before it came.

use std::path::Path;

use demo_portal::Fault;
use e2e::Harness;
use fantoccini::key::Key;
use serde_json::Value;

/// The console's wasm in `dist`, as the page asks for it (`/console/<name>`).
fn wasm_path(dist: &Path) -> String {
    let name = std::fs::read_dir(dist)
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with("_bg.wasm"))
        .expect("the console's wasm in dist");
    format!("/console/{name}")
}

async fn js(h: &Harness, script: &str) -> Value {
    h.browser.execute(script, vec![]).await.unwrap()
}

/// Whether the code has taken the form over.
async fn taken_over(h: &Harness) -> bool {
    js(
        h,
        "return 'ready' in document.getElementById('sign-in-form').dataset",
    )
    .await
    .as_bool()
    .unwrap()
}

async fn until_taken_over(h: &Harness) {
    let deadline = std::time::Instant::now() + e2e::WAIT;
    while !taken_over(h).await {
        assert!(
            std::time::Instant::now() < deadline,
            "the code never took the form over"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// How many sign-in requests the page has sent.
async fn token_requests(h: &Harness) -> u64 {
    js(
        h,
        "return performance.getEntriesByType('resource').filter(r => r.name.includes('/generateToken')).length",
    )
    .await
    .as_u64()
    .unwrap()
}

/// The portal's URL, username, the password but its last letter, the box ticked — typed while the wasm is held.
async fn type_before_the_code(h: &Harness) {
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    h.fill("#portal", &h.portal.url("/arcgis")).await;
    h.fill("#username", "admin").await;
    h.click("input[name=keep]").await;
    h.fill("#password", "arcgis-dem").await;
    assert!(
        !taken_over(h).await,
        "the wasm is held: the form works without it"
    );
}

/// The console with its wasm held back, and the form filled in meanwhile (`type_before_the_code`).
async fn typed_with_the_code_held() -> Harness {
    let h = Harness::start().await;
    h.portal
        .portal
        .faults
        .set(&wasm_path(&e2e::dist_dir()), Fault::Hold);
    type_before_the_code(&h).await;
    h
}

#[tokio::test]
async fn first_paint_fetches_no_code() {
    let h = Harness::start().await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    h.wait_for("#password").await;
    let before = h.fetched_around_first_paint(false).await;
    assert!(
        before.iter().all(|url| !url.ends_with(".wasm")),
        "no wasm before the form is painted: {before:?}"
    );
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    let since = h.fetched_around_first_paint(true).await;
    assert!(
        since.iter().any(|url| url.ends_with("_bg.wasm")),
        "{since:?}"
    );
    h.close().await;
}

/// The date formatter (tens of milliseconds of locale data the first time) is made when the code starts, while the
/// form is typed into — not once the overview's answers are in, where it held them up.
#[tokio::test]
async fn the_date_formatter_is_made_before_sign_in() {
    let h = Harness::start().await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    until_taken_over(&h).await;
    let deadline = std::time::Instant::now() + e2e::WAIT;
    let made = "return performance.getEntriesByName('lc:date-format-ready').length";
    while js(&h, made).await.as_u64() != Some(1) {
        assert!(
            std::time::Instant::now() < deadline,
            "no date formatter before sign-in"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(token_requests(&h).await, 0, "not signed in yet");
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    assert_eq!(js(&h, made).await.as_u64(), Some(1), "made once");
    h.close().await;
}

#[tokio::test]
async fn enter_before_the_code_arrives_is_held_then_signs_in_once() {
    let h = typed_with_the_code_held().await;
    let password = h.wait_for("#password").await;
    password
        .send_keys(&format!("o{}", char::from(Key::Enter)))
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // Enter again: still one sign-in.
    password
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    let url = h.browser.current_url().await.unwrap();
    assert_eq!(
        url.as_str(),
        h.portal.url("/console/"),
        "no navigation, nothing in the address"
    );
    assert_eq!(
        token_requests(&h).await,
        0,
        "nothing sent before the code is there"
    );
    assert!(
        h.page_text().await.contains("Signing in…"),
        "the held sign-in shows"
    );

    h.portal.portal.faults.clear();
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    assert_eq!(
        token_requests(&h).await,
        1,
        "one sign-in, for two presses of Enter"
    );
    let kept = js(
        &h,
        "return sessionStorage.getItem('license-console.session') !== null",
    )
    .await;
    assert_eq!(
        kept,
        Value::Bool(true),
        "the box ticked before the code came counted"
    );
    h.close().await;
}

#[tokio::test]
async fn the_code_takes_over_without_losing_text_caret_focus_or_the_box() {
    let h = typed_with_the_code_held().await;
    // The caret in the middle of the username, and the focus there.
    js(&h, "const u = document.getElementById('username'); u.focus(); u.setSelectionRange(2, 2); return null").await;

    h.portal.portal.faults.clear();
    until_taken_over(&h).await;
    let state = js(
        &h,
        "const f = id => document.getElementById(id);
         return [f('portal').value, f('username').value, f('password').value,
                 document.querySelector('input[name=keep]').checked,
                 document.activeElement.id, f('username').selectionStart];",
    )
    .await;
    assert_eq!(
        state,
        serde_json::json!([
            h.portal.url("/arcgis"),
            "admin",
            "arcgis-dem",
            true,
            "username",
            2
        ])
    );
    // Typing goes on where the caret is, and the code signs in with it.
    h.wait_for("#password").await.send_keys("o").await.unwrap();
    h.click("#sign-in-form button[type=submit]").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    assert_eq!(token_requests(&h).await, 1);
    h.close().await;
}

#[tokio::test]
async fn code_that_cannot_load_is_explained_and_signing_in_again_works() {
    let h = Harness::start().await;
    let wasm = wasm_path(&e2e::dist_dir());
    h.portal.portal.faults.set(&wasm, Fault::Drop);
    h.sign_in("arcgis", "admin").await;
    let shown = h
        .wait_for_text("The console's code could not be loaded")
        .await;
    assert!(!shown.contains("Creator"), "no overview without the code");
    let typed = js(&h, "return document.getElementById('username').value").await;
    assert_eq!(typed, "admin", "what was typed is kept");

    h.portal.portal.faults.clear();
    h.click("#sign-in-form button[type=submit]").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    h.close().await;
}

#[tokio::test]
async fn a_kept_session_opens_the_screen_in_the_address_without_showing_the_form() {
    let h = Harness::start().await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    h.fill("#portal", &h.portal.url("/arcgis")).await;
    h.fill("#username", "admin").await;
    h.fill("#password", "arcgis-demo").await;
    h.click("input[name=keep]").await;
    h.click("#sign-in-form button[type=submit]").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;

    h.browser
        .goto(&h.portal.url("/console/#/release"))
        .await
        .unwrap();
    let wasm = wasm_path(&e2e::dist_dir());
    h.portal.portal.faults.set(&wasm, Fault::Hold);
    e2e::chrome::use_cache(&h.browser, false).await;
    h.browser.refresh().await.unwrap();
    h.wait_for("#sign-in-resuming").await;
    let shown = js(
        &h,
        "return [getComputedStyle(document.getElementById('sign-in-form')).display,
                 getComputedStyle(document.getElementById('sign-in-resuming')).display]",
    )
    .await;
    assert_eq!(
        shown,
        serde_json::json!(["none", "block"]),
        "“Opening the console…”, no form"
    );
    h.portal.portal.faults.clear();
    h.wait_for_text("Offline licenses").await;
    assert_eq!(token_requests(&h).await, 0, "no second sign-in");
    h.close().await;
}

#[tokio::test]
async fn enter_with_the_portal_left_to_its_preset_is_held_until_the_preset_is_in() {
    let h = Harness::start().await;
    let wasm = wasm_path(&e2e::dist_dir());
    h.portal.portal.faults.set(&wasm, Fault::Hold);
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    h.fill("#username", "admin").await;
    h.fill("#password", "arcgis-demo").await;
    h.wait_for("#password")
        .await
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    assert!(
        h.page_text().await.contains("Signing in…"),
        "held, though the portal URL is still empty"
    );
    h.portal.portal.faults.clear();
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    assert_eq!(token_requests(&h).await, 1);
    h.close().await;
}

#[tokio::test]
async fn enter_after_the_code_but_before_its_presets_is_held_too() {
    let h = Harness::start().await;
    h.portal
        .portal
        .faults
        .set("/console/config.json", Fault::Hold);
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    until_taken_over(&h).await;
    // Through the portal URL without typing in it, as the Tab key goes: the preset still fills it.
    h.click("#portal").await;
    h.fill("#username", "admin").await;
    h.fill("#password", "arcgis-demo").await;
    h.wait_for("#password")
        .await
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    assert!(
        h.page_text().await.contains("Signing in…"),
        "held for the preset portal URL"
    );
    h.portal.portal.faults.clear();
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    assert_eq!(token_requests(&h).await, 1);
    h.close().await;
}
