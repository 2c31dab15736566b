//! `sharing/rest`: tokens, the portal's self description, purchases and who holds which app license.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use serde_json::{json, Value};

use crate::answer::{self, Family};
use crate::context::{Context, ACCOUNTS, MAX_TOKEN_MINUTES};
use crate::params::Params;
use crate::sample::{Member, LISTINGS, ORG_ID};

const SHARING: Family = Family::Sharing;
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

/// `portals/self/purchases`: one entry per licensed app, with the listing item that `userEntitlements` takes.
pub async fn purchases(State(ctx): State<Arc<Context>>, params: Params) -> Response {
    if let Err(response) = ctx.authorize(&params, SHARING, false) {
        return response;
    }
    let purchases: Vec<Value> = LISTINGS
        .iter()
        .map(|(item_id, title, app_id)| {
            json!({
                "listing": {"itemId": item_id, "title": title, "listingType": "ESRI_APP", "appId": app_id},
                "provision": {"itemId": item_id, "orgId": ORG_ID, "canDisconnect": true, "maxUsers": 200}
            })
        })
        .collect();
    answer::ok(&params, json!({ "purchases": purchases }))
}

/// Members entitled to an app: ArcGIS Pro for Creators and GIS Professionals, and whoever holds it offline.
fn entitled(member: &Member, app_id: &str) -> bool {
    let by_type = app_id == "arcgisprodesktop"
        && matches!(member.user_type, "creatorUT" | "GISProfessionalAdvUT");
    by_type || member.offline.contains(&app_id)
}

/// `content/listings/<itemId>/userEntitlements`, paged by `start` (1-based) and `num`.
pub async fn user_entitlements(
    State(ctx): State<Arc<Context>>,
    Path(item_id): Path<String>,
    params: Params,
) -> Response {
    if let Err(response) = ctx.authorize(&params, SHARING, true) {
        return response;
    }
    let Some(&(_, _, app_id)) = LISTINGS.iter().find(|(item, _, _)| *item == item_id) else {
        return answer::error(
            &params,
            SHARING,
            400,
            &["Item does not exist or is inaccessible."],
        );
    };
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
    let state = ctx.lock();
    let all: Vec<&Member> = state
        .members
        .iter()
        .filter(|m| entitled(m, app_id))
        .collect();
    let page: Vec<Value> = all
        .iter()
        .skip(start - 1)
        .take(num)
        .map(|m| {
            let feature = if app_id == "drone2map" {
                "drone2mapStdN"
            } else {
                "desktopAdvN"
            };
            json!({
                "username": m.username,
                "lastLogin": m.last_login,
                "disconnected": m.offline.contains(&app_id),
                "entitlements": [feature],
            })
        })
        .collect();
    let next = start - 1 + page.len();
    let next_start = if next < all.len() {
        (next + 1) as i64
    } else {
        -1
    };
    answer::ok(
        &params,
        json!({"userEntitlements": page, "total": all.len(), "start": start, "num": num, "nextStart": next_start}),
    )
}
