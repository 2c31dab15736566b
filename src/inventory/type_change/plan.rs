//! A plan of user type changes, before anything is sent: for each member the steps their change needs, the
//! members that cannot be changed and why, and the seats per type before and after. Changes are put in the one
//! order that keeps every type within its seats — every downgrade before any upgrade, lower targets first — and a
//! member whose move would take a type past its seats at that point is not changed.

use std::collections::HashMap;

use super::rules::{fits, includes_pro, is_upgrade, level, Fit};
use crate::inventory::members::TypeNames;
use crate::portal::{
    AppLicense, LicensedApp, MemberRow, Role, SeatChange, UserTypeSeats, VIEWER_ROLE,
};

/// An app license a member holds, or is to be given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddOn {
    pub item_id: String,
    pub title: String,
    pub entitlements: Vec<String>,
}

/// What one member should become: a type, a role where asked (else kept where it fits), add-ons to give.
#[derive(Clone, Debug, PartialEq)]
pub struct Wish {
    pub username: String,
    pub user_type: String,
    pub role: Option<String>,
    pub grant: Vec<AddOn>,
}

/// What the plan is made against.
pub struct Setting<'a> {
    pub seats: &'a [UserTypeSeats],
    pub roles: &'a [Role],
    pub apps: &'a [AppLicense],
    pub names: &'a TypeNames,
    /// The signed-in administrator: their own account is not changed.
    pub me: &'a str,
    /// The role for members whose role the new type does not allow; `None`: the least privileged (Viewer).
    pub misfit_role: Option<&'a str>,
    /// Also revoke app licenses other than ArcGIS Pro from members moving to a type without Pro: the API does
    /// not say whether such a type can hold them.
    pub revoke_other_apps: bool,
}

/// One member's planned change, with what it is made from (for the screen and the record).
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub change: SeatChange,
    pub full_name: String,
    pub from_type: String,
    pub from_role: String,
    /// Add-ons held before, and those the change revokes.
    pub held: Vec<AddOn>,
    pub revoked: Vec<AddOn>,
    pub granted: Vec<AddOn>,
    /// What the portal may decide that the console cannot know.
    pub notes: Vec<String>,
}

/// Seats of one type: owned, and assigned before and after the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatsMoved {
    pub id: String,
    pub owned: Option<u64>,
    pub before: Option<u64>,
    pub after: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// In the order they are sent.
    pub changes: Vec<Planned>,
    /// Members not changed, each with the reason.
    pub refused: Vec<(String, String)>,
    pub seats: Vec<SeatsMoved>,
}

impl Plan {
    pub fn can_apply(&self) -> bool {
        !self.changes.is_empty()
    }

    pub fn seat_changes(&self) -> Vec<SeatChange> {
        self.changes.iter().map(|p| p.change.clone()).collect()
    }
}

/// The role `id`, as the roles list knows it (an unknown id is kept, with its privileges not known).
pub fn role_of<'a>(roles: &'a [Role], id: &str) -> std::borrow::Cow<'a, Role> {
    match roles.iter().find(|r| r.id == id) {
        Some(role) => std::borrow::Cow::Borrowed(role),
        None => std::borrow::Cow::Owned(Role {
            id: id.into(),
            name: id.into(),
            privileges: None,
        }),
    }
}

/// Whether the member holds app `i` through an app bundle they are in (assigned and revoked as a whole).
fn through_bundle(row: &MemberRow, apps: &[AppLicense], i: usize) -> bool {
    apps.iter().zip(&row.holdings).any(|(bundle, held)| {
        bundle.bundle && held.is_some() && bundle.bundled.is_some() && bundle.bundled == apps[i].app
    })
}

