//! `cargo xtask bench`: the console's size and speed, measured inside headless Chromium against the demo
//! portal on loopback, as medians over repeated runs. Prints the figures and writes them to target/bench.txt.

use std::io::Write;
use std::path::{Path, PathBuf};

use demo_portal::{Config, Running};
use e2e::Harness;

/// Runs per figure; `BENCH_RUNS` overrides it for a quick look.
fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|r| *r > 0)
        .unwrap_or(7)
}
const STRESS_ENTRIES: usize = 2_000;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn gzipped(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("a dist file");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&bytes).unwrap();
    encoder.finish().unwrap().len()
}

/// Gzipped bytes of the given dist files, in all and of the wasm among them.
fn sizes(files: &[PathBuf]) -> (usize, usize) {
    let (mut total, mut wasm) = (0, 0);
    for path in files {
        let size = gzipped(path);
        total += size;
        if path.extension().is_some_and(|ext| ext == "wasm") {
            wasm += size;
        }
    }
    (total, wasm)
}

/// The dist files of the console a page asked for: `index.html`, then each resource URL under `/console/`.
fn dist_files(dist: &Path, urls: &[String]) -> Vec<PathBuf> {
    let mut files = vec![dist.join("index.html")];
    files.extend(
        urls.iter()
            .filter_map(|url| url.split_once("/console/").map(|(_, file)| dist.join(file)))
            .filter(|path| path.is_file()),
    );
    files
}

/// The console's stylesheet, for the hand-written page to render under.
fn stylesheet(dist: &Path) -> String {
    let css = std::fs::read_dir(dist)
        .unwrap()
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "css"))
        .expect("a stylesheet in dist");
    std::fs::read_to_string(css).unwrap()
}

/// A page with nothing but the console's stylesheet and a script that sets the sign-in mark: what any page
/// served this way costs the browser, the floor under the console's own figure.
fn floor_page(dist: &Path) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-floor");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("console.css"), stylesheet(dist)).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Floor</title>\
         <link rel=\"stylesheet\" href=\"console.css\"></head><body><p>Sign in</p>\
         <script>performance.mark('lc:sign-in-ready')</script></body></html>",
    )
    .unwrap();
    dir
}

