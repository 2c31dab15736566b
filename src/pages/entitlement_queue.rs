//! 10.6.1 and earlier: the entitlements imported to start later, for a chosen app.

use leptos::prelude::*;

use super::screen::{use_client, Load, Loaded};
use crate::components::{format_date, ErrorNotice};
use crate::portal::QueuedEntitlements;

/// The apps whose entitlements a 10.6.1-or-earlier portal queues.
pub(super) const QUEUED_APPS: [(&str, &str); 2] = [
    ("arcgisprodesktop", "ArcGIS Pro"),
    ("navigator", "ArcGIS Navigator"),
];

/// The app's name, for an app id of `QUEUED_APPS`.
pub(super) fn queued_app_name(app_id: &str) -> &'static str {
    QUEUED_APPS
        .iter()
        .find(|(id, _)| *id == app_id)
        .map(|(_, name)| *name)
        .unwrap_or_default()
}

/// The `QUEUED_APPS` as options of a select.
#[component]
pub(super) fn QueuedAppOptions() -> impl IntoView {
    QUEUED_APPS
        .iter()
        .map(|(id, name)| view! { <option value=*id>{*name}</option> })
        .collect_view()
}

/// The app id a select of `QueuedAppOptions` now says.
pub(super) fn chosen_app(ev: &leptos::ev::Event) -> Option<&'static str> {
    let chosen = event_target_value(ev);
    QUEUED_APPS
        .iter()
        .find(|(id, _)| *id == chosen)
        .map(|(id, _)| *id)
}

#[component]
pub(super) fn EntitlementQueue() -> impl IntoView {
    let client = use_client();
    let app = RwSignal::new(QUEUED_APPS[0].0);
    // Read before the fetch starts, so that choosing another app fetches again.
    let queue = Loaded::new(client, move |client| {
        let app_id = app.get();
        async move { client.entitlement_queue(app_id).await }
    });
    view! {
        <section class="panel" aria-labelledby="entitlement-queue">
            <h2 id="entitlement-queue">"Queued entitlements"</h2>
            <label class="inline">"Application "
                <select name="queue-app" on:change=move |ev| {
                    if let Some(id) = chosen_app(&ev) { app.set(id); }
                }>
                    <QueuedAppOptions/>
                </select>
            </label>
            {move || match queue.state() {
                Load::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
                Load::Ready(batches) if batches.is_empty() => view! { <p>"Nothing is queued: every imported entitlement is in effect."</p> }.into_any(),
                Load::Ready(batches) => view! { <QueueTable batches=batches/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn QueueTable(batches: Vec<QueuedEntitlements>) -> impl IntoView {
    let count = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
    view! {
        <table>
            <thead><tr><th scope="col">"Starts"</th><th scope="col">"Members"</th><th scope="col">"Features"</th></tr></thead>
            <tbody>{batches.into_iter().map(|b| view! {
                <tr>
                    <td>{b.start.map(format_date).unwrap_or_else(|| "—".into())}</td>
                    <td class="num">{count(b.max_users)}</td>
                    <td>{b.features.iter().map(|(code, num)| format!("{code}: {}", count(*num))).collect::<Vec<_>>().join(", ")}</td>
                </tr>
            }).collect_view()}</tbody>
        </table>
    }
}
