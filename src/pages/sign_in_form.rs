//! The sign-in form. Its markup is `index.html`'s own (the one definition), painted and typeable before the
//! console's code arrives; `web/start.js` holds a sign-in asked for until then. The code takes over those very
//! elements — so nothing typed, no caret, focus or checked box is lost — and carries out a held sign-in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::components::ErrorNotice;
use crate::config::ConsoleConfig;
use crate::portal::{sign_in, start_oauth, DeploymentChoice, PortalError};
use crate::session::SessionStore;

/// Set on `<html>` by `web/start.js` while a kept session or an OAuth answer is expected to open a screen.
const RESUMING_CLASS: &str = "resuming";

/// The form's elements in `index.html`.
#[derive(Clone)]
struct Elements {
    /// `<main id="sign-in">`: the whole sign-in page.
    page: HtmlElement,
    form: HtmlElement,
    notice: HtmlElement,
    recent: HtmlElement,
    portal: HtmlInputElement,
    username: HtmlInputElement,
    password: HtmlInputElement,
    keep: HtmlInputElement,
    deployment: HtmlSelectElement,
    client_id: HtmlInputElement,
    submit: HtmlButtonElement,
    oauth: HtmlElement,
    oauth_button: HtmlButtonElement,
}

impl Elements {
    fn find() -> Option<Self> {
        let page: HtmlElement = document().get_element_by_id("sign-in")?.unchecked_into();
        let one = |css: &str| page.query_selector(css).ok().flatten();
        Some(Self {
            form: one("#sign-in-form")?.unchecked_into(),
            notice: one("#sign-in-notice")?.unchecked_into(),
            recent: one("#recent-portals")?.unchecked_into(),
            portal: one("#portal")?.unchecked_into(),
            username: one("#username")?.unchecked_into(),
            password: one("#password")?.unchecked_into(),
            keep: one("input[name=keep]")?.unchecked_into(),
            deployment: one("#deployment")?.unchecked_into(),
            client_id: one("#client-id")?.unchecked_into(),
            submit: one("#sign-in-form button[type=submit]")?.unchecked_into(),
            oauth: one(".alt-sign-in")?.unchecked_into(),
            oauth_button: one(".alt-sign-in button")?.unchecked_into(),
            page,
        })
    }

    fn choice(&self) -> DeploymentChoice {
        DeploymentChoice::from_name(&self.deployment.value())
    }
}

/// Calls `handler` on every `event` at `target`, for as long as the page lives.
fn listen(
    target: &web_sys::EventTarget,
    event: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    closure.forget();
}

/// A field a preset may fill: empty, and not typed into since the code took the form over (what was typed
/// before is in its value).
struct Fillable {
    input: HtmlInputElement,
    typed: std::rc::Rc<std::cell::Cell<bool>>,
}

impl Fillable {
    fn new(input: &HtmlInputElement) -> Self {
        let typed = std::rc::Rc::new(std::cell::Cell::new(false));
        let mark = typed.clone();
        listen(input, "input", move |_| mark.set(true));
        Self {
            input: input.clone(),
            typed,
        }
    }

    fn fill(&self, value: &str) {
        if self.input.value().is_empty() && !self.typed.get() {
            self.input.set_value(value);
        }
    }
}

/// Presets from `config.json` arrive after the form is usable; they fill only what is empty and was not typed
/// into, and a locked portal URL always wins.
fn apply_presets(config: RwSignal<ConsoleConfig>, el: &Elements, has_client_id: RwSignal<bool>) {
    let (portal, client_id) = (Fillable::new(&el.portal), Fillable::new(&el.client_id));
    Effect::new(move |_| {
        let config = config.get();
        if let Some(url) = &config.portal_url {
            if config.allow_portal_change {
                portal.fill(url);
            } else {
                portal.input.set_value(url);
            }
        }
        portal.input.set_read_only(!config.allow_portal_change);
        if let Some(id) = &config.oauth_client_id {
            client_id.fill(id);
        }
        has_client_id.set(!client_id.input.value().trim().is_empty());
    });
}

