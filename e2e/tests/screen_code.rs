//! The console as `cargo xtask dist` builds it: the overview's code is all a sign-in fetches; every other screen's
//! code is fetched the first time it is opened, once; a screen whose code cannot be fetched says so and opens on
//! a retry; a deep link to any screen, reloaded, opens it.

use demo_portal::{Config, Fault};
use e2e::Harness;
use fantoccini::Locator;

/// The wasm files the page has fetched, by name, in order.
async fn wasm_fetched(h: &Harness) -> Vec<String> {
    let names = h
        .js(
            "return performance.getEntriesByType('resource').map(r => r.name)
               .filter(n => n.endsWith('.wasm')).map(n => n.split('/').pop())",
        )
        .await;
    serde_json::from_value(names).unwrap()
}

/// The files of `dist` whose names start with `prefix`.
fn dist_files(prefix: &str) -> Vec<String> {
    std::fs::read_dir(e2e::dist_dir())
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(prefix) && name.ends_with(".wasm"))
        .collect()
}

async fn nav_links(h: &Harness) -> Vec<String> {
    let mut hrefs = Vec::new();
    for link in h.browser.find_all(Locator::Css("nav a")).await.unwrap() {
        hrefs.push(link.attr("href").await.unwrap().unwrap());
    }
    hrefs
}

/// Opens the screen of `href` from the navigation and waits until it has replaced the "Opening …" status.
async fn open(h: &Harness, href: &str) {
    h.click(&format!("nav a[href='{href}']")).await;
    h.wait_for(&format!("nav a[href='{href}'][aria-current=page]"))
        .await;
    wait_opened(h).await;
}

