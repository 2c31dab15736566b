//! Roles and what each user type allows (API.md, "User types"): the three built-in roles, Viewer and Data Editor
//! (role ids the API names) and one custom role, each with its privileges; `portals/self/roles` and
//! `updateUserRole`. A role fits a user type when every privilege it grants is one the type allows; where API.md
//! says no more, the stricter choice is taken.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};

use crate::answer;
use crate::context::Context;
use crate::params::Params;
use crate::sample::Member;
use crate::sharing::{page_of, paged, posted_by_admin, SHARING};

pub const VIEWER: &str = "iAAAAAAAAAAAAAAA";
pub const DATA_EDITOR: &str = "iBBBBBBBBBBBBBBB";
/// A custom role: creates and shares items, publishes nothing.
pub const FIELD_ANALYST: &str = "x7Qm2FieldAnlyst";

const VIEW: [&str; 4] = [
    "portal:user:joinGroup",
    "portal:user:viewOrgGroups",
    "portal:user:viewOrgItems",
    "portal:user:viewOrgUsers",
];
const EDIT: [&str; 1] = ["features:user:edit"];
const CREATE: [&str; 4] = [
    "portal:user:createGroup",
    "portal:user:createItem",
    "portal:user:shareToGroup",
    "portal:user:shareToOrg",
];
const PUBLISH: [&str; 2] = [
    "portal:publisher:publishFeatures",
    "portal:publisher:publishTiles",
];
const ADMINISTER: [&str; 3] = [
    "portal:admin:manageLicenses",
    "portal:admin:updateUsers",
    "portal:admin:viewUsers",
];

/// A role: its id (a built-in's name, or a role id), name and the privilege groups it grants.
struct Role {
    id: &'static str,
    name: &'static str,
    /// Built-in roles are not listed by `portals/self/roles`; their id is the member's `role` itself.
    built_in: bool,
    grants: &'static [&'static [&'static str]],
}

const ROLES: [Role; 6] = [
    Role {
        id: "org_admin",
        name: "Administrator",
        built_in: true,
        grants: &[&VIEW, &EDIT, &CREATE, &PUBLISH, &ADMINISTER],
    },
    Role {
        id: "org_publisher",
        name: "Publisher",
        built_in: true,
        grants: &[&VIEW, &EDIT, &CREATE, &PUBLISH],
    },
    Role {
        id: "org_user",
        name: "User",
        built_in: true,
        grants: &[&VIEW, &EDIT, &CREATE],
    },
    Role {
        id: VIEWER,
        name: "Viewer",
        built_in: false,
        grants: &[&VIEW],
    },
    Role {
        id: DATA_EDITOR,
        name: "Data Editor",
        built_in: false,
        grants: &[&VIEW, &EDIT],
    },
    Role {
        id: FIELD_ANALYST,
        name: "Field Analyst",
        built_in: false,
        grants: &[
            &VIEW,
            &EDIT,
            &["portal:user:createItem", "portal:user:shareToGroup"],
        ],
    },
];

fn role(id: &str) -> Option<&'static Role> {
    ROLES.iter().find(|r| r.id == id)
}

fn privileges(role: &Role) -> impl Iterator<Item = &'static str> + '_ {
    role.grants.iter().flat_map(|group| group.iter().copied())
}

/// Whether a user type allows a privilege: a Viewer views only; Contributor and Mobile Worker neither publish nor
/// administer; the types that include ArcGIS Pro allow every privilege. A type the demo does not know allows only
/// viewing (the Viewer role fits every type).
fn allows(user_type: &str, privilege: &str) -> bool {
    match user_type {
        "creatorUT"
        | "GISProfessionalBasicUT"
        | "GISProfessionalStdUT"
        | "GISProfessionalAdvUT" => true,
        "editorUT" | "fieldWorkerUT" => {
            !privilege.starts_with("portal:publisher:") && !privilege.starts_with("portal:admin:")
        }
        _ => VIEW.contains(&privilege),
    }
}

/// The member's role: a role id where they have one, else their base role.
pub fn role_of(member: &Member) -> &'static str {
    member.role_id.unwrap_or(member.role)
}

/// Why `user_type` cannot be held with the role `role_id`, if it cannot.
pub fn misfit(user_type: &str, role_id: &str) -> Option<String> {
    let role = role(role_id)?;
    privileges(role).find(|p| !allows(user_type, p)).map(|p| {
        format!(
            "The role '{}' has privileges the user type does not allow ({p}).",
            role.name
        )
    })
}

/// `portals/self/roles`: the roles that are not built in, paged, with their privileges when asked.
pub async fn roles(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if let Err(response) = ctx.authorize(&params, SHARING, true) {
        return response;
    }
    let with_privileges = params.get("returnPrivileges") == Some("true");
    let all: Vec<Value> = ROLES
        .iter()
        .filter(|r| !r.built_in)
        .map(|r| {
            let mut entry = json!({"id": r.id, "name": r.name, "description": ""});
            if with_privileges {
                entry["privileges"] = json!(privileges(r).collect::<Vec<_>>());
            }
            entry
        })
        .collect();
    let (start, num) = page_of(&params);
    let (page, next_start) = paged(&all, start, num);
    answer::ok(
        &params,
        json!({"roles": page, "total": all.len(), "start": start, "num": num, "nextStart": next_start}),
    )
}

/// `portals/self/updateUserRole`: one member's role, refused when their user type does not allow it.
pub async fn update_user_role(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if let Err(response) = posted_by_admin(&ctx, &params) {
        return response;
    }
    let (Some(username), Some(role_id)) = (params.get("user"), params.get("role")) else {
        return answer::error(
            &params,
            SHARING,
            400,
            &["'user' and 'role' must be specified."],
        );
    };
    let Some(role) = role(role_id) else {
        return answer::error(
            &params,
            SHARING,
            400,
            &[&format!("Invalid role '{role_id}'.")],
        );
    };
    let mut state = ctx.lock();
    let Some(member) = state.member_mut(username) else {
        return answer::error(
            &params,
            SHARING,
            400,
            &[&format!("User '{username}' does not exist.")],
        );
    };
    if let Some(why) = misfit(member.user_type, role.id) {
        return answer::error(&params, SHARING, 400, &[&why]);
    }
    (member.role, member.role_id) = if role.built_in {
        (role.id, None)
    } else {
        ("org_user", Some(role.id))
    };
    answer::ok(
        &params,
        json!({"success": true, "username": member.username}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_fit_the_types_that_allow_all_they_grant() {
        assert_eq!(misfit("viewerUT", VIEWER), None);
        assert!(misfit("viewerUT", DATA_EDITOR).is_some());
        assert!(misfit("viewerUT", "org_user").is_some());
        assert!(misfit("editorUT", "org_publisher").is_some());
        assert_eq!(misfit("editorUT", FIELD_ANALYST), None);
        assert_eq!(misfit("creatorUT", "org_admin"), None);
        assert!(
            misfit("someNewUT", DATA_EDITOR).is_some(),
            "unknown types allow viewing only"
        );
    }
}
