//! Browser-test helpers: mounting views, waiting, typing, and a recording stand-in for `window.fetch`.
#![allow(dead_code)]

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a view in a fresh element of its own and returns that element.
pub fn mount(view: impl FnOnce() -> AnyView + 'static) -> web_sys::HtmlElement {
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    std::mem::forget(leptos::mount::mount_to(root.clone(), view));
    root
}

/// `index.html`, as the console is served.
const INDEX_HTML: &str = include_str!("../../index.html");

/// A fresh copy of the sign-in form exactly as `index.html` has it, in place of any earlier one.
pub fn install_sign_in_form() -> web_sys::HtmlElement {
    let start = INDEX_HTML
        .find("<main id=\"sign-in\"")
        .expect("the form in index.html");
    let end = start + INDEX_HTML[start..].find("</main>").unwrap() + "</main>".len();
    if let Some(old) = document().get_element_by_id("sign-in") {
        old.remove();
    }
    let holder = document().create_element("div").unwrap();
    holder.set_inner_html(&INDEX_HTML[start..end]);
    let page = holder.first_element_child().unwrap();
    document().body().unwrap().append_child(&page).unwrap();
    page.unchecked_into()
}

/// Whether the sign-in form is on show (signed out).
pub fn sign_in_form_shown() -> bool {
    document().get_element_by_id("sign-in").is_some()
}

pub fn count(root: &web_sys::HtmlElement, css: &str) -> u32 {
    root.query_selector_all(css).unwrap().length()
}

