//! The shell: the session in context, the header with who is signed in and for how long, the screen the URL
//! names, and the sign-in dialog over it when the session ends.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::config::ConsoleConfig;
use crate::pages::screen_code::{screen, start_reading};
use crate::pages::{take_over_sign_in, JournalNotice, Keeper, ReSignIn};
use crate::portal::{fetch_own_text, finish_oauth, own_origin, refresh, PortalError, Session};
use crate::route::Route;
use crate::session::{use_session, SessionStore, WARN_MINUTES};

/// How often the time left is brought up to date.
const CLOCK_TICK: Duration = Duration::from_secs(10);
/// An OAuth session renews itself this long before its token expires.
const REFRESH_AHEAD_MS: i64 = 2 * 60_000;

fn current_route() -> Route {
    Route::from_hash(&window().location().hash().unwrap_or_default())
}

/// Fetches `config.json` beside `index.html`; a missing or broken file means no presets. The signal turns true
/// once the presets (if any) are in.
fn load_config(config: RwSignal<ConsoleConfig>) -> Signal<bool> {
    let loaded = RwSignal::new(false);
    spawn_local(async move {
        if let Some(text) = fetch_own_text("config.json").await {
            config.set(ConsoleConfig::parse(&text, &own_origin()));
        }
        loaded.set(true);
    });
    loaded.into()
}

/// Keeps the clock ticking, renews OAuth tokens ahead of time, and asks for a new sign-in when a password
/// token runs out.
fn watch_expiry(store: SessionStore) {
    if let Ok(handle) = set_interval_with_handle(
        move || store.now.set(js_sys::Date::now() as i64),
        CLOCK_TICK,
    ) {
        on_cleanup(move || handle.clear());
    }
    let refreshing = RwSignal::new(false);
    Effect::new(move |_| {
        let now = store.now.get();
        let Some(session) = store.current.get() else {
            return;
        };
        let left = session.expires - now;
        if session.oauth.is_some() && left < REFRESH_AHEAD_MS && !refreshing.get_untracked() {
            refreshing.set(true);
            spawn_local(async move {
                match refresh(&session).await {
                    Ok(renewed) => store.renew_from(&session.token, renewed),
                    Err(err) => store.expire_from(&session.token, err),
                }
                refreshing.set(false);
            });
        } else if session.oauth.is_none() && left <= 0 {
            store.expire(PortalError::SessionExpired {
                code: 498,
                message: "The token has expired.".into(),
            });
        }
    });
}

/// Completes an OAuth sign-in when the portal has just redirected back here; the signal is true until the
/// answer has been dealt with.
fn finish_oauth_sign_in(store: SessionStore, error: RwSignal<Option<PortalError>>) -> Signal<bool> {
    let pending = RwSignal::new(true);
    spawn_local(async move {
        match finish_oauth().await {
            Some(Ok(session)) => store.sign_in(session, false),
            Some(Err(err)) => error.set(Some(err)),
            None => {}
        }
        pending.set(false);
    });
    pending.into()
}

/// The console: the sign-in form of `index.html` while signed out, the screen the URL names once signed in.
/// `session` is the one kept in this tab, if any (`session::kept_session`).
#[component]
pub fn App(session: Option<Session>, keep_in_tab: bool) -> impl IntoView {
    let store = SessionStore::with(session, keep_in_tab);
    provide_context(store);
    let config = RwSignal::new(ConsoleConfig::default());
    provide_context(config);
    let presets_in = load_config(config);
    watch_expiry(store);
    let sign_in_error: RwSignal<Option<PortalError>> = RwSignal::new(None);
    let oauth_pending = finish_oauth_sign_in(store, sign_in_error);
    let has_form = take_over_sign_in(store, config, presets_in, sign_in_error, oauth_pending);

    // A change being sent to many members would stop half-way: the browser asks before the page goes.
    let unload = window_event_listener_untyped("beforeunload", move |ev| {
        if store.changing.get_untracked() {
            ev.prevent_default();
        }
    });
    on_cleanup(move || unload.remove());

    let route = RwSignal::new(current_route());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| route.set(current_route()));
    on_cleanup(move || handle.remove());

    // A memo, so a renewed token does not rebuild the screen (and lose what was typed on it).
    let signed_in = Memo::new(move |_| store.current.with(Option::is_some));
    view! {
        {move || if signed_in.get() {
            view! { <Shell route=route/> }.into_any()
        } else if has_form {
            ().into_any()
        } else {
            view! {
                <p class="notice notice-error" role="alert">"This copy of the console is incomplete: its \
                    index.html has no sign-in form. Copy every file of the console's build (dist/) again."</p>
            }.into_any()
        }}
    }
}

/// Signs out — after asking, when a change to members is still being sent.
fn sign_out(store: SessionStore) {
    if may_leave(store, "sign out") {
        store.sign_out();
    }
}

/// Whether the screen may go (`to` what): yes, unless a change to members is being sent and the administrator
/// would rather let it finish.
fn may_leave(store: SessionStore, to: &str) -> bool {
    !store.changing.get_untracked()
        || window()
            .confirm_with_message(&format!(
                "A change is still being sent to members: stop it and {to}?"
            ))
            .unwrap_or(false)
}

