//! The overview's license view with every kind of payload, a fixed clock, the filter and sorting.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use license_console::components::{Judged, LicenseView, ViewOptions};
use license_console::portal::read_license;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// 2024-10-01T00:00:00Z.
const NOW: i64 = 1_727_740_800_000;
const DAY: i64 = 86_400_000;

fn judged(json: &str) -> Judged {
    Judged {
        license: read_license(200, json.as_bytes()).unwrap(),
        now: NOW,
    }
}

fn render(json: &str, options: ViewOptions) -> web_sys::HtmlElement {
    render_changing(judged(json), options).0
}

/// The view, and the signal that changes the license it shows.
fn render_changing(
    first: Judged,
    options: ViewOptions,
) -> (web_sys::HtmlElement, RwSignal<Judged>) {
    let shown = RwSignal::new(first);
    let root = mount(move || {
        let license = Memo::new(move |_| shown.get());
        view! { <LicenseView license=license deployment="Portal for ArcGIS" options=options/> }
            .into_any()
    });
    (root, shown)
}

fn rows_in(root: &web_sys::HtmlElement, section: &str) -> Vec<String> {
    let list = root
        .query_selector_all(&format!("section[aria-labelledby={section}] tbody tr th"))
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
fn seed_004_membership_levels() {
    let root = render(
        r#"{"isValid":true,"currentRegisteredMembers":25,"maximumRegisteredMembers":100,"expiration":1381820400000,
            "features":[{"level":"1","name":"esriPortalLvl1","displayName":"Portal for ArcGIS","isValid":true,"currentRegisteredMembers":5,"maximumRegisteredMembers":40,"version":"10.5","expiration":1381820400000},
                        {"level":"2","name":"esriPortalLvl2","displayName":"Portal for ArcGIS","isValid":true,"currentRegisteredMembers":20,"maximumRegisteredMembers":60,"version":"10.5","expiration":1381820400000}]}"#,
        ViewOptions::default(),
    );
    assert_eq!(rows_in(&root, "membership-levels").len(), 2);
    let shown = text(&root);
    for expected in [
        "Level 1 members",
        "Level 2 members",
        "5 of 40",
        "20 of 60",
        "25 of 100",
    ] {
        assert!(shown.contains(expected), "{expected} in {shown}");
    }
    assert!(shown.contains("expired"), "2013 expirations are expired");
}

#[wasm_bindgen_test]
fn classic_license_resource() {
    let root = render(
        r#"{"currentRegisteredMembers":12,"maximumRegisteredMembers":100,"version":"11.1",
            "userTypes":[{"id":"creatorUT","maximumRegisteredMembers":50,"currentRegisteredMembers":10,"expiration":1790000000000}],
            "apps":[{"id":"arcgisprodesktop","itemId":"abc","maximumRegisteredMembers":20,"expiration":1790000000000},
                    {"id":"drone2map","maximumRegisteredMembers":0}],
            "licenseManagerInfo":{"hostname":"lm1.example.com,lm2.example.com","port":27000}}"#,
        ViewOptions::default(),
    );
    let shown = text(&root);
    for expected in [
        "Creator",
        "10 of 50",
        "ArcGIS Pro",
        "20 allowed",
        "none allowed",
        "lm1.example.com, backup lm2.example.com (port 27000)",
        "11.1",
    ] {
        assert!(shown.contains(expected), "{expected} in {shown}");
    }
    assert_eq!(
        count(&root, "section[aria-labelledby=server-capabilities]"),
        0,
        "absent sections are simply absent"
    );
}

#[wasm_bindgen_test]
fn empty_nulls_and_unknown_fields() {
    let empty = render("{}", ViewOptions::default());
    assert!(text(&empty).contains("The portal's license lists nothing."));
    assert_eq!(count(&empty, "table"), 0);

    let odd = render(
        r#"{"maximumRegisteredMembers":0,"currentRegisteredMembers":3,"licenseManagerInfo":null,"surprise":{"a":[1]},
            "userTypes":[{"id":"creatorUT","maximumRegisteredMembers":null,"currentRegisteredMembers":"7","expiration":"soon","weird":{}}],
            "capabilities":{"features":[{"name":"bigFeature","coreCount":1000000000000,"isValid":"maybe","canExpire":false,"expiration":1}]}}"#,
        ViewOptions::default(),
    );
    let shown = text(&odd);
    for expected in [
        "3 of none",
        "7 used",
        "1,000,000,000,000",
        "does not expire",
        "no date",
        "none configured",
    ] {
        assert!(shown.contains(expected), "{expected} in {shown}");
    }
}

