//! The demo organization's members and the app licenses they hold: the thirty-six named members every test
//! knows, then as many generated ones as `--members` asks for, `--pro-holders` of them holding ArcGIS Pro. What
//! each member holds is decided by their number alone, so two runs with the same figures serve the same data.

use crate::roles;
use crate::sample::{Member, DAY_MS};

/// An app the organization has licensed: its listing, the app id `releaseLicense` takes, and the entitlements a
/// member can hold.
pub struct App {
    pub item_id: &'static str,
    pub title: &'static str,
    pub app_id: &'static str,
}

pub const PRO: App = App {
    item_id: "df4ce25f39a74b6f9c1a5c2b4a3c2a45",
    title: "ArcGIS Pro",
    app_id: "arcgisprodesktop",
};
pub const DRONE2MAP: App = App {
    item_id: "8a4b58d2c4f44d4b8a9e24d9f0a7f3c1",
    title: "ArcGIS Drone2Map",
    app_id: "drone2map",
};
pub const ALLSOURCE: App = App {
    item_id: "3c9e7d1b2f6a4e0d9b8c7a6f5e4d3c2b",
    title: "ArcGIS AllSource",
    app_id: "arcgisallsource",
};
/// A marketplace purchase, not an Esri app: its `userEntitlements` answers "not licensed by user".
pub const MARKETPLACE: App = App {
    item_id: "7f6e5d4c3b2a41908f7e6d5c4b3a2918",
    title: "Route Planner for ArcGIS (Marketplace)",
    app_id: "",
};
/// An app bundle: ArcGIS Drone2Map (Advanced) with the rest of Reality Mapping.
pub const REALITY_MAPPING: App = App {
    item_id: "b6a1c2d3e4f5467890abcdef12345678",
    title: "ArcGIS Reality Mapping",
    app_id: "",
};
/// The apps members hold licenses of, in the order `portals/self/purchases` lists them (then the bundle and the
/// marketplace item).
pub const APPS: [&App; 3] = [&PRO, &DRONE2MAP, &ALLSOURCE];
/// App bundles and the apps their members hold through them.
pub const BUNDLES: [(&App, &[&str]); 1] = [(&REALITY_MAPPING, &["drone2map"])];

/// How many members the organization has unless told otherwise, and how many of them hold ArcGIS Pro.
pub const DEFAULT_MEMBERS: usize = 200;
pub const DEFAULT_PRO_HOLDERS: usize = 60;

const PRO_LEVELS: [&str; 3] = ["desktopAdvN", "desktopStdN", "desktopBasicN"];
const FIRST_NAMES: [&str; 10] = [
    "Amara", "Bo", "Carmen", "Dmitri", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas",
];
const LAST_NAMES: [&str; 7] = [
    "Abara", "Berg", "Castillo", "Dubois", "Eriksen", "Fujita", "García",
];
const ROLES: [&str; 3] = ["org_user", "org_publisher", "org_admin"];

/// The Pro entitlements of the `n`th Pro holder: a level and, for some, extensions.
fn pro_entitlements(n: usize) -> Vec<&'static str> {
    let mut held = vec![PRO_LEVELS[n % 3]];
    if n.is_multiple_of(4) {
        held.push("spatialAnalystN");
    }
    if n.is_multiple_of(6) {
        held.push("networkAnalystN");
    }
    if n.is_multiple_of(9) {
        held.push("3DAnalystN");
    }
    held
}

/// Member number `g` (from 1) of the generated ones; `pro` whether they hold ArcGIS Pro, as its `n`th holder.
fn generated(g: usize, pro: Option<usize>, now_ms: i64) -> Member {
    let first = FIRST_NAMES[g % FIRST_NAMES.len()];
    let last = LAST_NAMES[(g / FIRST_NAMES.len()) % LAST_NAMES.len()];
    let last_login = if g.is_multiple_of(11) {
        -1
    } else if g.is_multiple_of(5) {
        // Years ago.
        now_ms - (400 + (g % 1500) as i64) * DAY_MS
    } else {
        now_ms - (g % 200) as i64 * DAY_MS - (g % 24) as i64 * DAY_MS / 24
    };
    let mut holds = Vec::new();
    let mut offline = Vec::new();
    if let Some(n) = pro {
        holds.push((PRO.app_id, pro_entitlements(n)));
        if n % 97 == 5 {
            offline.push(PRO.app_id);
        }
    }
    if g.is_multiple_of(50) {
        let level = if g.is_multiple_of(100) {
            "drone2mapAdvN"
        } else {
            "drone2mapStdN"
        };
        holds.push((DRONE2MAP.app_id, vec![level]));
        if g.is_multiple_of(150) {
            offline.push(DRONE2MAP.app_id);
        }
    }
    if g.is_multiple_of(40) {
        holds.push((ALLSOURCE.app_id, vec!["allSourceN"]));
    }
    // Reality Mapping: Drone2Map Advanced through the bundle, every other one of them offline.
    let mut bundles = Vec::new();
    if g % 120 == 60 {
        bundles.push(REALITY_MAPPING.item_id);
        holds.retain(|(app, _)| *app != DRONE2MAP.app_id);
        holds.push((DRONE2MAP.app_id, vec!["drone2mapAdvN"]));
        if (g / 120).is_multiple_of(2) && !offline.contains(&DRONE2MAP.app_id) {
            offline.push(DRONE2MAP.app_id);
        }
    }
    let user_type = match (pro.is_some(), g % 4) {
        (true, 0) => "GISProfessionalAdvUT",
        (true, _) => "creatorUT",
        (false, 0) => "creatorUT",
        (false, 1) => "fieldWorkerUT",
        _ => "viewerUT",
    };
    let (role, role_id) = match user_type {
        "viewerUT" => ("org_user", Some(roles::VIEWER)),
        "fieldWorkerUT" if g.is_multiple_of(2) => ("org_user", Some(roles::DATA_EDITOR)),
        "fieldWorkerUT" => ("org_user", None),
        _ if g % 7 == 3 => ("org_user", Some(roles::FIELD_ANALYST)),
        _ => (
            ROLES[usize::from(g.is_multiple_of(13)) + usize::from(g.is_multiple_of(97))],
            None,
        ),
    };
    Member {
        username: format!("member{g:05}"),
        full_name: format!("{first} {last}"),
        user_type,
        role,
        role_id,
        last_login,
        holds,
        offline,
        bundles,
    }
}

