//! The operation forms in a real browser: what they refuse before sending, what they ask, and exactly what they
//! send — fields, file parts, the token in the body — through a recording stand-in for `fetch`.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use license_console::pages::{LicenseFile, LicenseManagerPage, Release, ServerLicenses};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SUCCESS: &str = r#"{"status":"success"}"#;
const LICENSE: &str = r#"{"version":"11.4","userTypes":[{"id":"creatorUT","maximumRegisteredMembers":200,"currentRegisteredMembers":3},
    {"id":"editorUT","maximumRegisteredMembers":200}],"licenseManagerInfo":{"hostname":"","port":0}}"#;

#[wasm_bindgen_test]
async fn server_license_upload_sends_multipart_with_the_token_inside() {
    stub_fetch(&[
        ("/admin/system/licenses", r#"{"features":[]}"#),
        ("/importServerLicenses", SUCCESS),
        (
            "/admin/system/licenses",
            r#"{"features":[{"name":"esriServerImg","displayName":"ArcGIS Image Server"}]}"#,
        ),
    ]);
    let root = mount(|| {
        provide_session();
        view! { <ServerLicenses/> }.into_any()
    });
    click(&root, "form button[type=submit]");
    until("a refusal", || {
        text(&root).contains("Choose one or more authorization files")
    })
    .await;
    pick_file(&root, "#license-file", "notes.txt", "x");
    click(&root, "form button[type=submit]");
    until("the wrong type refused", || {
        text(&root).contains("not the right kind of file")
    })
    .await;
    pick_file(
        &root,
        "#license-file",
        "Server_Image.prvc",
        "Feature: name=esriServerImg",
    );
    click(&root, "input[name=overwrite]");
    click(&root, "form button[type=submit]");
    until("the confirmation", || count(&root, ".confirm") == 1).await;
    assert!(text(&root).contains(
        "Import Server_Image.prvc with overwrite? This replaces all current server authorizations"
    ));
    assert!(
        calls_to("/importServerLicenses").is_empty(),
        "nothing is sent before confirming"
    );
    click(&root, ".confirm button.danger");
    until("the result", || {
        text(&root).contains("Server_Image.prvc: imported")
    })
    .await;
    until("the list after", || {
        text(&root).contains("ArcGIS Image Server")
    })
    .await;
    let sent = calls_to("/importServerLicenses");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].0,
        "https://gis.example.com/arcgis/admin/system/licenses/importServerLicenses"
    );
    assert_eq!(
        sent[0].1,
        "licenseFile=file:Server_Image.prvc&overwrite=true&f=json&token=tok"
    );
    assert!(sent[0].2.starts_with("multipart/form-data; boundary="));
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn license_manager_refuses_bad_input_and_sends_json_text() {
    stub_fetch(&[
        ("/license", LICENSE),
        (
            "/updateLicenseManager",
            r#"{"status":"success","recheckAfterSeconds":20}"#,
        ),
        ("/license", LICENSE),
    ]);
    let root = mount(|| {
        provide_session();
        view! { <LicenseManagerPage/> }.into_any()
    });
    until("the current manager", || {
        text(&root).contains("not needed from 11.4")
    })
    .await;
    type_into(&root, "#lm-primary", "lm 1");
    click(&root, "form button[type=submit]");
    until("the host refused", || {
        text(&root).contains("Enter the license manager's host name")
    })
    .await;
    type_into(&root, "#lm-primary", "lm1.example.com");
    type_into(&root, "#lm-port", "70000");
    click(&root, "form button[type=submit]");
    until("the port refused", || {
        text(&root).contains("The port is a number from 1 to 65535")
    })
    .await;
    assert!(calls_to("/updateLicenseManager").is_empty());
    type_into(&root, "#lm-port", "27000");
    click(&root, "form button[type=submit]");
    until("the confirmation", || {
        text(&root).contains("Point the portal at the license manager lm1.example.com, port 27000?")
    })
    .await;
    assert!(
        calls_to("/updateLicenseManager").is_empty(),
        "nothing sent before confirming"
    );
    click(&root, ".confirm button.danger");
    until("the result", || {
        text(&root).contains("The portal checks it again in 20 seconds.")
    })
    .await;
    let sent = calls_to("/updateLicenseManager");
    assert_eq!(sent[0].1, "licenseManagerInfo=%7B%22hostname%22%3A%22lm1.example.com%22%2C%22port%22%3A27000%7D&f=json&token=tok");
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn license_file_is_validated_compared_and_imported_only_after_confirming() {
    let validation = r#"{"MyEsri":{"definitions":{},"provision":{"userTypes":[{"id":"creatorUT","maxUsers":300,"startDate":1767225600000}],
        "apps":[],"appBundles":[],"extensions":[]}}}"#;
    stub_fetch(&[
        ("/license", LICENSE),
        ("/validateLicense", validation),
        ("/importLicense", SUCCESS),
        ("/license", LICENSE),
    ]);
    let root = mount(|| {
        provide_session();
        view! { <LicenseFile/> }.into_any()
    });
    pick_file(&root, "#org-license-file", "license.json", "{}");
    click(&root, "form button[type=submit]");
    until("the comparison", || {
        count(&root, "table.comparison tbody tr") == 2
    })
    .await;
    let more = element::<web_sys::HtmlElement>(&root, "tr.change-more")
        .text_content()
        .unwrap();
    assert!(
        more.contains("Creator") && more.contains("200") && more.contains("300"),
        "{more}"
    );
    assert!(element::<web_sys::HtmlElement>(&root, "tr.change-removed")
        .text_content()
        .unwrap()
        .contains("Editor"));
    assert!(calls_to("/importLicense").is_empty());
    click(&root, "section[aria-labelledby=validation] button.danger");
    until("the confirmation", || {
        text(&root).contains(
            "Import license.json? It replaces the organization's user-type and add-on licenses",
        )
    })
    .await;
    click(&root, ".confirm button.danger");
    until("the result", || {
        text(&root).contains("Imported license.json")
    })
    .await;
    assert_eq!(
        calls_to("/validateLicense")[0].1,
        "file=file:license.json&listAdministratorUserTypes=false&f=json&token=tok"
    );
    assert_eq!(
        calls_to("/importLicense")[0].1,
        "file=file:license.json&f=json&token=tok"
    );
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn release_asks_for_a_username_before_anything_is_sent() {
    // One app whose purchase says nothing of its offline policy: said, not hidden.
    let purchases =
        r#"{"purchases":[{"listing":{"itemId":"pro1","title":"ArcGIS Pro"},"provision":{}}]}"#;
    let holders = r#"{"userEntitlements":[],"total":0,"nextStart":-1}"#;
    stub_fetch(&[
        ("/license", LICENSE),
        ("/purchases", purchases),
        ("/userEntitlements", holders),
    ]);
    let root = mount(|| {
        provide_session();
        view! { <Release/> }.into_any()
    });
    click(&root, "form button[type=submit]");
    until("the refusal", || {
        text(&root).contains("Enter the member's username.")
    })
    .await;
    assert_eq!(count(&root, ".confirm"), 0);
    until("the empty holders list", || {
        text(&root).contains("Nobody is known to have a license checked out")
    })
    .await;
    assert!(text(&root)
        .contains("ArcGIS Pro: the portal does not say whether members may take it offline."));
    assert_eq!(
        count(&root, "button.offline-policy"),
        0,
        "nothing to change from"
    );
    assert!(calls_to("/releaseLicense").is_empty());
    until_all_answered().await;
}
