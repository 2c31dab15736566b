//! `sharing/rest`: tokens, the portal's self description, purchases and who holds which app license.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use serde_json::{json, Value};

use crate::answer::{self, Family};
use crate::context::{Context, ACCOUNTS, MAX_TOKEN_MINUTES};
use crate::members::{self, App, APPS, BUNDLES, MARKETPLACE};
use crate::params::Params;
use crate::sample::{Member, ORG_ID};

pub(crate) const SHARING: Family = Family::Sharing;
const DEFAULT_TOKEN_MINUTES: i64 = 60;
/// The largest page `userEntitlements` returns.
const MAX_PAGE: usize = 100;

fn unable(params: &Params, why: &str) -> Response {
    answer::error(params, SHARING, 400, &["Unable to generate token.", why])
}

pub async fn generate_token(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if params.method != Method::POST {
        return answer::error(
            &params,
            SHARING,
            405,
            &["Method not supported.", "generateToken requires POST."],
        );
    }
    let (Some(username), Some(password)) = (params.get("username"), params.get("password")) else {
        return unable(&params, "'username' and 'password' must be specified.");
    };
    let Some(&(username, _, admin)) = ACCOUNTS
        .iter()
        .find(|(u, p, _)| *u == username && *p == password)
    else {
        return unable(&params, "Invalid username or password.");
    };
    let referer = match params.get("client").unwrap_or("requestip") {
        "referer" => match params.get("referer") {
            Some(referer) => Some(referer.to_owned()),
            None => return unable(&params, "'referer' must be specified."),
        },
        "requestip" | "ip" => None,
        _ => return unable(&params, "Invalid client type."),
    };
    let minutes = match params.get("expiration").map(str::parse::<i64>) {
        None => DEFAULT_TOKEN_MINUTES,
        Some(Ok(minutes)) if minutes > 0 => minutes.min(MAX_TOKEN_MINUTES),
        Some(_) => return unable(&params, "Invalid expiration."),
    };
    let (token, expires) = ctx.issue_token(username, admin, minutes, referer);
    answer::ok(
        &params,
        json!({"token": token, "expires": expires, "ssl": false}),
    )
}

/// `info`: open to anyone; tells clients where to get tokens.
pub async fn info(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    answer::ok(
        &params,
        json!({
            "owningSystemUrl": "",
            "fullVersion": ctx.version,
            "authInfo": {"isTokenBasedSecurity": true, "tokenServicesUrl": "sharing/rest/generateToken"}
        }),
    )
}

/// `portals/self`: the organization, and the signed-in user when a token is given.
pub async fn portal_self(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    let mut body = json!({
        "id": ORG_ID,
        "name": "Demo Organization",
        "isPortal": true,
        "portalMode": "multitenant",
        "currentVersion": ctx.version,
        "allowedOrigins": ctx.allow_origins,
    });
    if params.get("token").is_some() {
        let username = match ctx.authorize(&params, SHARING, false) {
            Ok(user) => user,
            Err(response) => return response,
        };
        let admin = ACCOUNTS.iter().any(|(u, _, a)| *u == username && *a);
        body["user"] = json!({
            "username": username,
            "role": if admin { "org_admin" } else { "org_user" },
            "privileges": if admin { vec!["portal:admin:manageLicenses", "portal:admin:viewUsers"] } else { vec![] },
        });
    }
    answer::ok(&params, body)
}

/// The most results a listing or a search pages through: past it, `nextStart` is -1 though `total` says more.
pub const RESULT_WINDOW: usize = 10_000;
/// The most members `provisionUserEntitlements` takes in one request.
const MAX_PROVISION_BATCH: usize = 25;

