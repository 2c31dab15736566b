//! The record of an applied plan: read back as written, the way back restores the start, a retry joins it.

use super::*;

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
fn a_member_stopped_part_way_is_named_with_what_was_done() {
    use crate::portal::{PortalError, SeatStep};
    let refused = PortalError::Rejected {
        code: None,
        message: "No.".into(),
        details: vec![],
    };
    let results = vec![
        (
            "a".to_owned(),
            vec![
                (SeatStep::Role("r".into()), Ok(())),
                (SeatStep::UserType("t".into()), Err(refused)),
            ],
        ),
        (
            "b".to_owned(),
            vec![(SeatStep::UserType("t".into()), Err(PortalError::Cancelled))],
        ),
        (
            "c".to_owned(),
            vec![(SeatStep::UserType("t".into()), Ok(()))],
        ),
    ];
    let shown = outcomes(&results);
    assert_eq!(shown[0].0, "a (role changed before this)");
    assert!(shown[0].1.is_err());
    assert_eq!(
        (shown[1].0.as_str(), &shown[1].1),
        ("b", &Err(PortalError::Cancelled))
    );
    assert_eq!((shown[2].0.as_str(), &shown[2].1), ("c", &Ok(())));
    assert_eq!(member_of(&shown[0].0), "a");
}
