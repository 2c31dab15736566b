//! The license manager ArcGIS Pro concurrent licenses come from: see it, and change its hosts and port.

use leptos::prelude::*;

use super::screen::{use_capabilities, use_client, Asked, Loaded};
use crate::components::{license_manager_text, OutcomeNotice};
use crate::portal::{LicenseManager, LicenseManagerInput, LicenseManagerUpdated};

/// The words for a change the portal accepted.
fn updated(done: &LicenseManagerUpdated) -> Option<String> {
    let when = done
        .recheck_after_seconds
        .map(|s| format!(" The portal checks it again in {s} seconds."))
        .unwrap_or_default();
    Some(format!("The license manager is updated.{when}"))
}

/// What a change of the license manager leaves in the journal.
fn journal(
    keeper: super::Keeper,
    input: &LicenseManagerInput,
    outcome: Result<(), &crate::portal::PortalError>,
) -> crate::history::Entry {
    let after = format!("{} {}:{}", input.primary, input.backup, input.port);
    keeper.entry(
        "licenseManager",
        "license manager",
        "hosts and port",
        ("", after.trim()),
        outcome,
    )
}

#[component]
pub fn LicenseManagerPage() -> impl IntoView {
    let client = use_client();
    let capabilities = use_capabilities();
    let current = Loaded::new(client, |client| async move {
        client.license().await.map(|license| {
            license
                .license_manager
                .filter(LicenseManager::is_configured)
        })
    });
    let primary = RwSignal::new(String::new());
    let backup = RwSignal::new(String::new());
    let port = RwSignal::new("27000".to_owned());
    // The form starts from what is configured, unless the user already typed.
    Effect::new(move |_| {
        if let Some(Some(manager)) = current.ready() {
            if primary.get_untracked().is_empty() {
                primary.set(manager.hosts.first().cloned().unwrap_or_default());
                backup.set(manager.hosts.get(1).cloned().unwrap_or_default());
                port.set(manager.port.map(|p| p.to_string()).unwrap_or_default());
            }
        }
    });
    let step = Asked::new(
        client,
        |client, input: &LicenseManagerInput| {
            let input = input.clone();
            async move { client.update_license_manager(&input).await }
        },
        move |_| current.refetch(),
    )
    .journal(move |keeper, input: &LicenseManagerInput, outcome| {
        vec![journal(keeper, input, outcome.map(|_| ()))]
    });
    let update = step.operation();
    let submit = move |()| {
        let input = LicenseManagerInput {
            primary: primary.get_untracked(),
            backup: backup.get_untracked(),
            port: port.get_untracked(),
        };
        match input.check() {
            Ok(()) => {
                update.clear();
                step.ask(input);
            }
            Err(mistake) => update.refuse(mistake),
        }
    };
    let busy = move || update.busy();
    let needed = move || {
        capabilities
            .get()
            .is_none_or(|c| c.license_manager_needed())
    };

    view! {
        <div class="page-head"><h1>"License manager"</h1></div>
        <p class="lede">"ArcGIS Pro concurrent-use licenses are served by the ArcGIS License Manager. From ArcGIS Enterprise 11.4, \
            Pro named-user licenses no longer need one."</p>
        <p class="current-manager">"Now: " <strong>{move || match current.ready() {
            None => "loading…".to_owned(),
            Some(manager) => license_manager_text(manager.as_ref(), needed()),
        }}</strong></p>
        <OutcomeNotice outcome=Signal::derive(move || update.outcome(updated))/>
        <ManagerForm primary=primary backup=backup port=port busy=Signal::derive(busy) on_submit=Callback::new(submit)/>
        {step.question(
            |input| format!("Point the portal at the license manager {}? ArcGIS Pro concurrent-use licenses \
                are then served from there.", input.describe()),
            |_| "Update license manager",
        )}
    }
}

/// The hosts and port, typed.
#[component]
fn ManagerForm(
    primary: RwSignal<String>,
    backup: RwSignal<String>,
    port: RwSignal<String>,
    busy: Signal<bool>,
    on_submit: Callback<()>,
) -> impl IntoView {
    view! {
        <form class="form" on:submit=move |ev| { ev.prevent_default(); on_submit.run(()); }>
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
                {move || if busy.get() { "Updating…" } else { "Update license manager…" }}
            </button>
        </form>
    }
}
