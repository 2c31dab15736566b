//! The Members screen's figures: opening it on a large demo organization until the table is complete, the
//! requests against the fewest the API allows, memory, filtering every row, and the per-member method beside it.

use std::path::Path;

use demo_portal::{Config, Running};
use e2e::Harness;

use super::{js, mark_time};

/// The Members screen on one demo organization.
pub struct Organization {
    members: usize,
    pro_holders: usize,
    /// Opening Members → the table complete (the passes' own time: the one-by-one look-ups, when the screen
    /// asks for them, start at the click that asks, not at once).
    complete_ms: f64,
    requests: u64,
    minimum: u64,
    js_heap_peak: f64,
    wasm_memory: f64,
    /// Each find's time, in `FINDS` order, `FIND_ROUNDS` times.
    filter_ms: Vec<f64>,
    /// The hand-written page's filter of the same rows (e2e/bench/plain-members.html), each find's time.
    plain_filter_ms: Vec<f64>,
    /// The longest task while "member1" is typed into Find, key by key (0 when none passed 50 ms).
    longest_typing_task_ms: f64,
    per_member_requests: u64,
    per_member_ms: f64,
}

/// The fewest requests the API allows for who holds what: the purchases, every listing's pages up to the window
/// (a marketplace item's one refusal included), the member list's pages, the app bundle's member pages, and one
/// look-up per member a listing past the window could not show and per member of the bundle.
fn minimum_requests(running: &Running) -> u64 {
    use demo_portal::members::APPS;
    let state = running.portal.kubernetes.lock();
    let members = state.members.len() as u64;
    let pages = |n: u64| n.min(10_000).div_ceil(100).max(1);
    let mut minimum = 2 + members.div_ceil(100);
    // The bundle's member pages, and a look-up of each member for the app the bundle brings.
    let in_bundle = state
        .members
        .iter()
        .filter(|m| !m.bundles.is_empty())
        .count() as u64;
    minimum += pages(in_bundle) + in_bundle;
    for app in APPS {
        let holders = state
            .members
            .iter()
            .filter(|m| m.holds_app(app.app_id) && !m.through_bundle(app.app_id))
            .count() as u64;
        minimum += pages(holders);
        if holders > 10_000 {
            minimum += members - 10_000;
        }
    }
    minimum
}

/// Filtering every row of the Members table: "member1" in the find box, until the table shows the result.
pub async fn filter_every_row(h: &Harness) -> f64 {
    h.browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const find = document.querySelector('input[type=search]');
             const start = performance.now();
             find.value = 'member1';
             find.dispatchEvent(new Event('input', {bubbles: true}));
             setTimeout(() => { document.body.offsetHeight; done(performance.now() - start); }, 0);",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap()
}

/// What is typed into Find, one filtering each, in `FIND_ROUNDS` rounds; the figure is the median of them all. The
/// last differs from the first, so that no find repeats the one before it (the console would have nothing to do).
const FINDS: [&str; 6] = ["member1", "member12", "ember", "", "member2", "member13"];
/// Six finds' median moved by a fifth between runs on a shared machine; eighteen hold it steadier.
const FIND_ROUNDS: usize = 3;
/// The hand-written page, copied beside the console in the benchmark's copy of `dist/`.
const PLAIN_PAGE: &str = "plain-members.html";

/// The time of filtering every row for each of `FINDS`, round after round, on the console or the hand-written page.
async fn filter_times(h: &Harness) -> Vec<f64> {
    let mut times = Vec::new();
    for find in (0..FIND_ROUNDS).flat_map(|_| FINDS) {
        let answer = h
            .browser
            .execute_async(
                "const [text, done] = arguments;
                 const find = document.querySelector('input[type=search]');
                 const start = performance.now();
                 find.value = text;
                 find.dispatchEvent(new Event('input', {bubbles: true}));
                 setTimeout(() => { document.body.offsetHeight; done(performance.now() - start); }, 0);",
                vec![find.into()],
            )
            .await
            .unwrap();
        times.push(answer.as_f64().unwrap());
    }
    times
}