/// What a member holds of each app licensed by user, by itself (not through a bundle).
fn held(row: &MemberRow, apps: &[AppLicense]) -> Vec<(usize, AddOn, Option<bool>)> {
    apps.iter()
        .zip(&row.holdings)
        .enumerate()
        .filter_map(|(i, (app, holding))| {
            let holding = holding.as_ref()?;
            let own = !app.bundle && !through_bundle(row, apps, i);
            (own && !holding.entitlements.is_empty()).then(|| {
                let add_on = AddOn {
                    item_id: app.item_id.clone(),
                    title: app.title.clone(),
                    entitlements: holding.entitlements.clone(),
                };
                (i, add_on, holding.offline)
            })
        })
        .collect()
}

/// One member's change, or why it cannot be made (seats aside).
fn member_change(row: &MemberRow, wish: &Wish, setting: &Setting) -> Result<Planned, String> {
    let member = &row.member;
    let name = |id: &str| setting.names.of(id);
    if !row.record_read || member.user_type.is_empty() {
        return Err(
            "their account record was not read: their user type and role are not known".into(),
        );
    }
    if member.username.eq_ignore_ascii_case(setting.me) {
        return Err(
            "your own account: the console does not change the account it is signed in with".into(),
        );
    }
    if !setting.seats.iter().any(|t| t.id == wish.user_type) {
        return Err(format!(
            "the organization is not licensed for {}",
            name(&wish.user_type)
        ));
    }
    if member.user_type == wish.user_type {
        return Err(format!("already {}", name(&wish.user_type)));
    }
    let to = wish.user_type.as_str();
    let mut notes = Vec::new();
    let mut change = SeatChange {
        username: member.username.clone(),
        user_type: to.into(),
        upgrade: is_upgrade(&member.user_type, to),
        release: Vec::new(),
        revoke: Vec::new(),
        role: None,
        grant: Vec::new(),
    };
    let holdings = held(row, setting.apps);
    for (bundle, _) in setting
        .apps
        .iter()
        .zip(&row.holdings)
        .filter(|(a, h)| a.bundle && h.is_some())
    {
        notes.push(format!(
            "keeps {}, an app bundle the console does not revoke: the portal decides whether {} can hold it",
            bundle.title,
            name(to)
        ));
    }
    let mut revoked = Vec::new();
    for (i, add_on, offline) in &holdings {
        let app = &setting.apps[*i];
        let is_pro = app.app == Some(LicensedApp::Pro);
        let without_pro = includes_pro(to) == Some(false);
        let must_go = without_pro && (is_pro || setting.revoke_other_apps);
        if is_pro && includes_pro(to).is_none() {
            notes.push(format!(
                "whether {} includes ArcGIS Pro is not known: the portal decides",
                name(to)
            ));
        } else if !is_pro && !must_go && includes_pro(to) != Some(true) {
            notes.push(format!(
                "keeps {}: the API does not say whether {} can hold it; the portal decides",
                app.title,
                name(to)
            ));
        }
        // An offline Pro is released for any change (the portal may refuse one while it is checked out); another
        // app's offline license only where the app is revoked.
        let release = *offline == Some(true) && (is_pro || must_go);
        if release {
            match app.app {
                Some(licensed) => change.release.push(licensed),
                None => {
                    return Err(format!(
                        "holds {} offline, which the console cannot release",
                        app.title
                    ))
                }
            }
        }
        if must_go {
            let offline_then = if release { Some(false) } else { *offline };
            change.revoke.push((app.item_id.clone(), offline_then));
            revoked.push(add_on.clone());
        }
    }
    let current = role_of(setting.roles, member.role_key());
    let wanted = match &wish.role {
        Some(role) if role != member.role_key() => Some(role.clone()),
        Some(_) => None,
        None if fits(&current, to) == Fit::No => {
            Some(setting.misfit_role.unwrap_or(VIEWER_ROLE).to_owned())
        }
        None => None,
    };
    let role_now = wanted
        .as_deref()
        .map_or(current.clone(), |id| role_of(setting.roles, id));
    match fits(&role_now, to) {
        Fit::No => {
            return Err(format!(
                "the role {} is not allowed for {}",
                role_now.name,
                name(to)
            ))
        }
        Fit::Unknown => notes.push(format!(
            "whether {} allows the role {} is not known: the portal decides",
            name(to),
            role_now.name
        )),
        Fit::Yes => {}
    }
    change.role = wanted;
    let mut granted = Vec::new();
    for add_on in &wish.grant {
        if holdings.iter().any(|(_, h, _)| h == add_on) {
            continue;
        }
        let is_pro = setting
            .apps
            .iter()
            .any(|a| a.item_id == add_on.item_id && a.app == Some(LicensedApp::Pro));
        if is_pro && includes_pro(to) == Some(false) {
            return Err(format!("{} cannot hold {}", name(to), add_on.title));
        }
        change
            .grant
            .push((add_on.item_id.clone(), add_on.entitlements.clone()));
        granted.push(add_on.clone());
    }
    Ok(Planned {
        change,
        full_name: member.full_name.clone(),
        from_type: member.user_type.clone(),
        from_role: member.role_key().to_owned(),
        held: holdings.into_iter().map(|(_, a, _)| a).collect(),
        revoked,
        granted,
        notes,
    })
}

