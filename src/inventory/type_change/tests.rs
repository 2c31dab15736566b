//! The planner: seats never over at any step, downgrades before upgrades, roles and add-ons that fit, the swap
//! with no spare seat, and the way back from a record.

use super::*;
use crate::inventory::members::TypeNames;
use crate::portal::{
    known_roles, Holding, LastSignIn, MemberRecord, Role, SeatChange, SeatStep, UserTypeSeats,
    DATA_EDITOR_ROLE, VIEWER_ROLE,
};

const PRO_ITEM: &str = "pro-item";
const D2M_ITEM: &str = "d2m-item";
const TYPES: [&str; 5] = [
    "viewerUT",
    "editorUT",
    "creatorUT",
    "GISProfessionalStdUT",
    "GISProfessionalAdvUT",
];
const ROLES: [&str; 5] = [
    VIEWER_ROLE,
    DATA_EDITOR_ROLE,
    "org_user",
    "org_publisher",
    "org_admin",
];

fn apps() -> Vec<AppLicense> {
    let app = |item: &str, title: &str, app| AppLicense {
        item_id: item.into(),
        title: title.into(),
        app,
        owned: vec![],
        bundle: false,
        bundled: None,
        can_disconnect: Some(true),
    };
    vec![
        app(PRO_ITEM, "ArcGIS Pro", Some(LicensedApp::Pro)),
        app(D2M_ITEM, "ArcGIS Drone2Map", Some(LicensedApp::Drone2Map)),
    ]
}

/// A member of `user_type` with `role`, holding Pro (offline or not) where asked.
fn row(name: &str, user_type: &str, role: &str, pro: Option<bool>) -> MemberRow {
    let (base, id) = match role {
        "org_user" | "org_publisher" | "org_admin" => (role, None),
        custom => ("org_user", Some(custom.to_owned())),
    };
    MemberRow::new(
        MemberRecord {
            username: name.into(),
            full_name: format!("Full {name}"),
            user_type: user_type.into(),
            role: base.into(),
            role_id: id,
            last_sign_in: LastSignIn::Never,
        },
        true,
        vec![
            pro.map(|offline| Holding {
                entitlements: vec!["desktopAdvN".into()],
                offline: Some(offline),
                last_sign_in: LastSignIn::Never,
            }),
            None,
        ],
    )
}

fn seats(rows: &[MemberRow], spare: &[(&str, u64)]) -> Vec<UserTypeSeats> {
    TYPES
        .iter()
        .map(|t| {
            let assigned = rows.iter().filter(|r| r.member.user_type == *t).count() as u64;
            let extra = spare.iter().find(|(s, _)| s == t).map_or(0, |(_, n)| *n);
            UserTypeSeats {
                id: (*t).into(),
                name: None,
                owned: Some(assigned + extra),
                assigned: Some(assigned),
            }
        })
        .collect()
}

fn planned(
    rows: &[MemberRow],
    wishes: &[Wish],
    seats: &[UserTypeSeats],
    misfit_role: Option<&str>,
) -> Plan {
    planned_with(rows, wishes, seats, misfit_role, false)
}

fn planned_with(
    rows: &[MemberRow],
    wishes: &[Wish],
    seats: &[UserTypeSeats],
    misfit_role: Option<&str>,
    revoke_other_apps: bool,
) -> Plan {
    let names = TypeNames::default();
    let roles = known_roles();
    let apps = apps();
    let setting = Setting {
        seats,
        roles: &roles,
        apps: &apps,
        names: &names,
        me: "admin",
        misfit_role,
        revoke_other_apps,
    };
    plan(&rows.iter().collect::<Vec<_>>(), wishes, &setting)
}

/// The portal as the tests see it: applies each change's steps to the rows, refusing a type past its seats.
fn apply(rows: &mut [MemberRow], seats: &mut [UserTypeSeats], changes: &[SeatChange]) {
    let apps = apps();
    let index = |item: &str| apps.iter().position(|a| a.item_id == item).unwrap();
    for change in changes {
        let row = rows
            .iter_mut()
            .find(|r| r.member.username == change.username)
            .unwrap();
        for step in change.steps() {
            match step {
                SeatStep::Release(_) => {
                    if let Some(h) = row.holdings[0].as_mut() {
                        h.offline = Some(false);
                    }
                }
                SeatStep::Revoke(item) => {
                    let held = row.holdings[index(&item)]
                        .take()
                        .expect("revokes only what is held");
                    assert_ne!(
                        held.offline,
                        Some(true),
                        "an offline license is released before it is revoked"
                    );
                }
                SeatStep::Role(role) => {
                    let known = ["org_user", "org_publisher", "org_admin"].contains(&role.as_str());
                    row.member.role = if known {
                        role.clone()
                    } else {
                        "org_user".into()
                    };
                    row.member.role_id = (!known).then_some(role);
                }
                SeatStep::UserType(to) => {
                    let roles = known_roles();
                    let role = role_of(&roles, row.member.role_key());
                    assert_ne!(
                        fits(&role, &to),
                        Fit::No,
                        "{} holds a role {to} allows",
                        change.username
                    );
                    let target = seats.iter_mut().find(|s| s.id == to).unwrap();
                    target.assigned = Some(target.assigned.unwrap() + 1);
                    assert!(
                        target.assigned <= target.owned,
                        "{to} over its seats when {} moved",
                        change.username
                    );
                    let from = seats
                        .iter_mut()
                        .find(|s| s.id == row.member.user_type)
                        .unwrap();
                    from.assigned = Some(from.assigned.unwrap() - 1);
                    row.member.user_type = to;
                }
                SeatStep::Grant(item) => {
                    let entitlements = change
                        .grant
                        .iter()
                        .find(|(i, _)| *i == item)
                        .unwrap()
                        .1
                        .clone();
                    let offline = Some(false);
                    row.holdings[index(&item)] = Some(Holding {
                        entitlements,
                        offline,
                        last_sign_in: LastSignIn::Never,
                    });
                }
            }
        }
        if includes_pro(&row.member.user_type) == Some(false) {
            assert!(
                row.holdings[0].is_none(),
                "{} holds Pro as a type without it",
                change.username
            );
        }
    }
}

