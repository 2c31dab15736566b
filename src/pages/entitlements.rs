//! Portal for ArcGIS 10.6.1 and earlier: import an entitlements file for an app, or remove all of them.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use super::overview::{EntitlementQueue, QUEUED_APPS};
use super::screen_scope;
use crate::components::{Confirm, Outcome, OutcomeNotice};
use crate::portal::{check_upload, send, PortalError, Request};
use crate::session::use_session;

#[component]
pub fn Entitlements() -> impl IntoView {
    let store = use_session();
    let scope = screen_scope();
    let app = RwSignal::new(QUEUED_APPS[0].0);
    let file_input: NodeRef<Input> = NodeRef::new();
    let removing = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let refresh = RwSignal::new(0u32);
    let app_name = move || {
        QUEUED_APPS
            .iter()
            .find(|(id, _)| *id == app.get())
            .map(|(_, n)| *n)
            .unwrap_or_default()
    };

    let finish = move |result: Result<serde_json::Value, PortalError>, done: String| {
        match result {
            Ok(_) => {
                outcome.set(Some(Outcome::Done(done)));
                refresh.update(|n| *n += 1);
            }
            Err(PortalError::SessionExpired { .. } | PortalError::Cancelled) => {}
            Err(err) => outcome.set(Some(Outcome::Failed(err))),
        }
        busy.set(false);
    };
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = file_input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            outcome.set(Some(Outcome::Invalid(
                "Choose the entitlements file (.json) first.".into(),
            )));
            return;
        };
        if let Err(problem) = check_upload(&file.name(), file.size(), &[".json"]) {
            outcome.set(Some(Outcome::Invalid(problem)));
            return;
        }
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        let (name, label) = (file.name(), app_name());
        let Some(request) = Request::import_entitlements(
            &session.portal,
            &session.token,
            file,
            app.get_untracked(),
        ) else {
            return;
        };
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let result = store.check(send(request, scope.get_value().as_ref()).await);
            finish(result, format!("Imported {name} for {label}."));
        });
    };
    let remove = Callback::new(move |_| {
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        let label = app_name();
        let Some(request) = Request::<File>::remove_all_entitlements(
            &session.portal,
            &session.token,
            app.get_untracked(),
        ) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = store.check(send(request, scope.get_value().as_ref()).await);
            removing.set(false);
            finish(result, format!("Removed all entitlements for {label}."));
        });
    });

    view! {
        <div class="page-head"><h1>"Entitlements"</h1></div>
        <p class="lede">"On Portal for ArcGIS 10.6.1 and earlier, ArcGIS Pro and Navigator licenses come from entitlement files."</p>
        <OutcomeNotice outcome=outcome/>
        <form class="form" on:submit=import>
            <label for="entitlement-app">"Application"</label>
            <select id="entitlement-app" name="appId" on:change=move |ev| {
                let chosen = event_target_value(&ev);
                if let Some((id, _)) = QUEUED_APPS.iter().find(|(id, _)| *id == chosen) { app.set(id); }
                removing.set(false);
            }>
                {QUEUED_APPS.iter().map(|(id, name)| view! { <option value=*id>{*name}</option> }).collect_view()}
            </select>
            <label for="entitlement-file">"Entitlements file (.json)"</label>
            <input id="entitlement-file" name="file" type="file" accept=".json" node_ref=file_input/>
            <div class="buttons">
                <button type="submit" class="primary" disabled=move || busy.get()>"Import"</button>
                <button type="button" class="remove-all" disabled=move || busy.get() on:click=move |_| removing.set(true)>"Remove all…"</button>
            </div>
        </form>
        <Show when=move || removing.get()>
            {move || view! {
                <Confirm question=format!("Remove all entitlements for {}? Members lose these licenses until a file is imported again.", app_name())
                    action="Remove all" busy=busy on_confirm=remove on_cancel=Callback::new(move |_| removing.set(false))/>
            }}
        </Show>
        {move || { refresh.track(); view! { <EntitlementQueue/> } }}
    }
}
