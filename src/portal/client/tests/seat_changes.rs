//! Applying a plan: the order of its requests, a result per member from the portal's own `status`, nothing more
//! sent for a member whose step failed, and nothing at all after Stop.

use super::*;
use crate::portal::{SeatChange, SeatStep};

fn change(username: &str, user_type: &str, upgrade: bool) -> SeatChange {
    SeatChange {
        username: username.into(),
        user_type: user_type.into(),
        upgrade,
        release: vec![],
        revoke: vec![],
        role: None,
        grant: vec![],
    }
}

fn plan() -> Vec<SeatChange> {
    let a = SeatChange {
        release: vec![LicensedApp::Pro],
        revoke: vec![("pro".into(), Some(false))],
        role: Some("iAAAAAAAAAAAAAAA".into()),
        ..change("a", "viewerUT", false)
    };
    let b = SeatChange {
        revoke: vec![("pro".into(), Some(false))],
        ..change("b", "viewerUT", false)
    };
    let c = SeatChange {
        role: Some("org_publisher".into()),
        grant: vec![("pro".into(), vec!["desktopAdvN".into()])],
        ..change("c", "creatorUT", true)
    };
    vec![a, b, c]
}

const NEVER: Run = Run {
    sent: &|_, _| {},
    stopped: &|| false,
};

fn paths(s: &Setup) -> Vec<String> {
    s.transport
        .sent
        .borrow()
        .iter()
        .map(|r| r.url.rsplit('/').next().unwrap().to_owned())
        .collect()
}

#[test]
fn a_plan_goes_releases_revokes_roles_and_types_down_then_types_roles_and_add_ons_up() {
    let s = setup(
        vec![
            ok(SUCCESS),
            ok(br#"{"success":true}"#),
            ok(br#"{"success":true}"#),
            ok(br#"{"results":[{"username":"a","status":true},{"username":"b","status":false,"error":{"message":"No seat left."}}]}"#),
            ok(br#"{"results":[{"username":"c","status":true}]}"#),
            ok(br#"{"success":true}"#),
            ok(br#"{"success":true}"#),
        ],
        None,
    );
    let changes = plan();
    assert_eq!(crate::portal::requests_needed(&changes), 7);
    let results = run(s.client.apply_seat_changes(&changes, &NEVER));
    assert_eq!(
        paths(&s),
        [
            "releaseLicense",
            "provisionUserEntitlements",
            "updateUserRole",
            "updateUserLicenseType",
            "updateUserLicenseType",
            "updateUserRole",
            "provisionUserEntitlements"
        ]
    );
    let bodies = bodies(&s);
    assert!(
        bodies[1].contains("%22users%22%3A%5B%22a%22%2C%22b%22%5D"),
        "one revoke for both: {}",
        bodies[1]
    );
    assert!(
        bodies[3].starts_with("users=%5B%22a%22%2C%22b%22%5D&userLicenseType=viewerUT"),
        "{}",
        bodies[3]
    );
    let (a, b, c) = (&results[0].1, &results[1].1, &results[2].1);
    assert!(a.iter().all(|(_, r)| r.is_ok()));
    assert_eq!(b.last().unwrap().0, SeatStep::UserType("viewerUT".into()));
    assert!(
        matches!(&b.last().unwrap().1, Err(PortalError::Rejected { message, .. }) if message == "No seat left.")
    );
    assert_eq!(c.len(), 3);
    assert!(c.iter().all(|(_, r)| r.is_ok()));
}

#[test]
fn a_member_whose_step_fails_is_sent_nothing_more_and_stop_sends_nothing() {
    let page = &b"<html><body>Sign in</body></html>"[..];
    for refusal in [
        &b"{}"[..],
        br#"{"results":[{"status":false}]}"#,
        br#"{"error":{"code":400,"message":"Bad."}}"#,
        page,
    ] {
        let s = setup(vec![ok(SUCCESS), ok(refusal), ok(refusal)], None);
        let changes = plan();
        let results = run(s.client.apply_seat_changes(&changes[..1], &NEVER));
        let a = &results[0].1;
        assert!(a[0].1.is_ok(), "released");
        assert!(
            a[1].1.is_err(),
            "the revoke answered {}",
            String::from_utf8_lossy(refusal)
        );
        assert_eq!(a[2].1, Err(PortalError::Cancelled), "the role is not sent");
        assert_eq!(a[3].1, Err(PortalError::Cancelled), "nor the type");
        assert_eq!(s.transport.sent.borrow().len(), 2);
    }
    for refusal in [
        &b"{}"[..],
        br#"{"results":[{"status":false}]}"#,
        br#"{"error":{"code":400,"message":"Bad."}}"#,
        page,
    ] {
        let s = setup(vec![ok(refusal)], None);
        let results = run(s
            .client
            .apply_seat_changes(&[change("x", "viewerUT", false)], &NEVER));
        assert!(
            results[0].1[0].1.is_err(),
            "{} is no change",
            String::from_utf8_lossy(refusal)
        );
    }
    let s = setup(vec![], None);
    let stopped = Run {
        sent: &|_, _| {},
        stopped: &|| true,
    };
    let results = run(s.client.apply_seat_changes(&plan(), &stopped));
    assert!(results
        .iter()
        .flat_map(|(_, a)| a)
        .all(|(_, r)| *r == Err(PortalError::Cancelled)));
    assert!(s.transport.sent.borrow().is_empty());
}