pub fn text(root: &web_sys::HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits up to ten seconds for `condition`, yielding to the browser in between (a busy machine slows the
/// browser's timers, so the limit is in time, not in turns).
pub async fn until(what: &str, condition: impl Fn() -> bool) {
    until_or(condition, || format!("timed out waiting for {what}")).await;
}

/// `until`, with the words it fails with made when it fails (to say what was there instead).
async fn until_or(condition: impl Fn() -> bool, failure: impl FnOnce() -> String) {
    let deadline = js_sys::Date::now() + 10_000.0;
    while js_sys::Date::now() < deadline {
        if condition() {
            return;
        }
        sleep(20).await;
    }
    if !condition() {
        panic!("{}", failure());
    }
}

pub fn element<T: JsCast>(root: &web_sys::HtmlElement, css: &str) -> T {
    root.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .unchecked_into()
}

/// Types into an input as a person would: the value, then an `input` event.
pub fn type_into(root: &web_sys::HtmlElement, css: &str, value: &str) {
    let input: web_sys::HtmlInputElement = element(root, css);
    input.set_value(value);
    input
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
}

/// Puts a file in a file input as if the user had picked it, and tells the page.
pub fn pick_file(root: &web_sys::HtmlElement, css: &str, name: &str, content: &str) {
    let input: web_sys::HtmlInputElement = element(root, css);
    let pick = js_sys::Function::new_with_args(
        "input, name, content",
        "const files = new DataTransfer(); files.items.add(new File([content], name)); input.files = files.files;
         input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    pick.call3(&JsValue::NULL, &input, &name.into(), &content.into())
        .unwrap();
}

/// Mounts a screen with a signed-in session on a Kubernetes portal.
pub fn mount_screen(screen: fn() -> AnyView) -> web_sys::HtmlElement {
    mount(move || {
        provide_session();
        screen()
    })
}

/// A signed-in session on a Kubernetes portal, with the contexts the screens expect.
pub fn provide_session() -> license_console::session::SessionStore {
    provide_session_on(license_console::portal::Deployment::Kubernetes {
        org_id: "0123456789ABCDEF".into(),
    })
}

/// A signed-in session on a portal of `deployment`, with the contexts the screens expect.
pub fn provide_session_on(
    deployment: license_console::portal::Deployment,
) -> license_console::session::SessionStore {
    let store =
        license_console::session::SessionStore::with(Some(session_on(deployment, None)), false);
    provide_context(store);
    provide_context(RwSignal::new(
        license_console::config::ConsoleConfig::default(),
    ));
    provide_context(license_console::pages::Keeper::new());
    store
}

/// A session for `admin` on a portal of `deployment`, an hour from expiring unless OAuth says otherwise.
pub fn session_on(
    deployment: license_console::portal::Deployment,
    oauth: Option<(license_console::portal::OAuthGrant, i64)>,
) -> license_console::portal::Session {
    use license_console::portal::{Portal, PortalUrl, Session};
    let (oauth, expires_in) = match oauth {
        Some((grant, expires_in)) => (Some(grant), expires_in),
        None => (None, 3_600_000),
    };
    Session {
        portal: Portal {
            url: PortalUrl::parse("https://gis.example.com/arcgis").unwrap(),
            deployment,
        },
        username: "admin".into(),
        token: "tok".into(),
        expires: js_sys::Date::now() as i64 + expires_in,
        oauth,
    }
}

/// The recorded requests whose URL ends with `ending`.
pub fn calls_to(ending: &str) -> Vec<(String, String, String)> {
    fetch_calls()
        .into_iter()
        .filter(|(url, _, _)| url.ends_with(ending))
        .collect()
}

pub fn click(root: &web_sys::HtmlElement, css: &str) {
    element::<web_sys::HtmlElement>(root, css).click();
}

/// Replaces `window.fetch` with a stand-in that records each request (URL and body text) and answers it with
/// the first queued body whose URL ending matches, HTTP 200, as a portal does even for errors. A request with no
/// answer left fails as a network error would. Each stand-in answers from its own queue: a request an earlier
/// test's screen sent before this one was installed cannot take this test's answers.
pub fn stub_fetch(answers: &[(&str, &str)]) {
    let answers = js_sys::Array::from_iter(answers.iter().map(|(ending, body)| {
        js_sys::Array::of2(&JsValue::from_str(ending), &JsValue::from_str(body))
    }));
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__answers".into(), &answers).unwrap();
    let install = js_sys::Function::new_no_args(
        "const answers = window.__answers;
         const calls = window.__calls = [];
         const files = window.__files = [];
         window.__hold = false;
         window.fetch = async (input, init) => {
             const request = new Request(input, init);
             const parts = request.headers.get('content-type')?.startsWith('multipart/')
                 ? [...(await request.formData()).entries()] : null;
             for (const [, v] of parts || []) if (typeof v !== 'string') files.push(v.name + ':' + await v.text());
             const body = parts
                 ? parts.map(([k, v]) => k + '=' + (typeof v === 'string' ? v : 'file:' + v.name)).join('&')
                 : await request.text();
             calls.push({ url: request.url, body, contentType: request.headers.get('content-type') || '' });
             while (window.__hold) await new Promise((resolve) => setTimeout(resolve, 10));
             const index = answers.findIndex(([ending]) => request.url.endsWith(ending));
             if (index < 0) throw new TypeError('Failed to fetch');
             const [[, answer]] = answers.splice(index, 1);
             return new Response(answer, { status: 200, headers: { 'Content-Type': 'application/json' } });
         };",
    );
    install.call0(&JsValue::NULL).unwrap();
}

/// Waits until the stand-in has given every queued answer, so that a screen's last request (a re-read after a
/// change) is not still on its way when the next test queues its own answers.
pub async fn until_all_answered() {
    let left = || {
        let answers =
            js_sys::Reflect::get(&web_sys::window().unwrap(), &"__answers".into()).unwrap();
        js_sys::Array::from(&answers)
            .iter()
            .map(|answer| {
                js_sys::Array::from(&answer)
                    .get(0)
                    .as_string()
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
    };
    until_or(
        || left().is_empty(),
        || format!("answers never asked for: {:?}", left()),
    )
    .await;
}

/// While held, the stand-in records each request but answers none; letting go answers them all.
pub fn hold_answers(hold: bool) {
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__hold".into(), &hold.into()).unwrap();
}

/// The files the stand-in received in multipart requests, as "name:content".
pub fn sent_files() -> Vec<String> {
    let files = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__files".into()).unwrap();
    js_sys::Array::from(&files)
        .iter()
        .filter_map(|f| f.as_string())
        .collect()
}

/// The requests the stand-in saw: (URL, body text, content type).
pub fn fetch_calls() -> Vec<(String, String, String)> {
    let calls = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__calls".into()).unwrap();
    js_sys::Array::from(&calls)
        .iter()
        .map(|call| {
            let get = |key: &str| {
                js_sys::Reflect::get(&call, &key.into())
                    .unwrap()
                    .as_string()
                    .unwrap_or_default()
            };
            (get("url"), get("body"), get("contentType"))
        })
        .collect()
}
