//! Release a license checked out for offline use.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use super::screen_scope;
use crate::components::{ErrorNotice, SuccessNotice};
use crate::portal::{send, LicensedApp, PortalError, Request};
use crate::session::use_session;

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Released(String),
    Failed(PortalError),
}

#[component]
pub fn Release() -> impl IntoView {
    let store = use_session();
    let scope = screen_scope();
    let username = RwSignal::new(String::new());
    let app = RwSignal::new(LicensedApp::Pro);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let invalid = RwSignal::new(false);

    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let missing = username.get_untracked().trim().is_empty();
        invalid.set(missing);
        confirming.set(!missing);
    };
    let release = move |_| {
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (user, chosen) = (
            username.get_untracked().trim().to_owned(),
            app.get_untracked(),
        );
        spawn_local(async move {
            let request =
                Request::<File>::release_license(&session.portal, &session.token, &user, chosen);
            let result = store.check(send(request, scope.get_value().as_ref()).await);
            if matches!(result, Err(PortalError::Cancelled)) {
                return;
            }
            outcome.set(Some(match result {
                Ok(_) => Outcome::Released(format!(
                    "Released the {} license checked out by {user}.",
                    chosen.label()
                )),
                Err(err) => Outcome::Failed(err),
            }));
            busy.set(false);
            confirming.set(false);
        });
    };

    view! {
        <div class="page-head"><h1>"Release a license"</h1></div>
        <p class="lede">"Check in an ArcGIS Pro, Drone2Map or AllSource license that a member checked out for offline use, \
            for example when their device was lost or reinstalled. They can then sign in or check out again from another device."</p>
        {move || outcome.get().map(|o| match o {
            Outcome::Released(message) => view! { <SuccessNotice message=message/> }.into_any(),
            Outcome::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
        })}
        <form class="form" on:submit=ask>
            <label for="release-username">"Username"</label>
            <input id="release-username" name="username" type="text" autocomplete="off" spellcheck="false"
                aria-invalid=move || invalid.get().to_string()
                aria-describedby="release-username-error"
                prop:value=move || username.get()
                on:input=move |ev| { username.set(event_target_value(&ev)); confirming.set(false); }/>
            <p id="release-username-error" class="field-error" hidden=move || !invalid.get()>"Enter the member's username."</p>
            <label for="release-app">"Application"</label>
            <select id="release-app" name="appId"
                on:change=move |ev| {
                    if let Some(chosen) = LicensedApp::from_app_id(&event_target_value(&ev)) { app.set(chosen); }
                    confirming.set(false);
                }>
                {LicensedApp::ALL.into_iter().map(|a| view! {
                    <option value=a.app_id() selected=move || app.get() == a>{a.label()}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="primary" disabled=move || busy.get() || confirming.get()>"Release…"</button>
        </form>
        <Show when=move || confirming.get()>
            <div class="confirm" role="alertdialog" aria-labelledby="release-confirm-text">
                <p id="release-confirm-text">
                    "Release the " {move || app.get().label()} " license checked out by "
                    <strong>{move || username.get().trim().to_owned()}</strong>
                    "? The copy on their device stops working."
                </p>
                <div class="buttons">
                    <button type="button" class="danger" on:click=release disabled=move || busy.get()>
                        {move || if busy.get() { "Releasing…" } else { "Release license" }}
                    </button>
                    <button type="button" on:click=move |_| confirming.set(false) disabled=move || busy.get()>"Cancel"</button>
                </div>
            </div>
        </Show>
    }
}
