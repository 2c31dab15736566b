//! Roles a member can hold: the three built in (`org_admin`, `org_publisher`, `org_user`), Viewer and Data Editor
//! (ids the API names) and the organization's custom roles from `portals/self/roles` with their privileges.
//! Decoders and requests only.

use serde_json::Value;

use super::endpoints::Portal;
use super::error::PortalError;
use super::json;
use super::members::Page;
use super::paging::PAGE_SIZE;
use super::request::{Field, Request};

pub const VIEWER_ROLE: &str = "iAAAAAAAAAAAAAAA";
pub const DATA_EDITOR_ROLE: &str = "iBBBBBBBBBBBBBBB";

/// A role: the id `updateUserRole` takes, its name, and its privileges where the portal listed them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    pub id: String,
    pub name: String,
    pub privileges: Option<Vec<String>>,
}

impl Role {
    fn known(id: &str, name: &str) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            privileges: None,
        }
    }
}

/// The roles every organization has, whether or not `portals/self/roles` could be read.
pub fn known_roles() -> Vec<Role> {
    vec![
        Role::known(VIEWER_ROLE, "Viewer"),
        Role::known(DATA_EDITOR_ROLE, "Data Editor"),
        Role::known("org_user", "User"),
        Role::known("org_publisher", "Publisher"),
        Role::known("org_admin", "Administrator"),
    ]
}

/// The known roles with what the portal listed: its names and privileges win, its custom roles are added.
pub fn with_listed(listed: Vec<Role>) -> Vec<Role> {
    let mut roles = known_roles();
    for role in listed {
        match roles.iter_mut().find(|r| r.id == role.id) {
            Some(known) => *known = role,
            None => roles.push(role),
        }
    }
    roles
}

/// One page of `portals/self/roles`.
pub(super) fn decode_roles(v: &Value) -> Result<Page<Role>, PortalError> {
    if v.get("roles").and_then(Value::as_array).is_none() {
        return Err(PortalError::Unexpected {
            detail: "roles missing from the answer".into(),
        });
    }
    let items: Vec<Role> = json::items(v, "roles")
        .iter()
        .filter_map(|r| {
            let id = json::text(r, "id")?;
            Some(Role {
                name: json::text(r, "name").unwrap_or_else(|| id.clone()),
                privileges: r
                    .get("privileges")
                    .is_some_and(Value::is_array)
                    .then(|| json::strings(r, "privileges")),
                id,
            })
        })
        .collect();
    let total = json::count(v, "total").unwrap_or(items.len() as u64);
    Ok(Page { items, total })
}

impl<F> Request<F> {
    /// One page of the organization's roles, with their privileges.
    pub(super) fn roles(portal: &Portal, start: u64) -> Self {
        Self::new(
            portal.url.sharing("portals/self/roles"),
            vec![
                ("start", Field::Text(start.to_string())),
                ("num", Field::Text(PAGE_SIZE.to_string())),
                ("returnPrivileges", Field::Text("true".into())),
            ],
        )
    }

    /// Sets one member's role.
    pub(super) fn update_role(portal: &Portal, username: &str, role: &str) -> Self {
        Self::new(
            portal.url.sharing("portals/self/updateUserRole"),
            vec![
                ("user", Field::Text(username.into())),
                ("role", Field::Text(role.into())),
            ],
        )
    }

    /// Sets the user type of up to 25 members: `users` a JSON array (API.md).
    pub(super) fn update_user_type(portal: &Portal, usernames: &[String], user_type: &str) -> Self {
        let users = serde_json::to_string(usernames).unwrap_or_else(|_| "[]".into());
        Self::new(
            portal.url.sharing("portals/self/updateUserLicenseType"),
            vec![
                ("users", Field::Text(users)),
                ("userLicenseType", Field::Text(user_type.into())),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn listed_roles_join_the_known_ones() {
        let page = decode_roles(&json!({"roles": [
            {"id": VIEWER_ROLE, "name": "Viewer (org)", "privileges": ["portal:user:viewOrgItems"]},
            {"id": "custom1", "name": "Analyst", "privileges": ["portal:user:createItem"]},
            {"name": "no id"}
        ], "total": 2}))
        .unwrap();
        assert_eq!(page.items.len(), 2);
        let roles = with_listed(page.items);
        assert_eq!(roles.len(), 6);
        assert_eq!(roles[0].name, "Viewer (org)");
        assert_eq!(
            roles[5].privileges.as_deref(),
            Some(&["portal:user:createItem".to_owned()][..])
        );
        assert_eq!(
            roles[2].privileges, None,
            "built-in roles' privileges are not listed"
        );
        assert!(decode_roles(&json!({"error": {}})).is_err());
    }
}
