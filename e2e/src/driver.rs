//! chromedriver and the headless Chromium session it drives.

use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use tokio::process::{Child, Command};

use crate::WAIT;

/// chromedriver on `port`, stopped when the handle is dropped.
pub fn spawn(port: u16) -> Child {
    let driver_path =
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    Command::new(&driver_path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {driver_path}: {e} (cargo xtask test installs it)")
        })
}

/// A session on the chromedriver `driver` listening on `port`; `None` if that chromedriver has exited.
pub async fn connect(
    port: u16,
    extra_args: &[&str],
    downloads: &std::path::Path,
    driver: &mut Child,
) -> Option<Client> {
    let mut capabilities = serde_json::Map::new();
    let binary = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
    // Without the background-networking flags Chromium keeps calling out of this closed network.
    let mut args = vec![
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ];
    args.extend_from_slice(extra_args);
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": binary,
            "args": args,
            "prefs": {"download.default_directory": downloads, "download.prompt_for_download": false}
        }),
    );
    // Console errors and uncaught exceptions, read by `close`.
    capabilities.insert(
        "goog:loggingPrefs".into(),
        serde_json::json!({"browser": "ALL"}),
    );
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + WAIT;
    loop {
        match ClientBuilder::native()
            .capabilities(capabilities.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return Some(client),
            Err(_) if driver.try_wait().is_ok_and(|exit| exit.is_some()) => return None,
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("no WebDriver session on {url}: {e}"),
        }
    }
}
