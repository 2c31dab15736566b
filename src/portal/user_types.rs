//! The user types the organization is licensed for and their seats: owned from
//! `portals/self/userLicenseTypes` (documented: `id`, `name`, `maxUsers`), assigned from
//! `portals/self/users/counts?type=userLicenseType`. Decoders and requests only.

use serde_json::Value;

use super::endpoints::Portal;
use super::error::PortalError;
use super::json;
use super::members::Page;
use super::paging::PAGE_SIZE;
use super::request::{Field, Request};

/// One user type's seats, as the portal reports them.
#[derive(Clone, Debug, PartialEq)]
pub struct UserTypeSeats {
    pub id: String,
    /// The portal's own name for it, when it gives one.
    pub name: Option<String>,
    /// Seats the organization owns (`maxUsers`); `None` when the type is not in the list.
    pub owned: Option<u64>,
    /// Members the portal counts as of this type; `None` when the counts could not be read.
    pub assigned: Option<u64>,
}

impl UserTypeSeats {
    /// Seats left; negative when more are assigned than owned (an expired license, a smaller renewal).
    pub fn free(&self) -> Option<i64> {
        Some(self.owned? as i64 - self.assigned? as i64)
    }
}

/// One page of `portals/self/userLicenseTypes`: each type's id, name and seats owned.
pub(super) fn decode_user_license_types(v: &Value) -> Result<Page<UserTypeSeats>, PortalError> {
    if v.get("userLicenseTypes")
        .and_then(Value::as_array)
        .is_none()
    {
        return Err(PortalError::Unexpected {
            detail: "userLicenseTypes missing from the answer".into(),
        });
    }
    let items: Vec<UserTypeSeats> = json::items(v, "userLicenseTypes")
        .iter()
        .filter_map(|t| {
            Some(UserTypeSeats {
                id: json::text(t, "id")?,
                name: json::text(t, "name"),
                owned: json::count(t, "maxUsers"),
                assigned: None,
            })
        })
        .collect();
    let total = json::count(v, "total").unwrap_or(items.len() as u64);
    Ok(Page { items, total })
}

/// The portal's seats with its counts: every type listed, and any type members hold that the list lacks.
pub(super) fn with_counts(
    mut types: Vec<UserTypeSeats>,
    counts: &[(String, u64)],
) -> Vec<UserTypeSeats> {
    for t in &mut types {
        t.assigned = Some(
            counts
                .iter()
                .find(|(id, _)| *id == t.id)
                .map_or(0, |(_, n)| *n),
        );
    }
    for (id, n) in counts {
        if !types.iter().any(|t| t.id == *id) {
            types.push(UserTypeSeats {
                id: id.clone(),
                name: None,
                owned: None,
                assigned: Some(*n),
            });
        }
    }
    types
}

impl<F> Request<F> {
    /// One page of the user types the organization is licensed for.
    pub(super) fn user_license_types(portal: &Portal, start: u64) -> Self {
        Self::new(
            portal.url.sharing("portals/self/userLicenseTypes"),
            vec![
                ("start", Field::Text(start.to_string())),
                ("num", Field::Text(PAGE_SIZE.to_string())),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn seats_per_type_join_the_list_and_the_counts() {
        let page = decode_user_license_types(&json!({"userLicenseTypes": [
            {"id": "creatorUT", "name": "Creator", "maxUsers": 50},
            {"id": "viewerUT", "maxUsers": "x"},
            {"name": "no id"}
        ], "total": 2, "nextStart": -1}))
        .unwrap();
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[1].name, None, "no name is no name, not the id");
        assert!(decode_user_license_types(&json!({})).is_err());
        let seats = with_counts(
            page.items,
            &[("creatorUT".into(), 53), ("editorUT".into(), 4)],
        );
        assert_eq!(
            seats[0].free(),
            Some(-3),
            "over-assigned is said, never clamped"
        );
        assert_eq!(seats[1].assigned, Some(0));
        assert_eq!(seats[1].free(), None, "owned not reported");
        assert_eq!(seats[2].id, "editorUT");
        assert_eq!(seats[2].owned, None, "held but not listed");
    }
}