/// The organization: the named members, then generated ones up to `members` in all, `pro_holders` of everyone
/// holding ArcGIS Pro (the named members' own holders counted first).
pub fn organization(
    named: Vec<Member>,
    members: usize,
    pro_holders: usize,
    now_ms: i64,
) -> Vec<Member> {
    let named_pro = named.iter().filter(|m| m.holds_app(PRO.app_id)).count();
    let mut all = named;
    let mut next_pro = named_pro;
    for g in 1..=members.saturating_sub(all.len()) {
        let pro = (next_pro < pro_holders).then(|| {
            next_pro += 1;
            next_pro
        });
        all.push(generated(g, pro, now_ms));
    }
    all
}

/// How many members hold `entitlement` of `app_id` by the app's own licenses (not through a bundle).
pub fn assigned(members: &[Member], app_id: &str, entitlement: &str) -> usize {
    members
        .iter()
        .filter(|m| !m.through_bundle(app_id) && m.entitlements(app_id).contains(&entitlement))
        .count()
}

/// Every entitlement code of `app_id` that someone holds, or that a Pro licence offers.
pub fn entitlement_codes(members: &[Member], app_id: &str) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = members
        .iter()
        .flat_map(|m| m.entitlements(app_id).iter().copied())
        .collect();
    if app_id == PRO.app_id {
        codes.extend(PRO_LEVELS);
    }
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Seats the organization owns of an entitlement: what is assigned and some to spare — but one fewer than
/// assigned for 3D Analyst, so that the console has an over-assignment to warn about.
pub fn owned(assigned: usize, entitlement: &str) -> usize {
    if entitlement == "3DAnalystN" && assigned > 0 {
        assigned - 1
    } else {
        assigned + assigned / 10 + 5
    }
}

/// Seats the organization owns of each app (code `""`) and entitlement, fixed when the portal starts: revoking
/// and assigning move members, not the seats bought.
pub type Owned = Vec<(&'static str, &'static str, usize)>;

pub fn owned_at_start(members: &[Member]) -> Owned {
    let mut all = Vec::new();
    for app in APPS {
        let holders = members.iter().filter(|m| m.holds_app(app.app_id)).count();
        all.push((app.app_id, "", owned(holders, "")));
        for code in entitlement_codes(members, app.app_id) {
            all.push((
                app.app_id,
                code,
                owned(assigned(members, app.app_id, code), code),
            ));
        }
    }
    all
}

/// The seats of `code` of `app_id` (`""`: of the app), as bought.
pub fn owned_of(owned: &Owned, app_id: &str, code: &str) -> usize {
    owned
        .iter()
        .find(|(app, c, _)| *app == app_id && *c == code)
        .map_or(0, |(_, _, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_organization_has_the_members_and_holders_asked_for() {
        let now = 1_790_000_000_000;
        let named = crate::sample::members(now);
        let org = organization(named, 15_000, 12_000, now);
        assert_eq!(org.len(), 15_000);
        let pro = org.iter().filter(|m| m.holds_app(PRO.app_id)).count();
        assert_eq!(pro, 12_000);
        assert!(org.iter().any(|m| m.last_login == -1));
        assert!(org.iter().any(|m| m.offline.contains(&PRO.app_id)));
        let usernames: std::collections::HashSet<&str> =
            org.iter().map(|m| m.username.as_str()).collect();
        assert_eq!(usernames.len(), org.len(), "usernames are unique");
        let small = organization(crate::sample::members(now), 10, 0, now);
        assert_eq!(small.len(), 36, "never fewer than the named members");
    }
}
