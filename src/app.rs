//! The shell: the session in context, the header with who is signed in, and the screen the URL names.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::format_date;
use crate::config::ConsoleConfig;
use crate::pages::{Overview, Release, ServerLicenses, SignIn};
use crate::portal::own_origin;
use crate::route::Route;
use crate::session::{use_session, SessionStore};

fn current_route() -> Route {
    Route::from_hash(&window().location().hash().unwrap_or_default())
}

/// Fetches `config.json` beside `index.html`; a missing or broken file means no presets.
fn load_config(config: RwSignal<ConsoleConfig>) {
    spawn_local(async move {
        let Ok(response) = gloo_net::http::Request::get("config.json").send().await else {
            return;
        };
        if response.ok() {
            if let Ok(text) = response.text().await {
                config.set(ConsoleConfig::parse(&text, &own_origin()));
            }
        }
    });
}

#[component]
pub fn App() -> impl IntoView {
    let store = SessionStore::new();
    provide_context(store);
    let config = RwSignal::new(ConsoleConfig::default());
    provide_context(config);
    load_config(config);

    let route = RwSignal::new(current_route());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| route.set(current_route()));
    on_cleanup(move || handle.remove());

    view! {
        {move || if store.current.with(Option::is_some) {
            view! { <Shell route=route/> }.into_any()
        } else {
            view! { <SignIn/> }.into_any()
        }}
    }
}

#[component]
fn Shell(route: RwSignal<Route>) -> impl IntoView {
    let store = use_session();
    let session = move || store.current.get();
    let has_server_licenses =
        move || session().is_some_and(|s| s.portal.server_licenses_url().is_some());
    let nav_link = move |target: Route| {
        view! {
            <a href=target.href() aria-current=move || (route.get() == target).then_some("page")>{target.title()}</a>
        }
    };
    view! {
        <header class="top">
            <a class="brand" href=Route::Overview.href()>"License Console"</a>
            <nav aria-label="Screens">
                {nav_link(Route::Overview)}
                {nav_link(Route::Release)}
                {move || has_server_licenses().then(|| nav_link(Route::ServerLicenses))}
            </nav>
            <div class="who">
                {move || session().map(|s| view! {
                    <span class="who-user">{s.username.clone()}</span>
                    <span class="who-portal">{s.portal.url.as_str().to_owned()}</span>
                    <span class="who-expiry">"until " {format_date(s.expires)} " "
                        {js_sys::Date::new(&(s.expires as f64).into()).to_locale_time_string("default").as_string()}</span>
                })}
                <button type="button" on:click=move |_| store.sign_out()>"Sign out"</button>
            </div>
        </header>
        <main class="content">
            {move || match route.get() {
                Route::Overview => view! { <Overview/> }.into_any(),
                Route::Release => view! { <Release/> }.into_any(),
                Route::ServerLicenses if has_server_licenses() => view! { <ServerLicenses/> }.into_any(),
                Route::ServerLicenses => view! {
                    <p>"This portal has no server licenses beside it: on Portal for ArcGIS they are managed in ArcGIS Server."</p>
                }.into_any(),
            }}
        </main>
    }
}
