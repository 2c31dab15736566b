//! Success is recognised, never assumed: every operation that changes the portal, fed answers that are not its
//! documented success.

use super::*;

#[test]
fn only_the_documented_answer_is_success() {
    for body in [
        &b"{}"[..],
        b"null",
        br#"{"success":false}"#,
        br#"{"status":"failed"}"#,
        br#"{"error":"text"}"#,
    ] {
        let s = setup(vec![ok(body)], None);
        let result = run(s.client.release_license("u", LicensedApp::Pro));
        assert!(
            matches!(result, Err(PortalError::Unexpected { .. })),
            "{}: {result:?}",
            String::from_utf8_lossy(body)
        );
    }
    let s = setup(
        vec![ok(br#"{"status":"success","recheckAfterSeconds":20}"#)],
        None,
    );
    let manager = LicenseManagerInput {
        primary: "lm1.example.com".into(),
        backup: String::new(),
        port: "27000".into(),
    };
    assert_eq!(
        run(s.client.update_license_manager(&manager))
            .unwrap()
            .recheck_after_seconds,
        Some(20)
    );
}

/// One member to Viewer, with a role change first where `role` says.
fn seat_change(role: Option<&str>) -> crate::portal::SeatChange {
    crate::portal::SeatChange {
        username: "u".into(),
        user_type: "viewerUT".into(),
        upgrade: false,
        release: vec![],
        revoke: vec![],
        role: role.map(str::to_owned),
        grant: vec![],
    }
}

/// The same as `setup`, with the session on a portal of `deployment`.
fn setup_on(deployment: Deployment, answers: Vec<Answer>) -> Setup {
    let s = setup(answers, None);
    if let Some(session) = s.admin.session.borrow_mut().as_mut() {
        session.portal.deployment = deployment;
    }
    s
}

#[test]
fn no_operation_takes_an_answer_that_is_not_its_success_for_one() {
    let page = b"<!DOCTYPE html><html><title>Sign in</title></html>";
    let manager = LicenseManagerInput {
        primary: "lm1.example.com".into(),
        backup: String::new(),
        port: "27000".into(),
    };
    let kubernetes = Deployment::Kubernetes {
        org_id: "0123456789ABCDEF".into(),
    };
    let never = Run {
        sent: &|_, _| {},
        stopped: &|| false,
    };
    for body in [&b"{}"[..], br#"{"success":false}"#, page] {
        let shown = String::from_utf8_lossy(body);
        let k8s = setup_on(kubernetes.clone(), vec![ok(body); 15]);
        let classic = setup_on(Deployment::Classic { legacy: false }, vec![ok(body)]);
        let legacy = setup_on(Deployment::Classic { legacy: true }, vec![ok(body); 2]);
        let (c, p, l) = (&k8s.client, &classic.client, &legacy.client);
        let outcomes: Vec<(&str, bool)> = vec![
            (
                "release",
                run(c.release_license("u", LicensedApp::Pro)).is_ok(),
            ),
            (
                "server import",
                run(c.import_server_licenses(vec![Picked("a.ecp")], false))
                    .is_ok_and(|r| r.iter().all(|(_, r)| r.is_ok())),
            ),
            (
                "validate",
                run(c.validate_license(Some(Picked("l.json")))).is_ok(),
            ),
            (
                "import",
                run(c.import_license(Some(Picked("l.json")))).is_ok(),
            ),
            (
                "license manager",
                run(c.update_license_manager(&manager)).is_ok(),
            ),
            ("geodatabase", run(c.geodatabase_license()).is_ok()),
            ("url check", run(c.validate_url()) == Ok(UrlCheck::Matches)),
            (
                "revoke",
                run(c.revoke_app("i1", &[("u".into(), Some(false))], &never))
                    .iter()
                    .all(|(_, r)| r.is_ok()),
            ),
            (
                "release several",
                run(c.release_licenses(&[("u".into(), LicensedApp::Pro)], &never))
                    .iter()
                    .all(|(_, r)| r.is_ok()),
            ),
            (
                "offline policy",
                run(c.set_offline_allowed("i1", false)).is_ok(),
            ),
            (
                "user type",
                run(c.apply_seat_changes(&[seat_change(None)], &never))
                    .iter()
                    .all(|(_, answers)| answers.iter().all(|(_, r)| r.is_ok())),
            ),
            (
                "role, then user type",
                run(c.apply_seat_changes(&[seat_change(Some("iAAAAAAAAAAAAAAA"))], &never))
                    .iter()
                    .any(|(_, answers)| answers.iter().any(|(_, r)| r.is_ok())),
            ),
            (
                "new history item",
                run(c.add_item("t", "License History", "{}".into())).is_ok(),
            ),
            (
                "history item replaced",
                run(c.update_item("i1", "{}".into())).is_ok(),
            ),
            ("history shared", run(c.share_item("i1", "g1")).is_ok()),
            ("populate", run(p.populate_license()).is_ok()),
            (
                "entitlements import",
                run(l.import_entitlements(Some(Picked("e.json")), "x")).is_ok(),
            ),
            ("remove all", run(l.remove_all_entitlements("x")).is_ok()),
        ];
        for (operation, succeeded) in outcomes {
            assert!(!succeeded, "{operation} took {shown} as success");
        }
        // Every operation reached the portal: refused for its answer, not for want of a request.
        let sent = |s: &Setup| s.transport.sent.borrow().len();
        assert_eq!((sent(&k8s), sent(&classic), sent(&legacy)), (15, 1, 2));
    }
}
