use super::*;
use crate::portal::MemberRecord;

const NOW: i64 = 1_790_000_000_000;

pub(crate) fn row(
    username: &str,
    last_login: Option<i64>,
    pro: Option<(&[&str], bool)>,
) -> MemberRow {
    MemberRow::new(
        MemberRecord {
            username: username.into(),
            full_name: format!("Full {username}"),
            user_type: "creatorUT".into(),
            role: "org_user".into(),
            role_id: None,
            last_sign_in: last_login.map_or(LastSignIn::Never, LastSignIn::At),
        },
        true,
        vec![pro.map(|(codes, offline)| Holding {
            entitlements: codes.iter().map(|c| (*c).to_owned()).collect(),
            offline: Some(offline),
            last_sign_in: LastSignIn::Unknown,
        })],
    )
}

pub(crate) fn pro() -> AppLicense {
    AppLicense {
        item_id: "p".into(),
        title: "ArcGIS Pro".into(),
        app: Some(crate::portal::LicensedApp::Pro),
        owned: vec![("desktopAdvN".into(), 2), ("spatialAnalystN".into(), 10)],
        bundle: false,
        bundled: None,
        can_disconnect: Some(true),
    }
}

#[test]
fn the_reclaim_list_is_who_has_not_signed_in_for_n_days_or_never() {
    let rows = vec![
        row(
            "recent",
            Some(NOW - 10 * DAY_MS),
            Some((&["desktopAdvN"], false)),
        ),
        row(
            "idle",
            Some(NOW - 200 * DAY_MS),
            Some((&["desktopAdvN"], false)),
        ),
        row("never", None, None),
        MemberRow {
            member: MemberRecord {
                last_sign_in: LastSignIn::Unknown,
                ..row("unknown", None, None).member
            },
            ..row("unknown", None, None)
        },
    ];
    let reclaim = Filter {
        app: Some(0),
        idle_days: Some(DEFAULT_IDLE_DAYS),
        ..Filter::default()
    };
    assert_eq!(reclaim.apply(&rows, NOW), vec![1]);
    let idle_only = Filter {
        idle_days: Some(90),
        ..Filter::default()
    };
    assert_eq!(idle_only.apply(&rows, NOW), vec![1, 2]);
    let find = Filter {
        find: "FULL NEV".into(),
        ..Filter::default()
    };
    assert_eq!(find.apply(&rows, NOW), vec![2]);
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #[test]
    fn contains_answers_as_str_contains(text in "[a-cé ]{0,12}", find in "[a-cé]{0,4}") {
        proptest::prop_assert_eq!(contains(&text, &find), text.contains(find.as_str()));
    }
}

#[test]
fn find_ignores_case_in_any_script_in_username_or_full_name_not_across_them() {
    let named = |username: &str, full_name: &str| {
        let mut member = row(username, None, None).member;
        member.full_name = full_name.into();
        MemberRow::new(member, true, vec![None])
    };
    let rows = [
        named("Member12", "Åsa Öberg"),
        named("olstrup", "ØLSTRUP Élise"),
        named("member", "Any One"),
    ];
    let found = |find: &str| {
        let filter = Filter {
            find: find.into(),
            ..Filter::default()
        };
        filter.apply(&rows, NOW)
    };
    assert_eq!(found("member1"), vec![0]);
    assert_eq!(found("  ÅSA "), vec![0]);
    assert_eq!(found("øl"), vec![1]);
    assert_eq!(found("élise"), vec![1]);
    assert_eq!(found("elise"), Vec::<usize>::new());
    assert_eq!(found("members"), Vec::<usize>::new());
    assert_eq!(found("member"), vec![0, 2]);
    // The username's end and the full name's start are not one text.
    assert_eq!(found("12åsa"), Vec::<usize>::new());
    assert_eq!(found("12 åsa"), Vec::<usize>::new());
    assert_eq!(found(""), vec![0, 1, 2]);
}

#[test]
fn seats_count_holders_and_flag_over_assignment() {
    let rows = vec![
        row(
            "a",
            None,
            Some((&["desktopAdvN", "spatialAnalystN"], false)),
        ),
        row("b", None, Some((&["desktopAdvN"], true))),
        row("c", None, Some((&["desktopAdvN", "3DAnalystN"], false))),
    ];
    let seats = seats(&[pro()], &rows);
    let of = |code: &str| seats.iter().find(|s| s.code == code).unwrap().clone();
    assert_eq!(
        (of("desktopAdvN").assigned, of("desktopAdvN").owned),
        (3, 2)
    );
    assert!(of("desktopAdvN").over());
    assert_eq!(of("desktopAdvN").left(), -1);
    assert_eq!(of("3DAnalystN").owned, 0, "held but not owned");
    assert!(!of("spatialAnalystN").nearly_full());
    assert_eq!(
        of("desktopAdvN").fullness(),
        Some("more assigned than owned")
    );
    assert_eq!(of("spatialAnalystN").fullness(), None);
    let offline = Filter {
        offline: true,
        ..Filter::default()
    };
    assert_eq!(offline.apply(&rows, NOW), vec![1]);
}

#[test]
fn a_user_type_is_named_as_the_portal_names_it() {
    let names = TypeNames::new([(
        "GISProfessionalAdvUT".to_owned(),
        "Professional Plus".to_owned(),
    )]);
    assert_eq!(names.of("GISProfessionalAdvUT"), "Professional Plus");
    assert_eq!(
        names.of("creatorUT"),
        "Creator",
        "the console's name where the portal gave none"
    );
    assert_eq!(names.of("newKindUT"), "newKindUT");
    assert_eq!(names.of(""), "not said");
}

#[test]
fn csv_has_a_column_per_app_and_defuses_formulas() {
    let mut evil = row(
        "=cmd",
        None,
        Some((&["desktopAdvN", "spatialAnalystN"], true)),
    );
    evil.member.full_name = "Smith, Jo".into();
    let csv = to_csv(
        &[pro()],
        &[&evil, &row("plain", Some(NOW), None)],
        &TypeNames::default(),
        &crate::portal::known_roles(),
    );
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "username,full name,user type,role,last sign-in,ArcGIS Pro"
    );
    assert_eq!(
        lines[1],
        "'=cmd,\"Smith, Jo\",Creator,User,never,Pro Advanced · Spatial Analyst (offline)"
    );
    assert!(lines[2].starts_with("plain,Full plain,Creator,User,20"));
}
