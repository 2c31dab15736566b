//! The content API as far as keeping data in the portal goes (API.md, "Keeping data in the portal itself"):
//! `addItem`, an item's `update` and `share` by its owner, its `data` for whoever may see it, and `search` by type
//! keywords and owner. Items live in memory, and in `--data-dir` when given, so they outlast a restart.

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::answer;
use crate::context::Context;
use crate::params::Params;
use crate::sharing::{page_of, paged, posted_by_admin, SHARING};

/// The group of the organization's license administrators: both administrator accounts are in it.
pub const ADMIN_GROUP: &str = "6a3f1c0e9b8d4e2fa1c7b5d3e9f04a12";
/// The largest item data the demo keeps (API.md: keep it well under 1 MB).
const MAX_TEXT: usize = 1_000_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub owner: String,
    pub title: String,
    pub kind: String,
    pub type_keywords: Vec<String>,
    pub text: String,
    pub groups: Vec<String>,
    pub modified: i64,
}

impl Item {
    fn to_json(&self) -> Value {
        json!({"id": self.id, "owner": self.owner, "title": self.title, "type": self.kind,
            "typeKeywords": self.type_keywords, "groups": self.groups, "modified": self.modified, "text": self.text})
    }

    fn from_json(v: &Value) -> Option<Self> {
        let text = |k: &str| v.get(k)?.as_str().map(str::to_owned);
        let list = |k: &str| -> Vec<String> {
            v.get(k)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        };
        Some(Self {
            id: text("id")?,
            owner: text("owner")?,
            title: text("title")?,
            kind: text("type")?,
            type_keywords: list("typeKeywords"),
            text: text("text")?,
            groups: list("groups"),
            modified: v.get("modified").and_then(Value::as_i64).unwrap_or(0),
        })
    }

    /// What a search answers of it.
    fn summary(&self) -> Value {
        json!({"id": self.id, "owner": self.owner, "title": self.title, "type": self.kind,
            "typeKeywords": self.type_keywords, "modified": self.modified, "size": self.text.len()})
    }

    /// Its owner, or a member of a group it is shared with (administrators are in the one group).
    fn visible_to(&self, username: &str, admin: bool) -> bool {
        self.owner == username || (admin && self.groups.iter().any(|g| g == ADMIN_GROUP))
    }
}

/// Where a context keeps its items across restarts, if anywhere.
pub fn items_file(data_dir: Option<&PathBuf>, context: &str) -> Option<PathBuf> {
    data_dir.map(|dir| dir.join(format!("{context}-items.json")))
}

pub fn load(path: Option<&PathBuf>) -> Vec<Item> {
    let Some(text) = path.and_then(|p| std::fs::read_to_string(p).ok()) else {
        return Vec::new();
    };
    let all: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    all.as_array()
        .into_iter()
        .flatten()
        .filter_map(Item::from_json)
        .collect()
}

fn save(ctx: &Context, items: &[Item]) {
    if let Some(path) = &ctx.items_file {
        let all: Vec<Value> = items.iter().map(Item::to_json).collect();
        let _ = std::fs::write(path, serde_json::to_string(&all).unwrap_or_default());
    }
}

fn is_admin(username: &str) -> bool {
    crate::context::ACCOUNTS
        .iter()
        .any(|(u, _, admin)| *u == username && *admin)
}

/// The signed-in user, who must be `owner`, posting.
fn as_owner(ctx: &Context, params: &Params, owner: &str) -> Result<String, Response> {
    let user = posted_by_admin(ctx, params)?;
    if !user.eq_ignore_ascii_case(owner) {
        return Err(answer::error(
            params,
            SHARING,
            403,
            &["You do not have permissions to access this resource or perform this operation."],
        ));
    }
    Ok(user)
}

/// `owner`'s item `id`.
fn owned_item<'a>(items: &'a mut [Item], owner: &str, id: &str) -> Option<&'a mut Item> {
    items
        .iter_mut()
        .find(|i| i.id == id && i.owner.eq_ignore_ascii_case(owner))
}

fn inaccessible(params: &Params) -> Response {
    answer::error(
        params,
        SHARING,
        400,
        &["Item does not exist or is inaccessible."],
    )
}

/// A comma-separated parameter (`typeKeywords`, `groups`), its blank entries left out.
fn comma_list(params: &Params, key: &str) -> Vec<String> {
    params
        .get(key)
        .unwrap_or_default()
        .split(',')
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty())
        .collect()
}

fn too_large(params: &Params, text: &str) -> Option<Response> {
    (text.len() > MAX_TEXT)
        .then(|| answer::error(params, SHARING, 400, &["Item data is too large."]))
}

/// `content/users/<username>/addItem`.
pub async fn add_item(
    State(ctx): State<Arc<Context>>,
    Path(owner): Path<String>,
    params: Params,
) -> Response {
    let user = match as_owner(&ctx, &params, &owner) {
        Ok(user) => user,
        Err(response) => return response,
    };
    let (Some(title), Some(kind)) = (params.get("title"), params.get("type")) else {
        return answer::error(
            &params,
            SHARING,
            400,
            &["'title' and 'type' must be specified."],
        );
    };
    let text = params.get("text").unwrap_or_default().to_owned();
    if let Some(refused) = too_large(&params, &text) {
        return refused;
    }
    let mut state = ctx.lock();
    let id = format!(
        "{:032x}",
        0x4c43_0000_0000_u64 + state.items.len() as u64 + 1
    );
    let item = Item {
        id: id.clone(),
        owner: user,
        title: title.into(),
        kind: kind.into(),
        type_keywords: comma_list(&params, "typeKeywords"),
        text,
        groups: Vec::new(),
        modified: ctx.now_ms(),
    };
    state.items.push(item);
    save(&ctx, &state.items);
    answer::ok(&params, json!({"success": true, "id": id, "folder": ""}))
}

