//! What chromedriver offers beyond WebDriver: a script for every new document before its own scripts run (Chrome
//! DevTools protocol), and the browser's log of console errors and uncaught exceptions.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;

/// A chromedriver command at `session/<id>/<path>`, posted with `body`.
#[derive(Debug)]
struct Command {
    path: &'static str,
    body: serde_json::Value,
}

impl WebDriverCompatibleCommand for Command {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// Runs `source` in every document the session opens from now on, before any of the document's scripts.
pub async fn before_every_document(browser: &Client, source: &str) {
    let command = Command {
        path: "goog/cdp/execute",
        body: serde_json::json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": {"source": source},
        }),
    };
    browser
        .issue_cmd(command)
        .await
        .expect("chromedriver runs DevTools commands");
}

/// Turns the browser's HTTP cache off (so a reload fetches every file again, and a test's fault on one applies)
/// or back on.
pub async fn use_cache(browser: &Client, enabled: bool) {
    for (cmd, params) in [
        ("Network.enable", serde_json::json!({})),
        (
            "Network.setCacheDisabled",
            serde_json::json!({"cacheDisabled": !enabled}),
        ),
    ] {
        let command = Command {
            path: "goog/cdp/execute",
            body: serde_json::json!({"cmd": cmd, "params": params}),
        };
        browser
            .issue_cmd(command)
            .await
            .expect("chromedriver runs DevTools commands");
    }
}

/// The console errors and uncaught exceptions since the last call, from every page the session opened. A
/// resource that failed to load is the network's doing (a test's fault switch), not the page's, and is left out.
pub async fn page_errors(browser: &Client) -> Vec<String> {
    let command = Command {
        path: "se/log",
        body: serde_json::json!({"type": "browser"}),
    };
    let Ok(entries) = browser.issue_cmd(command).await else {
        return vec!["the browser's log could not be read".into()];
    };
    entries
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE" && e["source"] != "network")
        .filter_map(|e| e["message"].as_str().map(str::to_owned))
        .collect()
}
