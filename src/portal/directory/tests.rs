//! The directory's rules: rows, last sign-in, offline licenses and completeness.

use super::*;

fn member(name: &str, last: LastSignIn) -> MemberRecord {
    MemberRecord {
        username: name.into(),
        full_name: String::new(),
        user_type: "creatorUT".into(),
        role: "org_user".into(),
        role_id: None,
        last_sign_in: last,
    }
}

fn holding(offline: Option<bool>, last: LastSignIn) -> Holding {
    Holding {
        entitlements: vec!["desktopAdvN".into()],
        offline,
        last_sign_in: last,
    }
}

fn pro() -> AppLicense {
    AppLicense {
        item_id: "p".into(),
        title: "ArcGIS Pro".into(),
        app: Some(LicensedApp::Pro),
        owned: vec![],
        bundle: false,
        bundled: None,
        can_disconnect: Some(true),
    }
}

#[test]
fn a_holder_whose_record_was_not_read_keeps_the_listings_last_sign_in() {
    let mut dir = Directory {
        apps: vec![pro()],
        holders: vec![Holders::default()],
        ..Directory::default()
    };
    dir.add_members(vec![
        member("Ana", LastSignIn::At(5)),
        member("ben", LastSignIn::Unknown),
    ]);
    dir.add_holders(
        0,
        vec![
            ("ana".into(), holding(Some(false), LastSignIn::At(9))),
            ("ben".into(), holding(Some(true), LastSignIn::Never)),
            ("Zoe".into(), holding(None, LastSignIn::At(7))),
            ("yan".into(), holding(Some(true), LastSignIn::Unknown)),
        ],
    );
    let rows = dir.rows();
    let names: Vec<&str> = rows.iter().map(|r| r.member.username.as_str()).collect();
    assert_eq!(names, ["Ana", "ben", "yan", "zoe"]);
    assert_eq!(
        rows[0].member.last_sign_in,
        LastSignIn::At(5),
        "the record first"
    );
    assert_eq!(
        rows[1].member.last_sign_in,
        LastSignIn::Never,
        "else the listing"
    );
    assert!(!rows[2].record_read);
    assert_eq!(
        rows[2].member.last_sign_in,
        LastSignIn::Unknown,
        "unknown, not never"
    );
    assert_eq!(rows[3].member.last_sign_in, LastSignIn::At(7));
    let offline = dir.offline_licenses();
    let who: Vec<&str> = offline.iter().map(|o| o.username.as_str()).collect();
    assert_eq!(who, ["ben", "yan"]);
    assert_eq!(dir.offline_unknown(), 1, "zoe's answer did not say");
}

#[test]
fn completeness_says_what_is_missing() {
    let mut dir = Directory {
        apps: vec![pro()],
        holders: vec![Holders {
            total: Some(3),
            ..Holders::default()
        }],
        members_total: Some(3),
        ..Directory::default()
    };
    dir.add_members(vec![
        member("a", LastSignIn::Never),
        member("b", LastSignIn::Never),
    ]);
    dir.add_holders(
        0,
        vec![("a".into(), holding(Some(false), LastSignIn::Never))],
    );
    let c = dir.completeness();
    assert!(!c.members_complete());
    assert!(!c.holders_complete(0));
    assert_eq!(
        c.to_look_up,
        vec![1],
        "b is not in the listing and not looked up"
    );
    dir.take_look_up(0, "B", None);
    assert_eq!(dir.completeness().to_look_up, vec![0]);
    dir.note_limit(Limit::SortIgnored);
    dir.note_limit(Limit::SortIgnored);
    assert_eq!(dir.completeness().limits, vec![Limit::SortIgnored]);
    let holders_only = Directory::default().completeness();
    assert!(holders_only.members_complete(), "no member list asked for");
}

#[test]
fn a_bundle_member_also_in_the_apps_listing_is_counted_once_and_not_looked_up() {
    let drone2map = AppLicense {
        item_id: "d".into(),
        title: "ArcGIS Drone2Map".into(),
        app: Some(LicensedApp::Drone2Map),
        ..pro()
    };
    let bundle = AppLicense {
        item_id: "b".into(),
        title: "ArcGIS Reality Mapping".into(),
        app: None,
        bundle: true,
        bundled: Some(LicensedApp::Drone2Map),
        ..pro()
    };
    let mut dir = Directory {
        apps: vec![drone2map, bundle],
        holders: vec![Holders::default(), Holders::default()],
        ..Directory::default()
    };
    dir.add_holders(
        0,
        vec![("both".into(), holding(Some(true), LastSignIn::Never))],
    );
    dir.add_bundle_members(
        1,
        vec![
            member("Both", LastSignIn::Never),
            member("only", LastSignIn::Never),
        ],
    );
    assert_eq!(
        dir.bundle_members_to_look_up(),
        vec![(0, vec!["only".to_owned()])]
    );
    let rows = dir.rows();
    assert_eq!(rows.len(), 2, "one row each");
    assert_eq!(dir.offline_licenses().len(), 1, "held offline once");
}
