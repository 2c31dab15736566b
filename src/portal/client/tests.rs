//! The call path with a recording stand-in for the transport and for the signed-in administrator.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::task::{Context, Poll, Waker};

use super::*;
use crate::portal::endpoints::{Deployment, PortalUrl};
use crate::portal::input::InputError;
use crate::portal::request::Field;

const EXPIRED: &[u8] = br#"{"error":{"code":498,"message":"Invalid token.","details":[]}}"#;
const SUCCESS: &[u8] = br#"{"status":"success"}"#;

/// What the transport hands back: the status and body, or why there is none.
type Answer = Result<(u16, Vec<u8>), PortalError>;

/// A picked file, as far as the client cares.
#[derive(Clone, Debug, PartialEq)]
struct Picked(&'static str);

impl UploadFile for Picked {
    fn file_name(&self) -> String {
        self.0.into()
    }
    fn byte_size(&self) -> f64 {
        2048.0
    }
}

/// Records every request and answers from a queue.
#[derive(Default)]
struct Recording {
    sent: RefCell<Vec<Request<Picked>>>,
    answers: RefCell<VecDeque<Answer>>,
}

impl Transport<Picked> for Recording {
    fn send<'a>(
        &'a self,
        request: &'a Request<Picked>,
    ) -> LocalFuture<'a, Result<(u16, Vec<u8>), PortalError>> {
        self.sent.borrow_mut().push(request.clone());
        let answer = self
            .answers
            .borrow_mut()
            .pop_front()
            .unwrap_or(Err(PortalError::Network {
                detail: "no answer queued".into(),
                cross_origin: false,
            }));
        Box::pin(std::future::ready(answer))
    }
}

/// An administrator who signs in again as `renewed` when asked, or signs out if that is `None`.
struct Administrator {
    session: RefCell<Option<Session>>,
    renewed: Option<Session>,
    asked_to_sign_in: Cell<u32>,
    versions: RefCell<Vec<String>>,
}

impl Identity for Administrator {
    fn session(&self) -> Option<Session> {
        self.session.borrow().clone()
    }
    fn session_ended(&self, _why: PortalError) {
        self.asked_to_sign_in.set(self.asked_to_sign_in.get() + 1);
    }
    fn next_session(&self) -> LocalFuture<'static, Option<Session>> {
        *self.session.borrow_mut() = self.renewed.clone();
        Box::pin(std::future::ready(self.renewed.clone()))
    }
    fn license_reported(&self, reported: Reported) {
        self.versions.borrow_mut().extend(reported.version);
    }
}

fn session(token: &str) -> Session {
    Session {
        portal: Portal {
            url: PortalUrl::parse("https://gis.example.com/arcgis").unwrap(),
            deployment: Deployment::Kubernetes {
                org_id: "0123456789ABCDEF".into(),
            },
        },
        username: "admin".into(),
        token: token.into(),
        expires: i64::MAX,
        oauth: None,
    }
}

struct Setup {
    client: Client<Picked>,
    transport: Rc<Recording>,
    admin: Rc<Administrator>,
}

fn setup(answers: Vec<Answer>, renewed: Option<&str>) -> Setup {
    let transport = Rc::new(Recording {
        answers: RefCell::new(answers.into()),
        ..Recording::default()
    });
    let admin = Rc::new(Administrator {
        session: RefCell::new(Some(session("t1"))),
        renewed: renewed.map(session),
        asked_to_sign_in: Cell::new(0),
        versions: RefCell::default(),
    });
    let client = Client::new(admin.clone(), transport.clone());
    Setup {
        client,
        transport,
        admin,
    }
}

fn ok(body: &[u8]) -> Answer {
    Ok((200, body.to_vec()))
}

/// Runs a future whose stand-ins all answer at once.
fn run<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut context) {
            return value;
        }
    }
}

fn bodies(setup: &Setup) -> Vec<String> {
    setup
        .transport
        .sent
        .borrow()
        .iter()
        .map(|r| r.form_body().unwrap_or_default())
        .collect()
}

