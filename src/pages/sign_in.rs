//! Signing in again: the dialog that renews an ended session over the screen the administrator is on (the
//! first sign-in is `sign_in_form`).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::ErrorNotice;
use crate::portal::{sign_in, start_oauth, DeploymentChoice, PortalError};
use crate::session::use_session;

/// Asks for a new sign-in when the session has ended, over the screen the user was on: the password again, or for
/// a session signed in with ArcGIS (OAuth), that sign-in again — never a password it never had.
#[component]
pub fn ReSignIn() -> impl IntoView {
    let store = use_session();
    let session = move || store.current.get();
    let oauth = store
        .current
        .with_untracked(|s| s.as_ref().and_then(|s| s.oauth.clone()));
    view! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="resign-title" aria-describedby="resign-text">
                <h2 id="resign-title">"Sign in again"</h2>
                <p id="resign-text">
                    "Your session with " <strong>{move || session().map(|s| s.portal.url.as_str().to_owned())}</strong>
                    " has ended. Sign in again to carry on; what you typed on this screen is kept."
                </p>
                {match oauth {
                    Some(grant) => view! { <OAuthAgain client_id=grant.client_id/> }.into_any(),
                    None => view! { <PasswordAgain/> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// The password again, for the same portal and user.
#[component]
fn PasswordAgain() -> impl IntoView {
    let store = use_session();
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<PortalError>> = RwSignal::new(None);
    let session = move || store.current.get();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(current) = store.current.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let pass = password.get_untracked();
        spawn_local(async move {
            // The deployment is already known: no need to probe again.
            let choice = DeploymentChoice::of(&current.portal.deployment);
            match sign_in(
                current.portal.url.as_str(),
                &current.username,
                &pass,
                choice,
            )
            .await
            {
                Ok(renewed) => {
                    password.set(String::new());
                    store.renew_from(&current.token, renewed);
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };

    view! {
                {move || error.get().map(|err| view! { <ErrorNotice error=err/> })}
                <form class="form" on:submit=submit>
                    <label for="resign-username">"Username"</label>
                    <input id="resign-username" name="username" type="text" autocomplete="username" readonly
                        prop:value=move || session().map(|s| s.username).unwrap_or_default()/>
                    <label for="resign-password">"Password"</label>
                    <input id="resign-password" name="password" type="password" autocomplete="current-password" required
                        autofocus prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))/>
                    <div class="buttons">
                        <button type="submit" class="primary" disabled=move || busy.get()>
                            {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                        </button>
                        <button type="button" on:click=move |_| store.sign_out()>"Sign out instead"</button>
                    </div>
                </form>
    }
}

/// An OAuth session that could not renew itself: the portal's sign-in page again.
#[component]
fn OAuthAgain(client_id: String) -> impl IntoView {
    let store = use_session();
    let error: RwSignal<Option<PortalError>> = RwSignal::new(None);
    let again = move |_| {
        let Some(current) = store.current.get_untracked() else {
            return;
        };
        let choice = DeploymentChoice::of(&current.portal.deployment);
        if let Err(err) = start_oauth(current.portal.url.as_str(), &client_id, choice) {
            error.set(Some(err));
        }
    };
    view! {
        <p>"This session was signed in with ArcGIS (OAuth) and could not renew itself. Signing in again opens \
            the portal's sign-in page and comes back here."</p>
        {move || error.get().map(|err| view! { <ErrorNotice error=err/> })}
        <div class="buttons">
            <button type="button" class="primary oauth-again" on:click=again>"Sign in with ArcGIS again"</button>
            <button type="button" on:click=move |_| store.sign_out()>"Sign out instead"</button>
        </div>
    }
}
