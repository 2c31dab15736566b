//! OAuth 2.0 authorization code flow with PKCE (S256), for the one registered app: `oauth2/authorize` shows a
//! sign-in page and redirects back with `code` and `state`; `oauth2/token` exchanges the code, checking the
//! verifier, and refreshes tokens.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::answer;
use crate::context::{random_token, Context, PendingCode, RefreshGrant, ACCOUNTS};
use crate::params::Params;

const ACCESS_TOKEN_SECONDS: i64 = 1800;
const REFRESH_TOKEN_SECONDS: i64 = 14 * 86_400;
const CODE_SECONDS: i64 = 300;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page(status: StatusCode, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in — Demo portal</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\
         <body style=\"font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto\">{body}</body></html>"
    );
    (status, Html(html)).into_response()
}

/// The base64url (no padding) SHA-256 of a verifier: what `code_challenge` must equal.
pub fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub async fn authorize(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    let field = |key: &str| params.get(key).unwrap_or_default().to_owned();
    let (client_id, redirect_uri) = (field("client_id"), field("redirect_uri"));
    // A bad client or redirect is shown here, never redirected to: the redirect target is untrusted.
    if client_id != ctx.oauth.client_id {
        return page(
            StatusCode::BAD_REQUEST,
            "<h1>Invalid client_id</h1><p>This app is not registered with the portal.</p>",
        );
    }
    if !ctx.oauth.allows(&redirect_uri) {
        return page(
            StatusCode::BAD_REQUEST,
            "<h1>Invalid redirect_uri</h1><p>The redirect URI is not registered for this app.</p>",
        );
    }
    if field("response_type") != "code"
        || field("code_challenge").is_empty()
        || field("code_challenge_method") != "S256"
    {
        return page(
            StatusCode::BAD_REQUEST,
            "<h1>Invalid request</h1><p>Use response_type=code with a S256 code_challenge.</p>",
        );
    }
    let mut message = String::new();
    if params.method == Method::POST {
        let (username, password) = (field("username"), field("password"));
        match ACCOUNTS
            .iter()
            .find(|(u, p, _)| *u == username && *p == password)
        {
            Some(&(username, _, admin)) => {
                let code = random_token();
                let pending = PendingCode {
                    username: username.into(),
                    admin,
                    client_id,
                    redirect_uri: redirect_uri.clone(),
                    code_challenge: field("code_challenge"),
                    expires: ctx.now_ms() + CODE_SECONDS * 1000,
                };
                ctx.lock().oauth_codes.insert(code.clone(), pending);
                let separator = if redirect_uri.contains('?') { '&' } else { '?' };
                let state: String =
                    form_urlencoded::byte_serialize(field("state").as_bytes()).collect();
                let location = format!("{redirect_uri}{separator}code={code}&state={state}");
                return (StatusCode::FOUND, [(header::LOCATION, location)]).into_response();
            }
            None => {
                message =
                    "<p role=\"alert\" style=\"color:#b3141c\">Invalid username or password.</p>"
                        .into()
            }
        }
    }
    let hidden: String = [
        "client_id",
        "response_type",
        "redirect_uri",
        "state",
        "code_challenge",
        "code_challenge_method",
        "expiration",
    ]
    .iter()
    .map(|key| {
        format!(
            "<input type=\"hidden\" name=\"{key}\" value=\"{}\">",
            escape(&field(key))
        )
    })
    .collect();
    page(
        StatusCode::OK,
        &format!(
            "<h1>Sign in to Demo Organization</h1><p>The app <strong>{}</strong> wants to use your account.</p>{message}\
             <form method=\"post\">{hidden}\
             <p><label>Username<br><input name=\"username\" autocomplete=\"username\" required></label></p>\
             <p><label>Password<br><input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label></p>\
             <p><button type=\"submit\">Sign in</button></p></form>",
            escape(&ctx.oauth.client_id)
        ),
    )
}

fn oauth_error(params: &Params, error: &str, description: &str) -> Response {
    answer::ok(
        params,
        json!({"error": {"code": 400, "error": error, "error_description": description, "message": description, "details": []}}),
    )
}

pub async fn token(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if params.method != Method::POST {
        return oauth_error(&params, "invalid_request", "oauth2/token requires POST.");
    }
    if params.get("client_id") != Some(ctx.oauth.client_id.as_str()) {
        return oauth_error(&params, "invalid_client", "Invalid client_id");
    }
    let now = ctx.now_ms();
    let (username, admin) = match params.get("grant_type") {
        Some("authorization_code") => {
            let Some(pending) = params
                .get("code")
                .and_then(|code| ctx.lock().oauth_codes.remove(code))
            else {
                return oauth_error(&params, "invalid_grant", "Invalid authorization code");
            };
            if pending.expires <= now || pending.client_id != ctx.oauth.client_id {
                return oauth_error(&params, "invalid_grant", "Authorization code expired");
            }
            if params.get("redirect_uri") != Some(pending.redirect_uri.as_str()) {
                return oauth_error(&params, "invalid_grant", "redirect_uri does not match");
            }
            if params.get("code_verifier").map(s256).as_deref()
                != Some(pending.code_challenge.as_str())
            {
                return oauth_error(&params, "invalid_grant", "Invalid PKCE code_verifier");
            }
            (pending.username, pending.admin)
        }
        Some("refresh_token") => {
            let state = ctx.lock();
            let grant = params
                .get("refresh_token")
                .and_then(|t| state.refresh_tokens.get(t));
            match grant {
                Some(g) if g.expires > now && g.client_id == ctx.oauth.client_id => {
                    (g.username.clone(), g.admin)
                }
                _ => return oauth_error(&params, "invalid_grant", "Invalid refresh_token"),
            }
        }
        _ => {
            return oauth_error(
                &params,
                "unsupported_grant_type",
                "Use authorization_code or refresh_token",
            )
        }
    };
    let (access_token, _) = ctx.issue_token(&username, admin, ACCESS_TOKEN_SECONDS / 60, None);
    let mut body = json!({"access_token": access_token, "expires_in": ACCESS_TOKEN_SECONDS, "username": username, "ssl": false});
    if params.get("grant_type") == Some("authorization_code") {
        let refresh_token = random_token();
        let grant = RefreshGrant {
            username,
            admin,
            client_id: ctx.oauth.client_id.clone(),
            expires: now + REFRESH_TOKEN_SECONDS * 1000,
        };
        ctx.lock()
            .refresh_tokens
            .insert(refresh_token.clone(), grant);
        body["refresh_token"] = json!(refresh_token);
        body["refresh_token_expires_in"] = json!(REFRESH_TOKEN_SECONDS);
    }
    answer::ok(&params, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