#[test]
fn the_call_path_adds_f_json_and_the_token_in_the_body() {
    let s = setup(vec![ok(SUCCESS)], None);
    run(s.client.release_license(" proUser1 ", LicensedApp::Pro)).unwrap();
    assert_eq!(
        bodies(&s),
        ["username=proUser1&appId=arcgisprodesktop&f=json&token=t1"]
    );
    let sent = s.transport.sent.borrow();
    assert_eq!(
        sent[0].url,
        "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license/releaseLicense"
    );
    assert_eq!(s.admin.asked_to_sign_in.get(), 0);
}

#[test]
fn an_ended_session_asks_once_and_retries_the_same_request_once() {
    let s = setup(vec![ok(EXPIRED), ok(SUCCESS)], Some("t2"));
    run(s.client.release_license("proUser1", LicensedApp::Drone2Map)).unwrap();
    assert_eq!(s.admin.asked_to_sign_in.get(), 1);
    assert_eq!(
        bodies(&s),
        [
            "username=proUser1&appId=drone2map&f=json&token=t1",
            "username=proUser1&appId=drone2map&f=json&token=t2"
        ]
    );
}

#[test]
fn a_second_ended_session_is_returned_not_retried() {
    let s = setup(vec![ok(EXPIRED), ok(EXPIRED), ok(SUCCESS)], Some("t2"));
    let result = run(s.client.release_license("proUser1", LicensedApp::Pro));
    assert!(matches!(
        result,
        Err(PortalError::SessionExpired { code: 498, .. })
    ));
    assert_eq!(s.transport.sent.borrow().len(), 2, "no loop");
    assert_eq!(
        s.admin.asked_to_sign_in.get(),
        2,
        "the dialog opens again, and nothing waits on it"
    );
}

#[test]
fn a_cancelled_call_says_nothing() {
    let s = setup(vec![Err(PortalError::Cancelled)], Some("t2"));
    let result = run(s.client.release_license("proUser1", LicensedApp::Pro));
    assert_eq!(result, Err(PortalError::Cancelled));
    assert_eq!(s.admin.asked_to_sign_in.get(), 0);
}

#[test]
fn signing_out_instead_of_in_ends_the_call_silently() {
    let s = setup(vec![ok(EXPIRED), ok(SUCCESS)], None);
    let result = run(s.client.release_license("proUser1", LicensedApp::Pro));
    assert_eq!(result, Err(PortalError::Cancelled));
    assert_eq!(s.transport.sent.borrow().len(), 1);
    let after = run(s.client.populate_license());
    assert_eq!(
        after,
        Err(PortalError::Cancelled),
        "signed out: nothing sent"
    );
    assert_eq!(s.transport.sent.borrow().len(), 1);
}

#[test]
fn an_upload_is_retried_with_the_same_file() {
    let s = setup(vec![ok(EXPIRED), ok(SUCCESS)], Some("t2"));
    run(s.client.import_license(Some(Picked("license.json")))).unwrap();
    let sent = s.transport.sent.borrow();
    assert_eq!(sent.len(), 2);
    for (request, token) in sent.iter().zip(["t1", "t2"]) {
        assert!(request.is_multipart());
        assert_eq!(
            request.fields[0],
            ("file", Field::File(Picked("license.json")))
        );
        assert_eq!(request.text_field("f"), Some("json"));
        assert_eq!(request.text_field("token"), Some(token));
    }
}

