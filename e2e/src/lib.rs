//! The end-to-end harness: the demo portal serving the built console, chromedriver on a free loopback port, and
//! a headless Chromium session driven through WebDriver.

pub mod chrome;
mod driver;

use std::net::TcpListener;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use demo_portal::{Config, Running};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use tokio::process::Child;

/// Set in every page before its scripts run: the Content-Security-Policy violations the page causes.
const WATCH_POLICY: &str = "window.__violations = [];
    document.addEventListener('securitypolicyviolation',
        (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));";

/// Held from choosing a harness's ports until something listens on them.
static CHOOSING_PORTS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// How long to wait for something to appear on the page; generous for a loaded 2-core machine.
pub const WAIT: Duration = Duration::from_secs(30);

/// The release build of the console (`dist/`), made by `cargo xtask test` before these tests run.
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("LICENSE_CONSOLE_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dir.join("index.html").exists(),
        "no built console at {}: run `cargo xtask test`, which builds it first",
        dir.display()
    );
    dir
}

/// The absolute path of a file in `demo-portal/samples/`, for file inputs.
pub fn sample(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../demo-portal/samples")
        .join(name);
    path.canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .display()
        .to_string()
}

/// A loopback port nothing listens on now.
/// Whether this run's demo portal answers with documented fields only (`E2E_DOCUMENTED_ONLY` set): the suites
/// of who holds what run both ways.
pub fn documented_only() -> bool {
    std::env::var_os("E2E_DOCUMENTED_ONLY").is_some()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A demo portal, a chromedriver and a browser session; all stop when this is dropped.
pub struct Harness {
    pub portal: Running,
    pub browser: Client,
    /// Where the browser saves downloads; emptied when the harness starts.
    pub downloads: PathBuf,
    driver: Child,
}

impl Harness {
    pub async fn start() -> Self {
        Self::start_with(Config::default(), &[]).await
    }

    /// The demo portal set up as `config` says.
    pub async fn with(config: Config) -> Self {
        Self::start_with(config, &[]).await
    }

    /// The demo portal serving `dist` as the console instead of the built one.
    pub async fn serving(dist: &std::path::Path) -> Self {
        Self::with(Config {
            dist: Some(dist.to_owned()),
            ..Config::default()
        })
        .await
    }

    /// `browser_args` are added to Chromium's, e.g. a window size or a colour scheme. The portal serves the
    /// built console unless `config.dist` names another folder.
    pub async fn start_with(mut config: Config, browser_args: &[&str]) -> Self {
        // One harness at a time between choosing a port and listening on it: two tests choosing together can be
        // given the same free port, and one would then drive the other's chromedriver until it stops.
        let _one_at_a_time = CHOOSING_PORTS.lock().await;
        config.quirks.documented_only |= documented_only();
        let dist = config.dist.clone().unwrap_or_else(dist_dir);
        let portal = demo_portal::start(Config {
            port: 0,
            dist: Some(dist),
            ..config
        })
        .await
        .expect("demo portal starts");
        loop {
            let port = free_port();
            let mut driver = driver::spawn(port);
            let downloads =
                std::env::temp_dir().join(format!("license-console-e2e-downloads-{port}"));
            let _ = std::fs::remove_dir_all(&downloads);
            std::fs::create_dir_all(&downloads).expect("a downloads folder");
            // `None` when this chromedriver exited: the port was taken before it could listen there.
            let Some(browser) = driver::connect(port, browser_args, &downloads, &mut driver).await
            else {
                continue;
            };
            chrome::before_every_document(&browser, WATCH_POLICY).await;
            return Self {
                portal,
                browser,
                downloads,
                driver,
            };
        }
    }

    /// Opens the console and signs in to one of the demo portal's contexts.
    pub async fn sign_in(&self, context: &str, username: &str) {
        self.sign_in_at(&self.portal.url(&format!("/{context}")), username)
            .await;
    }

    /// Opens the console and signs in to the portal at `portal_url`.
    pub async fn sign_in_at(&self, portal_url: &str, username: &str) {
        self.browser
            .goto(&self.portal.url("/console/"))
            .await
            .expect("console loads");
        self.submit_sign_in(portal_url, username, false).await;
    }

    /// Opens the console at `fragment` (`#/release`) and signs in to the portal at `portal_path` as `admin`,
    /// keeping the session in the tab: a reload then opens that screen again.
    pub async fn sign_in_kept(&self, fragment: &str, portal_path: &str) {
        self.browser
            .goto(&self.portal.url(&format!("/console/{fragment}")))
            .await
            .expect("console loads");
        self.submit_sign_in(&self.portal.url(portal_path), "admin", true)
            .await;
    }

    async fn submit_sign_in(&self, portal_url: &str, username: &str, keep: bool) {
        self.fill("input[name=portal]", portal_url).await;
        self.fill("input[name=username]", username).await;
        self.fill("input[name=password]", "arcgis-demo").await;
        if keep {
            self.click("input[name=keep]").await;
        }
        self.click("form button[type=submit]").await;
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        self.browser
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Types `text` over what `css` holds, as a person does: focus, select all, type — the field keeps the focus
    /// throughout, so a preset arriving meanwhile leaves it alone.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.wait_for(css).await;
        input.click().await.unwrap();
        let select_all = format!("{}a{}", char::from(Key::Control), char::from(Key::Null));
        let typed = if text.is_empty() {
            char::from(Key::Backspace).to_string()
        } else {
            text.to_owned()
        };
        input
            .send_keys(&format!("{select_all}{typed}"))
            .await
            .unwrap();
    }

    /// Clicks what `css` selects once it is on show (some of the page is shown only when the code says so).
    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        let deadline = Instant::now() + WAIT;
        while !element.is_displayed().await.unwrap_or(false) {
            assert!(Instant::now() < deadline, "{css} is never shown");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// The members of the Kubernetes context who hold an ArcGIS Pro license offline now.
    pub fn offline_pro_holders(&self) -> Vec<String> {
        self.portal
            .portal
            .kubernetes
            .offline_holders("arcgisprodesktop")
    }

    /// Chooses a file of `demo-portal/samples/` in the file input `css`.
    pub async fn choose_sample(&self, css: &str, name: &str) {
        self.wait_for(css)
            .await
            .send_keys(&sample(name))
            .await
            .unwrap_or_else(|e| panic!("cannot choose {name} in {css}: {e}"));
    }

    /// Waits until exactly `count` elements match `css` (0: until none is left).
    pub async fn wait_for_count(&self, css: &str, count: usize, what: &str) {
        let deadline = Instant::now() + WAIT;
        while self
            .browser
            .find_all(Locator::Css(css))
            .await
            .map_or(0, |found| found.len())
            != count
        {
            assert!(
                Instant::now() < deadline,
                "timed out waiting until {what} ({count} × {css})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page's text contains `needle`, and returns that text.
    pub async fn wait_for_text(&self, needle: &str) -> String {
        self.wait_for_text_within(needle, WAIT).await
    }

    /// Waits until the page says `needle`, for up to `within` (a large organization takes hundreds of requests).
    pub async fn wait_for_text_within(&self, needle: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let text = self.page_text().await;
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "“{needle}” never appeared; the page says:\n{}",
                text.chars().take(3000).collect::<String>()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `script` in the page and answers what it returns.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.browser.execute(script, vec![]).await.unwrap()
    }

    /// Picks `value` in the select of the toolbar label that starts with `label`.
    pub async fn choose(&self, label: &str, value: &str) {
        self.js(&format!(
            "const select = [...document.querySelectorAll('.toolbar label')]
               .find(l => l.textContent.trim().startsWith('{label}')).querySelector('select');
             select.value = '{value}';
             select.dispatchEvent(new Event('change', {{bubbles: true}}));
             return null;"
        ))
        .await;
    }

    /// Picks `value` in the select `#id`, as a person does (its change event follows).
    pub async fn pick(&self, id: &str, value: &str) {
        self.js(&format!(
            "const select = document.getElementById('{id}'); select.value = '{value}';
             select.dispatchEvent(new Event('change', {{bubbles: true}})); return null;"
        ))
        .await;
    }

    /// The history items in the demo portal's state (its Kubernetes context), with their data as JSON.
    pub fn history_items(&self) -> Vec<(String, serde_json::Value)> {
        let state = self.portal.portal.kubernetes.lock();
        state
            .items
            .iter()
            .filter(|i| i.type_keywords.iter().any(|k| k == "License History"))
            .map(|i| (i.id.clone(), serde_json::from_str(&i.text).unwrap()))
            .collect()
    }

    /// Adds `entry` to the journal of the last history item, as another administrator's console would.
    pub fn add_journal_entry(&self, entry: serde_json::Value) {
        let mut state = self.portal.portal.kubernetes.lock();
        let item = state
            .items
            .iter_mut()
            .rfind(|i| i.type_keywords.iter().any(|k| k == "License History"))
            .expect("a history item");
        let mut doc: serde_json::Value = serde_json::from_str(&item.text).unwrap();
        doc["journal"].as_array_mut().unwrap().push(entry);
        item.text = doc.to_string();
    }

    /// Requests to a URL containing `path_part` the page has made (resource timing: keep its buffer large).
    pub async fn requests(&self, path_part: &str) -> u64 {
        self.js(&format!(
            "return performance.getEntriesByType('resource').filter(r => r.name.includes('{path_part}')).length"
        ))
        .await
        .as_u64()
        .unwrap()
    }

    /// The URLs the page had fetched by its first paint — the sign-in form, usable from then on — or (`after`)
    /// the rest.
    pub async fn fetched_around_first_paint(&self, after: bool) -> Vec<String> {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let urls = self
                .browser
                .execute(
                    "const paint = performance.getEntriesByName('first-contentful-paint')[0];
                     if (!paint) return null;
                     return performance.getEntriesByType('resource')
                       .filter(r => (r.responseEnd > paint.startTime) === arguments[0]).map(r => r.name);",
                    vec![after.into()],
                )
                .await
                .unwrap();
            if !urls.is_null() {
                return serde_json::from_value(urls).expect("resource URLs");
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the page was never painted"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The text of the page's body. While the browser moves from one document to the next (a redirect back from
    /// the portal's sign-in page) there is no body for a moment: it is looked for again, up to `WAIT`.
    pub async fn page_text(&self) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.browser.find(Locator::Css("body")).await {
                Ok(body) => return body.text().await.unwrap_or_default(),
                Err(e) => assert!(Instant::now() < deadline, "the page has no body: {e}"),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for a finished download whose name starts with `prefix`, and returns its text.
    pub async fn downloaded(&self, prefix: &str) -> String {
        std::fs::read_to_string(self.downloaded_file(prefix).await).expect("a readable download")
    }

    /// Waits for a finished download whose name starts with `prefix`, and returns where it is.
    pub async fn downloaded_file(&self, prefix: &str) -> PathBuf {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(path) = finished_download(&self.downloads, prefix) {
                return path;
            }
            assert!(
                Instant::now() < deadline,
                "no download starting with {prefix} in {}",
                self.downloads.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The Content-Security-Policy violations of the current page, watched from before its first script.
    pub async fn policy_violations(&self) -> Vec<String> {
        let seen = self
            .browser
            .execute(
                "return window.__violations || ['no watch on this page']",
                vec![],
            )
            .await
            .unwrap();
        serde_json::from_value(seen).unwrap_or_default()
    }

    /// Ends the test; it fails if any page logged a console error or threw an uncaught exception.
    pub async fn close(self) {
        self.close_expecting(&[]).await;
    }

    /// Ends a test that provokes errors: each logged error must contain one of `expected`, and each of
    /// `expected` must have been logged.
    pub async fn close_expecting(self, expected: &[&str]) {
        let errors = chrome::page_errors(&self.browser).await;
        let _ = std::fs::remove_dir_all(&self.downloads);
        let _ = self.browser.close().await;
        drop(self.driver);
        self.portal.task.abort();
        let unexpected: Vec<&String> = errors
            .iter()
            .filter(|e| !expected.iter().any(|x| e.contains(x)))
            .collect();
        assert!(
            unexpected.is_empty(),
            "the browser reported errors: {unexpected:#?}"
        );
        for x in expected {
            assert!(
                errors.iter().any(|e| e.contains(x)),
                "expected an error with “{x}”: {errors:#?}"
            );
        }
    }
}

/// A finished download in `folder` whose name starts with `prefix`.
///
/// Chromium writes a download to `<name>.crdownload`, then creates an empty `<name>` to hold the name and
/// renames the first over it: a `<name>` is finished only once its `.crdownload` is gone.
fn finished_download(folder: &std::path::Path, prefix: &str) -> Option<PathBuf> {
    std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| {
            name.starts_with(prefix)
                && !name.ends_with(".crdownload")
                && !folder.join(format!("{name}.crdownload")).exists()
        })
        .map(|name| folder.join(name))
}

#[cfg(test)]
mod tests {
    use super::finished_download;

    #[test]
    fn a_download_is_finished_only_once_its_partial_file_is_renamed_over_it() {
        let folder = std::env::temp_dir().join(format!("e2e-finished-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let partial = folder.join("licenses-1.csv.crdownload");
        std::fs::write(&partial, "kind,id\r\n").unwrap();
        assert_eq!(
            finished_download(&folder, "licenses-"),
            None,
            "only the partial file"
        );
        std::fs::write(folder.join("licenses-1.csv"), "").unwrap();
        assert_eq!(
            finished_download(&folder, "licenses-"),
            None,
            "the empty file Chromium holds the name with"
        );
        std::fs::rename(&partial, folder.join("licenses-1.csv")).unwrap();
        assert_eq!(
            finished_download(&folder, "licenses-"),
            Some(folder.join("licenses-1.csv"))
        );
        assert_eq!(finished_download(&folder, "license-2"), None);
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