/// Types "member1" into Find key by key and returns the longest task meanwhile (the browser reports tasks over
/// 50 ms), or 0.
async fn longest_typing_task(h: &Harness) -> f64 {
    js(
        h,
        "window.__longest = 0;
         new PerformanceObserver(list => list.getEntries().forEach(e =>
           window.__longest = Math.max(window.__longest, e.duration))).observe({type: 'longtask'});
         const find = document.querySelector('input[type=search]');
         find.value = '';
         find.dispatchEvent(new Event('input', {bubbles: true}));
         return null;",
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let find = h
        .browser
        .find(fantoccini::Locator::Css("input[type=search]"))
        .await
        .unwrap();
    for key in "member1".chars() {
        find.send_keys(&key.to_string()).await.unwrap();
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    js(h, "return window.__longest").await.as_f64().unwrap()
}

/// The hand-written page given the same rows as the console read, and its filter's times.
async fn plain_filter(h: &Harness, dist: &Path) -> Vec<f64> {
    use demo_portal::members::{APPS, BUNDLES};
    // The console's columns: each app, then each app bundle.
    let titles: Vec<&str> = APPS
        .iter()
        .chain(BUNDLES.iter().map(|(bundle, _)| bundle))
        .map(|app| app.title)
        .collect();
    let rows: Vec<serde_json::Value> = {
        let state = h.portal.portal.kubernetes.lock();
        state
            .members
            .iter()
            .map(|m| {
                let held = |app_id: &str| {
                    m.holds
                        .iter()
                        .find(|(id, _)| *id == app_id)
                        .map_or_else(String::new, |(_, codes)| codes.join(" · "))
                };
                let mut apps: Vec<serde_json::Value> = APPS
                    .iter()
                    .map(|app| {
                        serde_json::json!([held(app.app_id), m.offline.contains(&app.app_id)])
                    })
                    .collect();
                apps.extend(BUNDLES.iter().map(|(bundle, _)| {
                    let member = m.bundles.contains(&bundle.item_id);
                    serde_json::json!([if member { "member of the bundle" } else { "" }, false])
                }));
                serde_json::json!([
                    m.username,
                    m.full_name,
                    m.user_type,
                    m.role,
                    m.last_login,
                    apps
                ])
            })
            .collect()
    };
    let css = std::fs::read_dir(dist)
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with(".css"))
        .expect("a stylesheet in dist");
    h.browser
        .goto(&h.portal.url(&format!("/console/{PLAIN_PAGE}")))
        .await
        .unwrap();
    h.browser
        .execute(
            "window.setRows(arguments[0], arguments[1], arguments[2]); return null;",
            vec![serde_json::Value::Array(rows), css.into(), titles.into()],
        )
        .await
        .unwrap();
    filter_times(h).await
}

pub async fn organization(dist: &Path, members: usize, pro_holders: usize) -> Organization {
    super::place_plain_page(dist, PLAIN_PAGE);
    let h = Harness::with(Config {
        dist: Some(dist.to_owned()),
        members,
        pro_holders,
        ..Config::default()
    })
    .await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    h.fill("#portal", &h.portal.url("/arcgis")).await;
    h.fill("#username", "admin").await;
    h.fill("#password", "arcgis-demo").await;
    h.click("input[name=keep]").await;
    h.click("form button[type=submit]").await;
    h.wait_for_text("Needs attention").await;
    js(
        &h,
        "performance.setResourceTimingBufferSize(1000000);
         window.__peak = 0;
         setInterval(() => { window.__peak = Math.max(window.__peak, performance.memory.usedJSHeapSize); }, 20);
         performance.mark('bench:members');
         return null;",
    )
    .await;
    h.click("a[href='#/members']").await;
    mark_time(&h, "lc:members-read-end", 0).await;
    let mut passes = 1;
    if h.page_text().await.contains("Look up") {
        h.click("button.look-up").await;
        mark_time(&h, "lc:members-read-end", 1).await;
        passes = 2;
    }
    let text = h.page_text().await;
    assert!(text.contains("Complete:"), "the table is complete");
    let mut complete_ms = 0.0;
    for pass in 0..passes {
        complete_ms += mark_time(&h, "lc:members-read-end", pass).await
            - mark_time(&h, "lc:members-read-start", pass).await;
    }
    let answer = js(
        &h,
        "const since = performance.getEntriesByName('bench:members')[0].startTime;
         const requests = performance.getEntriesByType('resource')
           .filter(r => r.startTime >= since && !r.name.includes('/console/')).length;
         const ends = performance.getEntriesByName('lc:members-read-end');
         return [requests, window.__peak, ends[ends.length - 1].detail];",
    )
    .await;
    let (requests, js_heap_peak, wasm_memory): (u64, f64, f64) =
        serde_json::from_value(answer).unwrap();

    // Filtering every row: the find box, until the table shows the result.
    let filter_ms = filter_times(&h).await;
    let longest_typing_task_ms = longest_typing_task(&h).await;
    // The hand-written page at once, in the same browser as it is now (the per-member method's tens of thousands
    // of requests come after).
    let plain_filter_ms = plain_filter(&h, dist).await;

    // The per-member method, as the ArcGIS API for Python's user_entitlement() goes: one request per member.
    let usernames: Vec<String> = {
        let state = h.portal.portal.kubernetes.lock();
        state.members.iter().map(|m| m.username.clone()).collect()
    };
    let base = h.portal.url(&format!(
        "/arcgis/sharing/rest/content/listings/{}/userEntitlements/",
        demo_portal::members::PRO.item_id
    ));
    h.browser
        .execute(
            "const [names, base] = arguments;
             const token = JSON.parse(sessionStorage.getItem('license-console.session')).token;
             let next = 0, sent = 0;
             const start = performance.now();
             async function worker() {
               while (next < names.length) {
                 const name = names[next++];
                 const answer = await fetch(base + encodeURIComponent(name), { method: 'POST',
                   body: new URLSearchParams({ f: 'json', token }) });
                 await answer.json();
                 sent++;
               }
             }
             window.__perMember = null;
             Promise.all([1, 2, 3, 4, 5, 6].map(worker))
               .then(() => { window.__perMember = [sent, performance.now() - start]; });
             return null;",
            vec![serde_json::json!(usernames), base.into()],
        )
        .await
        .unwrap();
    // Tens of thousands of requests: longer than a script may run, so the page keeps the result.
    let per_member = loop {
        let done = js(&h, "return window.__perMember").await;
        if !done.is_null() {
            break done;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    };
    let (per_member_requests, per_member_ms): (u64, f64) =
        serde_json::from_value(per_member).unwrap();
    let minimum = minimum_requests(&h.portal);
    h.close().await;
    Organization {
        members,
        pro_holders,
        complete_ms,
        requests,
        minimum,
        js_heap_peak,
        wasm_memory,
        filter_ms,
        plain_filter_ms,
        longest_typing_task_ms,
        per_member_requests,
        per_member_ms,
    }
}

pub fn organization_report(o: &Organization) -> String {
    let mb = |bytes: f64| bytes / 1_000_000.0;
    format!(
        "members, {} members with {} ArcGIS Pro holders (one run)\n\
         \x20 opening Members → the table complete          {:>9.0} ms\n\
         \x20 requests, against the fewest the API allows    {:>9} / {}   ({:.3} ×, target ≤ 1.05 ×)\n\
         \x20 peak JS heap / the wasm's memory               {:>9.1} / {:.1} MB\n\
         \x20 filtering every row, a find (median of {})     {:>9.1} ms   (each: {})\n\
         \x20   the hand-written page, the same rows and finds {:>9.1} ms   (each: {})\n\
         \x20   console ÷ hand-written                        {:>9.2} ×   (target ≤ 1.0 ×)\n\
         \x20   longest task typing \"member1\" key by key     {:>9.1} ms   (0: none over 50 ms; target: none)\n\
         \x20 the per-member method: requests / time         {:>9} / {:.0} ms\n\
         \x20 per-member ÷ console: requests / time          {:>9.1} / {:.1} ×   (target ≥ 50 × fewer requests at 50,000)\n",
        format_count(o.members),
        format_count(o.pro_holders),
        o.complete_ms,
        o.requests,
        o.minimum,
        o.requests as f64 / o.minimum as f64,
        mb(o.js_heap_peak),
        mb(o.wasm_memory),
        o.filter_ms.len(),
        super::median(&o.filter_ms),
        each(&o.filter_ms),
        super::median(&o.plain_filter_ms),
        each(&o.plain_filter_ms),
        super::median(&o.filter_ms) / super::median(&o.plain_filter_ms),
        o.longest_typing_task_ms,
        o.per_member_requests,
        o.per_member_ms,
        o.per_member_requests as f64 / o.requests as f64,
        o.per_member_ms / o.complete_ms,
    )
}

/// Each find's median over the rounds beside what was typed: `member1 20.1, member12 17.3, …`.
fn each(times: &[f64]) -> String {
    FINDS
        .iter()
        .enumerate()
        .map(|(at, find)| {
            let rounds: Vec<f64> = times
                .iter()
                .skip(at)
                .step_by(FINDS.len())
                .copied()
                .collect();
            let ms = super::median(&rounds);
            format!("{} {ms:.1}", if find.is_empty() { "(empty)" } else { find })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn format_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