#[wasm_bindgen_test]
fn expiry_bands_at_their_edges() {
    let item = |id: &str, days: i64| {
        format!(
            r#"{{"id":"{id}","maximumRegisteredMembers":10,"currentRegisteredMembers":1,"expiration":{}}}"#,
            NOW + days * DAY
        )
    };
    let json = format!(
        r#"{{"userTypes":[{},{},{},{},{}]}}"#,
        item("in30", 30),
        item("in31", 31),
        item("in90", 90),
        item("in91", 91),
        item("gone", -1)
    );
    let root = render(&json, ViewOptions::default());
    let class_of = |id: &str| {
        let rows = root
            .query_selector_all("section[aria-labelledby=user-types] tbody tr")
            .unwrap();
        (0..rows.length())
            .map(|i| rows.item(i).unwrap().unchecked_into::<web_sys::Element>())
            .find(|row| row.text_content().unwrap_or_default().starts_with(id))
            .and_then(|row| row.query_selector(".expiry").unwrap())
            .map(|badge| badge.class_name())
            .unwrap()
    };
    assert_eq!(class_of("in30"), "expiry expiry-soon");
    assert_eq!(class_of("in31"), "expiry expiry-approaching");
    assert_eq!(class_of("in90"), "expiry expiry-approaching");
    assert_eq!(class_of("in91"), "expiry expiry-ok");
    assert_eq!(class_of("gone"), "expiry expiry-expired");
    assert_eq!(count(&root, ".attention-list li"), 4);
    assert!(text(&root).contains("Runs out first"));
}

#[wasm_bindgen_test]
async fn filter_attention_only_and_sorting() {
    let options = ViewOptions::default();
    let root = render(include_str!("fixtures/seed001_license.json"), options);
    // Two Notebook Server features and their two server extensions (notebooksadvsvr, notebooksstdsvr).
    options.filter.set("notebook".into());
    until("the filter", || {
        rows_in(&root, "server-capabilities").len() == 4
    })
    .await;
    assert_eq!(
        count(&root, "section[aria-labelledby=user-types]"),
        0,
        "a table with no match is hidden"
    );
    options.filter.set(String::new());
    until("all rows again", || rows_in(&root, "user-types").len() == 6).await;

    // On NOW the server licenses expire in 15 days; the user types a year later.
    options.attention_only.set(true);
    until("attention only", || rows_in(&root, "user-types").is_empty()).await;
    assert_eq!(rows_in(&root, "server-capabilities").len(), 17);
    options.attention_only.set(false);
    until("all rows again", || rows_in(&root, "user-types").len() == 6).await;

    let members_header = "section[aria-labelledby=user-types] thead th:nth-child(2) button";
    click(&root, members_header);
    until("ascending by members", || {
        rows_in(&root, "user-types")
            .last()
            .is_some_and(|r| r.starts_with("Creator"))
    })
    .await;
    click(&root, members_header);
    until("descending by members", || {
        rows_in(&root, "user-types")
            .first()
            .is_some_and(|r| r.starts_with("Creator"))
    })
    .await;
    let sorted = element::<web_sys::Element>(
        &root,
        "section[aria-labelledby=user-types] thead th:nth-child(2)",
    );
    assert_eq!(
        sorted.get_attribute("aria-sort").as_deref(),
        Some("descending")
    );
}

