//! The console runs under its Content-Security-Policy on every screen without a single violation.

use demo_portal::Config;
use e2e::Harness;

#[tokio::test]
async fn every_screen_runs_under_the_policy_without_violations() {
    // 11.3, where a license manager is still needed, so that every screen is offered.
    let h = Harness::with(Config {
        kubernetes_version: "11.3".into(),
        ..Config::default()
    })
    .await;
    let index = std::fs::read_to_string(e2e::dist_dir().join("index.html")).unwrap();
    assert!(
        index.contains("http-equiv=\"Content-Security-Policy\""),
        "the built index carries the policy"
    );
    assert!(!index.contains("unsafe-inline"));

    // The harness watches for violations from before the page's first script.
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    h.wait_for("input[name=password]").await;
    h.fill("input[name=username]", "admin").await;
    h.fill("input[name=password]", "arcgis-demo").await;
    h.click("form button[type=submit]").await;
    h.wait_for_text("Needs attention").await;
    h.click(".exports button:nth-child(1)").await;
    h.downloaded("licenses-").await;
    for (route, ready) in [
        ("release", "Who holds an offline license now"),
        ("server-licenses", "Server capabilities"),
        ("license-file", "Geodatabase license"),
        ("license-manager", "none configured"),
        ("overview", "Needs attention"),
    ] {
        h.click(&format!("a[href='#/{route}']")).await;
        h.wait_for_text(ready).await;
    }
    let violations = h.policy_violations().await;
    assert!(violations.is_empty(), "violations: {violations:?}");
    h.close().await;
}
