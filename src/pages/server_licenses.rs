//! ArcGIS Server authorizations (Kubernetes): what is authorized now, and importing `.epc` / `.prvc` files —
//! picked or dropped, one or several, appended or replacing everything.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use super::{fetch_with_session, now_ms, screen_scope, Load};
use crate::components::{Confirm, ErrorNotice, Outcome, OutcomeNotice, ServerTables};
use crate::portal::{
    check_upload, decode_server_licenses, send, PortalError, Request, ServerCapabilities,
};
use crate::session::use_session;

const EXTENSIONS: [&str; 2] = [".epc", ".prvc"];

fn files_of(list: Option<web_sys::FileList>) -> Vec<File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default()
}

#[component]
pub fn ServerLicenses() -> impl IntoView {
    let store = use_session();
    let scope = screen_scope();
    let reload = RwSignal::new(0u32);
    let current: RwSignal<Load<ServerCapabilities>> = RwSignal::new(Load::Loading);
    let before: RwSignal<Option<usize>> = RwSignal::new(None);
    let file_input: NodeRef<Input> = NodeRef::new();
    let picked = RwSignal::new_local(Vec::<File>::new());
    let overwrite = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let results: RwSignal<Vec<(String, Result<(), PortalError>)>> = RwSignal::new(Vec::new());

    // Fetches on arrival, after an import, and again after a new sign-in (the token is tracked).
    fetch_with_session(reload, move |session| async move {
        let Some(request) = Request::<File>::server_licenses(&session.portal, &session.token)
        else {
            return;
        };
        let answer = send(request, scope.get_value().as_ref())
            .await
            .and_then(|v| decode_server_licenses(&v));
        match store.check(answer) {
            Ok(caps) => current.set(Load::Ready(caps)),
            Err(PortalError::Cancelled) => {}
            Err(err) => current.set(Load::Failed(err)),
        }
    });

    let pick = move |files: Vec<File>| {
        outcome.set(None);
        results.set(Vec::new());
        confirming.set(false);
        picked.set(files);
    };
    let problems = move || {
        picked.with(|files| {
            files
                .iter()
                .filter_map(|f| check_upload(&f.name(), f.size(), &EXTENSIONS).err())
                .collect::<Vec<_>>()
        })
    };
    let question = move || {
        let names =
            picked.with(|files| files.iter().map(File::name).collect::<Vec<_>>().join(", "));
        if overwrite.get() {
            format!("Import {names} with overwrite? This replaces all current server authorizations with the ones in these files.")
        } else {
            format!("Import {names}? Their authorizations are added to the current ones.")
        }
    };
    let run = Callback::new(move |_| {
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let files = picked.get_untracked();
        let replace = overwrite.get_untracked();
        before.set(current.with_untracked(|c| match c {
            Load::Ready(caps) => Some(caps.features.len()),
            _ => None,
        }));
        spawn_local(async move {
            let mut done = Vec::new();
            // With overwrite, the first file replaces everything and the rest add to it.
            for (i, file) in files.into_iter().enumerate() {
                let name = file.name();
                let Some(request) = Request::import_server_licenses(
                    &session.portal,
                    &session.token,
                    file,
                    replace && i == 0,
                ) else {
                    break;
                };
                let result = store
                    .check(send(request, scope.get_value().as_ref()).await)
                    .map(|_| ());
                let stop = result.is_err();
                done.push((name, result));
                if stop {
                    break;
                }
            }
            busy.set(false);
            confirming.set(false);
            let all_ok = done.iter().all(|(_, r)| r.is_ok());
            if all_ok {
                picked.set(Vec::new());
                if let Some(input) = file_input.get_untracked() {
                    input.set_value("");
                }
            }
            results.set(done);
            reload.update(|n| *n += 1);
        });
    });
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if picked.with(Vec::is_empty) {
            outcome.set(Some(Outcome::Invalid(
                "Choose one or more authorization files (.epc or .prvc) first.".into(),
            )));
            return;
        }
        if let Some(problem) = problems().into_iter().next() {
            outcome.set(Some(Outcome::Invalid(problem)));
            return;
        }
        outcome.set(None);
        // Adding needs no confirmation; replacing everything does.
        if overwrite.get_untracked() {
            confirming.set(true);
        } else {
            run.run(());
        }
    };
    let cancel = Callback::new(move |_| confirming.set(false));

    view! {
        <div class="page-head"><h1>"Server licenses"</h1></div>
        <OutcomeNotice outcome=outcome/>
        <Show when=move || !results.with(Vec::is_empty)>
            <div class="notice" class:notice-success=move || results.with(|r| r.iter().all(|(_, r)| r.is_ok()))
                class:notice-error=move || results.with(|r| r.iter().any(|(_, r)| r.is_err())) role="status">
                <ul class="results">
                    {move || results.get().into_iter().map(|(name, result)| match result {
                        Ok(()) => view! { <li class="result-ok">{format!("Imported {name}.")}</li> }.into_any(),
                        Err(err) => view! { <li class="result-failed">{format!("{name} was not imported: {} {}", err.title(), err.detail())}</li> }.into_any(),
                    }).collect_view()}
                </ul>
                {move || before.get().zip(match current.get() { Load::Ready(c) => Some(c.features.len()), _ => None })
                    .map(|(b, a)| view! { <p>{format!("Server features: {b} before, {a} now.")}</p> })}
            </div>
        </Show>
        <form class="form" on:submit=ask>
            <label for="license-file">"Authorization files (.epc or .prvc)"</label>
            <div class="drop" on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    pick(files_of(ev.data_transfer().and_then(|d| d.files())));
                }>
                <input id="license-file" name="licenseFile" type="file" accept=".epc,.prvc" multiple node_ref=file_input
                    on:change=move |_| pick(files_of(file_input.get_untracked().and_then(|i| i.files())))/>
                <span class="hint">"or drop files here"</span>
            </div>
            <ul class="picked">
                {move || picked.with(|files| files.iter().map(|f| {
                    let problem = check_upload(&f.name(), f.size(), &EXTENSIONS).err();
                    let invalid = problem.is_some();
                    view! { <li class:invalid=invalid>{f.name()} " " {problem.unwrap_or_default()}</li> }
                }).collect_view())}
            </ul>
            <label class="check">
                <input type="checkbox" name="overwrite" prop:checked=move || overwrite.get()
                    on:change=move |ev| { overwrite.set(event_target_checked(&ev)); confirming.set(false); }/>
                "Overwrite: replace all current server authorizations instead of adding to them"
            </label>
            <button type="submit" class="primary" disabled=move || busy.get() || confirming.get()>"Import…"</button>
        </form>
        <Show when=move || confirming.get()>
            {move || view! { <Confirm question=question() action="Import" busy=busy on_confirm=run on_cancel=cancel/> }}
        </Show>
        <section class="panel" aria-labelledby="current-server-licenses">
            <h2 id="current-server-licenses">"Current server authorizations"</h2>
            {move || match current.get() {
                Load::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
                Load::Ready(caps) if caps.is_empty() => view! { <p>"No server authorizations."</p> }.into_any(),
                Load::Ready(caps) => view! { <ServerTables capabilities=caps now=now_ms()/> }.into_any(),
            }}
        </section>
    }
}
