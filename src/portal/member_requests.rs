//! The requests that read and change who holds what: listings, the member list and its documented filters,
//! counts, app bundles, provisioning in batches, and the offline policy of an app.

use super::endpoints::Portal;
use super::paging::{Order, PAGE_SIZE};
use super::request::{Field, Request};

/// The most members one `provisionUserEntitlements` request carries (API.md: the portal's batch operations
/// refuse more).
pub const PROVISION_BATCH: usize = 25;

/// The requests a revoke sends, in order: at most `PROVISION_BATCH` members a request, and each member who holds
/// the app offline — or of whom it is not known — alone: the portal refuses a whole request for one offline
/// holder, so theirs fails by itself.
pub fn provision_batches(members: &[(String, Option<bool>)]) -> Vec<Vec<String>> {
    let (alone, together): (Vec<_>, Vec<_>) = members
        .iter()
        .partition(|(_, offline)| *offline != Some(false));
    let mut batches: Vec<Vec<String>> = together
        .chunks(PROVISION_BATCH)
        .map(|chunk| chunk.iter().map(|(u, _)| u.clone()).collect())
        .collect();
    batches.extend(alone.into_iter().map(|(u, _)| vec![u.clone()]));
    batches
}

/// A path segment, percent-encoded: usernames may hold `@`, spaces or other characters a path cannot.
pub(super) fn path_segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Which part of the member list a search reads: everyone, usernames starting with a prefix, or an app
/// bundle's members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum MemberQuery {
    Prefix(String),
    Bundle(String),
}

/// The documented filters of `portals/self/users`: a user type, and within it a role.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct MemberFilter {
    pub user_type: String,
    pub role: Option<String>,
}

