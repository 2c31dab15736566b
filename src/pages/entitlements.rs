//! Portal for ArcGIS 10.6.1 and earlier: import an entitlements file for an app, or remove all of them.

use leptos::html::Input;
use leptos::prelude::*;
use web_sys::File;

use super::entitlement_queue::{
    chosen_app, queued_app_name, EntitlementQueue, QueuedAppOptions, QUEUED_APPS,
};
use super::screen::{use_client, Asked};
use crate::components::OutcomeNotice;
use crate::portal::{Client, PortalError, Upload};

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

impl Command {
    /// What the command changes, asked before it is sent.
    fn question(&self) -> String {
        match self {
            Command::Import { file, app_id } => format!(
                "Import {} for {}? It replaces every entitlement queued for {} with the ones in this file.",
                file.as_ref().map(File::name).unwrap_or_default(),
                queued_app_name(app_id),
                queued_app_name(app_id)
            ),
            Command::RemoveAll { app_id } => format!(
                "Remove all entitlements for {}? Members lose these licenses until a file is imported again.",
                queued_app_name(app_id)
            ),
        }
    }

    fn action(&self) -> &'static str {
        match self {
            Command::Import { .. } => "Import",
            Command::RemoveAll { .. } => "Remove all",
        }
    }
}

/// Sends the command; answers the words for what the portal did.
async fn perform(client: Client, command: Command) -> Result<String, PortalError> {
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

#[component]
pub fn Entitlements() -> impl IntoView {
    let client = use_client();
    let app = RwSignal::new(QUEUED_APPS[0].0);
    let file_input: NodeRef<Input> = NodeRef::new();
    let refresh = RwSignal::new(0u32);
    let step = Asked::new(
        client,
        |client, command: &Command| perform(client, command.clone()),
        move |_| refresh.update(|n| *n += 1),
    )
    .journal(move |keeper, command: &Command, outcome| match command {
        Command::Import { file, app_id } => {
            let name = file.as_ref().map(|f| f.name()).unwrap_or_default();
            vec![keeper.entry(
                "import",
                &name,
                &format!("entitlements of {app_id}"),
                ("", "imported"),
                outcome.map(|_| ()),
            )]
        }
        Command::RemoveAll { app_id } => {
            vec![keeper.entry(
                "removeEntitlements",
                app_id,
                "every entitlement",
                ("", "removed"),
                outcome.map(|_| ()),
            )]
        }
    });
    let operation = step.operation();
    // The file is checked before the question: only a file that can be imported is asked about.
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = file_input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        match Upload::Entitlements.checked(picked) {
            Ok(file) => {
                operation.clear();
                step.ask(Command::Import {
                    file: Some(file),
                    app_id: app.get_untracked(),
                });
            }
            Err(mistake) => operation.refuse(mistake),
        }
    };
    let busy = Signal::derive(move || operation.busy());

    view! {
        <div class="page-head"><h1>"Entitlements"</h1></div>
        <p class="lede">"On Portal for ArcGIS 10.6.1 and earlier, ArcGIS Pro and Navigator licenses come from entitlement files."</p>
        <OutcomeNotice outcome=Signal::derive(move || operation.outcome(|words| Some(words.clone())))/>
        <form class="form" on:submit=import>
            <label for="entitlement-app">"Application"</label>
            <select id="entitlement-app" name="appId" on:change=move |ev| {
                if let Some(id) = chosen_app(&ev) { app.set(id); }
                step.cancel();
            }>
                <QueuedAppOptions/>
            </select>
            <label for="entitlement-file">"Entitlements file (.json)"</label>
            <input id="entitlement-file" name="file" type="file" accept=Upload::Entitlements.accept() node_ref=file_input/>
            <div class="buttons">
                <button type="submit" class="primary" disabled=move || busy.get()>"Import…"</button>
                <button type="button" class="remove-all" disabled=move || busy.get()
                    on:click=move |_| step.ask(Command::RemoveAll { app_id: app.get_untracked() })>"Remove all…"</button>
            </div>
        </form>
        {step.question(Command::question, Command::action)}
        {move || { refresh.track(); view! { <EntitlementQueue/> } }}
    }
}
