//! Portal for ArcGIS 10.6.1 and earlier: import an entitlements file for an app, or remove all of them.

use leptos::html::Input;
use leptos::prelude::*;
use web_sys::File;

use super::entitlement_queue::{
    chosen_app, queued_app_name, EntitlementQueue, QueuedAppOptions, QUEUED_APPS,
};
use super::screen::{use_client, Operation, Step};
use crate::components::{Confirm, OutcomeNotice};
use crate::portal::Upload;

#[derive(Clone)]
enum Command {
    Import {
        file: Option<File>,
        app_id: &'static str,
    },
    RemoveAll {
        app_id: &'static str,
    },
}

#[component]
pub fn Entitlements() -> impl IntoView {
    let client = use_client();
    let app = RwSignal::new(QUEUED_APPS[0].0);
    let file_input: NodeRef<Input> = NodeRef::new();
    let removing = RwSignal::new(false);
    let refresh = RwSignal::new(0u32);
    let operation = Operation::new(client, |client, command: &Command| {
        let command = command.clone();
        async move {
            match command {
                Command::Import { file, app_id } => {
                    let name = file.as_ref().map(File::name).unwrap_or_default();
                    client.import_entitlements(file, app_id).await?;
                    Ok(format!("Imported {name} for {}.", queued_app_name(app_id)))
                }
                Command::RemoveAll { app_id } => {
                    client.remove_all_entitlements(app_id).await?;
                    Ok(format!(
                        "Removed all entitlements for {}.",
                        queued_app_name(app_id)
                    ))
                }
            }
        }
    });
    Effect::new(move |_| match operation.step() {
        Step::Done(_) => {
            removing.set(false);
            refresh.update(|n| *n += 1);
        }
        Step::Failed(_) => removing.set(false),
        Step::Ready | Step::Running => {}
    });
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = file_input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        operation.run(Command::Import {
            file,
            app_id: app.get_untracked(),
        });
    };
    let remove = Callback::new(move |_| {
        operation.run(Command::RemoveAll {
            app_id: app.get_untracked(),
        })
    });
    let busy = Signal::derive(move || operation.busy());

    view! {
        <div class="page-head"><h1>"Entitlements"</h1></div>
        <p class="lede">"On Portal for ArcGIS 10.6.1 and earlier, ArcGIS Pro and Navigator licenses come from entitlement files."</p>
        <OutcomeNotice outcome=Signal::derive(move || operation.outcome(|words| Some(words.clone())))/>
        <form class="form" on:submit=import>
            <label for="entitlement-app">"Application"</label>
            <select id="entitlement-app" name="appId" on:change=move |ev| {
                if let Some(id) = chosen_app(&ev) { app.set(id); }
                removing.set(false);
            }>
                <QueuedAppOptions/>
            </select>
            <label for="entitlement-file">"Entitlements file (.json)"</label>
            <input id="entitlement-file" name="file" type="file" accept=Upload::Entitlements.accept() node_ref=file_input/>
            <div class="buttons">
                <button type="submit" class="primary" disabled=move || busy.get()>"Import"</button>
                <button type="button" class="remove-all" disabled=move || busy.get() on:click=move |_| removing.set(true)>"Remove all…"</button>
            </div>
        </form>
        <Show when=move || removing.get()>
            {move || view! {
                <Confirm question=format!("Remove all entitlements for {}? Members lose these licenses until a file is imported again.", queued_app_name(app.get()))
                    action="Remove all" busy=busy on_confirm=remove on_cancel=Callback::new(move |_| removing.set(false))/>
            }}
        </Show>
        {move || { refresh.track(); view! { <EntitlementQueue/> } }}
    }
}
