//! ArcGIS Server authorizations (Kubernetes): what is authorized now, and importing `.ecp` / `.prvc` files —
//! picked or dropped, one or several, appended or replacing everything.

use leptos::html::Input;
use leptos::prelude::*;
use web_sys::File;

use super::screen::{now_ms, use_client, Asked, Load, Loaded, Step};
use crate::components::{ErrorNotice, ItemResults, OutcomeNotice, ServerTables};
use crate::portal::{PortalError, ServerCapabilities, Upload};

const UPLOAD: Upload = Upload::ServerLicense;

/// Each file's name and what the portal said to it.
type Imported = Vec<(String, Result<(), PortalError>)>;

fn files_of(list: Option<web_sys::FileList>) -> Vec<File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default()
}

/// What importing `files` does, asked before anything is sent.
fn question(files: &[File], overwrite: bool) -> String {
    let names = files.iter().map(File::name).collect::<Vec<_>>().join(", ");
    if overwrite {
        format!("Import {names} with overwrite? This replaces all current server authorizations with the ones in these files.")
    } else {
        format!("Import {names}? Their authorizations are added to the current ones.")
    }
}

#[component]
pub fn ServerLicenses() -> impl IntoView {
    let client = use_client();
    let current = Loaded::new(
        client,
        |client| async move { client.server_licenses().await },
    );
    let before: RwSignal<Option<usize>> = RwSignal::new(None);
    let file_input: NodeRef<Input> = NodeRef::new();
    let picked = RwSignal::new_local(Vec::<File>::new());
    let overwrite = RwSignal::new(false);
    let step = Asked::new(
        client,
        |client, (files, overwrite): &(Vec<File>, bool)| {
            let (files, overwrite) = (files.clone(), *overwrite);
            async move { client.import_server_licenses(files, overwrite).await }
        },
        move |results: &Imported| {
            if results.iter().all(|(_, r)| r.is_ok()) {
                picked.set(Vec::new());
                if let Some(input) = file_input.get_untracked() {
                    input.set_value("");
                }
            }
            current.refetch();
        },
    )
    .journal(
        move |keeper, (files, overwrite): &(Vec<File>, bool), outcome| {
            let names: Vec<String> = files.iter().map(|f| f.name()).collect();
            let detail = if *overwrite {
                "server authorization, replacing all"
            } else {
                "server authorization, added"
            };
            keeper.entries_per_item("import", detail, ("", "imported"), outcome, &names)
        },
    );
    let import = step.operation();
    let pick = move |files: Vec<File>| {
        import.clear();
        step.cancel();
        picked.set(files);
    };
    let ask = move |()| {
        if let Err(mistake) = picked.with_untracked(|files| UPLOAD.check_all(files)) {
            import.refuse(mistake);
            return;
        }
        import.clear();
        before.set(current.ready().map(|caps| caps.features.len()));
        step.ask((picked.get_untracked(), overwrite.get_untracked()));
    };
    let busy = Signal::derive(move || import.busy());

    view! {
        <div class="page-head"><h1>"Server licenses"</h1></div>
        <OutcomeNotice outcome=Signal::derive(move || import.outcome(|_| None))/>
        {move || match import.step() {
            Step::Done(results) => Some(view! {
                <ImportResults results=results before=before.get()
                    after=current.ready().map(|caps| caps.features.len())/>
            }),
            _ => None,
        }}
        <ImportForm picked=picked overwrite=overwrite asking=step busy=busy file_input=file_input
            on_pick=Callback::new(pick) on_submit=Callback::new(ask)/>
        {step.question(|(files, overwrite)| question(files, *overwrite), |_| "Import")}
        <CurrentAuthorizations current=current/>
    }
}

/// Pick or drop the files, choose whether they replace everything, and import.
#[component]
fn ImportForm(
    picked: RwSignal<Vec<File>, LocalStorage>,
    overwrite: RwSignal<bool>,
    asking: Asked<(Vec<File>, bool), Imported>,
    busy: Signal<bool>,
    file_input: NodeRef<Input>,
    on_pick: Callback<Vec<File>>,
    on_submit: Callback<()>,
) -> impl IntoView {
    view! {
        <form class="form" on:submit=move |ev| { ev.prevent_default(); on_submit.run(()); }>
            <label for="license-file">{format!("Authorization files ({})", UPLOAD.kinds())}</label>
            <div class="drop" on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                on:drop=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    on_pick.run(files_of(ev.data_transfer().and_then(|d| d.files())));
                }>
                <input id="license-file" name="licenseFile" type="file" accept=UPLOAD.accept() multiple node_ref=file_input
                    on:change=move |_| on_pick.run(files_of(file_input.get_untracked().and_then(|i| i.files())))/>
                <span class="hint">"or drop files here"</span>
            </div>
            <PickedFiles picked=picked/>
            <label class="check">
                <input type="checkbox" name="overwrite" prop:checked=move || overwrite.get()
                    on:change=move |ev| { overwrite.set(event_target_checked(&ev)); asking.cancel(); }/>
                "Overwrite: replace all current server authorizations instead of adding to them"
            </label>
            <button type="submit" class="primary" disabled=move || busy.get() || asking.is_asking()>"Import…"</button>
        </form>
    }
}

#[component]
fn CurrentAuthorizations(current: Loaded<ServerCapabilities>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="current-server-licenses">
            <h2 id="current-server-licenses">"Current server authorizations"</h2>
            {move || match current.state() {
                Load::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
                Load::Ready(caps) if caps.is_empty() => view! { <p>"No server authorizations."</p> }.into_any(),
                Load::Ready(caps) => view! { <ServerTables capabilities=caps now=now_ms()/> }.into_any(),
            }}
        </section>
    }
}

/// The picked files, each with what is wrong with it.
#[component]
fn PickedFiles(picked: RwSignal<Vec<File>, LocalStorage>) -> impl IntoView {
    view! {
        <ul class="picked">
            {move || picked.with(|files| files.iter().map(|f| {
                let problem = UPLOAD.check(&f.name(), f.size()).err().map(|m| m.words());
                let invalid = problem.is_some();
                view! { <li class:invalid=invalid>{f.name()} " " {problem.unwrap_or_default()}</li> }
            }).collect_view())}
        </ul>
    }
}

/// What each file came to, and how many server features there are now.
#[component]
fn ImportResults(results: Imported, before: Option<usize>, after: Option<usize>) -> impl IntoView {
    view! {
        <ItemResults results=results done="imported"/>
        {before.zip(after).map(|(b, a)| view! { <p role="status">{format!("Server features: {b} before, {a} now.")}</p> })}
    }
}
