//! What the page shows first: the sign-in form, from a small wasm of its own. The console's screens are a
//! second wasm (`license-console-screens`), fetched while the administrator types and started with the session
//! once signed in, so first paint downloads only what signing in needs.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

use crate::app::{finish_oauth_sign_in, load_config};
use crate::config::ConsoleConfig;
use crate::marks;
use crate::pages::SignIn;
use crate::portal::{browser_error_text, PortalError};
use crate::session::SessionStore;

/// The `<meta>` in `index.html` that names the screens' files (`cargo xtask dist` writes it).
const SCREENS_META: &str = "meta[name=license-console-screens]";

#[wasm_bindgen(inline_js = "
let loading;
function absolute(path) { return new URL(path, document.baseURI).href; }
export function prepare_screens(base) {
  loading ??= import(absolute(base + '.js')).then(async (screens) => {
    await screens.default({ module_or_path: absolute(base + '_bg.wasm') });
    return screens;
  });
  loading.catch(() => { loading = undefined; });
  return loading;
}
export async function open_screens(base, session, keepInTab) {
  const screens = await prepare_screens(base);
  screens.start_screens(session, keepInTab);
}
")]
extern "C" {
    /// Fetches and compiles the screens' module once; a failed attempt can be made again.
    #[wasm_bindgen(catch)]
    fn prepare_screens(base: &str) -> Result<js_sys::Promise, JsValue>;
    /// Starts the screens with the session (as `Session::to_storage` writes it).
    #[wasm_bindgen(catch)]
    fn open_screens(
        base: &str,
        session: &str,
        keep_in_tab: bool,
    ) -> Result<js_sys::Promise, JsValue>;
}

/// Where the screens' files are, without extension, relative to the page.
fn screens_base() -> Option<String> {
    document()
        .query_selector(SCREENS_META)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
}

/// Why the screens could not be started, in words for the person waiting on them.
fn load_failure(error: JsValue) -> String {
    let detail = browser_error_text(error);
    format!(
        "Signed in, but the console's screens could not be loaded from this site ({detail}). Check the \
         connection and that every file of the console was copied, then try again."
    )
}

/// The sign-in page; hands the session to the screens, and steps aside, once there is one.
#[component]
fn FirstPaint(root: web_sys::HtmlElement) -> impl IntoView {
    let store = SessionStore::restored();
    provide_context(store);
    let config = RwSignal::new(ConsoleConfig::default());
    provide_context(config);
    load_config(config);
    let oauth_error: RwSignal<Option<PortalError>> = RwSignal::new(None);
    finish_oauth_sign_in(store, oauth_error);

    let Some(base) = screens_base() else {
        return view! {
            <p class="notice notice-error" role="alert">"This copy of the console is incomplete: index.html \
                does not name its screens. Build it with `cargo xtask dist`."</p>
        }
        .into_any();
    };
    let failure: RwSignal<Option<String>> = RwSignal::new(None);
    // Fetched and compiled while the administrator types; a failure shows when the screens are needed.
    let early = base.clone();
    set_timeout(
        move || {
            let _ = prepare_screens(&early);
        },
        std::time::Duration::ZERO,
    );
    let open = move || {
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        let keep = store.keep_in_tab.get_untracked();
        let base = base.clone();
        let root = root.clone();
        spawn_local(async move {
            let started = match open_screens(&base, &session.to_storage(), keep) {
                Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                    .await
                    .map(drop),
                Err(err) => Err(err),
            };
            match started {
                Ok(()) => root.remove(),
                Err(err) => failure.set(Some(load_failure(err))),
            }
        });
    };
    let signed_in = Memo::new(move |_| store.current.with(Option::is_some));
    let open_on_sign_in = open.clone();
    Effect::new(move |_| {
        if signed_in.get() {
            open_on_sign_in();
        }
    });
    view! {
        {move || match (signed_in.get(), failure.get()) {
            (false, _) => view! { <SignIn error=oauth_error.get()/> }.into_any(),
            (true, None) => view! { <p class="loading" role="status">"Opening the console…"</p> }.into_any(),
            (true, Some(text)) => view! {
                <div class="notice notice-error" role="alert">
                    <p>{text}</p>
                    <button type="button" on:click={
                        let open = open.clone();
                        move |_| { failure.set(None); open(); }
                    }>"Try again"</button>
                </div>
            }.into_any(),
        }}
    }
    .into_any()
}

/// Mounts the sign-in page in an element of its own, which is removed when the screens take over.
pub fn start() {
    crate::panic_notice::install();
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    if let Some(body) = document().body() {
        let _ = body.append_child(&root);
    }
    // The sign-in page lives as long as the page; its element goes when the screens start.
    leptos::mount::mount_to(root.clone(), move || view! { <FirstPaint root=root/> }).forget();
    marks::mark(marks::SIGN_IN_READY);
}
