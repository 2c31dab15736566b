//! Components rendered in a real browser (Chromium and Firefox through `wasm-bindgen-test`).
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use license_console::components::{first_page_on_change, ErrorNotice, Judged, LicenseView, Pager};
use license_console::portal::read_license;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2024-10-01: 15 days before the server licenses in `fixtures/seed001_license.json` expire, a year before its
/// user types do.
const NOW: i64 = 1_727_740_800_000;

fn render_license(json: &str) -> web_sys::HtmlElement {
    let license = read_license(200, json.as_bytes()).unwrap();
    mount(move || {
        let license = Memo::new(move |_| Judged {
            license: license.clone(),
            now: NOW,
        });
        view! { <LicenseView license=license deployment="ArcGIS Enterprise on Kubernetes"/> }
            .into_any()
    })
}

#[wasm_bindgen_test]
fn overview_tables_render_seed_001() {
    let root = render_license(include_str!("fixtures/seed001_license.json"));
    let text = root.text_content().unwrap();
    for expected in [
        "ArcGIS GIS Server Advanced",
        "esriServerLicenseAdvanced",
        "Creator",
        "GIS Professional Advanced",
        "3 of 200",
        "3 of 1,200",
        "urbanSuiteAB",
        "Location Sharing",
        "ecp644564588",
        "none configured",
        "11.4",
    ] {
        assert!(text.contains(expected), "missing “{expected}” in {text}");
    }
    assert_eq!(
        count(&root, "section[aria-labelledby=user-types] tbody tr"),
        6
    );
    assert_eq!(count(&root, "section[aria-labelledby=add-ons] tbody tr"), 5);
    assert_eq!(
        count(
            &root,
            "section[aria-labelledby=server-capabilities] tbody tr"
        ),
        17,
        "8 features + 9 extensions"
    );
    assert_eq!(
        count(&root, "section[aria-labelledby=server-level] tbody tr"),
        3
    );
    // Server licenses expire 15 days after NOW: every one is flagged as expiring soon.
    assert_eq!(
        count(
            &root,
            "section[aria-labelledby=server-capabilities] .expiry-soon"
        ),
        17
    );
    assert_eq!(
        count(&root, "section[aria-labelledby=user-types] .expiry-ok"),
        6
    );
}

#[wasm_bindgen_test]
fn error_answers_render_as_errors() {
    let expired = read_license(
        200,
        br#"{"status":"error","messages":["Unauthorized access. Token not found. You can generate a token using the 'generateToken' operation."],"code":499}"#,
    )
    .unwrap_err();
    let root = mount(move || view! { <ErrorNotice error=expired/> }.into_any());
    assert_eq!(count(&root, "[role=alert]"), 1);
    let text = root.text_content().unwrap();
    assert!(
        text.contains("Your session with the portal has ended."),
        "{text}"
    );
    assert!(
        text.contains("Token not found"),
        "technical detail kept: {text}"
    );

    let refused = read_license(200, br#"{"error":{"code":400,"message":"Unable to generate token.","details":["Invalid username or password."]}}"#).unwrap_err();
    let root = mount(move || view! { <ErrorNotice error=refused/> }.into_any());
    assert!(root
        .text_content()
        .unwrap()
        .contains("Invalid username or password."));
}

#[wasm_bindgen_test]
fn hostile_strings_are_shown_as_text() {
    let hostile = r#"{"userTypes":[{"id":"<img src=x onerror=\"window.pwned=1\">","maximumRegisteredMembers":5}],
        "capabilities":{"features":[{"name":"<script>window.pwned=1</script>","displayName":"<b>bold</b>"}]}}"#;
    let root = render_license(hostile);
    assert_eq!(
        count(&root, "img, script, b"),
        0,
        "no markup from the portal became elements"
    );
    let text = root.text_content().unwrap();
    assert!(text.contains("<img src=x onerror=\"window.pwned=1\">"));
    assert!(text.contains("<b>bold</b>"));
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
async fn a_new_list_goes_back_to_the_first_page_without_building_the_page_again() {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    let page = RwSignal::new(0usize);
    let paged = RwSignal::new(0u32);
    let builds = Arc::new(AtomicU32::new(0));
    let counter = builds.clone();
    let root = mount(move || {
        first_page_on_change(page, paged);
        view! { <p>{move || { counter.fetch_add(1, Ordering::SeqCst); page.get() + 1 }}</p> }
            .into_any()
    });
    sleep(20).await;
    let built = || builds.load(Ordering::SeqCst);
    let first = built();
    paged.set(1);
    sleep(20).await;
    assert_eq!(built(), first, "on the first page already: not built again");
    page.set(2);
    until("page 3", || text(&root) == "3").await;
    paged.set(2);
    until("back to page 1", || text(&root) == "1").await;
    assert_eq!(built(), first + 2, "page 3, then page 1");
}

/// Previous and Next move a page at a time and do nothing at either end, where they are marked unavailable and
/// keep the focus (a disabled button would lose it).
#[wasm_bindgen_test]
async fn the_pager_stops_at_either_end_and_keeps_the_focus() {
    let page = RwSignal::new(0usize);
    let root = mount(move || view! { <Pager page=page pages=3usize/> }.into_any());
    let button = |css: &str| element::<web_sys::HtmlElement>(&root, css);
    let status = || text(&element::<web_sys::HtmlElement>(&root, ".pager span"));
    let unavailable =
        |css: &str| button(css).get_attribute("aria-disabled").as_deref() == Some("true");
    assert!(unavailable(".previous") && !unavailable(".next"));
    button(".previous").click();
    sleep(20).await;
    assert_eq!(
        page.get_untracked(),
        0,
        "Previous on the first page does nothing"
    );

    let next = button(".next");
    next.focus().unwrap();
    next.click();
    until("page 2", || status() == "Page 2 of 3").await;
    assert!(!unavailable(".previous"));
    next.click();
    until("page 3, Next unavailable", || {
        status() == "Page 3 of 3" && unavailable(".next")
    })
    .await;
    next.click();
    sleep(20).await;
    assert_eq!(
        page.get_untracked(),
        2,
        "Next on the last page does nothing"
    );
    assert_eq!(
        support::document()
            .active_element()
            .map(|e| e.class_name())
            .as_deref(),
        Some("next"),
        "the focus stays on Next"
    );
}