/// `portals/self/purchases`: one entry per licensed app — with the entitlements the organization owns of it —
/// and a marketplace item.
pub async fn purchases(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if let Err(response) = ctx.authorize(&params, SHARING, false) {
        return response;
    }
    let state = ctx.lock();
    let mut purchases: Vec<Value> = APPS
        .iter()
        .map(|app| {
            let entitlements: serde_json::Map<String, Value> =
                members::entitlement_codes(&state.members, app.app_id)
                    .into_iter()
                    .map(|code| {
                        let owned = members::owned_of(&state.owned, app.app_id, code);
                        (code.to_owned(), json!({"num": owned}))
                    })
                    .collect();
            let seats = members::owned_of(&state.owned, app.app_id, "");
            let can_disconnect = !state.offline_forbidden.contains(&app.app_id);
            json!({
                "listing": {"itemId": app.item_id, "title": app.title, "listingType": "ESRI_APP", "appId": app.app_id},
                "provision": {"itemId": app.item_id, "orgId": ORG_ID, "canDisconnect": can_disconnect,
                    "orgEntitlements": {"maxUsers": seats, "entitlements": entitlements}}
            })
        })
        .collect();
    for (bundle, _) in BUNDLES {
        let in_bundle = state
            .members
            .iter()
            .filter(|m| m.bundles.contains(&bundle.item_id))
            .count();
        purchases.push(json!({
            "listing": {"itemId": bundle.item_id, "title": bundle.title, "listingType": "APP_BUNDLE"},
            "provision": {"itemId": bundle.item_id, "orgId": ORG_ID,
                "orgEntitlements": {"maxUsers": members::owned(in_bundle, "")}}
        }));
    }
    purchases.push(json!({
        "listing": {"itemId": MARKETPLACE.item_id, "title": MARKETPLACE.title, "listingType": "ORG_APP"},
        "provision": {"itemId": MARKETPLACE.item_id, "orgId": ORG_ID, "orgEntitlements": {"maxUsers": 50}}
    }));
    if ctx.quirks.documented_only {
        for purchase in &mut purchases {
            if let Some(listing) = purchase.get_mut("listing").and_then(Value::as_object_mut) {
                listing.remove("listingType");
                listing.remove("appId");
            }
        }
    }
    answer::ok(&params, json!({ "purchases": purchases }))
}

/// The app of a listing item, or the answer a real portal gives for an item it cannot license by user.
fn app_of(params: &Params, item_id: &str) -> Result<&'static App, Response> {
    if item_id == MARKETPLACE.item_id {
        return Err(answer::error(
            params,
            SHARING,
            400,
            &["not licensed by user"],
        ));
    }
    APPS.iter()
        .copied()
        .find(|app| app.item_id == item_id)
        .ok_or_else(|| {
            answer::error(
                params,
                SHARING,
                400,
                &["Item does not exist or is inaccessible."],
            )
        })
}

/// The app of a listing an administrator asks about, or the answer that refuses the request.
pub(crate) fn listing_app(
    ctx: &Context,
    params: &Params,
    item_id: &str,
) -> Result<&'static App, Response> {
    ctx.authorize(params, SHARING, true)?;
    app_of(params, item_id)
}

/// `start` (1-based) and `num` (at most 100) of a paged request.
pub(crate) fn page_of(params: &Params) -> (usize, usize) {
    let start = params
        .get("start")
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|s| *s >= 1)
        .unwrap_or(1);
    let num = params
        .get("num")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(10)
        .clamp(1, MAX_PAGE);
    (start, num)
}

/// One page of `all` as the portal pages: nothing past the result window, `nextStart` -1 at its end.
pub(crate) fn paged<T>(all: &[T], start: usize, num: usize) -> (&[T], i64) {
    let end = (start - 1 + num).min(all.len()).min(RESULT_WINDOW);
    let page = all.get(start - 1..end).unwrap_or(&[]);
    let next = if end < all.len().min(RESULT_WINDOW) {
        end as i64 + 1
    } else {
        -1
    };
    (page, next)
}

/// `content/listings/<itemId>/userEntitlements`: the members holding the app, paged — and, like the real
/// portal, never past the first 10,000.
pub async fn user_entitlements(
    State(ctx): State<Arc<Context>>,
    Path(item_id): Path<String>,
    params: Params,
) -> Response {
    let app = match listing_app(&ctx, &params, &item_id) {
        Ok(app) => app,
        Err(response) => return response,
    };
    let (start, num) = page_of(&params);
    let state = ctx.lock();
    // Who holds the app through a bundle is not in the app's listing.
    let all: Vec<&Member> = state
        .members
        .iter()
        .filter(|m| m.holds_app(app.app_id) && !m.through_bundle(app.app_id))
        .collect();
    let (page, next_start) = paged(&all, start, num);
    let page: Vec<Value> = page
        .iter()
        .map(|m| {
            json!({
                "username": m.username,
                "lastLogin": m.last_login,
                "disconnected": m.offline.contains(&app.app_id),
                "entitlements": m.entitlements(app.app_id),
            })
        })
        .collect();
    answer::ok(
        &params,
        json!({"userEntitlements": page, "total": all.len(), "start": start, "num": num, "nextStart": next_start}),
    )
}

