//! Operations an administrator can trust, in a real browser against a recording stand-in for `fetch`: success
//! only on the documented answer, the validated file is the imported one, a confirmation before every change
//! that Cancel (or Escape) leaves unsent, one request per confirmation however often it is clicked.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use license_console::pages::{
    Entitlements, LicenseFile, LicenseManagerPage, Release, ServerLicenses,
};
use license_console::portal::Deployment;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const LICENSE: &str = r#"{"version":"11.3","userTypes":[{"id":"creatorUT","maximumRegisteredMembers":200}],
    "licenseManagerInfo":{"hostname":"change.me","port":27000}}"#;
const VALIDATION: &str = r#"{"MyEsri":{"definitions":{},"provision":{"userTypes":[{"id":"creatorUT","maxUsers":300}]}}}"#;
const NO_HOLDERS: &str = r#"{"purchases":[]}"#;
/// Answers that are not any operation's documented success.
const NOT_SUCCESS: [&str; 5] = [
    "{}",
    "null",
    r#"{"success":false}"#,
    r#"{"status":"failed"}"#,
    r#"{"error":"text"}"#,
];

/// The release screen, answered with `release`, with a confirmation open to release proUser1's license.
async fn release_confirmation(release: &str) -> web_sys::HtmlElement {
    stub_fetch(&[
        ("/license", LICENSE),
        ("/purchases", NO_HOLDERS),
        ("/releaseLicense", release),
        ("/releaseLicense", release),
        ("/license", LICENSE),
        ("/purchases", NO_HOLDERS),
    ]);
    let root = mount_screen(|| view! { <Release/> }.into_any());
    type_into(&root, "#release-username", "proUser1");
    click(&root, "form button[type=submit]");
    until("the confirmation", || count(&root, ".confirm") == 1).await;
    root
}

/// The license file screen with `license.json` validated, answered with `import` when it is imported.
async fn validated_license_file(import: &str) -> web_sys::HtmlElement {
    stub_fetch(&[
        ("/license", LICENSE),
        ("/validateLicense", VALIDATION),
        ("/importLicense", import),
        ("/license", LICENSE),
    ]);
    let root = mount_screen(|| view! { <LicenseFile/> }.into_any());
    pick_file(&root, "#org-license-file", "license.json", "{}");
    click(&root, "form button[type=submit]");
    until("the comparison", || count(&root, "table.comparison") == 1).await;
    root
}

/// Clicks `open`, waits for the confirmation asking `question`, and confirms.
async fn submit_and_confirm(root: &web_sys::HtmlElement, open: &str, question: &str) {
    click(root, open);
    until(question, || text(root).contains(question)).await;
    click(root, ".confirm button.danger");
}

/// Waits for the outcome of an operation that the portal answered with something it does not return.
async fn refused(root: &web_sys::HtmlElement, body: &str) {
    until(body, || {
        text(root).contains("The portal's answer was not what this request returns.")
    })
    .await;
    assert_eq!(
        count(root, ".notice-success"),
        0,
        "{body}: no success shown"
    );
}

#[wasm_bindgen_test]
async fn a_release_answered_with_anything_but_success_is_not_done() {
    for body in NOT_SUCCESS {
        let root = release_confirmation(body).await;
        click(&root, ".confirm button.danger");
        refused(&root, body).await;
        assert!(!text(&root).contains("Released the"), "{body}");
    }
}