/// The portals signed in to before, offered as the portal URL is typed.
fn offer_recent_portals(store: SessionStore, list: HtmlElement) {
    Effect::new(move |_| {
        list.set_inner_html("");
        for url in store.recent_portals.get() {
            if let Ok(option) = document().create_element("option") {
                let _ = option.set_attribute("value", &url);
                let _ = list.append_child(&option);
            }
        }
    });
}

/// Takes over the sign-in form of `index.html`; `false` when the page has none (an incomplete copy).
/// `presets_in` turns true once `config.json` has been read; `oauth_pending` is true while an OAuth answer is
/// being exchanged for a session.
pub fn take_over_sign_in(
    store: SessionStore,
    config: RwSignal<ConsoleConfig>,
    presets_in: Signal<bool>,
    error: RwSignal<Option<PortalError>>,
    oauth_pending: Signal<bool>,
) -> bool {
    let Some(el) = Elements::find() else {
        return false;
    };
    let busy = RwSignal::new(false);
    let has_client_id = RwSignal::new(false);

    // What start.js may have said while the code was missing is out of date now.
    el.notice.set_inner_html("");
    leptos::mount::mount_to(el.notice.clone(), move || {
        move || error.get().map(|err| view! { <ErrorNotice error=err/> })
    })
    .forget();

    // Out of the document while signed in, so its fields and landmark are not the screens' (its elements, and
    // what they hold, stay the same).
    let signed_in = Memo::new(move |_| store.current.with(Option::is_some));
    let page = el.page.clone();
    let home = page.parent_node();
    Effect::new(move |_| {
        let signed_in = signed_in.get();
        match (&home, signed_in) {
            (_, true) => page.remove(),
            (Some(home), false) if !page.is_connected() => {
                let _ = home.insert_before(&page, home.first_child().as_ref());
            }
            _ => {}
        }
        if !signed_in && !oauth_pending.get() {
            if let Some(html) = document().document_element() {
                let _ = html.class_list().remove_1(RESUMING_CLASS);
            }
        }
    });
    let submit_button = el.submit.clone();
    let held_button = el.submit.clone();
    Effect::new(move |_| {
        let busy = busy.get();
        submit_button.set_disabled(busy);
        submit_button.set_text_content(Some(if busy { "Signing in…" } else { "Sign in" }));
    });
    apply_presets(config, &el, has_client_id);
    offer_recent_portals(store, el.recent.clone());
    let oauth = el.oauth.clone();
    Effect::new(move |_| oauth.set_hidden(!has_client_id.get()));
    let client_id = el.client_id.clone();
    listen(&el.client_id, "input", move |_| {
        has_client_id.set(!client_id.value().trim().is_empty())
    });

    let sign_in_now = {
        let el = el.clone();
        move || {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            error.set(None);
            let (url, user, pass, chosen, keep) = (
                el.portal.value(),
                el.username.value(),
                el.password.value(),
                el.choice(),
                el.keep.checked(),
            );
            let password = el.password.clone();
            spawn_local(async move {
                match sign_in(&url, &user, &pass, chosen).await {
                    Ok(session) => {
                        password.set_value("");
                        store.sign_in(session, keep);
                    }
                    Err(err) => error.set(Some(err)),
                }
                busy.set(false);
            });
        }
    };
    let on_submit = sign_in_now.clone();
    listen(&el.form, "submit", move |ev| {
        ev.prevent_default();
        on_submit();
    });
    let for_oauth = el.clone();
    listen(&el.oauth_button, "click", move |_| {
        error.set(None);
        if let Err(err) = start_oauth(
            &for_oauth.portal.value(),
            for_oauth.client_id.value().trim(),
            for_oauth.choice(),
        ) {
            error.set(Some(err));
        }
    });

    // From here on the form is the code's. A sign-in asked for before is carried out once the presets are in
    // (a locked portal URL wins; an empty one may be filled), if the form is complete by then.
    let data = el.form.dataset();
    data.set("ready", "").ok();
    let form: web_sys::HtmlFormElement = el.form.clone().unchecked_into();
    Effect::new(move |_| {
        if !presets_in.get() {
            return;
        }
        form.dataset().set("presets", "").ok();
        if form.dataset().get("held").is_some() {
            form.dataset().delete("held");
            if form.check_validity() {
                sign_in_now();
            } else {
                form.report_validity();
                held_button.set_text_content(Some("Sign in"));
            }
        }
    });
    true
}
