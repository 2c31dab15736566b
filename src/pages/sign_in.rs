//! The sign-in screen: portal URL, username, password.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::ErrorNotice;
use crate::config::ConsoleConfig;
use crate::portal::{sign_in, PortalError};
use crate::session::use_session;

#[component]
pub fn SignIn() -> impl IntoView {
    let store = use_session();
    let config = expect_context::<RwSignal<ConsoleConfig>>();
    let portal = RwSignal::new(store.last_portal.get_untracked());
    let username = RwSignal::new(store.last_username.get_untracked());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<PortalError>> = RwSignal::new(store.ended_because.get_untracked());

    // The preset arrives after the form is already usable; it fills the URL only if nothing was typed.
    Effect::new(move |_| {
        if let Some(url) = config.get().portal_url {
            if portal.get_untracked().is_empty() {
                portal.set(url);
            }
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (url, user, pass) = (
            portal.get_untracked(),
            username.get_untracked(),
            password.get_untracked(),
        );
        spawn_local(async move {
            match sign_in(&url, &user, &pass).await {
                Ok(session) => {
                    password.set(String::new());
                    store.sign_in(session);
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };

    view! {
        <main class="sign-in">
            <h1>"License Console"</h1>
            <p class="lede">"Sign in to your ArcGIS Enterprise portal as an administrator to see and manage its licenses."</p>
            {move || error.get().map(|err| view! { <ErrorNotice error=err/> })}
            <form on:submit=submit class="form">
                <label for="portal">"Portal URL"</label>
                <input id="portal" name="portal" type="url" autocomplete="url" required
                    placeholder="https://gis.example.com/portal"
                    prop:value=move || portal.get()
                    on:input=move |ev| portal.set(event_target_value(&ev))/>
                <label for="username">"Username"</label>
                <input id="username" name="username" type="text" autocomplete="username" required
                    autocapitalize="none" spellcheck="false"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))/>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
