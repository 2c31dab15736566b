//! The overview: everything the organization's license holds.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use super::{now_ms, screen_scope, Load};
use crate::components::{format_date, ErrorNotice, LicenseView};
use crate::portal::{decode_license, send, OrgLicense, PortalError, Request};
use crate::session::use_session;

#[component]
pub fn Overview() -> impl IntoView {
    let store = use_session();
    let scope = screen_scope();
    let state: RwSignal<Load<OrgLicense>> = RwSignal::new(Load::Loading);
    let fetched_at = RwSignal::new(None::<i64>);
    let reload = RwSignal::new(0u32);

    // Fetches on arrival, on Refresh, and again after a new sign-in (the token is tracked).
    Effect::new(move |_| {
        reload.track();
        let Some(_) = store.token() else { return };
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        state.set(Load::Loading);
        spawn_local(async move {
            let aborter = scope.get_value();
            let answer = send(
                Request::<File>::license(&session.portal, &session.token),
                aborter.as_ref(),
            )
            .await;
            match store.check(answer.and_then(|v| decode_license(&v))) {
                Ok(license) => {
                    fetched_at.set(Some(now_ms()));
                    state.set(Load::Ready(license));
                }
                Err(PortalError::Cancelled) => {}
                Err(err) => state.set(Load::Failed(err)),
            }
        });
    });

    let flavour = move || {
        store.current.with(|s| {
            s.as_ref()
                .map(|s| s.portal.flavour.label())
                .unwrap_or_default()
        })
    };
    view! {
        <div class="page-head">
            <h1>"Licenses"</h1>
            <div class="page-actions">
                {move || fetched_at.get().map(|t| view! {
                    <span class="muted">"Fetched " {format_date(t)} " " {js_sys::Date::new(&(t as f64).into()).to_locale_time_string("default").as_string()}</span>
                })}
                <button type="button" on:click=move |_| reload.update(|n| *n += 1)
                    disabled=move || matches!(state.get(), Load::Loading)>"Refresh"</button>
            </div>
        </div>
        {move || match state.get() {
            Load::Loading => view! { <p class="loading" role="status">"Loading the license…"</p> }.into_any(),
            Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
            Load::Ready(license) => view! { <LicenseView license=license flavour=flavour() now=now_ms()/> }.into_any(),
        }}
    }
}