/// The time of the `nth` (from 0) mark called `name`, waiting for the page to set it.
async fn mark_time(h: &Harness, name: &str, nth: usize) -> f64 {
    let script = format!("return performance.getEntriesByName('{name}').map(e => e.startTime)");
    let deadline = std::time::Instant::now() + e2e::WAIT;
    loop {
        let found = h.browser.execute(&script, vec![]).await.unwrap();
        if let Some(t) = found
            .as_array()
            .and_then(|a| a.get(nth))
            .and_then(|v| v.as_f64())
        {
            return t;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the page never marked {name} (#{nth})"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// License received → overview rendered, for the `nth` answer the page got.
async fn render_time(h: &Harness, nth: usize) -> f64 {
    let rendered = mark_time(h, "lc:overview-rendered", nth).await;
    rendered - mark_time(h, "lc:license-received", nth).await
}

/// Navigation start → the floor page's mark.
async fn floor_visit(dir: &Path) -> f64 {
    let h = Harness::serving(dir).await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    let ready = mark_time(&h, "lc:sign-in-ready", 0).await;
    h.close().await;
    ready
}

/// What one visit measured, in ms, and which resources it fetched before and after the sign-in form was usable.
struct Visit {
    first_paint: Vec<String>,
    later: Vec<String>,
    sign_in_ready: f64,
    /// License received → overview rendered, the first time after sign-in.
    first_render: f64,
    /// The same on Refresh, with the page's code and fonts already in use.
    refresh_render: f64,
}

/// One cold visit: navigation → sign-in usable, sign-in → license received → overview rendered, then Refresh.
async fn visit(config: Config) -> (Visit, Running) {
    let h = Harness::with(config).await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    let sign_in_ready = mark_time(&h, "lc:sign-in-ready", 0).await;
    let first_paint = h.fetched_around_first_paint(false).await;
    h.sign_in("arcgis", "admin").await;
    let first_render = render_time(&h, 0).await;
    h.click(".page-actions button").await;
    let refresh_render = render_time(&h, 1).await;
    let later = h.fetched_around_first_paint(true).await;
    let Harness {
        portal, browser, ..
    } = h;
    let _ = browser.close().await;
    let visit = Visit {
        first_paint,
        later,
        sign_in_ready,
        first_render,
        refresh_render,
    };
    (visit, portal)
}

/// The same license rendered by the hand-written page under the console's stylesheet, in ms: the first time
/// and again.
async fn plain_render(license: serde_json::Value, css: &str) -> (f64, f64) {
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
        .execute(
            "return [renderLicense(arguments[0], arguments[1]), renderLicense(arguments[0], arguments[1])];",
            vec![license, css.into()],
        )
        .await
        .unwrap();
    h.close().await;
    let took: Vec<f64> = serde_json::from_value(took).expect("two durations");
    (took[0], took[1])
}

fn license_json(running: &Running) -> serde_json::Value {
    let state = running.portal.kubernetes.lock();
    let mut license = state.license.clone();
    license["capabilities"] = state.server_licenses.clone();
    license
}

/// Medians of each figure over the runs.
#[derive(Default)]
struct Figures {
    ready: Vec<f64>,
    floor: Vec<f64>,
    seed: Vec<f64>,
    seed_refresh: Vec<f64>,
    plain_seed: Vec<f64>,
    plain_seed_again: Vec<f64>,
    stress: Vec<f64>,
    stress_refresh: Vec<f64>,
    plain_stress: Vec<f64>,
    plain_stress_again: Vec<f64>,
}

#[tokio::main]
async fn main() {
    let dist = e2e::dist_dir();
    let css = stylesheet(&dist);
    let floor_dir = floor_page(&dist);
    let mut f = Figures::default();
    let (mut first_paint, mut later) = (Vec::new(), Vec::new());
    for _ in 0..runs() {
        let (seed, seed_portal) = visit(Config::default()).await;
        first_paint = dist_files(&dist, &seed.first_paint);
        later = dist_files(&dist, &seed.later)[1..].to_vec();
        f.ready.push(seed.sign_in_ready);
        f.seed.push(seed.first_render);
        f.seed_refresh.push(seed.refresh_render);
        let (first, again) = plain_render(license_json(&seed_portal), &css).await;
        f.plain_seed.push(first);
        f.plain_seed_again.push(again);
        f.floor.push(floor_visit(&floor_dir).await);
        let (stress, running) = visit(Config {
            stress_entries: STRESS_ENTRIES,
            ..Config::default()
        })
        .await;
        f.stress.push(stress.first_render);
        f.stress_refresh.push(stress.refresh_render);
        let (first, again) = plain_render(license_json(&running), &css).await;
        f.plain_stress.push(first);
        f.plain_stress_again.push(again);
    }
    let (total, wasm) = sizes(&first_paint);
    let (screens, _) = sizes(&later);
    let m = |values: &Vec<f64>| median(values.clone());
    let (stress, plain_stress) = (m(&f.stress), m(&f.plain_stress));
    let (stress_refresh, plain_stress_again) = (m(&f.stress_refresh), m(&f.plain_stress_again));
    let report = format!(
        "License Console benchmark ({} runs, medians; headless Chromium, demo portal on loopback)\n\
         first paint, gzipped (HTML + JS + wasm + CSS)     {:>7.1} KB   (target ≤ 150 KB)\n\
         of which the wasm                                 {:>7.1} KB\n\
         the screens, fetched once the form is up, gzipped {:>7.1} KB\n\
         navigation start → sign-in form usable            {:>7.1} ms   (target ≤ 100 ms)\n\
         the same for a page of only HTML, CSS, a script   {:>7.1} ms\n\
         license received → overview rendered, seed 001    {:>7.1} ms   (target ≤ 10 ms)\n\
         \x20\x20on Refresh                                      {:>7.1} ms\n\
         \x20\x20hand-written JavaScript, first / again          {:>7.1} / {:.1} ms\n\
         the same, {STRESS_ENTRIES}-entry payload                      {stress:>7.1} ms   (target ≤ 60 ms)\n\
         \x20\x20on Refresh                                      {stress_refresh:>7.1} ms\n\
         \x20\x20hand-written JavaScript, first / again          {plain_stress:>7.1} / {plain_stress_again:.1} ms\n\
         console ÷ hand-written JavaScript, first / again  {:>7.2} / {:.2} ×   (target ≤ 1.5 ×)\n",
        runs(),
        total as f64 / 1000.0,
        wasm as f64 / 1000.0,
        screens as f64 / 1000.0,
        m(&f.ready),
        m(&f.floor),
        m(&f.seed),
        m(&f.seed_refresh),
        m(&f.plain_seed),
        m(&f.plain_seed_again),
        stress / plain_stress,
        stress_refresh / plain_stress_again,
    );
    print!("{report}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench.txt");
    let _ = std::fs::write(out, &report);
}
