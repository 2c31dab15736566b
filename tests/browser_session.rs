//! The session's expiry flow in a real browser: a 498 mid-operation opens the sign-in dialog over the screen,
//! what was typed stays, and once signed in the same request is sent once more, by itself.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use license_console::pages::{LicenseFile, LicenseManagerPage, ReSignIn, Release, ServerLicenses};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXPIRED: &str = r#"{"status":"error","messages":["Invalid token."],"code":498}"#;

#[wasm_bindgen_test]
async fn form_input_survives_signing_in_again_and_the_release_is_sent_once_more() {
    stub_fetch(&[
        ("/license", r#"{"version":"11.4"}"#),
        ("/purchases", r#"{"purchases":[]}"#),
        ("/releaseLicense", EXPIRED),
        (
            "/generateToken",
            r#"{"token":"new-token","expires":4102444800000,"ssl":true}"#,
        ),
        ("/admin/orgs", r#"{"organizations":["0123456789ABCDEF"]}"#),
        ("/purchases", r#"{"purchases":[]}"#),
        ("/releaseLicense", r#"{"status":"success"}"#),
    ]);
    let store_slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let slot = store_slot.clone();
    let root = mount(move || {
        let store = provide_session();
        slot.set(Some(store));
        view! {
            <Release/>
            <Show when=move || store.expired.with(Option::is_some)><ReSignIn/></Show>
        }
        .into_any()
    });

    let store = store_slot.get().expect("the session was provided");
    type_into(&root, "#release-username", "proUser1");
    click(&root, "form button[type=submit]");
    until("the confirmation", || count(&root, ".confirm") == 1).await;
    click(&root, ".confirm button.danger");
    until("the sign-in dialog", || count(&root, "[role=dialog]") == 1).await;
    assert!(!text(&root).contains("Released the"));
    let kept: web_sys::HtmlInputElement = element(&root, "#release-username");
    assert_eq!(kept.value(), "proUser1");

    type_into(&root, "#resign-password", "arcgis-demo");
    click(&root, "[role=dialog] button[type=submit]");
    until("the dialog to close", || count(&root, "[role=dialog]") == 0).await;
    assert_eq!(store.current.get_untracked().unwrap().token, "new-token");
    let kept: web_sys::HtmlInputElement = element(&root, "#release-username");
    assert_eq!(
        kept.value(),
        "proUser1",
        "still there after signing in again"
    );
    until("the result", || {
        text(&root).contains("Released the ArcGIS Pro license checked out by proUser1.")
    })
    .await;

    let all = fetch_calls();
    assert!(
        all.iter().all(|(url, _, _)| !url.contains("token=")),
        "no token in any URL, the journal's reads included"
    );
    // What the screen reads around it, and the journal's look for its item, aside: the release and the sign-in.
    let calls: Vec<_> = all
        .into_iter()
        .filter(|(url, _, _)| {
            !url.ends_with("/license")
                && !url.ends_with("/purchases")
                && !url.ends_with("/appBundles")
                && !url.ends_with("/sharing/rest/search")
        })
        .collect();
    assert_eq!(calls.len(), 4);
    let (url, body, content_type) = &calls[0];
    assert_eq!(
        url,
        "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license/releaseLicense"
    );
    assert_eq!(
        body,
        "username=proUser1&appId=arcgisprodesktop&f=json&token=tok"
    );
    assert!(content_type.starts_with("application/x-www-form-urlencoded"));
    assert!(
        calls[1].0.ends_with("/sharing/rest/generateToken")
            && calls[1].1.contains("password=arcgis-demo")
    );
    assert_eq!(
        calls[3].1,
        "username=proUser1&appId=arcgisprodesktop&f=json&token=new-token"
    );
    assert!(
        calls.iter().all(|(url, _, _)| !url.contains("token=")),
        "no token in any URL"
    );
    until_all_answered().await;
}

const NEW_TOKEN: &str = r#"{"token":"new-token","expires":4102444800000,"ssl":true}"#;
const ORGS: &str = r#"{"organizations":["0123456789ABCDEF"]}"#;
const LICENSE: &str = r#"{"version":"11.4","licenseManagerInfo":{"hostname":"","port":0}}"#;

/// Mounts `screen` with a session and the sign-in-again dialog over it, as the console shows them.
fn mount_with_dialog(screen: fn() -> AnyView) -> web_sys::HtmlElement {
    mount(move || {
        let store = provide_session();
        view! {
            {screen()}
            <Show when=move || store.expired.with(Option::is_some)><ReSignIn/></Show>
        }
        .into_any()
    })
}

/// Answers the dialog that the 498 opened, and waits for it to close.
async fn sign_in_again(root: &web_sys::HtmlElement) {
    until("the sign-in dialog", || count(root, "[role=dialog]") == 1).await;
    type_into(root, "#resign-password", "arcgis-demo");
    click(root, "[role=dialog] button[type=submit]");
    until("the dialog to close", || count(root, "[role=dialog]") == 0).await;
}

/// The requests to `ending`: exactly two, the same but for the token.
fn sent_twice(ending: &str) -> (String, String) {
    let sent = calls_to(ending);
    assert_eq!(sent.len(), 2, "one request, and one retry: {sent:?}");
    assert_eq!(
        sent[0].1.replace("token=tok", "token=new-token"),
        sent[1].1,
        "the retry carries the same input"
    );
    (sent[0].1.clone(), sent[1].1.clone())
}

#[wasm_bindgen_test]
async fn a_form_sent_into_an_ended_session_is_sent_once_more_after_signing_in() {
    stub_fetch(&[
        ("/license", LICENSE),
        ("/updateLicenseManager", EXPIRED),
        ("/generateToken", NEW_TOKEN),
        ("/admin/orgs", ORGS),
        (
            "/updateLicenseManager",
            r#"{"status":"success","recheckAfterSeconds":20}"#,
        ),
        ("/license", LICENSE),
    ]);
    let root = mount_with_dialog(|| view! { <LicenseManagerPage/> }.into_any());
    until("the current manager", || {
        text(&root).contains("not needed from 11.4")
    })
    .await;
    type_into(&root, "#lm-primary", "lm1.example.com");
    click(&root, "form button[type=submit]");
    until("the confirmation", || count(&root, ".confirm") == 1).await;
    click(&root, ".confirm button.danger");
    sign_in_again(&root).await;
    until("the result", || {
        text(&root).contains("The license manager is updated.")
    })
    .await;
    let kept: web_sys::HtmlInputElement = element(&root, "#lm-primary");
    assert_eq!(kept.value(), "lm1.example.com");
    let (_, retry) = sent_twice("/updateLicenseManager");
    assert!(retry.ends_with("&f=json&token=new-token"), "{retry}");
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn an_upload_sent_into_an_ended_session_is_sent_once_more_with_the_same_file() {
    stub_fetch(&[
        ("/admin/system/licenses", r#"{"features":[]}"#),
        ("/importServerLicenses", EXPIRED),
        ("/generateToken", NEW_TOKEN),
        ("/admin/orgs", ORGS),
        ("/importServerLicenses", r#"{"status":"success"}"#),
        ("/admin/system/licenses", r#"{"features":[]}"#),
    ]);
    let root = mount_with_dialog(|| view! { <ServerLicenses/> }.into_any());
    pick_file(
        &root,
        "#license-file",
        "Server_Image.prvc",
        "Feature: name=esriServerImg",
    );
    click(&root, "form button[type=submit]");
    until("the confirmation", || count(&root, ".confirm") == 1).await;
    click(&root, ".confirm button.danger");
    sign_in_again(&root).await;
    until("the result", || {
        text(&root).contains("Server_Image.prvc: imported")
    })
    .await;
    let (first, _) = sent_twice("/importServerLicenses");
    assert_eq!(
        first,
        "licenseFile=file:Server_Image.prvc&overwrite=false&f=json&token=tok"
    );
    assert!(calls_to("/importServerLicenses")
        .iter()
        .all(|(_, _, content_type)| content_type.starts_with("multipart/form-data")));
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn a_download_asked_of_an_ended_session_is_asked_once_more() {
    stub_fetch(&[
        ("/license", LICENSE),
        ("/exportGeodatabaseLicense", EXPIRED),
        ("/generateToken", NEW_TOKEN),
        ("/admin/orgs", ORGS),
        ("/exportGeodatabaseLicense", "ESRI GEODATABASE LICENSE 1.0"),
    ]);
    let root = mount_with_dialog(|| view! { <LicenseFile/> }.into_any());
    until("the download offered", || {
        count(&root, "button.export-geodatabase") == 1
    })
    .await;
    click(&root, "button.export-geodatabase");
    sign_in_again(&root).await;
    until("the result", || {
        text(&root).contains("Saved geodatabaseLicense.ecp.")
    })
    .await;
    let (first, _) = sent_twice("/exportGeodatabaseLicense");
    assert_eq!(first, "f=json&token=tok");
    until_all_answered().await;
}
