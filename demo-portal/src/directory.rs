//! The member list: the user search (by username prefix, from either end, or an app bundle's members), the
//! documented ways to split it below the 10,000-result window (`portals/self/users` with its `userLicenseType` and
//! `role` filters, `portals/self/users/counts`), the organization's app bundles, and an app's offline policy
//! (`setDisconnectSettings`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};

use crate::answer;
use crate::context::Context;
use crate::members::{APPS, BUNDLES};
use crate::params::Params;
use crate::sample::{Member, ORG_ID};
use crate::sharing::{page_of, paged, posted_by_admin, SHARING};

fn record(m: &Member) -> Value {
    let mut record = json!({"username": m.username, "fullName": m.full_name,
        "userLicenseTypeId": m.user_type, "role": m.role, "lastLogin": m.last_login, "orgId": ORG_ID});
    if let Some(role_id) = m.role_id {
        record["roleId"] = json!(role_id);
    }
    record
}

/// `portals/self/users/search`: members by username order (`sortOrder=desc` from the other end), paged within
/// the result window. `q` may be empty, `*`, `username:<prefix>*` (what a console splits a large organization
/// by) or `appbundle:<itemId>` (an app bundle's members).
pub async fn search_users(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if let Err(response) = ctx.authorize(&params, SHARING, true) {
        return response;
    }
    let q = params.get("q").unwrap_or_default().trim().to_owned();
    let bundle = q.strip_prefix("appbundle:").map(str::to_owned);
    let prefix = match q.as_str() {
        "" | "*" => Some(String::new()),
        _ if bundle.is_some() => Some(String::new()),
        _ => q
            .strip_prefix("username:")
            .and_then(|p| p.strip_suffix('*'))
            .map(str::to_lowercase),
    };
    let Some(prefix) = prefix else {
        return answer::error(&params, SHARING, 400, &["Unsupported query."]);
    };
    let (start, num) = page_of(&params);
    let descending = !ctx.quirks.ignore_sort_order
        && params
            .get("sortOrder")
            .is_some_and(|o| o.eq_ignore_ascii_case("desc"));
    let state = ctx.lock();
    // Members are kept in username order (Context::new).
    let mut all: Vec<&Member> = state
        .members
        .iter()
        .filter(|m| {
            m.username
                .as_bytes()
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
                && bundle
                    .as_ref()
                    .is_none_or(|id| m.bundles.iter().any(|b| b == id))
        })
        .collect();
    if descending {
        all.reverse();
    }
    let (page, next_start) = paged(&all, start, num);
    let results: Vec<Value> = page.iter().map(|m| record(m)).collect();
    answer::ok(
        &params,
        json!({"results": results, "total": all.len(), "start": start, "num": num, "nextStart": next_start}),
    )
}

/// `portals/self/users`: members in username order, filtered by `userLicenseType` and `role` where given, paged
/// within the result window like every listing.
pub async fn users(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if let Err(response) = ctx.authorize(&params, SHARING, true) {
        return response;
    }
    let (start, num) = page_of(&params);
    let user_type = params.get("userLicenseType").filter(|t| !t.is_empty());
    let role = params.get("role").filter(|r| !r.is_empty());
    let state = ctx.lock();
    let all: Vec<&Member> = state
        .members
        .iter()
        .filter(|m| user_type.is_none_or(|t| t == m.user_type) && role.is_none_or(|r| r == m.role))
        .collect();
    let (page, next_start) = paged(&all, start, num);
    let users: Vec<Value> = page.iter().map(|m| record(m)).collect();
    answer::ok(
        &params,
        json!({"users": users, "total": all.len(), "start": start, "num": num, "nextStart": next_start}),
    )
}

/// `portals/self/users/counts?type=userLicenseType|role`: members per key, without reading them.
pub async fn counts(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if let Err(response) = ctx.authorize(&params, SHARING, true) {
        return response;
    }
    let key_of: fn(&Member) -> &str = match params.get("type") {
        Some("userLicenseType") => |m| m.user_type,
        Some("role") => |m| m.role,
        _ => return answer::error(&params, SHARING, 400, &["Invalid type."]),
    };
    let state = ctx.lock();
    let mut counts: Vec<(&str, u64)> = Vec::new();
    for member in &state.members {
        let key = key_of(member);
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    let results: Vec<Value> = counts
        .into_iter()
        .map(|(key, count)| json!({"key": key, "count": count}))
        .collect();
    answer::ok(&params, json!({ "results": results }))
}

/// `portals/self/appBundles`: the organization's app bundles, paged.
pub async fn app_bundles(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if let Err(response) = ctx.authorize(&params, SHARING, false) {
        return response;
    }
    let (start, num) = page_of(&params);
    let all: Vec<Value> = BUNDLES
        .iter()
        .map(|(bundle, _)| json!({"itemId": bundle.item_id, "name": bundle.title}))
        .collect();
    let (page, next_start) = paged(&all, start, num);
    answer::ok(
        &params,
        json!({"appBundles": page, "total": all.len(), "start": start, "num": num, "nextStart": next_start}),
    )
}

/// `content/listings/<itemId>/setDisconnectSettings`: whether members may take the app offline. Only the
/// documented duration (-1, no limit) is taken.
pub async fn set_disconnect_settings(
    State(ctx): State<Arc<Context>>,
    Path(item_id): Path<String>,
    params: Params,
) -> Response {
    if let Err(response) = posted_by_admin(&ctx, &params) {
        return response;
    }
    let Some(app) = APPS.iter().find(|app| app.item_id == item_id) else {
        return answer::error(
            &params,
            SHARING,
            400,
            &["Item does not exist or is inaccessible."],
        );
    };
    let allowed = match params.get("canDisconnect") {
        Some("true") => true,
        Some("false") => false,
        _ => return answer::error(&params, SHARING, 400, &["Invalid canDisconnect."]),
    };
    if params
        .get("maxDisconnectDuration")
        .is_some_and(|d| d != "-1")
    {
        return answer::error(&params, SHARING, 400, &["Invalid maxDisconnectDuration."]);
    }
    let mut state = ctx.lock();
    state.offline_forbidden.retain(|id| *id != app.app_id);
    if !allowed {
        state.offline_forbidden.push(app.app_id);
    }
    answer::ok(&params, json!({"success": true}))
}
