//! The admin APIs shared by both flavours: Kubernetes `admin/...` and classic `portaladmin/...`. Both answer
//! errors as `{"status":"error","messages":[...],"code":N}`.

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::answer::{self, Family};
use crate::authorization_file;
use crate::context::{version_at_least, Context, Flavour};
use crate::params::{Params, Upload, MAX_FILE_BYTES};
use crate::sample::ORG_ID;

pub const ADMIN: Family = Family::Admin;

/// Signs the request in as an administrator, or answers with the portal's error.
macro_rules! admin_user {
    ($ctx:expr, $params:expr) => {
        match $ctx.authorize(&$params, crate::admin::ADMIN, true) {
            Ok(user) => user,
            Err(response) => return response,
        }
    };
}
pub(crate) use admin_user;

pub fn post_only(params: &Params) -> Option<Response> {
    (params.method != Method::POST).then(|| {
        answer::error(
            params,
            ADMIN,
            405,
            &["This operation is only supported via POST."],
        )
    })
}

/// The uploaded file in `field`, checked as a portal checks uploads; nothing is changed when this refuses.
pub fn uploaded<'a>(
    params: &'a Params,
    field: &str,
    extensions: &[&str],
) -> Result<&'a Upload, Response> {
    let refuse = |message: &str| answer::error(params, ADMIN, 400, &[message]);
    if params.malformed_body {
        return Err(refuse("The request body could not be read."));
    }
    if let Some(name) = &params.oversized_file {
        return Err(refuse(&format!(
            "The file '{name}' is larger than the {} KB limit.",
            MAX_FILE_BYTES / 1024
        )));
    }
    let upload = params
        .file(field)
        .ok_or_else(|| refuse(&format!("'{field}' must be specified.")))?;
    let lower = upload.file_name.to_ascii_lowercase();
    if !extensions.iter().any(|ext| lower.ends_with(ext)) {
        return Err(refuse(&format!(
            "'{}' is not a {} file.",
            upload.file_name,
            extensions.join(" or ")
        )));
    }
    if upload.bytes.is_empty() {
        return Err(refuse(&format!(
            "The file '{}' is empty.",
            upload.file_name
        )));
    }
    Ok(upload)
}

/// Kubernetes: `admin/orgs/<id>/...` answers only for the one organization.
pub async fn known_org(
    Path(params): Path<Vec<(String, String)>>,
    request: Request,
    next: Next,
) -> Response {
    match params.iter().find(|(name, _)| name == "org") {
        Some((_, org)) if org != ORG_ID => (
            [(header::CONTENT_TYPE, "application/json")],
            answer::error_body(
                ADMIN,
                404,
                &[&format!("Organization '{org}' does not exist.")],
            )
            .to_string(),
        )
            .into_response(),
        _ => next.run(request).await,
    }
}

/// An admin resource this portal's version does not have.
pub async fn not_on_this_version(params: Params) -> Response {
    answer::error(
        &params,
        ADMIN,
        404,
        &["Could not find resource or operation on this version of the portal."],
    )
}

pub async fn orgs(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    answer::ok(&params, json!({"organizations": [ORG_ID]}))
}

/// Classic `portaladmin`: version and licensing flags.
pub async fn portaladmin_root(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    let user_types = !ctx.is_legacy();
    answer::ok(
        &params,
        json!({
            "resources": ["security", "system", if user_types { "license" } else { "system/licenses" }, "logs", "machines"],
            "version": ctx.version,
            "isUserTypeLicensing": user_types,
            "isLicenseFileRequired": user_types,
        }),
    )
}

/// The license resource, Kubernetes (with the server `capabilities`) or classic 10.7+ (without them).
pub async fn license(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    let mut license = {
        let state = ctx.lock();
        let mut license = state.license.clone();
        // Seats taken follow every change of a member's user type.
        for user_type in license["userTypes"].as_array_mut().into_iter().flatten() {
            let id = user_type["id"].as_str().unwrap_or_default().to_owned();
            user_type["currentRegisteredMembers"] =
                json!(crate::user_types::registered(&state.members, &id));
        }
        license
    };
    license["version"] = json!(ctx.version);
    if ctx.flavour == Flavour::Classic {
        license.as_object_mut().map(|o| o.remove("capabilities"));
    }
    answer::ok(&params, license)
}

/// The app ids whose offline licenses this version can release.
fn releasable_apps(ctx: &Context) -> Vec<&'static str> {
    let mut apps = vec!["arcgisprodesktop", "drone2map"];
    if version_at_least(&ctx.version, &[11, 5]) {
        apps.push("arcgisallsource");
    }
    apps
}

/// Checks in a license a member checked out for offline use; fails when none is checked out. The legacy
/// resource takes only the username and releases ArcGIS Pro.
pub async fn release_license(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    if let Some(response) = post_only(&params) {
        return response;
    }
    let Some(username) = params.get("username") else {
        return answer::error(&params, ADMIN, 400, &["'username' must be specified."]);
    };
    let app_id = if ctx.is_legacy() {
        "arcgisprodesktop"
    } else {
        let Some(app_id) = params.get("appId") else {
            return answer::error(&params, ADMIN, 400, &["'appId' must be specified."]);
        };
        let supported = releasable_apps(&ctx);
        let Some(app_id) = supported.iter().copied().find(|a| *a == app_id) else {
            let message = format!(
                "Invalid appId '{app_id}'. Supported values: {}.",
                supported.join(", ")
            );
            return answer::error(&params, ADMIN, 400, &[&message]);
        };
        app_id
    };
    let mut state = ctx.lock();
    let Some(member) = state.member_mut(username) else {
        return answer::error(
            &params,
            ADMIN,
            404,
            &[&format!("User '{username}' does not exist.")],
        );
    };
    let Some(position) = member.offline.iter().position(|held| *held == app_id) else {
        let message = format!("User '{username}' does not have a license for '{app_id}' checked out for disconnected use.");
        return answer::error(&params, ADMIN, 400, &[&message]);
    };
    member.offline.remove(position);
    drop(state);
    answer::success(&params)
}

pub async fn server_licenses(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    let licenses = ctx.lock().server_licenses.clone();
    answer::ok(&params, licenses)
}

/// `importServerLicenses`: appends the file's authorizations, or replaces them all with `overwrite=true`. Any
/// problem with the upload leaves the current authorizations untouched. The organization license is not changed.
pub async fn import_server_licenses(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    if let Some(response) = post_only(&params) {
        return response;
    }
    let upload = match uploaded(&params, "licenseFile", &authorization_file::EXTENSIONS) {
        Ok(upload) => upload,
        Err(response) => return response,
    };
    let overwrite = match params.get("overwrite") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            let message = format!("Invalid value '{other}' for 'overwrite': use true or false.");
            return answer::error(&params, ADMIN, 400, &[&message]);
        }
    };
    let imported = match authorization_file::read(&upload.bytes) {
        Ok(features) => features,
        Err(message) => return answer::error(&params, ADMIN, 500, &[message]),
    };
    let mut state = ctx.lock();
    let features = state.server_licenses["features"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let kept = if overwrite {
        Vec::new()
    } else {
        let replaced: Vec<&Value> = imported.iter().map(|f| &f["name"]).collect();
        features
            .into_iter()
            .filter(|f| !replaced.contains(&&f["name"]))
            .collect()
    };
    state.server_licenses["features"] = Value::Array(kept.into_iter().chain(imported).collect());
    drop(state);
    answer::success(&params)
}
