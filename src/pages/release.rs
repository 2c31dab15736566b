//! Release licenses checked out for offline use: by name, or from the list of who holds one right now.

use leptos::prelude::*;

use super::screen::{use_capabilities, use_client, Load, Loaded, Operation, Step};
use crate::components::{format_date, Confirm, ErrorNotice, Outcome, OutcomeNotice};
use crate::portal::{check_username, LicensedApp, OfflineHolder, PortalError};
use crate::session::use_session;

/// A member and the app whose offline license is to be released.
type Pick = (String, LicensedApp);

/// What became of one release.
type Released = (String, LicensedApp, Result<(), PortalError>);

/// The words for what releasing `picks` does, asked before it is done.
fn question(picks: &[Pick]) -> String {
    match picks {
        [(user, app)] => format!(
            "Release the {} license checked out by {user}? The copy on their device stops working; they can check one out again.",
            app.label()
        ),
        many => format!(
            "Release {} licenses: {}? The copies on their devices stop working.",
            many.len(),
            many.iter()
                .map(|(u, a)| format!("{} ({u})", a.label()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// One release reads as a notice; several as a list of results.
fn single_outcome(results: &[Released]) -> Option<Outcome> {
    match results {
        [(user, app, Ok(()))] => Some(Outcome::Done(format!(
            "Released the {} license checked out by {user}.",
            app.label()
        ))),
        [(_, _, Err(PortalError::Cancelled))] => None,
        [(_, _, Err(err))] => Some(Outcome::Failed(err.clone())),
        _ => None,
    }
}

#[component]
pub fn Release() -> impl IntoView {
    let client = use_client();
    let capabilities = use_capabilities();
    let store = use_session();
    // The license says the portal's version, which decides whether AllSource is offered; it is read here only
    // when no screen has read it yet.
    let holders = Loaded::new(client, move |client| async move {
        if store.reported.with_untracked(|r| r.version.is_none()) {
            let _ = client.license().await;
        }
        client.offline_holders().await
    });
    let selected: RwSignal<Vec<Pick>> = RwSignal::new(Vec::new());
    let asking: RwSignal<Vec<Pick>> = RwSignal::new(Vec::new());
    let release = Operation::new(client, |client, picks: &Vec<Pick>| {
        let picks = picks.clone();
        async move {
            let mut results: Vec<Released> = Vec::new();
            for (user, app) in picks {
                let result = client.release_license(&user, app).await;
                let cancelled = result == Err(PortalError::Cancelled);
                results.push((user, app, result));
                if cancelled {
                    break;
                }
            }
            Ok(results)
        }
    });
    Effect::new(move |_| {
        if let Step::Done(_) = release.step() {
            asking.set(Vec::new());
            selected.set(Vec::new());
            holders.refetch();
        }
    });
    let by_app = capabilities
        .get_untracked()
        .is_none_or(|c| c.release_by_app());
    let apps = move || {
        capabilities
            .get()
            .map(|c| c.release_apps())
            .unwrap_or_default()
    };
    let ask = Callback::new(move |picks: Vec<Pick>| asking.set(picks));
    let run = Callback::new(move |_| release.run(asking.get_untracked()));
    let cancel = Callback::new(move |_| asking.set(Vec::new()));

    view! {
        <div class="page-head"><h1>"Release a license"</h1></div>
        <p class="lede">"Check in an ArcGIS Pro, Drone2Map or AllSource license that a member checked out for offline use, \
            for example when their device was lost or reinstalled. They can then sign in or check out again from another device."</p>
        <OutcomeNotice outcome=Signal::derive(move || match release.step() {
            Step::Done(results) => single_outcome(&results),
            Step::Failed(err) => Some(Outcome::Failed(err)),
            _ => None,
        })/>
        <ReleaseForm by_app=by_app apps=Signal::derive(apps) busy=Signal::derive(move || release.busy())
            asking=asking on_ask=ask on_refuse=Callback::new(move |mistake| release.refuse(mistake))/>
        <Show when=move || !asking.with(Vec::is_empty)>
            {move || view! { <Confirm question=question(&asking.get()) action="Release"
                busy=Signal::derive(move || release.busy()) on_confirm=run on_cancel=cancel/> }}
        </Show>
        {move || match release.step() {
            Step::Done(results) if results.len() > 1 => Some(view! { <ReleaseResults results=results/> }),
            _ => None,
        }}
        <section class="panel" aria-labelledby="offline-holders">
            <h2 id="offline-holders">"Who holds an offline license now"</h2>
            {move || match holders.state() {
                Load::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
                Load::Ready(list) if list.is_empty() => view! { <p>"Nobody has a license checked out for offline use."</p> }.into_any(),
                Load::Ready(list) => view! {
                    <HoldersTable holders=list selected=selected on_ask=ask busy=Signal::derive(move || release.busy())/>
                }.into_any(),
            }}
        </section>
    }
}

/// Release by username (and, from 10.7, application).
#[component]
fn ReleaseForm(
    by_app: bool,
    apps: Signal<Vec<LicensedApp>>,
    busy: Signal<bool>,
    asking: RwSignal<Vec<Pick>>,
    on_ask: Callback<Vec<Pick>>,
    on_refuse: Callback<PortalError>,
) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let app = RwSignal::new(LicensedApp::Pro);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match check_username(&username.get_untracked()) {
            Ok(name) => on_ask.run(vec![(name, app.get_untracked())]),
            Err(mistake) => on_refuse.run(mistake.into()),
        }
    };
    view! {
        <form class="form" on:submit=submit>
            <label for="release-username">"Username"</label>
            <input id="release-username" name="username" type="text" autocomplete="off" spellcheck="false"
                prop:value=move || username.get()
                on:input=move |ev| { username.set(event_target_value(&ev)); asking.set(Vec::new()); }/>
            {by_app.then(|| view! {
                <label for="release-app">"Application"</label>
                <select id="release-app" name="appId"
                    on:change=move |ev| {
                        if let Some(chosen) = LicensedApp::from_app_id(&event_target_value(&ev)) { app.set(chosen); }
                        asking.set(Vec::new());
                    }>
                    {move || apps.get().into_iter().map(|a| view! {
                        <option value=a.app_id() selected=move || app.get() == a>{a.label()}</option>
                    }).collect_view()}
                </select>
            })}
            <button type="submit" class="primary" disabled=move || busy.get() || !asking.with(Vec::is_empty)>"Release…"</button>
        </form>
    }
}

/// Who has a license out now: release one, or tick several and release them together.
#[component]
fn HoldersTable(
    holders: Vec<OfflineHolder>,
    selected: RwSignal<Vec<Pick>>,
    on_ask: Callback<Vec<Pick>>,
    busy: Signal<bool>,
) -> impl IntoView {
    // A holder who is gone from the list cannot stay selected.
    selected.update(|s| s.retain(|(u, a)| holders.iter().any(|h| &h.username == u && h.app == *a)));
    let rows = holders
        .into_iter()
        .map(|holder| {
            let pick: Pick = (holder.username.clone(), holder.app);
            let (toggle, check, one) = (pick.clone(), pick.clone(), pick);
            view! {
                <tr>
                    <td><input type="checkbox" aria-label=format!("Select {} ({})", holder.username, holder.app.label())
                        prop:checked=move || selected.with(|s| s.contains(&check))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|s| { s.retain(|k| k != &toggle); if on { s.push(toggle.clone()); } });
                        }/></td>
                    <th scope="row">{holder.username.clone()}</th>
                    <td>{holder.app.label()}</td>
                    <td>{holder.last_login.map(format_date).unwrap_or_else(|| "never".into())}</td>
                    <td><button type="button" class="release-one" on:click=move |_| on_ask.run(vec![one.clone()])>"Release…"</button></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table>
            <thead><tr><th scope="col"><span class="visually-hidden">"Select"</span></th><th scope="col">"Member"</th>
                <th scope="col">"Application"</th><th scope="col">"Last sign-in"</th><th scope="col">"Action"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <button type="button" class="release-selected" disabled=move || selected.with(Vec::is_empty) || busy.get()
            on:click=move |_| on_ask.run(selected.get_untracked())>
            {move || format!("Release selected ({})…", selected.with(Vec::len))}
        </button>
    }
}

/// A result per member after releasing several at once.
#[component]
fn ReleaseResults(results: Vec<Released>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="release-summary">
            <h2 id="release-summary">"Results"</h2>
            <ul class="results">
                {results.into_iter().map(|(user, app, result)| match result {
                    Ok(()) => view! { <li class="result-ok">{format!("{user}: {} released", app.label())}</li> }.into_any(),
                    Err(err) => view! { <li class="result-failed">{format!("{user}: {} not released — {}", app.label(), err.title())}</li> }.into_any(),
                }).collect_view()}
            </ul>
        </section>
    }
}
