//! What the console knows of user types and roles (API.md, "User types"): which types include ArcGIS Pro, which
//! way a change goes, and whether a role fits a type. Where the API does not say, the answer is "not known" and
//! the portal's refusal decides.

use crate::portal::{Role, DATA_EDITOR_ROLE, VIEWER_ROLE};

/// How far a role's privileges reach, and how far a user type lets them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    View,
    Edit,
    Create,
    Publish,
    Administer,
}

/// Whether a role fits a user type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    Yes,
    No,
    Unknown,
}

/// How far a type lets a role reach: a Viewer views; Contributor and Mobile Worker create but neither publish nor
/// administer; the types that include ArcGIS Pro allow every role.
pub fn type_reach(user_type: &str) -> Option<Reach> {
    Some(match user_type {
        "viewerUT" => Reach::View,
        "editorUT" | "fieldWorkerUT" => Reach::Create,
        _ if includes_pro(user_type) == Some(true) => Reach::Administer,
        _ => return None,
    })
}

/// How far a role reaches: built-in and named roles by their id, custom roles by their privileges.
pub fn role_reach(role: &Role) -> Option<Reach> {
    match role.id.as_str() {
        VIEWER_ROLE => return Some(Reach::View),
        DATA_EDITOR_ROLE => return Some(Reach::Edit),
        "org_user" => return Some(Reach::Create),
        "org_publisher" => return Some(Reach::Publish),
        "org_admin" => return Some(Reach::Administer),
        _ => {}
    }
    let privileges = role.privileges.as_ref()?;
    let any = |prefix: &str| privileges.iter().any(|p| p.starts_with(prefix));
    Some(if any("portal:admin:") {
        Reach::Administer
    } else if any("portal:publisher:") {
        Reach::Publish
    } else if any("portal:user:create") || any("portal:user:share") {
        Reach::Create
    } else if any("features:user:edit") {
        Reach::Edit
    } else {
        Reach::View
    })
}

/// Whether `role` fits `user_type`; the Viewer role fits every type.
pub fn fits(role: &Role, user_type: &str) -> Fit {
    match (role_reach(role), type_reach(user_type)) {
        (Some(Reach::View), _) => Fit::Yes,
        (Some(role), Some(allowed)) if role <= allowed => Fit::Yes,
        (Some(_), Some(_)) => Fit::No,
        _ => Fit::Unknown,
    }
}

/// Whether a type includes ArcGIS Pro (and can hold its add-on licenses): Creator and the GIS Professional
/// types do; Viewer, Contributor and Mobile Worker do not.
pub fn includes_pro(user_type: &str) -> Option<bool> {
    match user_type {
        "creatorUT"
        | "GISProfessionalBasicUT"
        | "GISProfessionalStdUT"
        | "GISProfessionalAdvUT" => Some(true),
        "viewerUT" | "editorUT" | "fieldWorkerUT" => Some(false),
        _ => None,
    }
}

/// Where a type stands from least to most: changes toward a lower level are downgrades.
pub fn level(user_type: &str) -> Option<u8> {
    Some(match user_type {
        "viewerUT" => 0,
        "editorUT" | "fieldWorkerUT" => 1,
        "creatorUT" => 2,
        "GISProfessionalBasicUT" => 3,
        "GISProfessionalStdUT" => 4,
        "GISProfessionalAdvUT" => 5,
        _ => return None,
    })
}

/// A move up: to a known higher level. Anything else (down, across, unknown) goes in the downgrade order.
pub fn is_upgrade(from: &str, to: &str) -> bool {
    matches!((level(from), level(to)), (Some(f), Some(t)) if t > f)
}