#[test]
fn a_download_is_retried_and_only_a_file_is_a_file() {
    let s = setup(vec![ok(EXPIRED), ok(b"ECP-LICENSE-FILE\n")], Some("t2"));
    assert_eq!(
        run(s.client.geodatabase_license()).unwrap(),
        b"ECP-LICENSE-FILE\n"
    );
    assert_eq!(bodies(&s), ["f=json&token=t1", "f=json&token=t2"]);
    let s = setup(
        vec![
            ok(b"<!DOCTYPE html><title>Sign in</title>"),
            ok(br#"{"ok":true}"#),
            ok(b""),
        ],
        None,
    );
    for _ in 0..3 {
        assert!(run(s.client.geodatabase_license()).is_err());
    }
}

#[test]
fn mistakes_in_the_input_are_typed_and_nothing_is_sent() {
    let s = setup(vec![], None);
    assert_eq!(
        run(s.client.release_license("  ", LicensedApp::Pro)),
        Err(PortalError::Invalid(InputError::MissingUsername))
    );
    assert_eq!(
        run(s.client.import_server_licenses(vec![], false)),
        Err(PortalError::Invalid(InputError::NoFile(
            Upload::ServerLicense
        )))
    );
    assert!(matches!(
        run(s
            .client
            .import_server_licenses(vec![Picked("a.prvc"), Picked("notes.txt")], false)),
        Err(PortalError::Invalid(InputError::WrongFileType { .. }))
    ));
    assert_eq!(
        run(s.client.validate_license(None)),
        Err(PortalError::Invalid(InputError::NoFile(Upload::OrgLicense)))
    );
    let manager = LicenseManagerInput {
        primary: "lm1".into(),
        backup: String::new(),
        port: "70000".into(),
    };
    assert_eq!(
        run(s.client.update_license_manager(&manager)),
        Err(PortalError::Invalid(InputError::InvalidPort))
    );
    assert!(s.transport.sent.borrow().is_empty());
}

#[test]
fn server_license_imports_stop_at_the_first_failure_and_overwrite_only_first() {
    let refused = br#"{"status":"error","messages":["Not a valid file."],"code":500}"#;
    let s = setup(vec![ok(SUCCESS), ok(refused), ok(SUCCESS)], None);
    let results = run(s.client.import_server_licenses(
        vec![Picked("a.prvc"), Picked("b.epc"), Picked("c.prvc")],
        true,
    ))
    .unwrap();
    assert_eq!(results.len(), 2);
    assert!(results[0].1.is_ok() && results[1].1.is_err());
    let sent = s.transport.sent.borrow();
    assert_eq!(sent[0].text_field("overwrite"), Some("true"));
    assert_eq!(sent[1].text_field("overwrite"), Some("false"));
}

#[test]
fn the_version_the_license_says_is_reported() {
    let s = setup(vec![ok(br#"{"version":"11.5","userTypes":[]}"#)], None);
    run(s.client.license()).unwrap();
    assert_eq!(*s.admin.versions.borrow(), ["11.5"]);
}

#[test]
fn the_url_check_tells_a_mismatch_and_an_older_portal_apart_from_errors() {
    let mismatch = br#"{"status":"error","messages":["The license file was issued for https://gis.example.com/portal."],"code":400}"#;
    let missing = br#"{"status":"error","messages":["Could not find resource or operation 'validateURL'."],"code":404}"#;
    let s = setup(
        vec![
            ok(SUCCESS),
            ok(mismatch),
            ok(missing),
            Ok((502, b"<html>Bad Gateway</html>".to_vec())),
        ],
        None,
    );
    assert_eq!(run(s.client.validate_url()), Ok(UrlCheck::Matches));
    match run(s.client.validate_url()) {
        Ok(UrlCheck::Mismatch(words)) => assert!(
            words.contains("issued for https://gis.example.com/portal"),
            "{words}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        run(s.client.validate_url()),
        Ok(UrlCheck::NotOffered),
        "a 404 is no error"
    );
    assert!(run(s.client.validate_url()).is_err(), "a broken answer is");
    assert!(bodies(&s).iter().all(|b| b == "f=json&token=t1"));
    assert!(s.transport.sent.borrow()[0]
        .url
        .ends_with("/license/validateURL"));
}

mod items;
mod reading;
mod seat_changes;
mod success;

#[test]
fn seats_per_user_type_read_the_list_and_the_counts_and_survive_counts_that_fail() {
    let types = br#"{"userLicenseTypes":[{"id":"creatorUT","name":"Creator","maxUsers":50}],"total":1,"nextStart":-1}"#;
    let counts = br#"{"results":[{"key":"creatorUT","count":53}]}"#;
    let s = setup(vec![ok(counts), ok(types)], None);
    let seats = run(s.client.user_type_seats()).unwrap();
    assert_eq!(seats[0].free(), Some(-3));
    let refused = br#"{"error":{"code":400,"message":"Invalid type.","details":[]}}"#;
    let s = setup(vec![ok(refused), ok(types)], None);
    let seats = run(s.client.user_type_seats()).unwrap();
    assert_eq!(seats[0].assigned, None, "not read is not zero");
    assert_eq!(seats[0].owned, Some(50));
}
