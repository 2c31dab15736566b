//! The History screen's figures: with 3 years of daily snapshots and 20,000 journal entries, from opening the
//! screen to its chart and journal rendered, beside a hand-written page reading the same items and drawing the
//! same SVG (e2e/bench/plain-history.html); and what keeping the history costs at sign-in, in requests.

use std::path::Path;

use demo_portal::Config;
use e2e::Harness;

use super::js;

const DAYS: usize = 3 * 365;
const ENTRIES: usize = 20_000;
/// The hand-written page, copied beside the console in the benchmark's copy of `dist/`.
pub const PLAIN_PAGE: &str = "plain-history.html";

pub struct HistoryFigures {
    /// The first opening, which fetches the screen's code.
    console_ms: f64,
    /// Opened again, its code in place, the items unchanged: the median of the runs.
    again_ms: f64,
    /// Opened again with an entry added to one item.
    changed_ms: f64,
    /// Of the first: the click to its code's arrival, to the last answer's, to every answer decoded, to the history
    /// read.
    breakdown: [f64; 4],
    plain_ms: f64,
    /// Requests to items at sign-in: (reads, writes) in a fresh browser, then again the same day.
    first_visit: (u64, u64),
    same_day: (u64, u64),
}

/// Reads and writes of items this page has made.
async fn item_requests(h: &Harness) -> (u64, u64) {
    let answer = js(
        h,
        "const sent = performance.getEntriesByType('resource').map(r => r.name);
         const reads = sent.filter(n => n.includes('/sharing/rest/search') || n.includes('/data')).length;
         const writes = sent.filter(n => n.includes('/addItem') || n.includes('/update')).length;
         return [reads, writes];",
    )
    .await;
    serde_json::from_value(answer).unwrap()
}

/// The console opened: signed in with the session kept in the tab the first time, the kept session after; then
/// what the keeper read and wrote once the license is on screen.
async fn open_and_settle(h: &Harness, sign_in: bool) -> (u64, u64) {
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    js(
        h,
        "performance.setResourceTimingBufferSize(100000); return null",
    )
    .await;
    if sign_in {
        h.fill("#username", "admin").await;
        h.fill("#password", "arcgis-demo").await;
        h.click("input[name=keep]").await;
        h.click("form button[type=submit]").await;
    }
    h.wait_for_text("Needs attention").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    item_requests(h).await
}

/// Clicks History and waits for the chart and the journal's first rows, then reads the layout and waits for the
/// next frame, as the hand-written page does once it has built them; the time from the click. The DOM is watched
/// (a `MutationObserver`, called right after the change), not polled once a frame, which would add up to a frame
/// the hand-written page's figure does not have.
async fn open_history(h: &Harness) -> f64 {
    h.browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const start = performance.now();
             window.__historyStart = start;
             const drawn = () =>
               document.querySelector('table.journal tbody tr') && document.querySelector('svg.chart polyline');
             const watch = new MutationObserver(() => {
               if (!drawn()) return;
               watch.disconnect();
               document.body.offsetHeight;
               requestAnimationFrame(() => done(performance.now() - start));
             });
             watch.observe(document.body, { subtree: true, childList: true });
             document.querySelector(\"a[href='#/history']\").click();",
            vec![],
        )
        .await
        .unwrap()
        .as_f64()
        .unwrap()
}

pub async fn history(dist: &Path) -> HistoryFigures {
    super::place_plain_page(dist, PLAIN_PAGE);
    let h = Harness::with(Config {
        dist: Some(dist.to_owned()),
        history_days: DAYS,
        journal_entries: ENTRIES,
        ..Config::default()
    })
    .await;
    let first_visit = open_and_settle(&h, true).await;
    let same_day = open_and_settle(&h, false).await;
    let console_ms = open_history(&h).await;
    let breakdown: [f64; 4] = serde_json::from_value(
        js(&h, "const at = n => performance.getEntriesByName(n).pop().startTime;
                const start = window.__historyStart;
                const since = performance.getEntriesByType('resource').filter(r => r.startTime >= start);
                const end = rs => Math.max(start, ...rs.map(r => r.responseEnd));
                return [end(since.filter(r => r.name.endsWith('.wasm'))) - start,
                        end(since.filter(r => r.name.includes('/data'))) - start,
                        at('lc:history-answers') - start, at('lc:history-read') - start];").await,
    )
    .unwrap();
    // Again, its code in place: the same reads and drawing; the items unchanged, so not decoded again.
    let mut again = Vec::new();
    // And with an entry added to one item each time (another administrator's console wrote): decoded again.
    let mut changed = Vec::new();
    for run in 0..super::runs() {
        h.click("a[href='#/overview']").await;
        h.wait_for_text("Needs attention").await;
        again.push(open_history(&h).await);
        h.click("a[href='#/overview']").await;
        h.wait_for_text("Needs attention").await;
        h.add_journal_entry(serde_json::json!({
            "id": format!("bench-{run}"), "at": 1_700_000_000_000_i64, "by": "admin2", "action": "revoke",
            "subject": "member00001", "detail": "ArcGIS Pro", "before": "held", "after": "none", "ok": true, "answer": ""
        }));
        changed.push(open_history(&h).await);
    }
    let css = std::fs::read_dir(dist)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".css"))
        .unwrap();
    let mut plain = Vec::new();
    for _ in 0..super::runs() {
        h.browser
            .goto(&h.portal.url(&format!("/console/{PLAIN_PAGE}")))
            .await
            .unwrap();
        let ms = h
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const token = JSON.parse(sessionStorage.getItem('license-console.session')).token;
                 renderHistory(arguments[0], token, arguments[1]).then(done);",
                vec![h.portal.url("/arcgis").into(), css.clone().into()],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap();
        plain.push(ms);
    }
    let (again_ms, changed_ms) = (super::median(&again), super::median(&changed));
    let plain_ms = super::median(&plain);
    h.close().await;
    HistoryFigures {
        console_ms,
        again_ms,
        changed_ms,
        breakdown,
        plain_ms,
        first_visit,
        same_day,
    }
}

pub fn history_report(f: &HistoryFigures) -> String {
    format!(
        "history, {DAYS} daily snapshots and {ENTRIES} journal entries (the first opening once, the rest medians)\n\
         \x20 opening History → chart and journal rendered    {:>9.1} ms   (the first time, its code fetched)\n\
         \x20   its code in / answers in / decoded / read      {:>9.1} / {:.1} / {:.1} / {:.1} ms\n\
         \x20 opened again, its code in place, items the same {:>9.1} ms   (read, not decoded again)\n\
         \x20   and with an entry added to one item          {:>9.1} ms   (every item decoded)\n\
         \x20 the hand-written page, same reads and drawing   {:>9.1} ms   (console {:.2} × first, {:.2} × again, {:.2} × changed; target ≤ 1.2 ×)\n\
         \x20 keeping it at sign-in: reads / writes, first    {:>9} / {}\n\
         \x20   the same day again                            {:>9} / {}   (target: one read, a write at most once a day)\n",
        f.console_ms,
        f.breakdown[0],
        f.breakdown[1],
        f.breakdown[2],
        f.breakdown[3],
        f.again_ms,
        f.changed_ms,
        f.plain_ms,
        f.console_ms / f.plain_ms,
        f.again_ms / f.plain_ms,
        f.changed_ms / f.plain_ms,
        f.first_visit.0,
        f.first_visit.1,
        f.same_day.0,
        f.same_day.1,
    )
}