impl<F> Request<F> {
    /// A paged request: `start` (1-based) and pages of 100, then `more`.
    fn with_page(url: String, start: u64, more: Vec<(&'static str, Field<F>)>) -> Self {
        let mut fields = vec![
            ("start", Field::Text(start.to_string())),
            ("num", Field::Text(PAGE_SIZE.to_string())),
        ];
        fields.extend(more);
        Self::new(url, fields)
    }

    pub(super) fn purchases(portal: &Portal) -> Self {
        Self::new(portal.url.sharing("portals/self/purchases"), vec![])
    }

    /// One page of the organization's app bundles.
    pub(super) fn app_bundles(portal: &Portal, start: u64) -> Self {
        Self::with_page(portal.url.sharing("portals/self/appBundles"), start, vec![])
    }

    /// One page of who holds a listing's app, with their entitlements.
    pub(super) fn holders(portal: &Portal, item_id: &str, start: u64) -> Self {
        let url = portal
            .url
            .sharing(&format!("content/listings/{item_id}/userEntitlements"));
        Self::with_page(url, start, vec![])
    }

    /// What one member holds of a listing's app.
    pub(super) fn member_holding(portal: &Portal, item_id: &str, username: &str) -> Self {
        let url = portal.url.sharing(&format!(
            "content/listings/{item_id}/userEntitlements/{}",
            path_segment(username)
        ));
        Self::new(url, vec![])
    }

    /// One page of the user search, in username order from `order`'s end.
    pub(super) fn members(portal: &Portal, query: &MemberQuery, order: Order, start: u64) -> Self {
        let q = match query {
            MemberQuery::Prefix(prefix) if prefix.is_empty() => String::new(),
            MemberQuery::Prefix(prefix) => format!("username:{prefix}*"),
            MemberQuery::Bundle(item_id) => format!("appbundle:{item_id}"),
        };
        let order = match order {
            Order::Ascending => "asc",
            Order::Descending => "desc",
        };
        let fields = vec![
            ("q", Field::Text(q)),
            ("sortField", Field::Text("username".into())),
            ("sortOrder", Field::Text(order.into())),
        ];
        Self::with_page(
            portal.url.sharing("portals/self/users/search"),
            start,
            fields,
        )
    }

    /// One page of `portals/self/users` with its documented filters.
    pub(super) fn filtered_members(portal: &Portal, filter: &MemberFilter, start: u64) -> Self {
        let mut fields = vec![("userLicenseType", Field::Text(filter.user_type.clone()))];
        if let Some(role) = &filter.role {
            fields.push(("role", Field::Text(role.clone())));
        }
        Self::with_page(portal.url.sharing("portals/self/users"), start, fields)
    }

    /// How many members there are per `kind` (`userLicenseType`, `role`), without reading them.
    pub(super) fn member_counts(portal: &Portal, kind: &str) -> Self {
        Self::new(
            portal.url.sharing("portals/self/users/counts"),
            vec![("type", Field::Text(kind.into()))],
        )
    }

    /// Sets what the members hold of a listing's app: `entitlements` empty revokes it.
    pub(super) fn provision(
        portal: &Portal,
        item_id: &str,
        usernames: &[String],
        entitlements: &[String],
    ) -> Self {
        let wanted = serde_json::json!({"users": usernames, "entitlements": entitlements});
        let url = portal.url.sharing(&format!(
            "content/listings/{item_id}/provisionUserEntitlements"
        ));
        Self::new(
            url,
            vec![
                ("userEntitlements", Field::Text(wanted.to_string())),
                ("suppressCustomerEmail", Field::Text("true".into())),
            ],
        )
    }

    /// Whether members may take a listing's app offline (the only documented duration: no limit).
    pub(super) fn set_disconnect(portal: &Portal, item_id: &str, allowed: bool) -> Self {
        let url = portal
            .url
            .sharing(&format!("content/listings/{item_id}/setDisconnectSettings"));
        Self::new(
            url,
            vec![
                ("canDisconnect", Field::Text(allowed.to_string())),
                ("maxDisconnectDuration", Field::Text("-1".into())),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portal::endpoints::{Deployment, PortalUrl};

    fn portal() -> Portal {
        Portal {
            url: PortalUrl::parse("https://gis.example.com/arcgis").unwrap(),
            deployment: Deployment::Kubernetes {
                org_id: "0123456789ABCDEF".into(),
            },
        }
    }

    fn body(request: Request<()>) -> String {
        request.signed(None).form_body().unwrap()
    }

    #[test]
    fn requests_carry_the_page_the_query_and_the_whole_set_to_hold() {
        let prefix = MemberQuery::Prefix("member1".into());
        assert_eq!(
            body(Request::members(&portal(), &prefix, Order::Descending, 201)),
            "start=201&num=100&q=username%3Amember1*&sortField=username&sortOrder=desc&f=json"
        );
        let filter = MemberFilter {
            user_type: "creatorUT".into(),
            role: Some("org_user".into()),
        };
        let typed: Request<()> = Request::filtered_members(&portal(), &filter, 1);
        assert!(typed.url.ends_with("/sharing/rest/portals/self/users"));
        assert_eq!(
            body(typed),
            "start=1&num=100&userLicenseType=creatorUT&role=org_user&f=json"
        );
        let lookup: Request<()> = Request::member_holding(&portal(), "i1", "ana o'neil");
        assert!(lookup
            .url
            .ends_with("/content/listings/i1/userEntitlements/ana%20o%27neil"));
        assert_eq!(
            body(Request::provision(&portal(), "i1", &["a".into(), "b".into()], &[])),
            "userEntitlements=%7B%22entitlements%22%3A%5B%5D%2C%22users%22%3A%5B%22a%22%2C%22b%22%5D%7D&suppressCustomerEmail=true&f=json"
        );
        assert_eq!(
            body(Request::set_disconnect(&portal(), "i1", false)),
            "canDisconnect=false&maxDisconnectDuration=-1&f=json"
        );
    }

    #[test]
    fn revokes_go_in_batches_of_25_with_offline_and_unknown_holders_alone() {
        let mut members: Vec<(String, Option<bool>)> =
            (0..30).map(|i| (format!("m{i:02}"), Some(false))).collect();
        members[7].1 = Some(true);
        members[9].1 = None;
        let batches = provision_batches(&members);
        let sizes: Vec<usize> = batches.iter().map(Vec::len).collect();
        assert_eq!(sizes, [25, 3, 1, 1]);
        assert_eq!(batches[2], ["m07"]);
        assert_eq!(batches[3], ["m09"]);
        let sent: Vec<&String> = batches.iter().flatten().collect();
        assert_eq!(sent.len(), 30, "every member once");
    }
}