#[wasm_bindgen_test]
async fn an_import_or_a_license_manager_change_answered_otherwise_is_not_done() {
    for body in NOT_SUCCESS {
        let root = validated_license_file(body).await;
        click(&root, "section[aria-labelledby=validation] button.danger");
        until("the confirmation", || count(&root, ".confirm") == 1).await;
        click(&root, ".confirm button.danger");
        refused(&root, body).await;
        assert!(!text(&root).contains("Imported license.json"));

        stub_fetch(&[("/license", LICENSE), ("/updateLicenseManager", body)]);
        let root = mount_screen(|| view! { <LicenseManagerPage/> }.into_any());
        until("the current manager", || {
            text(&root).contains("none configured")
        })
        .await;
        type_into(&root, "#lm-primary", "lm1.example.com");
        click(&root, "form button[type=submit]");
        until("the confirmation", || count(&root, ".confirm") == 1).await;
        click(&root, ".confirm button.danger");
        refused(&root, body).await;
        assert!(!text(&root).contains("is updated"));
    }
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn a_download_that_is_json_or_a_web_page_is_not_saved() {
    let page = "<!DOCTYPE html><html><title>Sign in</title><body>Sign in</body></html>";
    for (body, words) in NOT_SUCCESS
        .map(|b| (b, "The portal's answer was not what this request returns."))
        .into_iter()
        .chain([
            (page, "The portal sent a web page instead of data."),
            ("", "The portal sent an empty answer."),
        ])
    {
        stub_fetch(&[("/license", LICENSE), ("/exportGeodatabaseLicense", body)]);
        let root = mount_screen(|| view! { <LicenseFile/> }.into_any());
        until("the download offered", || {
            count(&root, "button.export-geodatabase") == 1
        })
        .await;
        click(&root, "button.export-geodatabase");
        until(words, || text(&root).contains(words)).await;
        assert!(!text(&root).contains("Saved"), "{body}");
        assert_eq!(count(&root, ".notice-success"), 0);
    }
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn the_file_imported_is_the_file_validated() {
    stub_fetch(&[
        ("/license", LICENSE),
        ("/validateLicense", VALIDATION),
        ("/validateLicense", VALIDATION),
        ("/importLicense", r#"{"status":"success"}"#),
        ("/license", LICENSE),
    ]);
    let root = mount_screen(|| view! { <LicenseFile/> }.into_any());
    pick_file(&root, "#org-license-file", "a.json", "{\"file\":\"A\"}");
    hold_answers(true);
    click(&root, "form button[type=submit]");
    until("the validation sent", || {
        calls_to("/validateLicense").len() == 1
    })
    .await;
    let picker: web_sys::HtmlInputElement = element(&root, "#org-license-file");
    assert!(
        picker.disabled(),
        "no other file can be picked while validating"
    );
    hold_answers(false);
    until("what a.json provisions", || {
        text(&root).contains("What a.json would provision")
    })
    .await;

    // Another file: what was validated is gone, and the new one must be validated before it can be imported.
    pick_file(&root, "#org-license-file", "b.json", "{\"file\":\"B\"}");
    until("the validation dropped", || {
        count(&root, "section[aria-labelledby=validation]") == 0
    })
    .await;
    click(&root, "form button[type=submit]");
    until("what b.json provisions", || {
        text(&root).contains("What b.json would provision")
    })
    .await;
    submit_and_confirm(
        &root,
        "section[aria-labelledby=validation] button.danger",
        "Import b.json?",
    )
    .await;
    until("the result", || text(&root).contains("Imported b.json")).await;
    // The license is read again after an import (and before the next test's answers are queued).
    until("the license read again", || calls_to("/license").len() == 2).await;
    assert_eq!(
        sent_files(),
        [
            "a.json:{\"file\":\"A\"}",
            "b.json:{\"file\":\"B\"}",
            "b.json:{\"file\":\"B\"}"
        ],
        "validated a, validated b, imported exactly the b that was validated"
    );
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn a_confirmation_sends_one_request_however_often_it_is_clicked() {
    let root = release_confirmation(r#"{"status":"success"}"#).await;
    hold_answers(true);
    click(&root, ".confirm button.danger");
    until("the release sent", || {
        calls_to("/releaseLicense").len() == 1
    })
    .await;
    let action: web_sys::HtmlButtonElement = element(&root, ".confirm button.danger");
    assert!(action.disabled(), "busy while the portal answers");
    let submit: web_sys::HtmlButtonElement = element(&root, "form button[type=submit]");
    assert!(submit.disabled());
    action.click();
    submit.click();
    hold_answers(false);
    until("the result", || {
        text(&root).contains("Released the ArcGIS Pro license")
    })
    .await;
    assert_eq!(calls_to("/releaseLicense").len(), 1);
}

/// Opens a confirmation with `open`, leaves it with Cancel and then with Escape, and checks nothing was sent.
async fn cancel_twice(root: &web_sys::HtmlElement, open: impl Fn(), sent_to: &str) {
    for how in ["Cancel", "Escape"] {
        open();
        until("the confirmation", || count(root, ".confirm") == 1).await;
        let cancel: web_sys::HtmlElement = element(root, ".confirm button.cancel");
        let focused = support::document().active_element().unwrap();
        assert!(
            cancel.is_same_node(Some(&focused)),
            "the focus is on Cancel"
        );
        if how == "Cancel" {
            cancel.click();
        } else {
            let init = web_sys::KeyboardEventInit::new();
            init.set_key("Escape");
            init.set_bubbles(true);
            let escape =
                web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
                    .unwrap();
            cancel.dispatch_event(&escape).unwrap();
        }
        until(how, || count(root, ".confirm") == 0).await;
    }
    assert!(calls_to(sent_to).is_empty(), "{sent_to}: nothing sent");
}

#[wasm_bindgen_test]
async fn every_confirmation_can_be_cancelled() {
    let classic = Deployment::Classic { legacy: false };
    stub_fetch(&[
        ("/license", LICENSE),
        ("/purchases", NO_HOLDERS),
        ("/admin/system/licenses", "{}"),
        ("/license", LICENSE),
        ("/validateLicense", VALIDATION),
        ("/license", LICENSE),
        ("/getEntitlements", "{}"),
    ]);

    let root = mount_screen(|| view! { <Release/> }.into_any());
    type_into(&root, "#release-username", "proUser1");
    cancel_twice(
        &root,
        || click(&root, "form button[type=submit]"),
        "/releaseLicense",
    )
    .await;

    let root = mount_screen(|| view! { <ServerLicenses/> }.into_any());
    pick_file(
        &root,
        "#license-file",
        "Server_Image.ecp",
        "Feature: name=esriServerImg",
    );
    cancel_twice(
        &root,
        || click(&root, "form button[type=submit]"),
        "/importServerLicenses",
    )
    .await;

    let root = mount_screen(|| view! { <LicenseFile/> }.into_any());
    pick_file(&root, "#org-license-file", "license.json", "{}");
    click(&root, "form button[type=submit]");
    until("the comparison", || count(&root, "table.comparison") == 1).await;
    cancel_twice(
        &root,
        || click(&root, "section[aria-labelledby=validation] button.danger"),
        "/importLicense",
    )
    .await;

    let root = mount(move || {
        provide_session_on(classic.clone());
        view! { <LicenseManagerPage/> }.into_any()
    });
    until("the current manager", || {
        text(&root).contains("none configured")
    })
    .await;
    type_into(&root, "#lm-primary", "lm1.example.com");
    cancel_twice(
        &root,
        || click(&root, "form button[type=submit]"),
        "/updateLicenseManager",
    )
    .await;

    let root = mount(|| {
        provide_session_on(Deployment::Classic { legacy: true });
        view! { <Entitlements/> }.into_any()
    });
    pick_file(&root, "#entitlement-file", "Pro_Entitlements.json", "{}");
    cancel_twice(
        &root,
        || click(&root, "form button[type=submit]"),
        "/importEntitlements",
    )
    .await;
    cancel_twice(
        &root,
        || click(&root, "button.remove-all"),
        "/removeAllEntitlements",
    )
    .await;
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn authorization_files_can_be_dropped() {
    stub_fetch(&[
        ("/admin/system/licenses", r#"{"features":[]}"#),
        ("/importServerLicenses", r#"{"status":"success"}"#),
        ("/admin/system/licenses", r#"{"features":[]}"#),
    ]);
    let root = mount_screen(|| view! { <ServerLicenses/> }.into_any());
    let zone: web_sys::HtmlElement = element(&root, ".drop");
    let drop = js_sys::Function::new_with_args(
        "zone",
        "const files = new DataTransfer(); files.items.add(new File(['Feature: name=esriServerImg'], 'Server_Image.ecp'));
         zone.dispatchEvent(new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));",
    );
    drop.call1(&wasm_bindgen::JsValue::NULL, &zone).unwrap();
    until("the dropped file listed", || {
        text(&root).contains("Server_Image.ecp")
    })
    .await;
    submit_and_confirm(
        &root,
        "form button[type=submit]",
        "Import Server_Image.ecp?",
    )
    .await;
    until("the result", || {
        text(&root).contains("Server_Image.ecp: imported")
    })
    .await;
    assert_eq!(
        sent_files(),
        ["Server_Image.ecp:Feature: name=esriServerImg"]
    );
    until_all_answered().await;
}
