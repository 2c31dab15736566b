//! Signing in: the sign-in screen, and the dialog that renews an expired session in place.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::ErrorNotice;
use crate::config::ConsoleConfig;
use crate::portal::{sign_in, start_oauth, DeploymentChoice, PortalError};
use crate::session::use_session;

/// Presets from `config.json` arrive after the form is usable; they fill only what is still empty, and a locked
/// portal URL always wins.
fn apply_presets(
    config: RwSignal<ConsoleConfig>,
    portal: RwSignal<String>,
    client_id: RwSignal<String>,
) {
    Effect::new(move |_| {
        let config = config.get();
        if let Some(url) = &config.portal_url {
            if portal.get_untracked().is_empty() || !config.allow_portal_change {
                portal.set(url.clone());
            }
        }
        if let Some(id) = config.oauth_client_id {
            if client_id.get_untracked().is_empty() {
                client_id.set(id);
            }
        }
    });
}

/// The portal's URL, with the ones used before offered.
#[component]
fn PortalField(portal: RwSignal<String>, locked: Signal<bool>) -> impl IntoView {
    let store = use_session();
    view! {
        <label for="portal">"Portal URL"</label>
        <input id="portal" name="portal" type="url" autocomplete="url" required list="recent-portals"
            placeholder="https://gis.example.com/portal" readonly=move || locked.get()
            prop:value=move || portal.get()
            on:input=move |ev| portal.set(event_target_value(&ev))/>
        <datalist id="recent-portals">
            {move || store.recent_portals.get().into_iter().map(|url| view! { <option value=url/> }).collect_view()}
        </datalist>
    }
}

/// Username, password, and whether to stay signed in for this tab.
#[component]
fn CredentialFields(
    username: RwSignal<String>,
    password: RwSignal<String>,
    keep: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <label for="username">"Username"</label>
        <input id="username" name="username" type="text" autocomplete="username" required
            autocapitalize="none" spellcheck="false"
            prop:value=move || username.get()
            on:input=move |ev| username.set(event_target_value(&ev))/>
        <label for="password">"Password"</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required
            prop:value=move || password.get()
            on:input=move |ev| password.set(event_target_value(&ev))/>
        <label class="check">
            <input type="checkbox" name="keep" prop:checked=move || keep.get()
                on:change=move |ev| keep.set(event_target_checked(&ev))/>
            "Keep me signed in for this tab (until the token expires or the tab is closed)"
        </label>
    }
}

/// The deployment, when detection is not wanted, and the OAuth app to sign in with.
#[component]
fn AdvancedOptions(
    choice: RwSignal<DeploymentChoice>,
    client_id: RwSignal<String>,
) -> impl IntoView {
    view! {
        <details class="advanced">
            <summary>"Advanced options"</summary>
            <label for="deployment">"Deployment"</label>
            <select id="deployment" name="deployment"
                on:change=move |ev| choice.set(DeploymentChoice::from_name(&event_target_value(&ev)))>
                {DeploymentChoice::ALL.into_iter().map(|c| view! {
                    <option value=c.as_str() selected=move || choice.get() == c>{c.label()}</option>
                }).collect_view()}
            </select>
            <label for="client-id">"OAuth app client ID"</label>
            <input id="client-id" name="clientId" type="text" autocomplete="off" spellcheck="false"
                prop:value=move || client_id.get()
                on:input=move |ev| client_id.set(event_target_value(&ev))/>
            <p class="hint">"An app registered on the portal with this console's address as a redirect URI."</p>
        </details>
    }
}

#[component]
pub fn SignIn(
    /// Why the last sign-in failed when it happened off this screen (an OAuth redirect).
    error: Option<PortalError>,
) -> impl IntoView {
    let store = use_session();
    let config = expect_context::<RwSignal<ConsoleConfig>>();
    let recent = store.recent_portals.get_untracked();
    let portal = RwSignal::new(recent.first().cloned().unwrap_or_default());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let keep = RwSignal::new(false);
    let choice = RwSignal::new(DeploymentChoice::Detect);
    let client_id = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error: RwSignal<Option<PortalError>> = RwSignal::new(error);

    apply_presets(config, portal, client_id);
    let locked = move || !config.with(|c| c.allow_portal_change);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (url, user, pass, chosen) = (
            portal.get_untracked(),
            username.get_untracked(),
            password.get_untracked(),
            choice.get_untracked(),
        );
        spawn_local(async move {
            match sign_in(&url, &user, &pass, chosen).await {
                Ok(session) => {
                    password.set(String::new());
                    store.sign_in(session, keep.get_untracked());
                }
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    let oauth = move |_| {
        error.set(None);
        if let Err(err) = start_oauth(
            &portal.get_untracked(),
            client_id.get_untracked().trim(),
            choice.get_untracked(),
        ) {
            error.set(Some(err));
        }
    };

    view! {
        <main class="sign-in">
            <h1>"License Console"</h1>
            <p class="lede">"Sign in to your ArcGIS Enterprise portal as an administrator to see and manage its licenses."</p>
            {move || error.get().map(|err| view! { <ErrorNotice error=err/> })}
            <form on:submit=submit class="form">
                <PortalField portal=portal locked=Signal::derive(locked)/>
                <CredentialFields username=username password=password keep=keep/>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
                <AdvancedOptions choice=choice client_id=client_id/>
            </form>
            <Show when=move || !client_id.get().trim().is_empty()>
                <div class="alt-sign-in">
                    <button type="button" class="secondary" on:click=oauth>"Sign in with ArcGIS (OAuth)"</button>
                </div>
            </Show>
        </main>
    }
}

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