/// Seats as the plan goes: owned, and assigned now (`None`: the portal's count was not read).
struct Ledger(HashMap<String, (Option<u64>, Option<i64>)>);

impl Ledger {
    fn new(seats: &[UserTypeSeats]) -> Self {
        Self(
            seats
                .iter()
                .map(|t| (t.id.clone(), (t.owned, t.assigned.map(|a| a as i64))))
                .collect(),
        )
    }

    /// Moves one member from `from` to `to`, or says why the seats do not allow it.
    fn take(&mut self, from: &str, to: &str, names: &TypeNames) -> Result<(), String> {
        let (owned, assigned) = self.0.get(to).copied().unwrap_or((None, None));
        let (Some(owned), Some(assigned)) = (owned, assigned) else {
            return Err(format!(
                "the seats of {} are not known: the portal did not report them",
                names.of(to)
            ));
        };
        if assigned >= owned as i64 {
            return Err(format!("no {} seat left", names.of(to)));
        }
        if let Some((_, Some(n))) = self.0.get_mut(to) {
            *n += 1;
        }
        if let Some((_, Some(n))) = self.0.get_mut(from) {
            *n -= 1;
        }
        Ok(())
    }
}

/// The plan for `wishes`, made from the members' rows (each wish's member is looked up in `rows`).
pub fn plan(rows: &[&MemberRow], wishes: &[Wish], setting: &Setting) -> Plan {
    let by_name: HashMap<String, &MemberRow> = rows
        .iter()
        .map(|r| (r.member.username.to_lowercase(), *r))
        .collect();
    let mut plan = Plan::default();
    let mut planned = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for wish in wishes {
        let key = wish.username.to_lowercase();
        let made = match by_name.get(&key) {
            _ if !seen.insert(key.clone()) => Err("listed twice: changed once".into()),
            Some(row) => member_change(row, wish, setting),
            None => Err("not among the members read".into()),
        };
        match made {
            Ok(p) => planned.push(p),
            Err(why) => plan.refused.push((wish.username.clone(), why)),
        }
    }
    // Downgrades first, lower targets first; then upgrades, higher targets first — seats are freed before they
    // are taken. Unknown levels go last within their side.
    let rank = |p: &Planned| {
        let target = level(&p.change.user_type).map_or(u8::MAX, |l| l);
        let order = if p.change.upgrade {
            u8::MAX - target
        } else {
            target
        };
        (p.change.upgrade, order, p.change.user_type.clone())
    };
    planned.sort_by_cached_key(rank);
    let mut ledger = Ledger::new(setting.seats);
    for p in planned {
        match ledger.take(&p.from_type, &p.change.user_type, setting.names) {
            Ok(()) => plan.changes.push(p),
            Err(why) => plan.refused.push((p.change.username.clone(), why)),
        }
    }
    plan.seats = setting
        .seats
        .iter()
        .map(|t| SeatsMoved {
            id: t.id.clone(),
            owned: t.owned,
            before: t.assigned,
            after: ledger.0.get(&t.id).and_then(|(_, a)| *a),
        })
        .collect();
    plan
}
