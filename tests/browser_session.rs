//! The session's expiry flow in a real browser: a 498 mid-form opens the sign-in dialog over the screen, what
//! was typed stays, and the operation succeeds when sent again.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use license_console::pages::{ReSignIn, Release};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXPIRED: &str = r#"{"status":"error","messages":["Invalid token."],"code":498}"#;

#[wasm_bindgen_test]
async fn form_input_survives_signing_in_again() {
    stub_fetch(&[
        ("/license", r#"{"version":"11.4"}"#),
        ("/purchases", r#"{"purchases":[]}"#),
        ("/releaseLicense", EXPIRED),
        (
            "/generateToken",
            r#"{"token":"new-token","expires":4102444800000,"ssl":true}"#,
        ),
        ("/admin/orgs", r#"{"organizations":["0123456789ABCDEF"]}"#),
        ("/license", r#"{"version":"11.4"}"#),
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

    click(&root, "form button[type=submit]");
    until("the confirmation", || count(&root, ".confirm") == 1).await;
    click(&root, ".confirm button.danger");
    until("the result", || {
        text(&root).contains("Released the ArcGIS Pro license checked out by proUser1.")
    })
    .await;

    let calls: Vec<_> = fetch_calls()
        .into_iter()
        .filter(|(url, _, _)| !url.ends_with("/license") && !url.ends_with("/purchases"))
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
}
