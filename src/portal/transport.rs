//! The one place requests reach the network: `gloo-net`'s fetch with a timeout and a cancel scope. The
//! client's call path and sign-in send through here; nothing else in the console touches the network but the
//! sign-in page's look for `config.json`.

use std::cell::Cell;
use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal, File, FormData, RequestRedirect, ResponseType};

use super::client::{Client, Identity, LocalFuture, Transport};
use super::error::{classify_response, PortalError};
use super::request::{Field, Request};
use super::REQUEST_TIMEOUT_MS;

/// Cancels every request sent with it, e.g. when the screen that asked for them goes away.
#[derive(Clone)]
pub(super) struct Aborter(AbortController);

impl Aborter {
    fn new() -> Option<Self> {
        AbortController::new().ok().map(Self)
    }

    fn abort(&self) {
        self.0.abort();
    }

    fn signal(&self) -> AbortSignal {
        self.0.signal()
    }
}

/// Whether the request goes to another origin than the console's own, so CORS may be why it failed.
fn cross_origin(url: &str) -> bool {
    let own = super::own_origin();
    !own.is_empty() && !url.starts_with(&format!("{own}/"))
}

fn unavailable(what: &str) -> PortalError {
    PortalError::Network {
        detail: format!("{what} is unavailable in this browser"),
        cross_origin: false,
    }
}

/// What the browser said when something it was asked failed, e.g. "Failed to fetch".
pub fn browser_error_text(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".into())
}

/// The request, sent through `gloo-net`: POST, the body as a form (urlencoded, or multipart when a file goes with it),
/// no other header, and the abort signal.
fn build(
    request: &Request<File>,
    signal: &AbortSignal,
) -> Result<gloo_net::http::Request, PortalError> {
    let builder = gloo_net::http::Request::post(&request.url)
        .abort_signal(Some(signal))
        // Every request carries a password, a token or an OAuth code: a redirect is reported, never followed.
        .redirect(RequestRedirect::Manual);
    let built = if let Some(body) = request.form_body() {
        // A CORS-safelisted content type: the browser sends this without a preflight.
        builder
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
    } else {
        let form = FormData::new().map_err(|_| unavailable("FormData"))?;
        for (name, field) in &request.fields {
            let appended = match field {
                Field::Text(value) => form.append_with_str(name, value),
                Field::File(file) => form.append_with_blob_and_filename(name, file, &file.name()),
            };
            appended.map_err(|_| unavailable("FormData"))?;
        }
        // The browser sets the multipart content type with its boundary.
        builder.body(form)
    };
    // The browser refuses to build a request only for a URL it cannot use.
    built.map_err(|e| PortalError::Network {
        detail: fetch_error_text(e),
        cross_origin: false,
    })
}

/// The status and the whole body of an answer; a redirect that was not followed has status 0 and no body.
async fn answer(request: gloo_net::http::Request) -> Result<(u16, Vec<u8>), gloo_net::Error> {
    let response = request.send().await?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Ok((0, Vec::new()));
    }
    let status = response.status();
    Ok((status, response.binary().await?))
}

/// A file beside the console's page, as text, if it is there.
pub async fn fetch_own_text(path: &str) -> Option<String> {
    let response = gloo_net::http::Request::get(path).send().await.ok()?;
    match response.status() {
        200 => response.text().await.ok(),
        _ => None,
    }
}

/// Why a request stopped early, known only to the timers and listeners that stopped it.
#[derive(Clone, Copy, PartialEq)]
enum Stop {
    Running,
    TimedOut,
    Cancelled,
}

/// One screen's requests, cancelled together when it goes away.
struct ScreenTransport {
    scope: Option<Aborter>,
}

impl Transport<File> for ScreenTransport {
    fn send<'a>(
        &'a self,
        request: &'a Request<File>,
    ) -> LocalFuture<'a, Result<(u16, Vec<u8>), PortalError>> {
        Box::pin(fetch_bytes(request, self.scope.as_ref()))
    }

    fn cancel(&self) {
        if let Some(scope) = &self.scope {
            scope.abort();
        }
    }
}

impl Client<File> {
    /// A client for one screen; `cancel` stops whatever it still has under way.
    pub fn for_screen(identity: Rc<dyn Identity>) -> Self {
        Self::new(
            identity,
            Rc::new(ScreenTransport {
                scope: Aborter::new(),
            }),
        )
    }
}

/// Sends a request outside a session (sign-in) and returns the JSON it answered, or what went wrong.
pub(super) async fn send(request: Request<File>) -> Result<Value, PortalError> {
    let (status, body) = fetch_bytes(&request, None).await?;
    classify_response(status, &body)
}

/// Sends a request and returns the status and body as they came.
async fn fetch_bytes(
    request: &Request<File>,
    scope: Option<&Aborter>,
) -> Result<(u16, Vec<u8>), PortalError> {
    let own = Aborter::new().ok_or_else(|| unavailable("AbortController"))?;
    let stop = Rc::new(Cell::new(Stop::Running));
    let stopper = |reason: Stop| {
        let (own, stop) = (own.clone(), stop.clone());
        Closure::once(move || {
            stop.set(reason);
            own.abort();
        })
    };
    if scope.is_some_and(|s| s.signal().aborted()) {
        return Err(PortalError::Cancelled);
    }
    let on_cancel = stopper(Stop::Cancelled);
    if let Some(scope) = scope {
        let _ = scope
            .signal()
            .add_event_listener_with_callback("abort", on_cancel.as_ref().unchecked_ref());
    }
    let on_timeout = stopper(Stop::TimedOut);
    let window = web_sys::window().ok_or_else(|| unavailable("window"))?;
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            REQUEST_TIMEOUT_MS,
        )
        .ok();
    let outcome = match build(request, &own.signal()) {
        Ok(built) => answer(built).await.map_err(Failure::Fetch),
        Err(err) => Err(Failure::Portal(err)),
    };
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    if let Some(scope) = scope {
        let _ = scope
            .signal()
            .remove_event_listener_with_callback("abort", on_cancel.as_ref().unchecked_ref());
    }
    match (outcome, stop.get()) {
        (Ok((0, _)), _) => Err(PortalError::Redirected {
            from: super::PortalUrl::parse(&request.url)
                .map(|url| url.origin().to_owned())
                .unwrap_or_else(|_| request.url.clone()),
        }),
        (Ok(answer), _) => Ok(answer),
        (Err(_), Stop::TimedOut) => Err(PortalError::Timeout {
            seconds: (REQUEST_TIMEOUT_MS / 1000) as u32,
        }),
        (Err(_), Stop::Cancelled) => Err(PortalError::Cancelled),
        (Err(Failure::Portal(err)), Stop::Running) => Err(err),
        (Err(Failure::Fetch(err)), Stop::Running) => Err(PortalError::Network {
            detail: fetch_error_text(err),
            cross_origin: cross_origin(&request.url),
        }),
    }
}

enum Failure {
    Portal(PortalError),
    Fetch(gloo_net::Error),
}

/// What the browser said when a fetch failed, e.g. "Failed to fetch".
fn fetch_error_text(error: gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(error) => error.message,
        other => other.to_string(),
    }
}
