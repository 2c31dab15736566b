//! The license manager ArcGIS Pro concurrent licenses come from: see it, and change its hosts and port.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use super::{fetch_license, fetch_with_session, screen_scope};
use crate::components::{license_manager_text, Outcome, OutcomeNotice};
use crate::portal::{license_manager_info, send, LicenseManager, PortalError, Request};
use crate::session::use_session;

#[component]
pub fn LicenseManagerPage() -> impl IntoView {
    let store = use_session();
    let scope = screen_scope();
    let current: RwSignal<Option<Option<LicenseManager>>> = RwSignal::new(None);
    let primary = RwSignal::new(String::new());
    let backup = RwSignal::new(String::new());
    let port = RwSignal::new("27000".to_owned());
    let busy = RwSignal::new(false);
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let reload = RwSignal::new(0u32);

    fetch_with_session(reload, move |session| async move {
        if let Ok(license) = fetch_license(store, &session, scope.get_value().as_ref()).await {
            let manager = license
                .license_manager
                .filter(LicenseManager::is_configured);
            // The form starts from what is configured, unless the user already typed.
            if let Some(m) = &manager {
                if primary.get_untracked().is_empty() {
                    primary.set(m.hosts.first().cloned().unwrap_or_default());
                    backup.set(m.hosts.get(1).cloned().unwrap_or_default());
                    port.set(m.port.map(|p| p.to_string()).unwrap_or_default());
                }
            }
            current.set(Some(manager));
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let info = match license_manager_info(
            &primary.get_untracked(),
            &backup.get_untracked(),
            &port.get_untracked(),
        ) {
            Ok(info) => info,
            Err(problem) => {
                outcome.set(Some(Outcome::Invalid(problem)));
                return;
            }
        };
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        let Some(request) =
            Request::<File>::update_license_manager(&session.portal, &session.token, &info)
        else {
            return;
        };
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            match store.check(send(request, scope.get_value().as_ref()).await) {
                Ok(answer) => {
                    let after = answer.get("recheckAfterSeconds").and_then(|v| v.as_u64());
                    let when = after
                        .map(|s| format!(" The portal checks it again in {s} seconds."))
                        .unwrap_or_default();
                    outcome.set(Some(Outcome::Done(format!(
                        "The license manager is updated.{when}"
                    ))));
                    reload.update(|n| *n += 1);
                }
                Err(PortalError::SessionExpired { .. } | PortalError::Cancelled) => {}
                Err(err) => outcome.set(Some(Outcome::Failed(err))),
            }
            busy.set(false);
        });
    };

    view! {
        <div class="page-head"><h1>"License manager"</h1></div>
        <p class="lede">"ArcGIS Pro concurrent-use licenses are served by the ArcGIS License Manager. From ArcGIS Enterprise 11.4, \
            Pro named-user licenses no longer need one."</p>
        <p class="current-manager">"Now: " <strong>{move || match current.get() {
            None => "loading…".to_owned(),
            Some(manager) => license_manager_text(manager.as_ref()),
        }}</strong></p>
        <OutcomeNotice outcome=outcome/>
        <form class="form" on:submit=submit>
            <label for="lm-primary">"Primary host"</label>
            <input id="lm-primary" name="primary" type="text" autocomplete="off" spellcheck="false" placeholder="lm1.example.com"
                prop:value=move || primary.get() on:input=move |ev| primary.set(event_target_value(&ev))/>
            <label for="lm-backup">"Backup host (optional)"</label>
            <input id="lm-backup" name="backup" type="text" autocomplete="off" spellcheck="false"
                prop:value=move || backup.get() on:input=move |ev| backup.set(event_target_value(&ev))/>
            <label for="lm-port">"Port"</label>
            <input id="lm-port" name="port" type="text" inputmode="numeric" autocomplete="off"
                prop:value=move || port.get() on:input=move |ev| port.set(event_target_value(&ev))/>
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || if busy.get() { "Updating…" } else { "Update license manager" }}
            </button>
        </form>
    }
}
