//! The one place requests reach the network: `fetch` with a timeout and a cancel scope, answers handed to
//! `classify_response`.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::RequestBuilder;
use serde_json::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal, File, FormData};

use super::error::{classify_response, PortalError};
use super::request::{Field, Request};
use super::REQUEST_TIMEOUT_MS;

/// Cancels every request sent with it, e.g. when the screen that asked for them goes away.
#[derive(Clone)]
pub struct Aborter(AbortController);

impl Aborter {
    pub fn new() -> Option<Self> {
        AbortController::new().ok().map(Self)
    }

    pub fn abort(&self) {
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

fn build(
    request: &Request<File>,
    signal: &AbortSignal,
) -> Result<gloo_net::http::Request, PortalError> {
    let build_error = |e: gloo_net::Error| PortalError::Network {
        detail: e.to_string(),
        cross_origin: false,
    };
    let post = RequestBuilder::new(&request.url)
        .method(gloo_net::http::Method::POST)
        .abort_signal(Some(signal));
    if let Some(body) = request.form_body() {
        // A CORS-safelisted content type: the browser sends this without a preflight.
        return post
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .map_err(build_error);
    }
    let form = FormData::new().map_err(|_| unavailable("FormData"))?;
    for (name, field) in &request.fields {
        let appended = match field {
            Field::Text(value) => form.append_with_str(name, value),
            Field::File(file) => form.append_with_blob_and_filename(name, file, &file.name()),
        };
        appended.map_err(|_| unavailable("FormData"))?;
    }
    // The browser sets the multipart content type with its boundary.
    post.body(form).map_err(build_error)
}

/// Why a request stopped early, known only to the timers and listeners that stopped it.
#[derive(Clone, Copy, PartialEq)]
enum Stop {
    Running,
    TimedOut,
    Cancelled,
}

/// Sends a request and returns the JSON it answered, or what went wrong. Requests sent with the same `scope`
/// are cancelled together.
pub async fn send(request: Request<File>, scope: Option<&Aborter>) -> Result<Value, PortalError> {
    let (status, body) = fetch_bytes(&request, scope).await?;
    classify_response(status, &body)
}

/// Sends a request and returns the status and body as they came.
pub async fn fetch_bytes(
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
    let outcome = async {
        let response = build(request, &own.signal())?
            .send()
            .await
            .map_err(Failure::Fetch)?;
        let status = response.status();
        let body = response.binary().await.map_err(Failure::Fetch)?;
        Ok::<_, Failure>((status, body))
    }
    .await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    if let Some(scope) = scope {
        let _ = scope
            .signal()
            .remove_event_listener_with_callback("abort", on_cancel.as_ref().unchecked_ref());
    }
    match (outcome, stop.get()) {
        (Ok(answer), _) => Ok(answer),
        (Err(_), Stop::TimedOut) => Err(PortalError::Timeout {
            seconds: (REQUEST_TIMEOUT_MS / 1000) as u32,
        }),
        (Err(_), Stop::Cancelled) => Err(PortalError::Cancelled),
        (Err(Failure::Portal(err)), Stop::Running) => Err(err),
        (Err(Failure::Fetch(err)), Stop::Running) => Err(PortalError::Network {
            detail: err.to_string(),
            cross_origin: cross_origin(&request.url),
        }),
    }
}

enum Failure {
    Portal(PortalError),
    Fetch(gloo_net::Error),
}

impl From<PortalError> for Failure {
    fn from(err: PortalError) -> Self {
        Failure::Portal(err)
    }
}
