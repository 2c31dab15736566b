//! Broken and hostile answers through the demo portal's fault switches, and where the token may never appear.

use demo_portal::{Fault, ORG_ID};
use e2e::Harness;

/// What a network, proxy or web adaptor does on a bad day, and the words the console has for each.
fn broken_answers() -> [(Fault, &'static str); 4] {
    [
        (
            Fault::HtmlLogin,
            "The portal sent a web page instead of data.",
        ),
        (
            Fault::BadGateway,
            "The portal's web server answered with HTTP 502.",
        ),
        (
            Fault::TruncatedJson,
            "The portal's answer was cut off part way.",
        ),
        (Fault::Drop, "The portal could not be reached."),
    ]
}

#[tokio::test]
async fn broken_answers_are_explained_never_shown_as_success() {
    let h = Harness::start().await;
    let license = format!("/arcgis/admin/orgs/{ORG_ID}/license");
    for (fault, words) in broken_answers() {
        h.portal.portal.faults.clear();
        h.portal.portal.faults.set(&license, fault.clone());
        h.sign_in("arcgis", "admin").await;
        h.wait_for_text(words).await;
        assert!(
            h.browser
                .find(fantoccini::Locator::Css("[role=alert] details"))
                .await
                .is_ok(),
            "{fault:?}: the detail is kept"
        );
        h.click(".who button").await;
        h.wait_for("input[name=password]").await;
    }
    h.portal.portal.faults.clear();
    h.close().await;
}

#[tokio::test]
async fn an_operation_that_meets_a_broken_answer_is_never_shown_as_done() {
    let h = Harness::start().await;
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("Needs attention").await;
    let release = format!("/arcgis/admin/orgs/{ORG_ID}/license/releaseLicense");
    for (fault, words) in broken_answers() {
        h.portal.portal.faults.clear();
        h.portal.portal.faults.set(&release, fault.clone());
        h.click("a[href='#/overview']").await;
        h.wait_for_text("Needs attention").await;
        h.click("a[href='#/release']").await;
        h.wait_for("button.release-one").await;
        h.click("button.release-one").await;
        h.click(".confirm button.danger").await;
        let text = h.wait_for_text(words).await;
        assert!(!text.contains("Released the"), "{fault:?}: {text}");
        assert!(
            h.browser
                .find(fantoccini::Locator::Css(".notice-success"))
                .await
                .is_err(),
            "{fault:?}: no success notice"
        );
    }
    h.portal.portal.faults.clear();
    h.close().await;
}

#[tokio::test]
async fn the_token_is_in_no_url_no_storage_and_no_console_message() {
    let h = Harness::start().await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    h.wait_for("input[name=portal]").await;
    let record = "window.__logged = [];
        for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
            const original = console[level].bind(console);
            console[level] = (...args) => { window.__logged.push(args.map(String).join(' ')); original(...args); };
        }";
    h.browser.execute(record, vec![]).await.unwrap();
    h.fill("input[name=portal]", &h.portal.url("/arcgis")).await;
    h.fill("input[name=username]", "admin").await;
    h.fill("input[name=password]", "arcgis-demo").await;
    h.click("form button[type=submit]").await;
    h.wait_for_text("Needs attention").await;
    h.click("a[href='#/release']").await;
    h.wait_for_text("Who holds an offline license now").await;
    h.click("button.release-one").await;
    h.click(".confirm button.danger").await;
    h.wait_for_text("Released the").await;

    let tokens: Vec<String> = h
        .portal
        .portal
        .kubernetes
        .lock()
        .tokens
        .keys()
        .cloned()
        .collect();
    assert_eq!(tokens.len(), 1);
    let token = &tokens[0];
    let seen = h
        .browser
        .execute(
            "return [performance.getEntriesByType('resource').map(e => e.name).concat([location.href]).join('\\n'),
                     JSON.stringify(localStorage), JSON.stringify(sessionStorage), window.__logged.join('\\n')]",
            vec![],
        )
        .await
        .unwrap();
    let seen: Vec<String> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        seen[0].contains("/license"),
        "the resource entries were read: {}",
        seen[0]
    );
    for (place, text) in [
        "requested URLs",
        "localStorage",
        "sessionStorage",
        "console",
    ]
    .iter()
    .zip(&seen)
    {
        assert!(
            !text.contains(token.as_str()),
            "the token appears in {place}"
        );
    }
    h.close().await;
}
