//! The one place requests reach the network: `fetch` with a timeout, answers handed to `classify_response`.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::RequestBuilder;
use serde_json::Value;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, File, FormData};

use super::error::{classify_response, PortalError};
use super::request::{Field, Request};
use super::REQUEST_TIMEOUT_MS;

/// Cancels a request in flight, e.g. when the screen that asked for it goes away.
#[derive(Clone)]
pub struct Aborter(AbortController);

impl Aborter {
    pub fn new() -> Option<Self> {
        AbortController::new().ok().map(Self)
    }

    pub fn abort(&self) {
        self.0.abort();
    }
}

/// Whether the request goes to another origin than the console's own, so CORS may be why it failed.
fn cross_origin(url: &str) -> bool {
    let own = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    !own.is_empty() && !url.starts_with(&format!("{own}/"))
}

fn builder(
    request: &Request<File>,
    aborter: &Aborter,
) -> Result<gloo_net::http::Request, PortalError> {
    let build_error = |e: gloo_net::Error| PortalError::Network {
        detail: e.to_string(),
        cross_origin: false,
    };
    let post = RequestBuilder::new(&request.url)
        .method(gloo_net::http::Method::POST)
        .abort_signal(Some(&aborter.0.signal()));
    if let Some(body) = request.form_body() {
        return post
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .map_err(build_error);
    }
    let form = FormData::new().map_err(|_| PortalError::Network {
        detail: "FormData is unavailable".into(),
        cross_origin: false,
    })?;
    for (name, field) in &request.fields {
        let appended = match field {
            Field::Text(value) => form.append_with_str(name, value),
            Field::File(file) => form.append_with_blob_and_filename(name, file, &file.name()),
        };
        appended.map_err(|_| PortalError::Network {
            detail: format!("could not add {name} to the form"),
            cross_origin: false,
        })?;
    }
    // The browser sets the multipart content type with its boundary.
    post.body(form).map_err(build_error)
}

/// Sends a request and returns the JSON it answered, or what went wrong. `aborter` lets the caller cancel.
pub async fn send(request: Request<File>, aborter: Option<Aborter>) -> Result<Value, PortalError> {
    let aborter = aborter.or_else(Aborter::new).ok_or(PortalError::Network {
        detail: "AbortController is unavailable".into(),
        cross_origin: false,
    })?;
    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let (aborter, timed_out) = (aborter.clone(), timed_out.clone());
        Closure::once(move || {
            timed_out.set(true);
            aborter.abort();
        })
    };
    let window = web_sys::window().expect("the console runs in a browser window");
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.as_ref().unchecked_ref(),
            REQUEST_TIMEOUT_MS,
        )
        .ok();
    let outcome = async {
        let response = builder(&request, &aborter)?.send().await?;
        let status = response.status();
        let body = response.binary().await?;
        Ok::<_, TransportFailure>((status, body))
    }
    .await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    match outcome {
        Ok((status, body)) => classify_response(status, &body),
        Err(_) if timed_out.get() => Err(PortalError::Timeout {
            seconds: (REQUEST_TIMEOUT_MS / 1000) as u32,
        }),
        Err(TransportFailure::Portal(err)) => Err(err),
        Err(TransportFailure::Fetch(err)) => Err(PortalError::Network {
            detail: err.to_string(),
            cross_origin: cross_origin(&request.url),
        }),
    }
}

enum TransportFailure {
    Portal(PortalError),
    Fetch(gloo_net::Error),
}

impl From<PortalError> for TransportFailure {
    fn from(err: PortalError) -> Self {
        TransportFailure::Portal(err)
    }
}

impl From<gloo_net::Error> for TransportFailure {
    fn from(err: gloo_net::Error) -> Self {
        TransportFailure::Fetch(err)
    }
}
