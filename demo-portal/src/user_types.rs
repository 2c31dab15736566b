//! `portals/self/userLicenseTypes`: the user types the organization is licensed for, with their seats — the
//! documented fields only (`id`, `name`, `maxUsers`), names as the portal's release calls them — and
//! `updateUserLicenseType`, which changes members' types within those seats.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};

use crate::answer;
use crate::context::{version_at_least, Context};
use crate::members::PRO;
use crate::params::Params;
use crate::roles;
use crate::sample::Member;
use crate::sharing::{page_of, paged, posted_by_admin, SHARING};

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

/// The most members `updateUserLicenseType` takes in one request (API.md: not documented; ≤ 25 is safe).
const MAX_TYPE_BATCH: usize = 25;

/// Whether a member of `user_type` may hold an app's license: the types that include ArcGIS Pro hold every app
/// and extension; the others none (API.md names Pro only; the stricter choice for the rest).
pub fn can_hold(user_type: &str, _app_id: &str) -> bool {
    includes_pro(user_type)
}

fn includes_pro(user_type: &str) -> bool {
    matches!(
        user_type,
        "creatorUT" | "GISProfessionalBasicUT" | "GISProfessionalStdUT" | "GISProfessionalAdvUT"
    )
}

/// Seats the license owns of a user type, and its id as the license spells it.
fn seats_of(license: &Value, id: &str) -> Option<(&'static str, u64)> {
    const KNOWN: [&str; 7] = [
        "creatorUT",
        "viewerUT",
        "editorUT",
        "fieldWorkerUT",
        "GISProfessionalBasicUT",
        "GISProfessionalStdUT",
        "GISProfessionalAdvUT",
    ];
    let entry = license["userTypes"]
        .as_array()?
        .iter()
        .find(|t| t["id"] == id)?;
    let id = KNOWN.into_iter().find(|k| *k == id)?;
    Some((id, entry["maximumRegisteredMembers"].as_u64().unwrap_or(0)))
}

/// Members of each user type now: what the license's `userTypes[].currentRegisteredMembers` reports.
pub fn registered(members: &[Member], user_type: &str) -> u64 {
    members.iter().filter(|m| m.user_type == user_type).count() as u64
}

/// Why `member` cannot become `user_type`, if they cannot.
fn refusal(member: &Member, user_type: &str, name: &str) -> Option<String> {
    if member.offline.contains(&PRO.app_id) && member.user_type != user_type {
        return Some(format!(
            "User '{}' has ArcGIS Pro checked out for disconnected use.",
            member.username
        ));
    }
    let barred: Vec<&str> = member
        .holds
        .iter()
        .filter(|(app, _)| !member.through_bundle(app) && !can_hold(user_type, app))
        .map(|(app, _)| *app)
        .collect();
    if !barred.is_empty() {
        return Some(format!(
            "User '{}' has licenses the user type '{name}' cannot hold: {}.",
            member.username,
            barred.join(", ")
        ));
    }
    roles::misfit(user_type, roles::role_of(member))
}

/// `portals/self/updateUserLicenseType`: `users` a JSON array (≤ 25), a result per member; a member is refused
/// when the type has no seat left, their role or add-on licenses do not fit it, or their Pro is checked out.
pub async fn update_user_license_type(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if let Err(response) = posted_by_admin(&ctx, &params) {
        return response;
    }
    let users: Option<Vec<String>> = params
        .get("users")
        .and_then(|text| serde_json::from_str(text).ok());
    let Some(users) = users.filter(|u| (1..=MAX_TYPE_BATCH).contains(&u.len())) else {
        let message = format!("'users' must be a JSON array of 1 to {MAX_TYPE_BATCH} usernames.");
        return answer::error(&params, SHARING, 400, &[&message]);
    };
    let wanted = params.get("userLicenseType").unwrap_or_default();
    let mut state = ctx.lock();
    let Some((user_type, seats)) = seats_of(&state.license, wanted) else {
        let message = format!("Invalid user license type '{wanted}'.");
        return answer::error(&params, SHARING, 400, &[&message]);
    };
    let type_name = name(user_type, &ctx.version);
    let mut results = Vec::new();
    for username in users {
        let taken = registered(&state.members, user_type);
        let Some(member) = state.member_mut(&username) else {
            let message = format!("User '{username}' does not exist.");
            results.push(
                json!({"username": username, "status": false, "error": {"message": message}}),
            );
            continue;
        };
        let why = refusal(member, user_type, &type_name).or_else(|| {
            (member.user_type != user_type && taken >= seats)
                .then(|| format!("No '{type_name}' user type licenses are available."))
        });
        match why {
            Some(message) => results.push(
                json!({"username": member.username, "status": false, "error": {"message": message}}),
            ),
            None => {
                member.user_type = user_type;
                results.push(json!({"username": member.username, "status": true}));
            }
        }
    }
    answer::ok(&params, json!({ "results": results }))
}
