//! What a member may hold as their new type: the role asked for must fit, rules the API does not give are left
//! to the portal, and what an app bundle brings is the bundle's.

use super::*;

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
