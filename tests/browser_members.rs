//! The Members screen in a real browser, over a recording stand-in for `fetch`: the seat bars with their
//! warnings, and a bulk revoke's result for each member with a retry of the failed one only.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use license_console::pages::Members;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PURCHASES: &str = r#"{"purchases":[{"listing":{"itemId":"pro1","title":"ArcGIS Pro","appId":"arcgisprodesktop"},
    "provision":{"orgEntitlements":{"entitlements":{"desktopAdvN":{"num":2},"spatialAnalystN":{"num":20}}}}}]}"#;
const HOLDERS: &str = r#"{"userEntitlements":[
    {"username":"ana","lastLogin":-1,"disconnected":false,"entitlements":["desktopAdvN","spatialAnalystN"]},
    {"username":"ben","lastLogin":1700000000000,"disconnected":true,"entitlements":["desktopAdvN"]},
    {"username":"cleo","lastLogin":1700000000000,"disconnected":false,"entitlements":["desktopAdvN","3DAnalystN"]}],
    "total":3,"start":1,"num":100,"nextStart":-1}"#;
const MEMBERS: &str = r#"{"results":[
    {"username":"ana","fullName":"Ana A","userLicenseTypeId":"creatorUT","role":"org_user","lastLogin":-1},
    {"username":"ben","fullName":"Ben B","userLicenseTypeId":"creatorUT","role":"org_user","lastLogin":1700000000000},
    {"username":"cleo","fullName":"Cleo C","userLicenseTypeId":"GISProfessionalAdvUT","role":"org_admin","lastLogin":1700000000000},
    {"username":"dev","fullName":"Dev D","userLicenseTypeId":"viewerUT","role":"org_user","lastLogin":1700000000000}],
    "total":4,"start":1,"num":100,"nextStart":-1}"#;
const USER_TYPES: &str = r#"{"userLicenseTypes":[{"id":"creatorUT","name":"Creator","maxUsers":2},
    {"id":"GISProfessionalAdvUT","name":"Professional Plus","maxUsers":10}],"total":2,"nextStart":-1}"#;
const TYPE_COUNTS: &str = r#"{"results":[{"key":"creatorUT","count":2},{"key":"GISProfessionalAdvUT","count":1},
    {"key":"viewerUT","count":3}]}"#;
const OFFLINE: &str = r#"{"error":{"code":400,"message":"None of the specified users can be disconnected.","details":[]}}"#;

/// The answers one read of the directory takes.
fn one_read() -> Vec<(&'static str, &'static str)> {
    vec![
        ("/portals/self/purchases", PURCHASES),
        ("/portals/self/appBundles", r#"{"appBundles":[],"total":0}"#),
        ("/userEntitlements", HOLDERS),
        ("/users/search", MEMBERS),
    ]
}

fn seat_row(root: &web_sys::HtmlElement, entitlement: &str) -> String {
    let rows = root.query_selector_all("table.seats tbody tr").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i)?.text_content())
        .find(|text| text.contains(entitlement))
        .unwrap_or_else(|| panic!("no seat row for {entitlement}"))
}

