//! The shapes a portal answers in. Errors come with HTTP 200, as real portals send them.

use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde_json::{json, Value};

use crate::params::Params;

/// Which API family answers: the sharing API and the admin APIs spell errors differently.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Family {
    Sharing,
    Admin,
}

pub fn ok(params: &Params, value: Value) -> Response {
    if !params.wants_json() {
        return html_page(&value);
    }
    let text = if params.pretty() {
        serde_json::to_string_pretty(&value)
    } else {
        serde_json::to_string(&value)
    };
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        text.unwrap_or_default(),
    )
        .into_response()
}

pub fn success(params: &Params) -> Response {
    ok(params, json!({"status": "success"}))
}

/// An error body in the family's shape: `{"error":{...}}` or `{"status":"error",...}`.
pub fn error(params: &Params, family: Family, code: u16, messages: &[&str]) -> Response {
    ok(params, error_body(family, code, messages))
}

pub fn error_body(family: Family, code: u16, messages: &[&str]) -> Value {
    match family {
        Family::Sharing => {
            let (message, details) = messages.split_first().unwrap_or((&"Error", &[]));
            json!({"error": {"code": code, "message": message, "details": details}})
        }
        Family::Admin => json!({"status": "error", "messages": messages, "code": code}),
    }
}

/// Why a request was not let in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    TokenRequired,
    InvalidToken,
    Forbidden,
}

pub fn denied(params: &Params, family: Family, denied: Denied) -> Response {
    match denied {
        Denied::TokenRequired => token_required(params, family),
        Denied::InvalidToken => error(params, family, 498, &["Invalid token."]),
        Denied::Forbidden => error(
            params,
            family,
            403,
            &["You do not have permissions to access this resource or perform this operation."],
        ),
    }
}

fn token_required(params: &Params, family: Family) -> Response {
    match family {
        Family::Sharing => ok(
            params,
            json!({"error": {"code": 499, "message": "Token Required", "messageCode": "GWM_0003", "details": ["Token Required"]}}),
        ),
        Family::Admin => error(
            params,
            family,
            499,
            &["Unauthorized access. Token not found. You can generate a token using the 'generateToken' operation."],
        ),
    }
}

/// The default `f=html` answer: a bare page, enough to show that JSON must be asked for.
fn html_page(value: &Value) -> Response {
    let escaped = serde_json::to_string_pretty(value)
        .unwrap_or_default()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Html(format!("<!DOCTYPE html><html><head><title>Demo portal</title></head><body><pre>{escaped}</pre></body></html>"))
        .into_response()
}
