//! The admin APIs: Kubernetes `admin/...` and classic `portaladmin/...`. Both answer errors as
//! `{"status":"error","messages":[...],"code":N}`.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use serde_json::{json, Value};

use crate::answer::{self, Family};
use crate::authorization_file;
use crate::context::{Context, Flavour};
use crate::params::{Params, MAX_FILE_BYTES};
use crate::sample::ORG_ID;

const ADMIN: Family = Family::Admin;

/// Signs the request in as an administrator, or answers with the portal's error.
macro_rules! admin_user {
    ($ctx:expr, $params:expr) => {
        match $ctx.authorize(&$params, ADMIN, true) {
            Ok(user) => user,
            Err(response) => return *response,
        }
    };
}

fn post_only(params: &Params) -> Option<Response> {
    (params.method != Method::POST).then(|| {
        answer::error(
            params,
            ADMIN,
            405,
            &["This operation is only supported via POST."],
        )
    })
}

fn unknown_org(params: &Params, org: &str) -> Option<Response> {
    (org != ORG_ID).then(|| {
        answer::error(
            params,
            ADMIN,
            404,
            &[&format!("Organization '{org}' does not exist.")],
        )
    })
}

/// Whether a dotted version string is at least `major.minor`.
fn version_at_least(version: &str, major: u32, minor: u32) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) >= (major, minor)
}

pub async fn orgs(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    answer::ok(&params, json!({"organizations": [ORG_ID]}))
}

/// Classic `portaladmin`: version and licensing flags.
pub async fn portaladmin_root(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    let user_types = version_at_least(&ctx.version, 10, 7);
    answer::ok(
        &params,
        json!({
            "resources": ["security", "system", "license", "logs", "machines"],
            "version": ctx.version,
            "isUserTypeLicensing": user_types,
            "isLicenseFileRequired": user_types,
        }),
    )
}

fn license_json(ctx: &Context) -> Value {
    let state = ctx.lock();
    let mut license = state.license.clone();
    license["version"] = json!(ctx.version);
    if ctx.flavour == Flavour::Kubernetes {
        license["capabilities"] = state.server_licenses.clone();
    }
    license
}

pub async fn org_license(
    State(ctx): State<Arc<Context>>,
    Path(org): Path<String>,
    params: Params,
) -> Response {
    admin_user!(ctx, params);
    if let Some(response) = unknown_org(&params, &org) {
        return response;
    }
    answer::ok(&params, license_json(&ctx))
}

pub async fn classic_license(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    answer::ok(&params, license_json(&ctx))
}

pub async fn org_release_license(
    State(ctx): State<Arc<Context>>,
    Path(org): Path<String>,
    params: Params,
) -> Response {
    if let Some(response) = unknown_org(&params, &org) {
        return response;
    }
    release_license(State(ctx), params).await
}

/// Checks in a license a member checked out for offline use; fails when none is checked out.
pub async fn release_license(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    if let Some(response) = post_only(&params) {
        return response;
    }
    let (Some(username), Some(app_id)) = (params.get("username"), params.get("appId")) else {
        return answer::error(
            &params,
            ADMIN,
            400,
            &["'username' and 'appId' must be specified."],
        );
    };
    let mut supported = vec!["arcgisprodesktop", "drone2map"];
    if version_at_least(&ctx.version, 11, 5) {
        supported.push("arcgisallsource");
    }
    if !supported.contains(&app_id) {
        return answer::error(
            &params,
            ADMIN,
            400,
            &[&format!(
                "Invalid appId '{app_id}'. Supported values: {}.",
                supported.join(", ")
            )],
        );
    }
    let mut state = ctx.lock();
    let Some(member) = state
        .members
        .iter_mut()
        .find(|m| m.username.eq_ignore_ascii_case(username))
    else {
        return answer::error(
            &params,
            ADMIN,
            404,
            &[&format!("User '{username}' does not exist.")],
        );
    };
    let Some(position) = member.offline.iter().position(|held| *held == app_id) else {
        return answer::error(
            &params,
            ADMIN,
            400,
            &[&format!("User '{username}' does not have a license for '{app_id}' checked out for disconnected use.")],
        );
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

/// Seed 002: appends the file's authorizations, or replaces them all with `overwrite=true`. Any problem with
/// the upload leaves the current authorizations untouched.
pub async fn import_server_licenses(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    if let Some(response) = post_only(&params) {
        return response;
    }
    let refuse = |message: &str| answer::error(&params, ADMIN, 400, &[message]);
    if params.malformed_body {
        return refuse("The request body could not be read.");
    }
    if let Some(name) = &params.oversized_file {
        return refuse(&format!(
            "The file '{name}' is larger than the {} KB limit.",
            MAX_FILE_BYTES / 1024
        ));
    }
    let Some(upload) = params.file("licenseFile") else {
        return refuse("'licenseFile' must be specified.");
    };
    let lower = upload.file_name.to_ascii_lowercase();
    if !authorization_file::EXTENSIONS
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return refuse(&format!(
            "'{}' is not an ArcGIS Server authorization file (.epc or .prvc).",
            upload.file_name
        ));
    }
    let overwrite = match params.get("overwrite") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return refuse(&format!(
                "Invalid value '{other}' for 'overwrite': use true or false."
            ))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(version_at_least("11.5", 11, 5));
        assert!(version_at_least("12.0.1", 11, 5));
        assert!(!version_at_least("11.4", 11, 5));
        assert!(!version_at_least("10.10", 11, 0));
        assert!(version_at_least("10.10", 10, 7));
    }
}
