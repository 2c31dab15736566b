//! The planner: seats never over at any step, downgrades before upgrades, roles and add-ons that fit, the swap
//! with no spare seat, and the way back from a record.

use proptest::prelude::*;

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
    MemberRow {
        member: MemberRecord {
            username: name.into(),
            full_name: format!("Full {name}"),
            user_type: user_type.into(),
            role: base.into(),
            role_id: id,
            last_sign_in: LastSignIn::Never,
        },
        record_read: true,
        holdings: vec![
            pro.map(|offline| Holding {
                entitlements: vec!["desktopAdvN".into()],
                offline: Some(offline),
                last_sign_in: LastSignIn::Never,
            }),
            None,
        ],
    }
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
fn the_role_asked_for_must_fit_and_unknown_rules_are_left_to_the_portal() {
    let rows = vec![
        row("pub", "creatorUT", "org_publisher", None),
        row("user", "creatorUT", "org_user", None),
    ];
    let wishes = to_type(&rows.iter().collect::<Vec<_>>(), "editorUT");
    let plan = planned(
        &rows,
        &wishes,
        &seats(&rows, &[("editorUT", 5)]),
        Some(DATA_EDITOR_ROLE),
    );
    let publisher = &plan
        .changes
        .iter()
        .find(|p| p.change.username == "pub")
        .unwrap()
        .change;
    assert_eq!(
        publisher.role.as_deref(),
        Some(DATA_EDITOR_ROLE),
        "a Publisher cannot be a Contributor"
    );
    let user = &plan
        .changes
        .iter()
        .find(|p| p.change.username == "user")
        .unwrap()
        .change;
    assert_eq!(user.role, None, "the User role fits Contributor: kept");
    let to_viewer = to_type(&rows.iter().collect::<Vec<_>>(), "viewerUT");
    let refused = planned(
        &rows,
        &to_viewer,
        &seats(&rows, &[("viewerUT", 5)]),
        Some(DATA_EDITOR_ROLE),
    );
    assert!(refused.changes.is_empty());
    assert!(
        refused.refused[0]
            .1
            .contains("Data Editor is not allowed for Viewer"),
        "{:?}",
        refused.refused
    );
    let mut drone = row("drone", "creatorUT", "org_user", None);
    drone.holdings[1] = Some(Holding {
        entitlements: vec!["drone2mapStdN".into()],
        offline: Some(false),
        last_sign_in: LastSignIn::Never,
    });
    let plan = planned(
        &[drone.clone()],
        &to_type(&[&drone], "viewerUT"),
        &seats(&[drone.clone()], &[("viewerUT", 1)]),
        None,
    );
    assert!(
        plan.changes[0].notes[0].contains("the portal decides"),
        "Drone2Map is not revoked on a guess"
    );
    assert!(plan.changes[0].change.revoke.is_empty());
    let asked = planned_with(
        &[drone.clone()],
        &to_type(&[&drone], "viewerUT"),
        &seats(&[drone.clone()], &[("viewerUT", 1)]),
        None,
        true,
    );
    assert_eq!(
        asked.changes[0].change.revoke,
        [(D2M_ITEM.to_owned(), Some(false))],
        "revoked when asked"
    );
    assert!(asked.changes[0].notes.is_empty());
    let custom = Role {
        id: "c1".into(),
        name: "Analyst".into(),
        privileges: Some(vec!["portal:user:createItem".into()]),
    };
    assert_eq!(fits(&custom, "editorUT"), Fit::Yes);
    assert_eq!(fits(&custom, "viewerUT"), Fit::No);
    let unknown = Role {
        id: "c2".into(),
        name: "Unlisted".into(),
        privileges: None,
    };
    assert_eq!(fits(&unknown, "editorUT"), Fit::Unknown);
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

#[test]
fn undo_from_the_record_restores_types_roles_and_pro() {
    let start = vec![
        row("a", "creatorUT", "org_publisher", Some(true)),
        row("b", "creatorUT", "org_user", None),
        row("c", "creatorUT", "org_user", Some(false)),
    ];
    let mut seats = seats(&start, &[("viewerUT", 3)]);
    let plan = planned(
        &start,
        &to_type(&start.iter().collect::<Vec<_>>(), "viewerUT"),
        &seats,
        None,
    );
    let mut now = start.clone();
    apply(&mut now, &mut seats, &plan.seat_changes());
    let saved = record(
        &plan,
        &everyone_done(&plan),
        "https://gis.example.com/portal",
        "2026-11-30T04:00:00Z",
    );
    let loaded = Applied::parse(&saved.to_json()).unwrap();
    assert_eq!(loaded, saved, "the file reads back as written");
    let back = planned(&now, &way_back(&loaded), &seats, None);
    assert!(back.refused.is_empty(), "{:?}", back.refused);
    assert!(back.changes.iter().all(|p| p.change.upgrade));
    apply(&mut now, &mut seats, &back.seat_changes());
    for (was, is) in start.iter().zip(&now) {
        assert_eq!(is.member.user_type, was.member.user_type);
        assert_eq!(is.member.role_key(), was.member.role_key());
        assert_eq!(
            is.holdings[0].as_ref().map(|h| &h.entitlements),
            was.holdings[0].as_ref().map(|h| &h.entitlements)
        );
    }
    assert!(Applied::parse("{\"kind\":\"other\"}").is_err());
    assert!(Applied::parse("<html>").is_err());
}

/// Members, spare seats per type, the members picked, and the type picked.
type Organization = (Vec<MemberRow>, Vec<(usize, u64)>, Vec<usize>, usize);

fn organization() -> impl Strategy<Value = Organization> {
    let member = (
        0..TYPES.len(),
        0..ROLES.len(),
        prop::option::of(any::<bool>()),
    );
    (
        prop::collection::vec(member, 1..40),
        prop::collection::vec((0..TYPES.len(), 0u64..4), 0..5),
        prop::collection::vec(0usize..40, 0..40),
        0..TYPES.len(),
    )
        .prop_map(|(members, spare, picks, target)| {
            let rows = members
                .into_iter()
                .enumerate()
                .map(|(i, (t, r, pro))| {
                    // Members hold roles their type allows, and Pro only where the type includes it.
                    let roles = known_roles();
                    let role = if fits(&role_of(&roles, ROLES[r]), TYPES[t]) == Fit::Yes {
                        ROLES[r]
                    } else {
                        VIEWER_ROLE
                    };
                    let pro = pro.filter(|_| includes_pro(TYPES[t]) == Some(true));
                    row(&format!("m{i}"), TYPES[t], role, pro)
                })
                .collect();
            (rows, spare, picks, target)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(300) })]

    #[test]
    fn no_type_is_ever_over_its_seats_at_any_step((rows, spare, picks, target) in organization(), swap_first in any::<bool>()) {
        let spare: Vec<(&str, u64)> = spare.iter().map(|(t, n)| (TYPES[*t], *n)).collect();
        let mut seats = seats(&rows, &spare);
        let picked: Vec<&MemberRow> = picks.iter().filter_map(|i| rows.get(*i)).collect();
        let mut wishes = to_type(&picked, TYPES[target]);
        if swap_first && rows.len() >= 2 {
            wishes = swap(&rows[0], &rows[1], &apps());
        }
        let plan = planned(&rows, &wishes, &seats, None);
        prop_assert_eq!(plan.changes.len() + plan.refused.len(), wishes.len());
        let ups = plan.changes.iter().skip_while(|p| !p.change.upgrade);
        prop_assert!(ups.clone().all(|p| p.change.upgrade), "every downgrade before any upgrade");
        for moved in &plan.seats {
            prop_assert!(moved.after.unwrap() <= moved.owned.unwrap() as i64 || moved.after <= moved.before.map(|b| b as i64));
        }
        let mut after = rows.clone();
        // `apply` asserts the seats, the roles and the add-ons at every step.
        apply(&mut after, &mut seats, &plan.seat_changes());
    }
}

