//! `cargo xtask bench`: what administrators wait for and download, measured in headless Chromium against the
//! demo portal on loopback, each figure beside a baseline measured in the same run and given as a ratio
//! (absolute times move by a third between runs on a shared machine; ratios much less). Medians over repeated
//! runs; printed and written to target/bench.txt.
//!
//! Baselines: for the sign-in form, the same page with every script taken out (what the browser needs to show
//! that form at all), loaded in the same browser just before the console; for the overview, a hand-written JavaScript page that decodes the same answer and builds
//! the same markup under the same stylesheet (e2e/bench/plain-render.html).

use std::path::{Path, PathBuf};

use demo_portal::{Config, Running};
use e2e::Harness;

mod history;
mod members;
mod sizes;
mod user_types;

use history::{history, history_report};
use members::{organization, organization_report};
use serde_json::Value;
use user_types::{type_change, type_change_report};

/// Runs per figure; `BENCH_RUNS` overrides it for a quick look.
fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|r| *r > 0)
        .unwrap_or(7)
}
const STRESS_ENTRIES: usize = 2_000;
/// Loads of the sign-in page, and of the same page without scripts, per run.
const PAINTS_PER_VISIT: usize = 5;

fn median(values: &[f64]) -> f64 {
    let mut values = values.to_vec();
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

async fn js(h: &Harness, script: &str) -> Value {
    h.browser.execute(script, vec![]).await.unwrap()
}

/// Polls `script` until it returns a number.
async fn wait_number(h: &Harness, script: &str, what: &str) -> f64 {
    let deadline = std::time::Instant::now() + e2e::WAIT;
    loop {
        if let Some(t) = js(h, script).await.as_f64() {
            return t;
        }
        if std::time::Instant::now() > deadline {
            let portal = js(
                h,
                "const p = document.getElementById('portal'); return p && p.value",
            )
            .await;
            panic!(
                "never: {what}; the page shows: {} (portal {portal})",
                h.page_text().await
            );
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Navigation start → first contentful paint: the sign-in form on show, and typeable from then on.
async fn first_paint(h: &Harness) -> f64 {
    wait_number(
        h,
        "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null",
        "a first paint",
    )
    .await
}

/// The time of the `nth` (from 0) mark called `name`.
async fn mark_time(h: &Harness, name: &str, nth: usize) -> f64 {
    let script = format!(
        "const m = performance.getEntriesByName('{name}')[{nth}]; return m ? m.startTime : null"
    );
    wait_number(h, &script, name).await
}

/// The overview's `nth` render: from its answers' arrival (the last of the license, server licenses and future
/// license responses that ended after the mark `since`; the history's reads, which start once the license is
/// decoded, are not the overview's) to the overview rendered — decoding and building, no network — and the
/// decoding part of it.
async fn render_time(h: &Harness, since: &str, nth: usize) -> [f64; 2] {
    let rendered = mark_time(h, "lc:overview-rendered", nth).await;
    let decoded = mark_time(h, "lc:license-decoded", nth).await;
    let script = format!(
        "const since = performance.getEntriesByName('{since}')[0].startTime;
         const ends = performance.getEntriesByType('resource')
           .filter(r => r.startTime >= since && r.responseEnd <= {rendered}
             && /\\/license(\\?|$)|\\/system\\/licenses|getFutureLicense/.test(r.name))
           .map(r => r.responseEnd);
         return ends.length ? Math.max(...ends) : null;"
    );
    let arrived = wait_number(h, &script, "the overview's answers").await;
    [rendered - arrived, decoded - arrived]
}

/// Marks `name`, then clicks what `css` selects, in one step inside the page.
async fn mark_and_click(h: &Harness, name: &str, css: &str) {
    h.wait_for(css).await;
    js(
        h,
        &format!(
            "performance.mark('{name}'); document.querySelector(\"{css}\").click(); return null"
        ),
    )
    .await;
}

/// Bytes the page had fetched (as served: compressed bodies) by its first paint, and the URLs of everything it
/// fetched from `/console/`.
async fn fetched(h: &Harness, painted: f64) -> (f64, Vec<String>) {
    let answer = js(
        h,
        &format!(
            "const nav = performance.getEntriesByType('navigation')[0];
             const all = performance.getEntriesByType('resource');
             const before = all.filter(r => r.responseEnd <= {painted})
               .reduce((sum, r) => sum + r.encodedBodySize, nav.encodedBodySize);
             return [before, all.map(r => r.name).filter(n => n.includes('/console/'))];"
        ),
    )
    .await;
    let (before, urls): (f64, Vec<String>) = serde_json::from_value(answer).unwrap();
    (before, urls)
}

/// One visit's figures, in ms (bytes where said).
struct Visit {
    floor: Vec<f64>,
    usable: Vec<f64>,
    bytes_before_usable: f64,
    urls: Vec<String>,
    click_to_overview: f64,
    /// Answers in → rendered, and → decoded: first, on Refresh with the same license, and on Refresh after the
    /// license changed (one more member registered).
    first_render: [f64; 2],
    refresh_render: [f64; 2],
    changed_render: [f64; 2],
    reload_to_overview: f64,
    floor_reload: f64,
}

impl Visit {
    /// The overview's render figures in `Figures::seed` order, beside the hand-written page's `plain`.
    fn render_figures(&self, plain: [f64; 4]) -> [f64; 10] {
        let [plain, plain_again, built, built_again] = plain;
        [
            self.first_render[0],
            self.refresh_render[0],
            self.changed_render[0],
            plain,
            plain_again,
            built,
            built_again,
            self.first_render[1],
            self.refresh_render[1],
            self.changed_render[1],
        ]
    }
}

/// In one browser, warmed up on the page without scripts and with its cache off: that page, then the console;
/// sign in (ticking "keep me signed in"), Refresh; with the cache on, reload the console, then the page without
/// scripts.
async fn visit(config: Config, dist: &Path) -> (Visit, Running) {
    let h = Harness::with(Config {
        dist: Some(dist.to_owned()),
        ..config
    })
    .await;
    e2e::chrome::use_cache(&h.browser, false).await;
    let floor_url = h.portal.url(&format!("/console/{FLOOR_PAGE}"));
    h.browser.goto(&floor_url).await.unwrap();
    first_paint(&h).await;
    // A paint lands on a frame: several loads of each, alternating, steady the medians.
    let (mut floor, mut usable) = (Vec::new(), Vec::new());
    for _ in 0..PAINTS_PER_VISIT {
        h.browser.goto(&floor_url).await.unwrap();
        floor.push(first_paint(&h).await);
        h.browser.goto(&h.portal.url("/console/")).await.unwrap();
        usable.push(first_paint(&h).await);
    }
    let usable_last = *usable.last().unwrap();
    h.fill("#portal", &h.portal.url("/arcgis")).await;
    h.fill("#username", "admin").await;
    h.fill("#password", "arcgis-demo").await;
    h.click("input[name=keep]").await;
    // The code is in by now; the click measures signing in, not the download.
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    mark_and_click(&h, "bench:sign-in", "form button[type=submit]").await;
    let click_to_overview =
        mark_time(&h, "lc:overview-rendered", 0).await - mark_time(&h, "bench:sign-in", 0).await;
    let first_render = render_time(&h, "bench:sign-in", 0).await;
    mark_and_click(&h, "bench:refresh", ".page-actions button").await;
    let refresh_render = render_time(&h, "bench:refresh", 1).await;
    {
        let mut state = h.portal.portal.kubernetes.lock();
        let members = state.license["currentRegisteredMembers"]
            .as_u64()
            .unwrap_or(0);
        state.license["currentRegisteredMembers"] = (members + 1).into();
    }
    mark_and_click(&h, "bench:changed", ".page-actions button").await;
    let changed_render = render_time(&h, "bench:changed", 2).await;
    let (bytes_before_usable, urls) = fetched(&h, usable_last).await;
    e2e::chrome::use_cache(&h.browser, true).await;
    h.browser.refresh().await.unwrap();
    let reload_to_overview = mark_time(&h, "lc:overview-rendered", 0).await;
    h.browser.goto(&floor_url).await.unwrap();
    h.browser.refresh().await.unwrap();
    let floor_reload = first_paint(&h).await;
    let Harness {
        portal, browser, ..
    } = h;
    let _ = browser.close().await;
    let visit = Visit {
        floor,
        usable,
        bytes_before_usable,
        urls,
        click_to_overview,
        first_render,
        refresh_render,
        changed_render,
        reload_to_overview,
        floor_reload,
    };
    (visit, portal)
}

/// Copies the hand-written page `name` (e2e/bench/) beside the console in the benchmark's copy of `dist/`.
fn place_plain_page(dist: &Path, name: &str) {
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("bench")
            .join(name),
        dist.join(name),
    )
    .unwrap();
}

/// The page without scripts, beside the console in the benchmark's copy of `dist/`.
const FLOOR_PAGE: &str = "floor.html";

/// A copy of `dist/` with the floor beside the console: its `index.html` with every script (and the code's
/// `<meta>`) taken out — the same form and stylesheet, served the same way, with nothing to run.
fn bench_dist(dist: &Path) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-dist");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(dist, &dir);
    let mut html = std::fs::read_to_string(dist.join("index.html")).unwrap();
    for (open, close) in [
        ("<script", "</script>"),
        ("<meta name=\"license-console-code\"", ">"),
    ] {
        while let Some(start) = html.find(open) {
            let end = start + html[start..].find(close).unwrap() + close.len();
            html.replace_range(start..end, "");
        }
    }
    std::fs::write(dir.join(FLOOR_PAGE), html).unwrap();
    dir
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

/// The console's stylesheet, for the hand-written page.
fn stylesheet(dist: &Path) -> String {
    let css = std::fs::read_dir(dist)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "css"))
        .expect("a stylesheet in dist");
    std::fs::read_to_string(css).unwrap()
}

/// The hand-written page's render of the same answer, first and again, in ms: each timed as the console is (to the
/// layout read in a task after), then each built and laid out within its own task.
async fn plain_render(answer: String, css: &str) -> [f64; 4] {
    let h = Harness::start().await;
    let page: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("bench/plain-render.html")
        .canonicalize()
        .unwrap();
    h.browser
        .goto(&format!("file://{}", page.display()))
        .await
        .unwrap();
    let took = h
        .browser
        .execute_async(
            // Once the empty page has been painted, as the console's has (its sign-in) before its first render.
            "const [answer, css, done] = arguments;
             requestAnimationFrame(() => setTimeout(() =>
               renderLicense(answer, css, first => renderLicense(answer, css, again => done([first, again]))), 0));",
            vec![answer.into(), css.into()],
        )
        .await
        .unwrap();
    h.close().await;
    let [[built, first], [built_again, again]]: [[f64; 2]; 2] =
        serde_json::from_value(took).expect("two pairs of durations");
    [first, again, built, built_again]
}

/// The license answer as the hand-written page gets it: the license with the server authorizations beside it.
fn license_answer(running: &Running) -> String {
    let state = running.portal.kubernetes.lock();
    let mut license = state.license.clone();
    license["capabilities"] = state.server_licenses.clone();
    license.to_string()
}

#[derive(Default)]
struct Figures {
    usable: Vec<f64>,
    floor: Vec<f64>,
    floor_reload: Vec<f64>,
    bytes_before: Vec<f64>,
    click: Vec<f64>,
    reload: Vec<f64>,
    /// Console first / on Refresh / on Refresh after a change, hand-written first / again (timed as the console
    /// is), hand-written first / again within one task, the console's decoding first / on Refresh / after a change.
    seed: [Vec<f64>; 10],
    stress: [Vec<f64>; 10],
}

#[tokio::main]
async fn main() {
    let dist = e2e::dist_dir();
    let css = stylesheet(&dist);
    let bench_dir = bench_dist(&dist);
    // `BENCH_ONLY=user-types`, `history` or `members`: that figure alone; `overview`: the sign-in, the overview and
    // the bytes without the rest. For a quick look.
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    match only.as_str() {
        "user-types" => return print!("{}", type_change_report(&type_change(&bench_dir).await)),
        "history" => return print!("{}", history_report(&history(&bench_dir).await)),
        "members" => {
            let figures = organization(&bench_dir, 50_000, 8_000).await;
            return print!("{}", organization_report(&figures));
        }
        _ => {}
    }
    let mut f = Figures::default();
    let mut urls = Vec::new();
    for _ in 0..runs() {
        let (seed, running) = visit(Config::default(), &bench_dir).await;
        f.floor.extend(&seed.floor);
        f.floor_reload.push(seed.floor_reload);
        f.usable.extend(&seed.usable);
        f.bytes_before.push(seed.bytes_before_usable);
        f.click.push(seed.click_to_overview);
        f.reload.push(seed.reload_to_overview);
        let plain = plain_render(license_answer(&running), &css).await;
        for (list, value) in f.seed.iter_mut().zip(seed.render_figures(plain)) {
            list.push(value);
        }
        urls = seed.urls;
        let (stress, running) = visit(
            Config {
                stress_entries: STRESS_ENTRIES,
                ..Config::default()
            },
            &bench_dir,
        )
        .await;
        let plain = plain_render(license_answer(&running), &css).await;
        for (list, value) in f.stress.iter_mut().zip(stress.render_figures(plain)) {
            list.push(value);
        }
    }
    // Members: once per organization (each takes hundreds of requests, and the per-member method tens of
    // thousands).
    let mut members_report = String::new();
    if only != "overview" {
        for (members, pro_holders) in [(50_000, 8_000), (15_000, 12_000)] {
            members_report.push_str(&organization_report(
                &organization(&bench_dir, members, pro_holders).await,
            ));
        }
        members_report.push_str(&type_change_report(&type_change(&bench_dir).await));
        members_report.push_str(&history_report(&history(&bench_dir).await));
    }
    let (usable, floor) = (median(&f.usable), median(&f.floor));
    let (reload, floor_reload) = (median(&f.reload), median(&f.floor_reload));
    let render = |label: &str, figures: &[Vec<f64>; 10]| {
        let [first, again, changed, plain, plain_again, built, built_again, decode, decode_again, decode_changed] =
            figures.each_ref().map(|v| median(v));
        format!(
            "overview, {label}: answers in → rendered (decode + build + layout)\n\
             \x20 console, first / Refresh, same license / Refresh, changed license\n\
             \x20                                        {first:>7.1} / {again:.1} / {changed:.1} ms\n\
             \x20   of which decoding the answers        {decode:>7.1} / {decode_again:.1} / {decode_changed:.1} ms\n\
             \x20 hand-written JavaScript, first / again {plain:>7.1} / {plain_again:.1} ms   (it builds again either way)\n\
             \x20   built and laid out within one task   {built:>7.1} / {built_again:.1} ms   (no frame in between)\n\
             \x20 console ÷ hand-written                 {:>7.2} / {:.2} / {:.2} ×   (target ≤ 1.0 ×)\n",
            first / plain,
            again / plain_again,
            changed / plain_again,
        )
    };
    let report = format!(
        "License Console benchmark ({} runs, medians; headless Chromium, demo portal on loopback)\n\
         sign-in form usable (navigation → first paint)      {usable:>7.1} ms\n\
         \x20 the same page without scripts (the floor)        {floor:>7.1} ms   (same browser, cache off)\n\
         \x20 console ÷ floor                                  {:>7.2} ×   (target ≤ 1.10 ×)\n\
         {}\
         \"Sign in\" clicked → overview rendered              {:>7.1} ms\n\
         reload with a kept session → overview rendered     {reload:>7.1} ms\n\
         \x20 the page without scripts, reloaded              {floor_reload:>7.1} ms   (console {:.2} ×)\n\
         {}{}",
        runs(),
        usable / floor,
        sizes::report(&dist, &urls, median(&f.bytes_before)),
        median(&f.click),
        reload / floor_reload,
        render("seed 001", &f.seed),
        render(&format!("{STRESS_ENTRIES}-entry license"), &f.stress),
    ) + &members_report;
    print!("{report}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench.txt");
    let _ = std::fs::write(out, &report);
}
