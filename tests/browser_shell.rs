//! The console around the screens, in a real browser: sign-in presets and the deployment chosen by hand, the
//! warning before a session ends, OAuth sessions renewing themselves, and sign-out winning every race.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use license_console::app::App;
use license_console::config::ConsoleConfig;
use license_console::pages::take_over_sign_in;
use license_console::portal::{Deployment, OAuthGrant, Session};
use license_console::session::SessionStore;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const LICENSE: &str = r#"{"version":"11.4","userTypes":[]}"#;
const REFRESHED: &str =
    r#"{"access_token":"renewed","expires_in":1800,"username":"admin","refresh_token":"r2"}"#;

fn kubernetes() -> Deployment {
    Deployment::Kubernetes {
        org_id: "0123456789ABCDEF".into(),
    }
}

/// A session that renews itself with OAuth, ending in `minutes`.
fn oauth_session(minutes: i64) -> Session {
    let grant = OAuthGrant {
        client_id: "licenseconsole".into(),
        refresh_token: "r1".into(),
    };
    session_on(kubernetes(), Some((grant, minutes * 60_000)))
}

/// The console with `session`, over a fresh copy of `index.html`'s sign-in form.
fn console(session: Session) -> web_sys::HtmlElement {
    install_sign_in_form();
    mount(move || view! { <App session=Some(session) keep_in_tab=false/> }.into_any())
}

/// The sign-in form of `index.html` taken over with `config` as `config.json` would preset it.
fn sign_in_screen(
    config: ConsoleConfig,
) -> (
    web_sys::HtmlElement,
    std::rc::Rc<std::cell::Cell<Option<SessionStore>>>,
) {
    let page = install_sign_in_form();
    let slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let store_slot = slot.clone();
    mount(move || {
        let store = SessionStore::with(None, false);
        store_slot.set(Some(store));
        let error = RwSignal::new(None);
        assert!(take_over_sign_in(
            store,
            RwSignal::new(config),
            Signal::stored(true),
            error,
            Signal::stored(false)
        ));
        ().into_any()
    });
    (page, slot)
}

#[wasm_bindgen_test]
async fn a_locked_portal_url_cannot_be_changed() {
    stub_fetch(&[]);
    let (root, _) = sign_in_screen(ConsoleConfig {
        portal_url: Some("https://gis.example.com/portal".into()),
        oauth_client_id: None,
        allow_portal_change: false,
    });
    let portal: web_sys::HtmlInputElement = element(&root, "#portal");
    until("the preset", || {
        portal.value() == "https://gis.example.com/portal"
    })
    .await;
    assert!(portal.read_only(), "the field cannot be typed into");
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn a_deployment_chosen_by_hand_saves_the_probes() {
    stub_fetch(&[(
        "/generateToken",
        r#"{"token":"t","expires":4102444800000,"ssl":false}"#,
    )]);
    let (root, store) = sign_in_screen(ConsoleConfig::default());
    type_into(&root, "#portal", "http://127.0.0.1:9/portal");
    type_into(&root, "#username", "admin");
    type_into(&root, "#password", "arcgis-demo");
    let select: web_sys::HtmlSelectElement = element(&root, "#deployment");
    select.set_value("classic");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    click(&root, "form button[type=submit]");
    let store = store.take().unwrap();
    until("signed in", || store.current.get_untracked().is_some()).await;
    assert_eq!(
        store.current.get_untracked().unwrap().portal.deployment,
        Deployment::Classic { legacy: false }
    );
    let urls: Vec<String> = fetch_calls().into_iter().map(|(url, _, _)| url).collect();
    assert_eq!(
        urls,
        ["http://127.0.0.1:9/portal/sharing/rest/generateToken"],
        "no probe"
    );
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn a_password_session_is_warned_five_minutes_before_it_ends() {
    stub_fetch(&[("/license", LICENSE), ("/admin/system/licenses", "{}")]);
    let mut session = session_on(kubernetes(), None);
    session.expires = js_sys::Date::now() as i64 + 4 * 60_000;
    let root = console(session);
    until("the warning", || {
        text(&root).contains("Your session ends soon")
    })
    .await;
    click(&root, ".banner button");
    until("the password dialog", || {
        count(&root, "#resign-password") == 1
    })
    .await;
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn an_oauth_session_renews_itself_and_is_never_asked_for_a_password() {
    stub_fetch(&[
        ("/license", LICENSE),
        ("/admin/system/licenses", "{}"),
        ("/oauth2/token", REFRESHED),
    ]);
    // Four minutes left: a password session would be warned; this one is not, and renews at two.
    let root = console(oauth_session(4));
    until("the overview", || text(&root).contains("Licenses")).await;
    assert!(!text(&root).contains("Your session ends soon"));
    assert_eq!(count(&root, "input[type=password]"), 0);
    assert!(calls_to("/oauth2/token").is_empty(), "not yet");

    stub_fetch(&[
        ("/license", LICENSE),
        ("/admin/system/licenses", "{}"),
        ("/oauth2/token", REFRESHED),
    ]);
    let root = console(oauth_session(1));
    until("the renewal", || text(&root).contains("30 min left")).await;
    let sent = calls_to("/oauth2/token");
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].1,
        "client_id=licenseconsole&grant_type=refresh_token&refresh_token=r1&f=json"
    );
    assert_eq!(count(&root, "input[type=password]"), 0);
    until_all_answered().await;
}

#[wasm_bindgen_test]
async fn signing_out_during_a_renewal_stays_signed_out() {
    stub_fetch(&[
        ("/license", LICENSE),
        ("/admin/system/licenses", "{}"),
        ("/oauth2/token", REFRESHED),
    ]);
    hold_answers(true);
    let root = console(oauth_session(1));
    until("the renewal under way", || {
        calls_to("/oauth2/token").len() == 1
    })
    .await;
    click(&root, ".who button");
    until("signed out", sign_in_form_shown).await;
    hold_answers(false);
    sleep(300).await;
    assert_eq!(count(&root, ".who"), 0, "the renewal did not sign back in");
    assert!(sign_in_form_shown());

    stub_fetch(&[
        ("/license", LICENSE),
        ("/admin/system/licenses", "{}"),
        (
            "/generateToken",
            r#"{"token":"t2","expires":4102444800000,"ssl":true}"#,
        ),
        ("/admin/orgs", r#"{"organizations":["0123456789ABCDEF"]}"#),
    ]);
    let mut session = session_on(kubernetes(), None);
    session.expires = js_sys::Date::now() as i64 + 4 * 60_000;
    let root = console(session);
    until("the warning", || count(&root, ".banner button") == 1).await;
    click(&root, ".banner button");
    until("the password dialog", || {
        count(&root, "#resign-password") == 1
    })
    .await;
    type_into(&root, "#resign-password", "arcgis-demo");
    hold_answers(true);
    click(&root, "[role=dialog] button[type=submit]");
    until("the sign-in under way", || {
        calls_to("/generateToken").len() == 1
    })
    .await;
    click(&root, "[role=dialog] button[type=button]");
    until("signed out", sign_in_form_shown).await;
    hold_answers(false);
    sleep(300).await;
    assert_eq!(
        count(&root, ".who"),
        0,
        "the sign-in under way did not sign back in"
    );
    until_all_answered().await;
}
