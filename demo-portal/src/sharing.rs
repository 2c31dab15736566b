//! `sharing/rest`: tokens.

use std::sync::Arc;

use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use serde_json::json;

use crate::answer::{self, Family};
use crate::context::{Context, ACCOUNTS, MAX_TOKEN_MINUTES};
use crate::params::Params;

const DEFAULT_TOKEN_MINUTES: i64 = 60;

pub async fn generate_token(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if params.method != Method::POST {
        return answer::error(
            &params,
            Family::Sharing,
            405,
            &["Method not supported.", "generateToken requires POST."],
        );
    }
    let (Some(username), Some(password)) = (params.get("username"), params.get("password")) else {
        return answer::error(
            &params,
            Family::Sharing,
            400,
            &[
                "Unable to generate token.",
                "'username' and 'password' must be specified.",
            ],
        );
    };
    let Some(&(username, _, admin)) = ACCOUNTS
        .iter()
        .find(|(u, p, _)| *u == username && *p == password)
    else {
        return answer::error(
            &params,
            Family::Sharing,
            400,
            &["Unable to generate token.", "Invalid username or password."],
        );
    };
    let referer = match params.get("client").unwrap_or("requestip") {
        "referer" => match params.get("referer") {
            Some(referer) => Some(referer.to_owned()),
            None => {
                return answer::error(
                    &params,
                    Family::Sharing,
                    400,
                    &["Unable to generate token.", "'referer' must be specified."],
                )
            }
        },
        "requestip" | "ip" => None,
        _ => {
            return answer::error(
                &params,
                Family::Sharing,
                400,
                &["Unable to generate token.", "Invalid client type."],
            )
        }
    };
    let minutes = match params.get("expiration").map(str::parse::<i64>) {
        None => DEFAULT_TOKEN_MINUTES,
        Some(Ok(minutes)) if minutes > 0 => minutes.min(MAX_TOKEN_MINUTES),
        Some(_) => {
            return answer::error(
                &params,
                Family::Sharing,
                400,
                &["Unable to generate token.", "Invalid expiration."],
            )
        }
    };
    let (token, expires) = ctx.issue_token(username, admin, minutes, referer);
    answer::ok(
        &params,
        json!({"token": token, "expires": expires, "ssl": false}),
    )
}