#[wasm_bindgen_test]
async fn seats_show_owned_assigned_and_left_with_their_warnings() {
    let mut answers = one_read();
    answers.push(("/userLicenseTypes", USER_TYPES));
    answers.push(("/users/counts", TYPE_COUNTS));
    stub_fetch(&answers);
    let root = mount_screen(|| view! { <Members/> }.into_any());
    until("the table", || text(&root).contains("Complete: 4 members")).await;
    until("seats per user type", || {
        count(&root, "table.user-type-seats tbody tr") == 3
    })
    .await;
    let types = |name: &str| {
        let rows = root
            .query_selector_all("table.user-type-seats tbody tr")
            .unwrap();
        (0..rows.length())
            .filter_map(|i| rows.item(i)?.text_content())
            .find(|t| t.starts_with(name))
            .unwrap_or_else(|| panic!("no row for {name}"))
    };
    let creator = types("Creator");
    assert!(
        creator.contains("2 of 2") && creator.contains("all seats used"),
        "{creator}"
    );
    let viewer = types("Viewer");
    assert!(viewer.contains("the portal counts 3; 1 read"), "{viewer}");
    assert!(
        viewer.contains("not reported"),
        "held, not in the list: {viewer}"
    );
    // The portal's own name for a type, in the table as in the seats.
    assert!(types("Professional Plus").contains("1 of 10"));
    let cleo = (0..4)
        .filter_map(|i| {
            root.query_selector_all("table.members tbody tr")
                .unwrap()
                .item(i)?
                .text_content()
        })
        .find(|t| t.contains("cleo"))
        .unwrap();
    assert!(cleo.contains("Professional Plus"), "{cleo}");
    let advanced = seat_row(&root, "Pro Advanced");
    assert!(
        advanced.contains("3 of 2") && advanced.contains("-1"),
        "{advanced}"
    );
    assert!(advanced.contains("more assigned than owned"), "{advanced}");
    let spatial = seat_row(&root, "Spatial Analyst");
    assert!(
        spatial.contains("1 of 20") && !spatial.contains("taken"),
        "{spatial}"
    );
    let three_d = seat_row(&root, "3D Analyst");
    assert!(
        three_d.contains("more assigned than owned"),
        "held, not owned: {three_d}"
    );
    let full = root
        .query_selector("table.seats [role=img]")
        .unwrap()
        .and_then(|bar| bar.get_attribute("aria-label"));
    assert!(full.is_some(), "a bar for the eye, labelled for the ear");
    assert!(
        text(&root).contains("Pro Advanced · Spatial Analyst"),
        "friendly names in the table"
    );
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn a_revoke_reports_each_member_and_retries_only_the_failed() {
    let mut answers = one_read();
    answers.push(("/provisionUserEntitlements", r#"{"success":true}"#));
    answers.push(("/provisionUserEntitlements", OFFLINE));
    answers.extend(one_read());
    answers.push(("/provisionUserEntitlements", r#"{"success":true}"#));
    answers.extend(one_read());
    stub_fetch(&answers);
    let root = mount_screen(|| view! { <Members/> }.into_any());
    until("the table", || text(&root).contains("Complete: 4 members")).await;
    click(&root, ".bulk button");
    until("all four selected", || {
        text(&root).contains("4 selected and shown")
    })
    .await;
    assert!(
        text(&root).contains("Revoke ArcGIS Pro (3)"),
        "dev holds no Pro"
    );
    click(&root, "button.revoke");
    until("the question", || count(&root, ".confirm") == 1).await;
    assert!(text(&root).contains("Revoke ArcGIS Pro from 3 members? (ana, ben, cleo)"));
    assert!(text(&root).contains("1 of them hold it offline"));
    click(&root, ".confirm button.danger");
    until("the results", || text(&root).contains("2 done, 1 failed.")).await;
    let failed = element::<web_sys::HtmlElement>(&root, ".result-failed")
        .text_content()
        .unwrap();
    assert!(failed.starts_with("ben: failed"), "{failed}");
    assert!(failed.contains("None of the specified users can be disconnected."));
    let sent = calls_to("/provisionUserEntitlements");
    assert_eq!(sent.len(), 2, "ana and cleo together, ben alone");
    assert!(
        sent[0]
            .1
            .contains("%22users%22%3A%5B%22ana%22%2C%22cleo%22%5D"),
        "{}",
        sent[0].1
    );
    assert!(
        sent[1].1.contains("%22users%22%3A%5B%22ben%22%5D"),
        "{}",
        sent[1].1
    );

    click(&root, "button.retry");
    until("the question again", || {
        text(&root).contains("Revoke ArcGIS Pro from 1 member? (ben)")
    })
    .await;
    click(&root, ".confirm button.danger");
    until("the retry's result", || {
        text(&root).contains("1 done, 0 failed.")
    })
    .await;
    assert_eq!(
        calls_to("/provisionUserEntitlements").len(),
        3,
        "only ben again"
    );
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn a_rows_box_follows_its_member_as_find_changes_the_rows() {
    stub_fetch(&one_read());
    let root = mount_screen(|| view! { <Members/> }.into_any());
    until("the table", || text(&root).contains("Complete: 4 members")).await;
    let first_box = || element::<web_sys::HtmlInputElement>(&root, "table.members tbody input");
    let ana = first_box();
    assert_eq!(
        (ana.value(), ana.get_attribute("aria-label")),
        ("ana".to_owned(), Some("Select ana".to_owned()))
    );
    ana.click();
    until("ana selected", || {
        text(&root).contains("1 selected and shown")
    })
    .await;
    // Ben, Cleo and Dev have an "e" in their names; Ana's row now shows Ben.
    type_into(&root, "input[type=search]", "e");
    until("three shown", || text(&root).contains("3 shown")).await;
    let ben = first_box();
    assert!(ben == ana, "the same box, given to another member");
    assert_eq!(ben.value(), "ben");
    assert_eq!(
        ben.get_attribute("aria-label").as_deref(),
        Some("Select ben")
    );
    assert_eq!(ben.type_(), "checkbox");
    assert!(!ben.checked(), "ben is not selected");
    ben.click();
    until("ben selected too", || text(&root).contains("2 selected")).await;
    type_into(&root, "input[type=search]", "");
    until("four shown", || text(&root).contains("4 shown")).await;
    let checked: Vec<(String, bool)> = (0..4)
        .map(|i| {
            let input: web_sys::HtmlInputElement = root
                .query_selector_all("table.members tbody input")
                .unwrap()
                .item(i)
                .unwrap()
                .unchecked_into();
            (input.value(), input.checked())
        })
        .collect();
    let expected = [
        ("ana", true),
        ("ben", true),
        ("cleo", false),
        ("dev", false),
    ];
    assert_eq!(
        checked,
        expected.map(|(name, on)| (name.to_owned(), on)).to_vec()
    );
    until_all_answered().await;
}
