//! First paint downloads only the sign-in page; the screens follow, and a failure to load them is explained
//! and can be retried without signing in again.

use std::path::{Path, PathBuf};

use e2e::Harness;

fn screens_wasm(dist: &Path) -> PathBuf {
    std::fs::read_dir(dist)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.starts_with("license-console-screens-") && name.ends_with("_bg.wasm")
        })
        .expect("the screens' wasm in dist")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[tokio::test]
async fn first_paint_fetches_the_sign_in_page_only() {
    let h = Harness::start().await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    h.wait_for("input[name=password]").await;
    let before = h.fetched_around_sign_in_ready(false).await;
    assert!(
        before.iter().any(|url| url.ends_with("_bg.wasm")),
        "the sign-in page's wasm: {before:?}"
    );
    assert!(
        !before
            .iter()
            .any(|url| url.contains("license-console-screens")),
        "the screens wait until the form is up: {before:?}"
    );
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    let since = h.fetched_around_sign_in_ready(true).await;
    assert!(
        since
            .iter()
            .any(|url| url.contains("license-console-screens") && url.ends_with("_bg.wasm")),
        "{since:?}"
    );
    h.close().await;
}

#[tokio::test]
async fn screens_that_cannot_load_are_explained_and_retried() {
    let dist = std::env::temp_dir().join(format!("license-console-partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dist);
    copy_dir(&e2e::dist_dir(), &dist);
    // The screens' wasm, and its precompressed copies, which a server would send in its place.
    let copies: Vec<(PathBuf, PathBuf)> = ["", ".br", ".gz"]
        .iter()
        .map(|suffix| {
            let mut name = screens_wasm(&dist).into_os_string();
            name.push(suffix);
            let file = PathBuf::from(name);
            let aside = dist.join(format!("screens.wasm{suffix}.aside"));
            (file, aside)
        })
        .collect();
    for (file, aside) in &copies {
        std::fs::rename(file, aside).unwrap();
    }

    let h = Harness::serving(&dist).await;
    h.sign_in("arcgis", "admin").await;
    let shown = h
        .wait_for_text("the console's screens could not be loaded")
        .await;
    assert!(shown.contains("Try again"), "{shown}");
    assert!(
        !shown.contains("Creator"),
        "no overview without the screens"
    );

    for (file, aside) in &copies {
        std::fs::rename(aside, file).unwrap();
    }
    h.click("[role=alert] button").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    assert!(
        h.page_text().await.contains("admin"),
        "the same session, without a second sign-in"
    );
    h.close().await;
    let _ = std::fs::remove_dir_all(&dist);
}
