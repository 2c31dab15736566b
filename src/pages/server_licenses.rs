//! ArcGIS Server authorizations (Kubernetes): what is authorized, and importing `.epc` / `.prvc` files.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use super::{now_ms, screen_scope, Load};
use crate::components::{ErrorNotice, ServerTables, SuccessNotice};
use crate::portal::{decode_server_licenses, send, PortalError, Request, ServerCapabilities};
use crate::session::use_session;

/// Authorization files are a few kilobytes; anything this large is the wrong file.
const MAX_FILE_BYTES: f64 = 1024.0 * 1024.0;
const EXTENSIONS: [&str; 2] = [".epc", ".prvc"];

/// Checks a picked file before anything is sent.
fn check_file(name: &str, size: f64) -> Result<(), String> {
    let lower = name.to_ascii_lowercase();
    if !EXTENSIONS.iter().any(|ext| lower.ends_with(ext)) {
        return Err(format!(
            "“{name}” is not an ArcGIS Server authorization file: choose an .epc or .prvc file."
        ));
    }
    if size <= 0.0 {
        return Err(format!("“{name}” is empty."));
    }
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "“{name}” is larger than 1 MB; authorization files are a few kilobytes."
        ));
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Imported(String),
    Invalid(String),
    Failed(PortalError),
}

#[component]
pub fn ServerLicenses() -> impl IntoView {
    let store = use_session();
    let scope = screen_scope();
    let reload = RwSignal::new(0u32);
    let current: RwSignal<Load<ServerCapabilities>> = RwSignal::new(Load::Loading);
    let file_input: NodeRef<Input> = NodeRef::new();
    let overwrite = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);

    // Fetches on arrival, after an import, and again after a new sign-in (the token is tracked).
    Effect::new(move |_| {
        reload.track();
        let Some(_) = store.token() else { return };
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        let Some(request) = Request::<File>::server_licenses(&session.portal, &session.token)
        else {
            return;
        };
        spawn_local(async move {
            let answer = send(request, scope.get_value().as_ref())
                .await
                .and_then(|v| decode_server_licenses(&v));
            match store.check(answer) {
                Ok(caps) => current.set(Load::Ready(caps)),
                Err(PortalError::Cancelled) => {}
                Err(err) => current.set(Load::Failed(err)),
            }
        });
    });

    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        let file = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            outcome.set(Some(Outcome::Invalid(
                "Choose an authorization file (.epc or .prvc) first.".into(),
            )));
            return;
        };
        if let Err(message) = check_file(&file.name(), file.size()) {
            outcome.set(Some(Outcome::Invalid(message)));
            return;
        }
        let replace = overwrite.get_untracked();
        if replace {
            let confirmed = window()
                .confirm_with_message("Overwrite replaces all current server authorizations with the ones in this file. Continue?")
                .unwrap_or(false);
            if !confirmed {
                return;
            }
        }
        let name = file.name();
        let Some(request) =
            Request::import_server_licenses(&session.portal, &session.token, file, replace)
        else {
            return;
        };
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            let result = store.check(send(request, scope.get_value().as_ref()).await);
            if matches!(result, Err(PortalError::Cancelled)) {
                return;
            }
            outcome.set(Some(match result {
                Ok(_) => Outcome::Imported(format!(
                    "Imported {name}: its authorizations {} the server's.",
                    if replace { "replaced" } else { "were added to" }
                )),
                Err(err) => Outcome::Failed(err),
            }));
            busy.set(false);
            reload.update(|n| *n += 1);
        });
    };

    view! {
        <div class="page-head"><h1>"Server licenses"</h1></div>
        {move || outcome.get().map(|o| match o {
            Outcome::Imported(message) => view! { <SuccessNotice message=message/> }.into_any(),
            Outcome::Invalid(message) => view! { <div class="notice notice-error" role="alert"><p class="notice-title">{message}</p></div> }.into_any(),
            Outcome::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
        })}
        <form class="form" on:submit=upload>
            <label for="license-file">"Authorization file (.epc or .prvc)"</label>
            <input id="license-file" name="licenseFile" type="file" accept=".epc,.prvc" node_ref=file_input/>
            <label class="check">
                <input type="checkbox" name="overwrite" prop:checked=move || overwrite.get()
                    on:change=move |ev| overwrite.set(event_target_checked(&ev))/>
                "Overwrite: replace all current server authorizations instead of adding to them"
            </label>
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || if busy.get() { "Importing…" } else { "Import" }}
            </button>
        </form>
        <section class="panel" aria-labelledby="current-server-licenses">
            <h2 id="current-server-licenses">"Current server authorizations"</h2>
            {move || match current.get() {
                Load::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
                Load::Ready(caps) if caps.features.is_empty() => view! { <p>"No server authorizations."</p> }.into_any(),
                Load::Ready(caps) => view! { <ServerTables capabilities=caps now=now_ms()/> }.into_any(),
            }}
        </section>
    }
}
