//! `portals/self/userLicenseTypes`: the user types the organization is licensed for, with their seats — the
//! documented fields only (`id`, `name`, `maxUsers`), names as the portal's release calls them.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};

use crate::answer;
use crate::context::{version_at_least, Context};
use crate::params::Params;
use crate::sharing::{page_of, paged, SHARING};

/// A user type's name on this release: 11.4 renamed several (API.md, "Version notes").
fn name(id: &str, version: &str) -> String {
    let renamed = version_at_least(version, &[11, 4]);
    let name = match id {
        "creatorUT" => "Creator",
        "viewerUT" => "Viewer",
        "editorUT" if renamed => "Contributor",
        "editorUT" => "Editor",
        "fieldWorkerUT" if renamed => "Mobile Worker",
        "fieldWorkerUT" => "Field Worker",
        "GISProfessionalStdUT" if renamed => "Professional",
        "GISProfessionalStdUT" => "GIS Professional Standard",
        "GISProfessionalAdvUT" if renamed => "Professional Plus",
        "GISProfessionalAdvUT" => "GIS Professional Advanced",
        other => other,
    };
    name.to_owned()
}

pub async fn user_license_types(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if let Err(response) = ctx.authorize(&params, SHARING, false) {
        return response;
    }
    let (start, num) = page_of(&params);
    let state = ctx.lock();
    let all: Vec<Value> = state.license["userTypes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| {
            let id = t["id"].as_str()?;
            Some(json!({"id": id, "name": name(id, &ctx.version),
                "maxUsers": t["maximumRegisteredMembers"].as_u64().unwrap_or(0)}))
        })
        .collect();
    let (page, next_start) = paged(&all, start, num);
    answer::ok(
        &params,
        json!({"userLicenseTypes": page, "total": all.len(), "start": start, "num": num, "nextStart": next_start}),
    )
}
