//! Fault injection for tests, off unless asked for: what a real network, proxy or web adaptor does to a
//! request on a bad day, for one path at a time.

use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer normally, this many milliseconds late.
    Delay(u64),
    /// Answer normally once the fault is lifted (`Faults::clear`): a download a test lets through when it chooses.
    Hold,
    /// A single sign-on page instead of JSON, with status 200.
    HtmlLogin,
    /// A 502 page from the web adaptor in front of the portal.
    BadGateway,
    /// The connection closes before the body arrives.
    Drop,
    /// The JSON answer cut off half way.
    TruncatedJson,
    /// A portal error instead of doing it (status 200, as portals answer): a refused write.
    Refuse,
    /// A 307 to this URL, as a load balancer moving the portal to another address answers: a browser that
    /// follows it sends the same body, password or token included, to the new place.
    Redirect(String),
}

impl FromStr for Fault {
    type Err = String;

    /// `delay:MS`, `hold`, `html-login`, `bad-gateway`, `drop`, `truncated-json`, `refuse` or `redirect:URL`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(url) = text.strip_prefix("redirect:") {
            return Ok(Fault::Redirect(url.to_owned()));
        }
        match text {
            "hold" => Ok(Fault::Hold),
            "html-login" => Ok(Fault::HtmlLogin),
            "bad-gateway" => Ok(Fault::BadGateway),
            "drop" => Ok(Fault::Drop),
            "truncated-json" => Ok(Fault::TruncatedJson),
            "refuse" => Ok(Fault::Refuse),
            _ => text
                .strip_prefix("delay:")
                .and_then(|ms| ms.parse().ok())
                .map(Fault::Delay)
                .ok_or_else(|| format!("unknown fault {text}: use delay:MS, hold, html-login, bad-gateway, drop, truncated-json, refuse or redirect:URL")),
        }
    }
}

/// The faults in force, by exact request path (`/arcgis/admin/orgs`). Shared, so tests can change them while
/// the portal runs.
#[derive(Clone, Default)]
pub struct Faults(Arc<Mutex<Vec<(String, Fault)>>>);

impl Faults {
    pub fn set(&self, path: &str, fault: Fault) {
        self.lock().push((path.to_owned(), fault));
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(String, Fault)>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn for_path(&self, path: &str) -> Vec<Fault> {
        self.lock()
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, f)| f.clone())
            .collect()
    }
}

const LOGIN_PAGE: &str = "<!DOCTYPE html><html><head><title>Sign In</title></head><body>\
<h1>Sign in to your organization</h1><form method=\"post\" action=\"/idp/login\">\
<input name=\"username\"><input name=\"password\" type=\"password\"><button>Sign in</button></form></body></html>";

const BAD_GATEWAY_PAGE: &str = "<!DOCTYPE html><html><head><title>502 - Web server received an invalid response \
while acting as a gateway or proxy server.</title></head><body><h1>502 - Bad Gateway</h1></body></html>";

pub async fn inject(State(faults): State<Faults>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    while faults.for_path(&path).contains(&Fault::Hold) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let active = faults.for_path(&path);
    for fault in &active {
        if let Fault::Delay(ms) = fault {
            tokio::time::sleep(Duration::from_millis(*ms)).await;
        }
    }
    if let Some(Fault::Redirect(url)) = active.iter().find(|f| matches!(f, Fault::Redirect(_))) {
        return (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, url.as_str())],
        )
            .into_response();
    }
    if active.contains(&Fault::HtmlLogin) {
        return Html(LOGIN_PAGE).into_response();
    }
    if active.contains(&Fault::Refuse) {
        let refused =
            r#"{"error":{"code":400,"message":"Unable to complete the operation.","details":[]}}"#;
        return ([(header::CONTENT_TYPE, "application/json")], refused).into_response();
    }
    if active.contains(&Fault::BadGateway) {
        return (StatusCode::BAD_GATEWAY, Html(BAD_GATEWAY_PAGE)).into_response();
    }
    if active.contains(&Fault::Drop) {
        let broken = futures_util::stream::once(async {
            Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "dropped",
            ))
        });
        return (
            [(header::CONTENT_TYPE, "application/json")],
            Body::from_stream(broken),
        )
            .into_response();
    }
    let response = next.run(request).await;
    if !active.contains(&Fault::TruncatedJson) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let cut = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_from_the_command_line() {
        assert_eq!("delay:250".parse(), Ok(Fault::Delay(250)));
        assert_eq!("hold".parse(), Ok(Fault::Hold));
        assert_eq!("truncated-json".parse(), Ok(Fault::TruncatedJson));
        assert_eq!("refuse".parse(), Ok(Fault::Refuse));
        assert!("delay:x".parse::<Fault>().is_err());
        assert!("explode".parse::<Fault>().is_err());
        assert_eq!(
            "redirect:https://elsewhere.example/portal".parse(),
            Ok(Fault::Redirect("https://elsewhere.example/portal".into()))
        );
    }
}