/// `content/users/<username>/items/<itemId>/update`: its data replaced.
pub async fn update_item(
    State(ctx): State<Arc<Context>>,
    Path((owner, id)): Path<(String, String)>,
    params: Params,
) -> Response {
    if let Err(response) = as_owner(&ctx, &params, &owner) {
        return response;
    }
    let Some(text) = params.get("text") else {
        return answer::error(&params, SHARING, 400, &["'text' must be specified."]);
    };
    if let Some(refused) = too_large(&params, text) {
        return refused;
    }
    let now = ctx.now_ms();
    let mut state = ctx.lock();
    let Some(item) = owned_item(&mut state.items, &owner, &id) else {
        return inaccessible(&params);
    };
    item.text = text.to_owned();
    item.modified = now;
    save(&ctx, &state.items);
    answer::ok(&params, json!({"success": true, "id": id}))
}

/// `content/users/<username>/items/<itemId>/share`: with groups (the one of administrators), never everyone.
pub async fn share_item(
    State(ctx): State<Arc<Context>>,
    Path((owner, id)): Path<(String, String)>,
    params: Params,
) -> Response {
    if let Err(response) = as_owner(&ctx, &params, &owner) {
        return response;
    }
    let groups = comma_list(&params, "groups");
    let mut state = ctx.lock();
    let Some(item) = owned_item(&mut state.items, &owner, &id) else {
        return inaccessible(&params);
    };
    let (known, unknown): (Vec<String>, Vec<String>) =
        groups.into_iter().partition(|g| g == ADMIN_GROUP);
    for group in known {
        if !item.groups.contains(&group) {
            item.groups.push(group);
        }
    }
    save(&ctx, &state.items);
    answer::ok(&params, json!({"notSharedWith": unknown, "itemId": id}))
}

/// `content/items/<itemId>/data`: the text as stored, for whoever may see the item.
pub async fn item_data(
    State(ctx): State<Arc<Context>>,
    Path(id): Path<String>,
    params: Params,
) -> Response {
    let user = match ctx.authorize(&params, SHARING, false) {
        Ok(user) => user,
        Err(response) => return response,
    };
    let state = ctx.lock();
    match state
        .items
        .iter()
        .find(|i| i.id == id && i.visible_to(&user, is_admin(&user)))
    {
        Some(item) => (
            [(header::CONTENT_TYPE, "application/json")],
            item.text.clone(),
        )
            .into_response(),
        None => inaccessible(&params),
    }
}

/// `q` clauses the demo understands: `typekeywords:"…"` and `owner:…`, joined by AND; anything else matches
/// nothing rather than everything.
fn matches(q: &str, item: &Item) -> bool {
    let mut rest = q.trim();
    let mut any = false;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(" AND ").trim();
        let (clause, after) = match rest.find(" AND ") {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        };
        let ok = if let Some(k) = clause.strip_prefix("typekeywords:") {
            let k = k.trim_matches('"');
            item.type_keywords.iter().any(|t| t.eq_ignore_ascii_case(k))
        } else if let Some(owner) = clause.strip_prefix("owner:") {
            item.owner.eq_ignore_ascii_case(owner.trim_matches('"'))
        } else {
            false
        };
        if !ok {
            return false;
        }
        any = true;
        rest = after;
    }
    any
}

/// `search`: items the user may see whose type keywords (and owner) match, paged.
pub async fn search(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    let user = match ctx.authorize(&params, SHARING, false) {
        Ok(user) => user,
        Err(response) => return response,
    };
    let q = params.get("q").unwrap_or_default().to_owned();
    let state = ctx.lock();
    let admin = is_admin(&user);
    let found: Vec<Value> = state
        .items
        .iter()
        .filter(|i| i.visible_to(&user, admin) && matches(&q, i))
        .map(Item::summary)
        .collect();
    let (start, num) = page_of(&params);
    let (page, next_start) = paged(&found, start, num);
    answer::ok(
        &params,
        json!({"results": page, "total": found.len(), "start": start, "num": num, "nextStart": next_start, "query": q}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(keywords: &[&str]) -> Item {
        Item {
            id: "1".into(),
            owner: "admin".into(),
            title: "t".into(),
            kind: "Application Configuration".into(),
            type_keywords: keywords.iter().map(|k| k.to_string()).collect(),
            text: String::new(),
            groups: vec![],
            modified: 0,
        }
    }

    #[test]
    fn search_clauses_match_keywords_and_owner_and_nothing_else() {
        let it = item(&["License Console", "License History"]);
        assert!(matches("typekeywords:\"License History\"", &it));
        assert!(matches(
            "typekeywords:\"License History\" AND owner:admin",
            &it
        ));
        assert!(!matches(
            "typekeywords:\"License History\" AND owner:other",
            &it
        ));
        assert!(!matches("title:x", &it), "unknown clauses match nothing");
        assert!(!matches("", &it));
        assert_eq!(Item::from_json(&it.to_json()), Some(it));
    }
}