/// A link to another screen would end a change being sent to members: asked first.
fn guard_links(store: SessionStore, ev: leptos::ev::MouseEvent) {
    let link = ev
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .and_then(|e| e.closest("a[href]").ok().flatten());
    if link.is_some() && !may_leave(store, "open another screen") {
        ev.prevent_default();
    }
}

/// "52 min left", "1 h 5 min left".
fn time_left(ms: i64) -> String {
    let minutes = (ms.max(0) + 59_999) / 60_000;
    match minutes {
        0 => "expired".into(),
        m if m < 60 => format!("{m} min left"),
        m => format!("{} h {} min left", m / 60, m % 60),
    }
}

/// A password session about to end says so, and offers to sign in again now. An OAuth session renews itself
/// before it ends: it is not warned.
#[component]
fn SessionEndsSoon() -> impl IntoView {
    let store = use_session();
    let left = move || {
        store
            .current
            .with(|s| s.as_ref().map(|s| s.expires))
            .unwrap_or(0)
            - store.now.get()
    };
    let password_session = move || {
        store
            .current
            .with(|s| s.as_ref().is_some_and(|s| s.oauth.is_none()))
    };
    let warn = move || {
        store.expired.with(Option::is_none) && password_session() && left() <= WARN_MINUTES * 60_000
    };
    let renew_now = move |_| {
        store.expire(PortalError::SessionExpired {
            code: 498,
            message: "renewed before expiry".into(),
        });
    };
    view! {
        <Show when=warn>
            <div class="notice notice-warning banner" role="status">
                <p>"Your session ends soon (" {move || time_left(left())} "). "
                    <button type="button" on:click=renew_now>"Sign in again now"</button></p>
            </div>
        </Show>
    }
}

#[component]
fn Shell(route: RwSignal<Route>) -> impl IntoView {
    let store = use_session();
    // The history of this session's portal and administrator: kept while signed in, and as last read.
    provide_context(Keeper::new());
    provide_context(crate::pages::LastRead::new());
    let session = move || store.current.get();
    let left = move || session().map(|s| s.expires - store.now.get()).unwrap_or(0);
    // A memo, so a renewed token does not rebuild the screen.
    let offered = Memo::new(move |_| {
        store
            .capabilities()
            .map(|portal| {
                Route::ALL
                    .into_iter()
                    .filter(|r| r.available_on(&portal))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    // The screen the URL names, if this portal offers it; a memo, so the screen is built once.
    let screen = Memo::new(move |_| {
        let wanted = route.get();
        offered.with(|o| o.contains(&wanted)).then_some(wanted)
    });
    let nav_link = move |target: Route| {
        view! {
            <a href=target.href() aria-current=move || (route.get() == target).then_some("page")>{target.title()}</a>
        }
    };
    view! {
        <header class="top" on:click=move |ev| guard_links(store, ev)>
            <a class="brand" href=Route::Overview.href()>"License Console"</a>
            <nav aria-label="Screens">
                {move || offered.get().into_iter().map(nav_link).collect_view()}
            </nav>
            <div class="who">
                {move || session().map(|s| view! {
                    <span class="who-user">{s.username.clone()}</span>
                    <span class="who-portal" title=s.portal.deployment.label()>{s.portal.url.as_str().to_owned()}</span>
                })}
                <span class="who-expiry">{move || time_left(left())}</span>
                <button type="button" on:click=move |_| sign_out(store)>"Sign out"</button>
            </div>
        </header>
        <SessionEndsSoon/>
        <JournalNotice/>
        <main class="content">
            {move || match screen.get() {
                None => view! {
                    <p>"This portal does not have this screen's operation; the screens above are the ones it supports."</p>
                }.into_any(),
                Some(route) => view! { <Screen route/> }.into_any(),
            }}
        </main>
        <Show when=move || store.expired.with(Option::is_some)>
            <ReSignIn/>
        </Show>
    }
}

/// The screen `route`, once its code is here (src/pages/screen_code.rs); if that code could not be fetched, says so
/// and offers to fetch it again. No `<Suspense>`: it would wait for the screen's own readings too.
#[component]
fn Screen(route: Route) -> impl IntoView {
    start_reading(route);
    let attempts = RwSignal::new(0u32);
    let opening = RwSignal::new(true);
    let opened = move || {
        attempts.track();
        Suspend::new(async move {
            let view = screen(route).await.unwrap_or_else(|_| {
                view! {
                    <div class="notice notice-error" role="alert">
                        <p class="notice-title">{format!("The code of {} could not be fetched.", route.title())}</p>
                        <p>"Check the connection to the site the console is hosted on, then try again."</p>
                        <button type="button" on:click=move |_| {
                            opening.set(true);
                            attempts.update(|n| *n += 1);
                        }>"Try again"</button>
                    </div>
                }
                .into_any()
            });
            opening.set(false);
            view
        })
    };
    view! {
        <Show when=move || opening.get()>
            <p class="loading" role="status">"Opening " {route.title()} "…"</p>
        </Show>
        {opened}
    }
}
