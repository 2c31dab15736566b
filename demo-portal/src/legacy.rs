//! Portal for ArcGIS 10.6.1 and earlier: `portaladmin/system/licenses` (seed 004) and its entitlement queues
//! (seed 003).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};

use crate::admin::{admin_user, post_only, uploaded, ADMIN};
use crate::answer;
use crate::context::Context;
use crate::license_file;
use crate::params::Params;
use crate::sample::LISTINGS;

pub async fn licenses(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    let license = ctx.lock().legacy_license.clone();
    answer::ok(&params, license)
}

/// What every entitlement operation checks first, in a portal's order: an administrator, a POST, and a known
/// `appId`, which it answers.
fn app_operation(ctx: &Context, params: &Params) -> Result<String, Response> {
    ctx.authorize(params, ADMIN, true)?;
    if let Some(response) = post_only(params) {
        return Err(response);
    }
    match params.get("appId") {
        None => Err(answer::error(
            params,
            ADMIN,
            400,
            &["'appId' must be specified."],
        )),
        Some(id) if LISTINGS.iter().any(|(_, _, app)| *app == id) => Ok(id.to_owned()),
        Some(id) => Err(answer::error(
            params,
            ADMIN,
            400,
            &[&format!("Invalid appId '{id}'.")],
        )),
    }
}

/// Seed 003: the entitlements queued for an app (POST only); an empty result when nothing is queued.
pub async fn get_entitlements(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    let app = match app_operation(&ctx, &params) {
        Ok(app) => app,
        Err(response) => return response,
    };
    let queue = ctx
        .lock()
        .entitlement_queues
        .get(&app)
        .cloned()
        .unwrap_or_default();
    if queue.is_empty() {
        return answer::ok(&params, json!({}));
    }
    let item_id = LISTINGS
        .iter()
        .find(|(_, _, a)| *a == app)
        .map(|(item, _, _)| *item);
    answer::ok(
        &params,
        json!({"itemId": item_id, "appId": app, "queue": queue}),
    )
}

/// Entitlements that start later join the queue; ones already effective apply at once and are not queued.
pub async fn import_entitlements(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    let app = match app_operation(&ctx, &params) {
        Ok(app) => app,
        Err(response) => return response,
    };
    let upload = match uploaded(&params, "file", &[".json"]) {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    let (start, queued) = match license_file::read_entitlements(&upload.bytes) {
        Ok(read) => read,
        Err(message) => return answer::error(&params, ADMIN, 400, &[message]),
    };
    if start > ctx.now_ms() {
        ctx.lock()
            .entitlement_queues
            .entry(app)
            .or_default()
            .push(queued);
    }
    answer::success(&params)
}

pub async fn remove_all_entitlements(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    let app = match app_operation(&ctx, &params) {
        Ok(app) => app,
        Err(response) => return response,
    };
    ctx.lock()
        .entitlement_queues
        .insert(app, Vec::<Value>::new());
    answer::success(&params)
}
