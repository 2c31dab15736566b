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

/// Gzipped bytes of what first paint downloads: index.html, the JS, the wasm and the CSS.
fn sizes(dist: &Path) -> (usize, usize) {
    let (mut total, mut wasm) = (0, 0);
    for entry in std::fs::read_dir(dist).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if [".html", ".js", ".wasm", ".css"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            let size = gzipped(&entry.path());
            total += size;
            if name.ends_with(".wasm") {
                wasm += size;
            }
        }
    }
    (total, wasm)
}

async fn mark_time(h: &Harness, name: &str) -> f64 {
    let script = format!("return performance.getEntriesByName('{name}').map(e => e.startTime)");
    let deadline = std::time::Instant::now() + e2e::WAIT;
    loop {
        let found = h.browser.execute(&script, vec![]).await.unwrap();
        if let Some(t) = found
            .as_array()
            .and_then(|a| a.first())
            .and_then(|v| v.as_f64())
        {
            return t;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the page never marked {name}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// One cold visit: navigation → sign-in usable, then sign-in → license received → overview rendered.
async fn visit(config: Config) -> (f64, f64, Running) {
    let h = Harness::start_with(config, &[]).await;
    h.browser.goto(&h.portal.url("/console/")).await.unwrap();
    let ready = mark_time(&h, "lc:sign-in-ready").await;
    h.sign_in("arcgis", "admin").await;
    let rendered = mark_time(&h, "lc:overview-rendered").await;
    let received = mark_time(&h, "lc:license-received").await;
    let Harness {
        portal, browser, ..
    } = h;
    let _ = browser.close().await;
    (ready, rendered - received, portal)
}

/// The same license rendered by the hand-written page, in ms.
async fn plain_render(license: serde_json::Value) -> f64 {
    let h = Harness::start_with(Config::default(), &[]).await;
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
            "const done = arguments[arguments.length - 1]; renderLicense(arguments[0]).then(done);",
            vec![license],
        )
        .await
        .unwrap();
    h.close().await;
    took.as_f64().expect("a duration")
}

fn license_json(running: &Running) -> serde_json::Value {
    let state = running.portal.kubernetes.lock();
    let mut license = state.license.clone();
    license["capabilities"] = state.server_licenses.clone();
    license
}

#[tokio::main]
async fn main() {
    let dist = e2e::dist_dir();
    let (total, wasm) = sizes(&dist);
    let (mut ready, mut seed_render, mut stress_render, mut plain) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut plain_seed = Vec::new();
    for _ in 0..runs() {
        let (r, seed, seed_portal) = visit(Config::default()).await;
        ready.push(r);
        seed_render.push(seed);
        plain_seed.push(plain_render(license_json(&seed_portal)).await);
        let (_, stress, running) = visit(Config {
            stress_entries: STRESS_ENTRIES,
            ..Config::default()
        })
        .await;
        stress_render.push(stress);
        plain.push(plain_render(license_json(&running)).await);
    }
    let (ready, seed_render, stress_render, plain, plain_seed) = (
        median(ready),
        median(seed_render),
        median(stress_render),
        median(plain),
        median(plain_seed),
    );
    let report = format!(
        "License Console benchmark ({} runs, medians; headless Chromium, demo portal on loopback)\n\
         first paint, gzipped (HTML + JS + wasm + CSS)  {:>8.1} KB   (target ≤ 150 KB)\n\
         wasm alone, gzipped                            {:>8.1} KB\n\
         navigation start → sign-in form usable         {ready:>8.1} ms   (target ≤ 100 ms)\n\
         license received → overview rendered, seed 001 {seed_render:>8.1} ms   (target ≤ 10 ms)\n\
         plain JavaScript render of seed 001            {plain_seed:>8.1} ms\n\
         same, {STRESS_ENTRIES}-entry payload                   {stress_render:>8.1} ms   (target ≤ 60 ms)\n\
         plain JavaScript render of the same rows       {plain:>8.1} ms\n\
         console ÷ plain JavaScript                     {:>8.2} ×   (target ≤ 1.5 ×)\n",
        runs(),
        total as f64 / 1000.0,
        wasm as f64 / 1000.0,
        stress_render / plain,
    );
    print!("{report}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench.txt");
    let _ = std::fs::write(out, &report);
}