#[test]
fn a_retry_joins_the_record_so_one_file_undoes_the_whole_change() {
    let start = vec![
        row("a", "creatorUT", "org_user", Some(false)),
        row("b", "creatorUT", "org_user", Some(false)),
    ];
    let seats = seats(&start, &[("viewerUT", 2)]);
    let plan = planned(
        &start,
        &to_type(&start.iter().collect::<Vec<_>>(), "viewerUT"),
        &seats,
        None,
    );
    let mut answers = everyone_done(&plan);
    let refused = crate::portal::PortalError::Rejected {
        code: None,
        message: "No.".into(),
        details: vec![],
    };
    answers[1].1.last_mut().unwrap().1 = Err(refused);
    let first = record(&plan, &answers, "p", "t1");
    assert_eq!(
        way_back(&first).len(),
        1,
        "only the member whose type changed goes back"
    );
    assert_eq!(
        first.members[1].answers.last().unwrap().message.as_deref(),
        Some("The portal refused the request: No.")
    );
    let again = retry(&first, &std::collections::HashSet::from(["b".to_owned()]));
    assert_eq!((again.len(), again[0].user_type.as_str()), (1, "viewerUT"));
    let retry_plan = planned(&start, &again, &seats, None);
    let retried = record(&retry_plan, &everyone_done(&retry_plan), "p", "t2");
    let whole = first.merge(&retried);
    assert_eq!(whole.members.len(), 2);
    let back = way_back(&whole);
    assert_eq!(back.len(), 2);
    assert_eq!(
        back[1].grant.len(),
        1,
        "Pro given back to the member retried"
    );
    assert_eq!(whole.members[1].before.user_type, "creatorUT");
}

#[test]
fn an_app_held_through_a_bundle_is_not_revoked_by_itself() {
    let mut apps = apps();
    apps.push(AppLicense {
        item_id: "bundle".into(),
        title: "Reality Mapping".into(),
        app: None,
        owned: vec![],
        bundle: true,
        bundled: Some(LicensedApp::Drone2Map),
        can_disconnect: None,
    });
    let mut member = row("b", "creatorUT", "org_user", None);
    let offline = Holding {
        entitlements: vec!["drone2mapAdvN".into()],
        offline: Some(true),
        last_sign_in: LastSignIn::Never,
    };
    member.holdings = vec![
        None,
        Some(offline),
        Some(Holding {
            entitlements: vec![],
            offline: None,
            last_sign_in: LastSignIn::Never,
        }),
    ];
    let (names, roles) = (TypeNames::default(), known_roles());
    let seats = seats(std::slice::from_ref(&member), &[("viewerUT", 1)]);
    let setting = Setting {
        seats: &seats,
        roles: &roles,
        apps: &apps,
        names: &names,
        me: "admin",
        misfit_role: None,
        revoke_other_apps: true,
    };
    let plan = plan(&[&member], &to_type(&[&member], "viewerUT"), &setting);
    let change = &plan.changes[0];
    assert!(
        change.change.revoke.is_empty() && change.change.release.is_empty(),
        "{:?}",
        change.change
    );
    assert!(
        change.notes[0].contains("Reality Mapping, an app bundle"),
        "{:?}",
        change.notes
    );
}