fn everyone_done(plan: &Plan) -> Vec<(String, crate::portal::StepAnswers)> {
    plan.changes
        .iter()
        .map(|p| {
            (
                p.change.username.clone(),
                p.change.steps().into_iter().map(|s| (s, Ok(()))).collect(),
            )
        })
        .collect()
}

#[test]
fn a_downgrade_releases_revokes_and_changes_the_role_before_the_type() {
    let rows = vec![
        row("offline", "creatorUT", "org_user", Some(true)),
        row("publisher", "creatorUT", "org_publisher", None),
        row("pro", "creatorUT", "org_user", Some(false)),
        row("admin", "creatorUT", "org_admin", Some(false)),
        row("viewer", "viewerUT", VIEWER_ROLE, None),
    ];
    let plan = planned(
        &rows,
        &to_type(&rows.iter().collect::<Vec<_>>(), "viewerUT"),
        &seats(&rows, &[("viewerUT", 5)]),
        None,
    );
    assert_eq!(plan.changes.len(), 3);
    let offline = &plan
        .changes
        .iter()
        .find(|p| p.change.username == "offline")
        .unwrap()
        .change;
    assert_eq!(offline.release, [LicensedApp::Pro]);
    assert_eq!(
        offline.revoke,
        [(PRO_ITEM.to_owned(), Some(false))],
        "released first, then revoked with the others"
    );
    assert_eq!(
        offline.role.as_deref(),
        Some(VIEWER_ROLE),
        "the least privileged role that fits"
    );
    assert!(!offline.upgrade);
    let reasons: Vec<&str> = plan.refused.iter().map(|(_, why)| why.as_str()).collect();
    assert!(reasons[0].starts_with("your own account"), "{reasons:?}");
    assert_eq!(reasons[1], "already Viewer");
    let viewer = plan.seats.iter().find(|s| s.id == "viewerUT").unwrap();
    assert_eq!((viewer.before, viewer.after), (Some(1), Some(4)));
    let names = TypeNames::default();
    let words = steps_in_words(offline_planned(&plan), &known_roles(), &names);
    assert_eq!(
        words,
        [
            "Release the offline ArcGIS Pro license",
            "Revoke ArcGIS Pro (desktopAdvN)",
            "Role User → Viewer",
            "User type Creator → Viewer"
        ]
    );
    assert_eq!(
        question(&plan, &names),
        "Change the user type of 3 members: 3 to Viewer? Full offline, Full publisher, Full pro. ArcGIS Pro is \
         revoked from 2 members; 1 offline license is released first; the role of 3 members changes. Changes take \
         effect at each member's next sign-in."
    );
}

fn offline_planned(plan: &Plan) -> &Planned {
    plan.changes
        .iter()
        .find(|p| p.change.username == "offline")
        .unwrap()
}

#[test]
fn a_swap_works_with_no_spare_seat_in_the_type_moved_up_to() {
    let rows = vec![
        row("pro", "GISProfessionalAdvUT", "org_publisher", Some(false)),
        row("viewer", "viewerUT", VIEWER_ROLE, None),
    ];
    // Professional Plus has no spare seat; Viewer one (a member moving down needs a seat there).
    let mut seats = seats(&rows, &[("viewerUT", 1)]);
    let wishes = swap(&rows[1], &rows[0], &apps());
    let plan = planned(&rows, &wishes, &seats, None);
    assert!(plan.refused.is_empty(), "{:?}", plan.refused);
    assert_eq!(
        plan.changes[0].change.username, "pro",
        "the downgrade goes first"
    );
    assert_eq!(
        plan.changes[1].change.grant,
        [(PRO_ITEM.to_owned(), vec!["desktopAdvN".to_owned()])]
    );
    let mut after = rows.clone();
    apply(&mut after, &mut seats, &plan.seat_changes());
    assert_eq!(after[0].member.user_type, "viewerUT");
    assert_eq!(after[1].member.user_type, "GISProfessionalAdvUT");
    assert_eq!(after[1].member.role, "org_publisher");
    assert!(after[1].holdings[0].is_some(), "Pro followed the seat");
    // Upgrade first would have needed a spare seat: the same changes, upgrade first, are refused.
    let up_only = planned(&rows, &wishes[..1], &seats, None);
    assert!(up_only.changes.is_empty() && up_only.refused[0].1.contains("no"));
}

mod fit;
mod record;
mod seats;
