//! Every kind of portal error, rendered: an alert with a title, advice, and the technical detail folded away.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use license_console::components::ErrorNotice;
use license_console::portal::{read_license, PortalError};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn render(error: PortalError) -> web_sys::HtmlElement {
    mount(move || view! { <ErrorNotice error=error/> }.into_any())
}

#[wasm_bindgen_test]
fn each_kind_renders_as_an_alert_with_its_own_words() {
    let cases: Vec<(PortalError, &str, Option<&str>)> = vec![
        (
            read_license(
                200,
                br#"{"error":{"code":498,"message":"Invalid token.","details":[]}}"#,
            )
            .unwrap_err(),
            "session with the portal has ended",
            Some("Invalid token."),
        ),
        (
            read_license(
                200,
                br#"{"error":{"code":403,"message":"You do not have permissions.","details":[]}}"#,
            )
            .unwrap_err(),
            "not allowed",
            Some("You do not have permissions."),
        ),
        (
            read_license(
                200,
                br#"{"status":"error","messages":["User 'x' does not exist."],"code":404}"#,
            )
            .unwrap_err(),
            "User 'x' does not exist.",
            None,
        ),
        (
            read_license(200, b"<!DOCTYPE html><title>Sign In</title>").unwrap_err(),
            "web page instead of data",
            Some("Sign In"),
        ),
        (
            read_license(502, b"<html>Bad Gateway</html>").unwrap_err(),
            "HTTP 502",
            Some("Bad Gateway"),
        ),
        (read_license(200, b"").unwrap_err(), "empty answer", None),
        (
            read_license(200, br#"{"userTypes":[{"#).unwrap_err(),
            "cut off",
            None,
        ),
        (
            PortalError::Network {
                detail: "TypeError: Failed to fetch".into(),
                cross_origin: true,
            },
            "refused requests from this console",
            Some("Failed to fetch"),
        ),
        (
            PortalError::Network {
                detail: "TypeError: Failed to fetch".into(),
                cross_origin: false,
            },
            "could not be reached",
            None,
        ),
        (
            PortalError::Timeout { seconds: 30 },
            "within 30 seconds",
            None,
        ),
        (PortalError::InsecurePassword, "not HTTPS", None),
        (
            PortalError::InvalidUrl("The portal URL must start with https://".into()),
            "must start with https://",
            None,
        ),
    ];
    for (error, words, detail) in cases {
        let advice = error.advice();
        let root = render(error);
        assert_eq!(count(&root, "[role=alert]"), 1);
        let shown = text(&root);
        assert!(shown.contains(words), "“{words}” not in {shown}");
        assert!(shown.contains(&advice));
        if let Some(detail) = detail {
            assert_eq!(count(&root, "details pre"), 1);
            assert!(element::<web_sys::HtmlElement>(&root, "details pre")
                .text_content()
                .unwrap()
                .contains(detail));
        }
    }
}
