//! What makes the console safe to use on a real portal, end to end: Enter never confirms by accident, a redirect
//! is not followed with a password, a request that never answers is given up on, and a console that stops says
//! so.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use demo_portal::{Fault, ORG_ID};
use e2e::Harness;

const ENTER: &str = "\u{E007}";

#[tokio::test]
async fn enter_on_an_open_confirmation_does_not_confirm() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("Needs attention").await;
    let holder = h.offline_pro_holders()[0].clone();
    h.click("a[href='#/release']").await;
    // Typing the name and pressing Enter twice, as a hurried person would.
    h.wait_for("input[name=username]")
        .await
        .send_keys(&format!("{holder}{ENTER}"))
        .await
        .unwrap();
    h.wait_for(".confirm button.cancel:focus").await;
    h.browser
        .active_element()
        .await
        .unwrap()
        .send_keys(ENTER)
        .await
        .unwrap();
    h.wait_for_count(".confirm", 0, "Enter chose Cancel").await;
    assert!(!h.page_text().await.contains("Released the"));
    assert!(
        h.offline_pro_holders().contains(&holder),
        "nothing was released"
    );
    h.close().await;
}

#[tokio::test]
async fn a_redirect_from_the_token_endpoint_is_an_error_and_is_not_followed() {
    // Where the redirect points: anything that arrives there would carry the password.
    let elsewhere = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let target = format!(
        "http://{}/portal/sharing/rest/generateToken",
        elsewhere.local_addr().unwrap()
    );
    let arrived = Arc::new(AtomicUsize::new(0));
    let counter = arrived.clone();
    let listener = tokio::spawn(async move {
        while elsewhere.accept().await.is_ok() {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    let h = Harness::start().await;
    h.portal.portal.faults.set(
        "/arcgis/sharing/rest/generateToken",
        Fault::Redirect(target),
    );
    h.sign_in("arcgis", "admin").await;
    let text = h.wait_for_text("answered with a redirect").await;
    assert!(
        text.contains(&h.portal.url("")) && text.contains("does not follow it with your password"),
        "{text}"
    );
    assert!(
        h.browser
            .find(fantoccini::Locator::Css("nav"))
            .await
            .is_err(),
        "not signed in"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        arrived.load(Ordering::SeqCst),
        0,
        "nothing followed the redirect"
    );
    listener.abort();
    h.close().await;
}

#[tokio::test]
async fn a_request_that_never_answers_is_given_up_after_30_seconds() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("Needs attention").await;
    let release = format!("/arcgis/admin/orgs/{ORG_ID}/license/releaseLicense");
    h.portal.portal.faults.set(&release, Fault::Delay(40_000));
    h.click("a[href='#/release']").await;
    h.wait_for("button.release-one").await;
    h.click("button.release-one").await;
    let sent = Instant::now();
    h.click(".confirm button.danger").await;
    let deadline = sent + Duration::from_secs(50);
    while !h
        .page_text()
        .await
        .contains("The portal did not answer within 30 seconds.")
    {
        assert!(Instant::now() < deadline, "no time-out shown");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        sent.elapsed() >= Duration::from_secs(29),
        "given up too early"
    );
    assert!(h
        .page_text()
        .await
        .contains("may or may not have taken effect"));
    h.portal.portal.faults.clear();
    h.close().await;
}

#[tokio::test]
async fn a_console_that_stops_says_so() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("Needs attention").await;
    // Break the DOM under the console, so that the next screen it builds panics.
    let break_dom = "Document.prototype.createElement = function () { throw new Error('createElement is broken'); };";
    h.browser.execute(break_dom, vec![]).await.unwrap();
    h.click("a[href='#/release']").await;
    let text = h
        .wait_for_text("The console stopped because of an internal error.")
        .await;
    assert!(text
        .contains("may or may not have reached the portal: reload and check before repeating it"));
    assert!(h
        .browser
        .find(fantoccini::Locator::Css(".stopped[role=alert]"))
        .await
        .is_ok());
    h.close_expecting(&["panicked", "unreachable"]).await;
}