/// `content/listings/<itemId>/userEntitlements/<username>`: what one member holds of the app.
pub async fn member_entitlements(
    State(ctx): State<Arc<Context>>,
    Path((item_id, username)): Path<(String, String)>,
    params: Params,
) -> Response {
    let app = match listing_app(&ctx, &params, &item_id) {
        Ok(app) => app,
        Err(response) => return response,
    };
    let state = ctx.lock();
    let Some(member) = state
        .members
        .iter()
        .find(|m| m.username.eq_ignore_ascii_case(&username))
    else {
        return answer::error(
            &params,
            SHARING,
            400,
            &[&format!("User '{username}' does not exist.")],
        );
    };
    let entitlements = member.entitlements(app.app_id);
    if entitlements.is_empty() {
        return answer::ok(&params, json!({}));
    }
    let mut held = json!({"username": member.username, "lastLogin": member.last_login,
        "disconnected": member.offline.contains(&app.app_id), "entitlements": entitlements});
    if ctx.quirks.documented_only {
        held.as_object_mut().map(|h| h.remove("disconnected"));
    }
    answer::ok(&params, json!({ "userEntitlements": held }))
}

/// A change only an administrator may make, and only by POST: who makes it, or the answer that refuses it.
pub(crate) fn posted_by_admin(ctx: &Context, params: &Params) -> Result<String, Response> {
    let user = ctx.authorize(params, SHARING, true)?;
    if params.method != Method::POST {
        return Err(answer::error(
            params,
            SHARING,
            405,
            &["Method not supported."],
        ));
    }
    Ok(user)
}

/// `content/listings/<itemId>/provisionUserEntitlements`: sets what each listed member holds of the app (`[]`
/// revokes it). Refused as a whole when a member holds the license offline, when more members are listed than
/// one request takes, or when the organization owns too few of an entitlement.
pub async fn provision_user_entitlements(
    State(ctx): State<Arc<Context>>,
    Path(item_id): Path<String>,
    params: Params,
) -> Response {
    if let Err(response) = posted_by_admin(&ctx, &params) {
        return response;
    }
    let app = match app_of(&params, &item_id) {
        Ok(app) => app,
        Err(response) => return response,
    };
    let wanted: Option<(Vec<String>, Vec<String>)> = params
        .get("userEntitlements")
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|v| {
            let list = |key: &str| -> Option<Vec<String>> {
                v.get(key)?
                    .as_array()?
                    .iter()
                    .map(|x| x.as_str().map(str::to_owned))
                    .collect()
            };
            Some((list("users")?, list("entitlements")?))
        });
    let Some((users, entitlements)) = wanted else {
        return answer::error(&params, SHARING, 400, &["Invalid userEntitlements."]);
    };
    if users.is_empty() || users.len() > MAX_PROVISION_BATCH {
        let message =
            format!("Between 1 and {MAX_PROVISION_BATCH} users can be provisioned at a time.");
        return answer::error(&params, SHARING, 400, &[&message]);
    }
    let mut state = ctx.lock();
    let mut indices = Vec::new();
    for username in &users {
        match state
            .members
            .iter()
            .position(|m| m.username.eq_ignore_ascii_case(username))
        {
            Some(i) => indices.push(i),
            None => {
                return answer::error(
                    &params,
                    SHARING,
                    400,
                    &[&format!("User '{username}' does not exist.")],
                )
            }
        }
    }
    let known = members::entitlement_codes(&state.members, app.app_id);
    let mut codes: Vec<&'static str> = Vec::new();
    for code in &entitlements {
        let Some(code) = known.iter().copied().find(|k| k == code) else {
            return answer::error(
                &params,
                SHARING,
                400,
                &[&format!("Invalid entitlement '{code}'.")],
            );
        };
        codes.push(code);
    }
    // Revoking or changing what an offline holder has checked out is refused: release it first.
    if indices
        .iter()
        .any(|&i| state.members[i].offline.contains(&app.app_id))
    {
        return answer::error(
            &params,
            SHARING,
            400,
            &["None of the specified users can be disconnected."],
        );
    }
    if let Some(&i) = indices.iter().find(|&&i| {
        !codes.is_empty() && !crate::user_types::can_hold(state.members[i].user_type, app.app_id)
    }) {
        let message = format!(
            "User '{}' cannot be assigned '{}': their user type does not include it.",
            state.members[i].username, app.title
        );
        return answer::error(&params, SHARING, 400, &[&message]);
    }
    for code in &codes {
        let owned = members::owned_of(&state.owned, app.app_id, code);
        let after = state
            .members
            .iter()
            .enumerate()
            .filter(|(i, m)| !indices.contains(i) && m.entitlements(app.app_id).contains(code))
            .count()
            + indices.len();
        if after > owned {
            let message = format!("Not enough licenses of '{code}' are available.");
            return answer::error(&params, SHARING, 400, &[&message]);
        }
    }
    for &i in &indices {
        let member = &mut state.members[i];
        member.holds.retain(|(held, _)| *held != app.app_id);
        if !codes.is_empty() {
            member.holds.push((app.app_id, codes.clone()));
        }
    }
    answer::ok(&params, json!({"success": true}))
}
