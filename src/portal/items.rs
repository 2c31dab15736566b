//! Items in the administrator's content, as far as keeping data in the portal goes (API.md, "Keeping data in the
//! portal itself"): found by type keywords, read, added, replaced, shared with a group. Decoders and requests.

use serde_json::Value;

use super::endpoints::Portal;
use super::error::{evidence, PortalError};
use super::json;
use super::member_requests::path_segment;
use super::members::Page;
use super::paging::PAGE_SIZE;
use super::request::{Field, Request};

/// An item a search found.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemRef {
    pub id: String,
    pub owner: String,
    pub title: String,
    pub type_keywords: Vec<String>,
}

pub(super) fn decode_search(v: &Value) -> Result<Page<ItemRef>, PortalError> {
    if v.get("results").and_then(Value::as_array).is_none() {
        return Err(PortalError::Unexpected {
            detail: "results missing from the search answer".into(),
        });
    }
    let items: Vec<ItemRef> = json::items(v, "results")
        .iter()
        .filter_map(|r| {
            Some(ItemRef {
                id: json::text(r, "id")?,
                owner: json::text(r, "owner").unwrap_or_default(),
                title: json::text(r, "title").unwrap_or_default(),
                type_keywords: json::strings(r, "typeKeywords"),
            })
        })
        .collect();
    let total = json::count(v, "total").unwrap_or(items.len() as u64);
    Ok(Page { items, total })
}

/// `addItem`'s answer: the new item's id, only with `success`.
pub(super) fn decode_added(v: &Value) -> Result<String, PortalError> {
    match (
        v.get("success").and_then(Value::as_bool),
        json::text(v, "id"),
    ) {
        (Some(true), Some(id)) => Ok(id),
        _ => Err(PortalError::Unexpected {
            detail: format!(
                "the portal answered {} instead of the new item",
                evidence(&v.to_string())
            ),
        }),
    }
}

/// `share`'s answer: shared only where the group is not listed as not shared with.
pub(super) fn decode_shared(v: &Value) -> Result<(), PortalError> {
    let refused = json::strings(v, "notSharedWith");
    match (
        json::text(v, "itemId"),
        v.get("notSharedWith").and_then(Value::as_array),
    ) {
        (Some(_), Some(_)) if refused.is_empty() => Ok(()),
        _ => Err(PortalError::Unexpected {
            detail: format!(
                "the portal answered {} instead of sharing the item",
                evidence(&v.to_string())
            ),
        }),
    }
}

impl<F> Request<F> {
    /// One page of the items whose type keywords include `keyword`.
    pub(super) fn search_items(portal: &Portal, keyword: &str, start: u64) -> Self {
        Self::new(
            portal.url.sharing("search"),
            vec![
                ("q", Field::Text(format!("typekeywords:\"{keyword}\""))),
                ("start", Field::Text(start.to_string())),
                ("num", Field::Text(PAGE_SIZE.to_string())),
            ],
        )
    }

    pub(super) fn item_data(portal: &Portal, id: &str) -> Self {
        Self::new(
            portal
                .url
                .sharing(&format!("content/items/{}/data", path_segment(id))),
            vec![],
        )
    }

    pub(super) fn add_item(
        portal: &Portal,
        owner: &str,
        title: &str,
        keywords: &str,
        text: String,
    ) -> Self {
        let url = portal
            .url
            .sharing(&format!("content/users/{}/addItem", path_segment(owner)));
        Self::new(
            url,
            vec![
                ("title", Field::Text(title.into())),
                ("type", Field::Text("Application Configuration".into())),
                ("typeKeywords", Field::Text(keywords.into())),
                ("tags", Field::Text("License Console".into())),
                ("text", Field::Text(text)),
            ],
        )
    }

    pub(super) fn update_item(portal: &Portal, owner: &str, id: &str, text: String) -> Self {
        let url = portal.url.sharing(&format!(
            "content/users/{}/items/{}/update",
            path_segment(owner),
            path_segment(id)
        ));
        Self::new(url, vec![("text", Field::Text(text))])
    }

    pub(super) fn share_item(portal: &Portal, owner: &str, id: &str, group: &str) -> Self {
        let url = portal.url.sharing(&format!(
            "content/users/{}/items/{}/share",
            path_segment(owner),
            path_segment(id)
        ));
        Self::new(
            url,
            vec![
                ("groups", Field::Text(group.into())),
                ("everyone", Field::Text("false".into())),
                ("org", Field::Text("false".into())),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_documented_answers_are_success() {
        assert_eq!(
            decode_added(&json!({"success": true, "id": "i1", "folder": ""})),
            Ok("i1".into())
        );
        assert!(decode_added(&json!({"success": true})).is_err());
        assert!(decode_added(&json!({})).is_err());
        assert!(decode_shared(&json!({"notSharedWith": [], "itemId": "i1"})).is_ok());
        assert!(decode_shared(&json!({"notSharedWith": ["g1"], "itemId": "i1"})).is_err());
        assert!(decode_shared(&json!({})).is_err());
        let page = decode_search(&json!({"results": [{"id": "i1", "owner": "admin", "typeKeywords": ["License History"]}], "total": 1})).unwrap();
        assert_eq!(page.items[0].type_keywords, ["License History"]);
        assert!(decode_search(&json!({"error": {}})).is_err());
    }
}
