//! `trunk build --release` alone — what a Leptos developer types first — makes the whole console: served as it
//! comes (no Content-Security-Policy, no precompressed copies, one wasm), it signs in and opens every screen, and a
//! screen reloaded by its deep link opens again.

use std::path::PathBuf;
use std::process::Command;

use demo_portal::Config;
use e2e::Harness;

#[tokio::test]
async fn trunk_build_alone_makes_a_console_that_opens_every_screen() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let dist = std::env::temp_dir().join(format!("license-console-trunk-{}", std::process::id()));
    let built = Command::new("trunk")
        .args(["build", "--release", "--dist"])
        .arg(&dist)
        .current_dir(&root)
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .status()
        .expect("trunk runs (cargo xtask test installs it)");
    assert!(built.success(), "trunk build --release");
    let files: Vec<String> = std::fs::read_dir(&dist)
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        files
            .iter()
            .all(|f| !f.ends_with(".br") && !f.ends_with(".gz")),
        "Trunk's own output: {files:?}"
    );
    assert_eq!(
        files.iter().filter(|f| f.ends_with(".wasm")).count(),
        1,
        "one wasm: {files:?}"
    );

    // Kubernetes 11.3: every screen of that deployment is offered, the license manager too.
    let h = Harness::with(Config {
        dist: Some(dist.clone()),
        kubernetes_version: "11.3".into(),
        ..Config::default()
    })
    .await;
    // Signed in by a deep link, the session kept in the tab, so that a reload opens the same screen again.
    h.sign_in_kept("#/overview", "/arcgis").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    let links: Vec<String> = {
        let mut hrefs = Vec::new();
        for link in h
            .browser
            .find_all(fantoccini::Locator::Css("nav a"))
            .await
            .unwrap()
        {
            hrefs.push(link.attr("href").await.unwrap().unwrap());
        }
        hrefs
    };
    assert!(
        links.len() >= 5,
        "the screens of a Kubernetes 11.3 portal: {links:?}"
    );
    for href in &links {
        h.click(&format!("nav a[href='{href}']")).await;
        h.wait_for(&format!("nav a[href='{href}'][aria-current=page]"))
            .await;
        // The heading of the screen that replaced the last one (the last one's may still be going away).
        let title = match href.as_str() {
            "#/overview" => "Licenses",
            "#/members" => "Members",
            "#/history" => "History",
            "#/release" => "Offline licenses",
            "#/server-licenses" => "Server licenses",
            "#/license-file" => "Organization license file",
            "#/license-manager" => "License manager",
            other => panic!("a screen this test does not know: {other}"),
        };
        let deadline = std::time::Instant::now() + e2e::WAIT;
        loop {
            let heading = h
                .browser
                .execute(
                    "const h = document.querySelector('main.content h1'); return h ? h.textContent : ''",
                    vec![],
                )
                .await
                .unwrap();
            if heading.as_str().is_some_and(|text| text == title) {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{href} never showed its screen (heading {heading})"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    // The last screen, reloaded: its deep link opens it again.
    let last = links.last().expect("screens");
    h.browser.refresh().await.unwrap();
    h.wait_for(&format!("nav a[href='{last}'][aria-current=page]"))
        .await;
    h.wait_for("main.content h1").await;
    h.close().await;
    let _ = std::fs::remove_dir_all(&dist);
}
