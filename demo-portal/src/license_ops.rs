//! Operations on the organization license of 10.7+ portals, Kubernetes and classic alike: validate and import a
//! license file, the license manager, future licenses, and the geodatabase license export.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::admin::{admin_user, post_only, uploaded, ADMIN};
use crate::answer;
use crate::context::{version_at_least, Context, Flavour};
use crate::license_file::{self, PROVISION_KINDS};
use crate::params::Params;

fn read_uploaded_license(params: &Params) -> Result<Value, Response> {
    let upload = uploaded(params, "file", &[".json", ".lic", ".ecp"])?;
    license_file::read_license(&upload.bytes)
        .map_err(|message| answer::error(params, ADMIN, 400, &[message]))
}

/// What a license file would provision, without changing anything.
pub async fn validate_license(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    if let Some(response) = post_only(&params) {
        return response;
    }
    match read_uploaded_license(&params) {
        Ok(my_esri) if params.get("listAdministratorUserTypes") == Some("true") => {
            answer::ok(&params, license_file::administrator_user_types(&my_esri))
        }
        Ok(my_esri) => answer::ok(&params, json!({ "MyEsri": my_esri })),
        Err(response) => response,
    }
}

/// Replaces the organization's user-type and add-on licenses with the file's; items that start later go to the
/// future licenses.
pub async fn import_license(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    if let Some(response) = post_only(&params) {
        return response;
    }
    let my_esri = match read_uploaded_license(&params) {
        Ok(my_esri) => my_esri,
        Err(response) => return response,
    };
    let now = ctx.now_ms();
    let mut state = ctx.lock();
    for kind in PROVISION_KINDS {
        let items = my_esri["provision"][kind]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let (later, current): (Vec<Value>, Vec<Value>) = items
            .into_iter()
            .partition(|item| item["startDate"].as_i64().is_some_and(|start| start > now));
        let previous = state.license[kind].as_array().cloned().unwrap_or_default();
        let replaced: Vec<Value> = current
            .iter()
            .map(|item| {
                let mut entry = license_file::licensed_item(item);
                entry.as_object_mut().map(|o| o.remove("startDate"));
                let kept = previous.iter().find(|p| p["id"] == item["id"]);
                if let Some(count) = kept.and_then(|p| p.get("currentRegisteredMembers")) {
                    entry["currentRegisteredMembers"] = count.clone();
                } else if kind == "userTypes" {
                    entry["currentRegisteredMembers"] = json!(0);
                }
                if let Some(item_id) = kept.and_then(|p| p.get("itemId")) {
                    entry["itemId"] = item_id.clone();
                }
                entry
            })
            .collect();
        if !current.is_empty() {
            state.license[kind] = Value::Array(replaced);
        }
        state.future_license[kind] =
            Value::Array(later.iter().map(license_file::licensed_item).collect());
    }
    drop(state);
    answer::success(&params)
}

/// `licenseManagerInfo` is JSON text: `{"hostname":"lm1.example.com,lm2.example.com","port":27000}`.
pub async fn update_license_manager(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    if let Some(response) = post_only(&params) {
        return response;
    }
    let refuse = |message: &str| answer::error(&params, ADMIN, 400, &[message]);
    let Some(text) = params.get("licenseManagerInfo") else {
        return refuse("'licenseManagerInfo' must be specified.");
    };
    let Ok(info) = serde_json::from_str::<Value>(text) else {
        return refuse("'licenseManagerInfo' is not valid JSON.");
    };
    let hostname = info["hostname"]
        .as_str()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let hosts_ok = !hostname.is_empty()
        && hostname.split(',').count() <= 2
        && hostname.split(',').map(str::trim).all(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        });
    if !hosts_ok {
        return refuse("'hostname' must name the license manager, and at most one backup, separated by a comma.");
    }
    let Some(port) = info["port"].as_u64().filter(|p| (1..=65_535).contains(p)) else {
        return refuse("'port' must be a number from 1 to 65535.");
    };
    ctx.lock().license["licenseManagerInfo"] = json!({ "hostname": hostname, "port": port });
    answer::ok(
        &params,
        json!({"status": "success", "recheckAfterSeconds": 20}),
    )
}

/// Classic 10.7.1+: licenses that start later.
pub async fn get_future_license(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    if !version_at_least(&ctx.version, &[10, 7, 1]) {
        return answer::error(
            &params,
            ADMIN,
            404,
            &["Could not find resource or operation 'getFutureLicense'."],
        );
    }
    let future = ctx.lock().future_license.clone();
    answer::ok(&params, future)
}

/// 12.1+: whether the license file was issued for this portal's URL; earlier versions have no such operation.
pub async fn validate_url(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    if !version_at_least(&ctx.version, &[12, 1]) {
        return answer::error(
            &params,
            ADMIN,
            404,
            &["Could not find resource or operation 'validateURL'."],
        );
    }
    if let Some(response) = post_only(&params) {
        return response;
    }
    let issued_for = ctx.lock().license_issued_for.clone();
    match issued_for {
        None => answer::success(&params),
        Some(other) => {
            let message = format!(
                "The license file was issued for {other}, which does not match this portal's URL."
            );
            answer::error(&params, ADMIN, 400, &[&message])
        }
    }
}

/// Classic: re-reads the license from the portal's license file.
pub async fn populate_license(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    admin_user!(ctx, params);
    if let Some(response) = post_only(&params) {
        return response;
    }
    answer::success(&params)
}

/// Kubernetes 11.0+: the geodatabase license as a file download, not JSON.
pub async fn export_geodatabase_license(
    State(ctx): State<Arc<Context>>,
    params: Params,
) -> Response {
    admin_user!(ctx, params);
    if ctx.flavour != Flavour::Kubernetes || !version_at_least(&ctx.version, &[11, 0]) {
        return answer::error(
            &params,
            ADMIN,
            404,
            &["Could not find resource or operation 'exportGeodatabaseLicense'."],
        );
    }
    let data_feature = ctx.lock().server_licenses["datafeature"].clone();
    let body = format!(
        "ArcGIS Enterprise geodatabase license\necpCode={}\nfeature={}\nexpiration={}\n",
        data_feature["ecpCode"].as_str().unwrap_or_default(),
        data_feature["name"].as_str().unwrap_or_default(),
        data_feature["expiration"].as_i64().unwrap_or_default(),
    );
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"geodatabaseLicense.ecp\"",
            ),
        ],
        body,
    )
        .into_response()
}