async fn wait_opened(h: &Harness) {
    let deadline = std::time::Instant::now() + e2e::WAIT;
    loop {
        let state = h
            .js("const h = document.querySelector('main.content h1');
                 const opening = document.querySelector('main.content .loading');
                 return h && !(opening && opening.textContent.startsWith('Opening')) ? h.textContent : ''")
            .await;
        if state.as_str().is_some_and(|heading| !heading.is_empty()) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the screen never opened"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The split files among `fetched`.
fn splits(fetched: &[String]) -> Vec<&String> {
    fetched
        .iter()
        .filter(|name| name.starts_with("split_"))
        .collect()
}

#[tokio::test]
async fn each_screen_fetches_its_code_once_when_first_opened() {
    let h = Harness::with(Config {
        kubernetes_version: "11.3".into(),
        ..Config::default()
    })
    .await;
    // A deep link, signed in with the session kept, then reloaded: the screen opens with its own code.
    h.sign_in_kept("#/license-file", "/arcgis").await;
    h.wait_for_text("Organization license file").await;
    wait_opened(&h).await;
    h.browser.refresh().await.unwrap();
    h.wait_for_text("Organization license file").await;
    wait_opened(&h).await;
    let fetched = wasm_fetched(&h).await;
    let own = splits(&fetched);
    assert_eq!(own.len(), 1, "{fetched:?}");
    // The main module, the screen's own file and the shared code it needs — the small shared files come merged
    // into one, so a handful of files, not a score of them.
    assert!(fetched.len() <= 7, "{} files: {fetched:?}", fetched.len());
    assert!(own[0].starts_with("split_license_file-"));

    // The overview's code is the main module's: nothing is fetched.
    open(&h, "#/overview").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    assert_eq!(wasm_fetched(&h).await, fetched);

    let screens: Vec<String> = nav_links(&h)
        .await
        .into_iter()
        .filter(|href| href != "#/overview" && href != "#/license-file")
        .collect();
    assert!(screens.len() >= 4, "{screens:?}");
    let mut opened = vec![own[0].clone()];
    for href in &screens {
        let before = wasm_fetched(&h).await;
        open(&h, href).await;
        let after = wasm_fetched(&h).await;
        let new = splits(&after[before.len()..]);
        assert_eq!(new.len(), 1, "{href} fetched its own code: {new:?}");
        let files = &after[before.len()..];
        assert!(
            files.len() <= 6,
            "{href} fetched {} files: {files:?}",
            files.len()
        );
        assert!(!before.contains(new[0]), "fetched before it was opened");
        opened.push(new[0].clone());
    }
    opened.sort();
    opened.dedup();
    assert_eq!(
        opened.len(),
        screens.len() + 1,
        "each screen has a file of its own"
    );
    let every_split = dist_files("split_");
    assert!(opened.iter().all(|name| every_split.contains(name)));
    let merged = dist_files("chunk_shared-");
    assert_eq!(merged.len(), 1, "{merged:?}");
    assert!(
        wasm_fetched(&h).await.contains(&merged[0]),
        "fetched with the first screen"
    );

    // Opened again: nothing more is fetched, and no file was fetched twice.
    let fetched = wasm_fetched(&h).await;
    for href in screens.iter().chain(["#/license-file".to_owned()].iter()) {
        open(&h, href).await;
    }
    assert_eq!(wasm_fetched(&h).await, fetched);
    let mut unique = fetched.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), fetched.len(), "no file fetched twice");
    h.close().await;
}

#[tokio::test]
async fn a_screen_whose_code_cannot_be_fetched_says_so_and_opens_on_retry() {
    let h = Harness::start().await;
    let history = dist_files("split_history-");
    assert_eq!(history.len(), 1, "{history:?}");
    h.portal
        .portal
        .faults
        .set(&format!("/console/{}", history[0]), Fault::Drop);
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    let at_overview = wasm_fetched(&h).await;
    assert_eq!(
        at_overview.len(),
        1,
        "the overview needs the main module alone: {at_overview:?}"
    );
    assert!(at_overview[0].starts_with("license-console-"));
    h.click("nav a[href='#/history']").await;
    let said = h
        .wait_for_text("The code of History could not be fetched.")
        .await;
    assert!(said.contains("Try again"));
    // The rest of the console goes on working meanwhile.
    open(&h, "#/members").await;
    h.click("nav a[href='#/history']").await;
    h.wait_for_text("The code of History could not be fetched.")
        .await;

    h.portal.portal.faults.clear();
    h.click("main.content .notice button").await;
    h.wait_for_text("Take a snapshot now").await;
    assert!(!h.page_text().await.contains("could not be fetched"));
    h.close_expecting(&["Failed to fetch"]).await;
}

/// History's items are read beside its code, not after it: with the code held back they are read, and once the
/// code is in, the screen shows what was read — each item read once.
#[tokio::test]
async fn history_is_read_beside_its_code_each_item_once() {
    let h = Harness::with(Config {
        history_days: 40,
        journal_entries: 120,
        ..Config::default()
    })
    .await;
    let history = dist_files("split_history-");
    assert_eq!(history.len(), 1, "{history:?}");
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    // The keeper writes today's snapshot at sign-in; History reads again after a write, so wait for it first.
    let items = wait_for_todays_snapshot(&h).await;
    h.portal
        .portal
        .faults
        .set(&format!("/console/{}", history[0]), Fault::Hold);
    let before = h.requests("/data").await;
    h.click("nav a[href='#/history']").await;
    let deadline = std::time::Instant::now() + e2e::WAIT;
    while h.requests("/data").await < before + items {
        assert!(
            std::time::Instant::now() < deadline,
            "the items were not read while the code was held back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(h.page_text().await.contains("Opening History"));
    assert!(wasm_fetched(&h).await.iter().all(|f| *f != history[0]));

    h.portal.portal.faults.clear();
    h.wait_for("table.journal tbody tr").await;
    assert!(h.page_text().await.contains("120 entries shown"));
    assert_eq!(h.requests("/data").await, before + items, "each item once");
    h.close().await;
}

/// Waits until the keeper has written today's snapshot; the number of history items.
async fn wait_for_todays_snapshot(h: &Harness) -> u64 {
    let deadline = std::time::Instant::now() + e2e::WAIT;
    loop {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let docs = h.history_items();
        let today = docs.iter().any(|(_, doc)| {
            doc["snapshots"]
                .as_array()
                .is_some_and(|s| s.iter().any(|s| s["at"].as_i64() > Some(now - 3_600_000)))
        });
        if today {
            return docs.len() as u64;
        }
        assert!(std::time::Instant::now() < deadline, "no snapshot today");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