#[wasm_bindgen_test]
fn long_attention_lists_name_the_most_urgent_and_count_the_rest() {
    let items: Vec<String> = (0..20)
        .map(|i| {
            format!(
                r#"{{"id":"ext{i}","maximumRegisteredMembers":5,"expiration":{}}}"#,
                NOW + (i - 5) * DAY
            )
        })
        .collect();
    let root = render(
        &format!(r#"{{"extensions":[{}]}}"#, items.join(",")),
        ViewOptions::default(),
    );
    assert_eq!(count(&root, ".attention-list li"), 12);
    let shown = text(&root);
    assert!(
        shown.contains("6 expired · 14 expires within 30 days"),
        "an expiration at this very moment has passed: {shown}"
    );
    assert!(shown.contains("and 8 more"), "{shown}");
    let first = element::<web_sys::HtmlElement>(&root, ".attention-list li")
        .text_content()
        .unwrap();
    assert!(
        first.contains("ext0") && first.contains("expired"),
        "the most urgent first: {first}"
    );
}

#[wasm_bindgen_test]
async fn long_tables_show_the_first_hundred_then_more_on_request() {
    let extensions: Vec<String> = (0..230)
        .map(|i| {
            format!(
                r#"{{"id":"ext{i:03}","maximumRegisteredMembers":10,"currentRegisteredMembers":1,"expiration":{}}}"#,
                NOW + 400 * DAY
            )
        })
        .collect();
    let json = format!(r#"{{"extensions":[{}]}}"#, extensions.join(","));
    let root = render(&json, ViewOptions::default());
    let more = "section[aria-labelledby=add-ons] .more-rows";
    assert_eq!(rows_in(&root, "add-ons").len(), 100);
    assert!(text(&root).contains("Showing 100 of 230."));
    click(&root, &format!("{more} button:first-of-type"));
    until("the next hundred", || {
        rows_in(&root, "add-ons").len() == 200
    })
    .await;
    let buttons = element::<web_sys::Element>(&root, more)
        .text_content()
        .unwrap();
    assert!(
        buttons.contains("Show 30 more") && buttons.contains("Show all 230"),
        "{buttons}"
    );
    click(&root, &format!("{more} button:last-of-type"));
    until("every row", || rows_in(&root, "add-ons").len() == 230).await;
    assert_eq!(count(&root, more), 0, "nothing left to show");

    // Find searches every row, not only those shown.
    let options = ViewOptions::default();
    let found = render(&json, options);
    options.filter.set("ext229".into());
    until("a row past the first hundred", || {
        rows_in(&found, "add-ons").len() == 1
    })
    .await;
    assert_eq!(count(&found, more), 0);
}

#[wasm_bindgen_test]
async fn a_printed_overview_has_every_row() {
    let extensions: Vec<String> = (0..150)
        .map(|i| format!(r#"{{"id":"ext{i:03}","maximumRegisteredMembers":10}}"#))
        .collect();
    let json = format!(r#"{{"extensions":[{}]}}"#, extensions.join(","));
    let root = render(&json, ViewOptions::default());
    assert_eq!(rows_in(&root, "add-ons").len(), 100);
    let window = web_sys::window().unwrap();
    window
        .dispatch_event(&web_sys::Event::new("beforeprint").unwrap())
        .unwrap();
    until("every row for the printer", || {
        rows_in(&root, "add-ons").len() == 150
    })
    .await;
    assert_eq!(count(&root, ".more-rows"), 0);
    window
        .dispatch_event(&web_sys::Event::new("afterprint").unwrap())
        .unwrap();
    until("the first hundred again", || {
        rows_in(&root, "add-ons").len() == 100
    })
    .await;
}

/// A license that changes while shown is updated in place: the rows shown after "Show all" stay shown, the rows
/// are the same elements, and what changed (a row's seats, a row gone, the members) is shown.
#[wasm_bindgen_test]
async fn a_changed_license_updates_the_view_in_place() {
    let license = |used: u64, apps: usize| {
        let apps: Vec<String> = (0..apps)
            .map(|i| format!(r#"{{"id":"app{i:03}","maximumRegisteredMembers":10,"currentRegisteredMembers":{}}}"#, i % 10))
            .collect();
        judged(&format!(
            r#"{{"currentRegisteredMembers":{used},"maximumRegisteredMembers":900,
                "userTypes":[{{"id":"creatorUT","maximumRegisteredMembers":50,"currentRegisteredMembers":{used}}}],
                "apps":[{}]}}"#,
            apps.join(",")
        ))
    };
    let (root, shown) = render_changing(license(10, 150), ViewOptions::default());
    click(
        &root,
        "section[aria-labelledby=add-ons] .more-rows button:last-child",
    );
    until("every row", || rows_in(&root, "add-ons").len() == 150).await;
    let first_row = element::<web_sys::Element>(&root, "section[aria-labelledby=add-ons] tbody tr");
    assert!(text(&root).contains("10 of 900"));

    shown.set(license(42, 149));
    until("the change shown", || text(&root).contains("42 of 900")).await;
    assert!(
        text(&root).contains("42 of 50"),
        "the user type's row: {}",
        text(&root)
    );
    assert_eq!(
        rows_in(&root, "add-ons").len(),
        149,
        "the row gone is gone, the others still shown"
    );
    assert_eq!(count(&root, ".more-rows"), 0);
    assert!(
        first_row.is_connected(),
        "the first row is the same element, updated rather than built again"
    );
}
