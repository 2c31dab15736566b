//! Offline licenses: who holds one now (read through the same directory reader as Members, complete or saying
//! what is missing), releasing them by name or from that list, and each app's offline policy.

use leptos::prelude::*;

use super::members::{Reader, ReaderStatus};
use super::screen::{use_capabilities, use_client, Asked, ScreenClient, Step};
use crate::components::{format_date, ItemResults, Outcome, OutcomeNotice};
use crate::inventory::bulk::name_releases;
use crate::portal::{
    check_username, LastSignIn, LicensedApp, MemberResults, OfflineLicense, PortalError, Run, Scope,
};
use crate::session::use_session;

/// A member and the app whose offline license is to be released.
type Pick = (String, LicensedApp);

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
fn single_outcome(picks: &[Pick], results: &MemberResults) -> Option<Outcome> {
    match (picks, results.as_slice()) {
        ([(user, app)], [(_, Ok(()))]) => Some(Outcome::Done(format!(
            "Released the {} license checked out by {user}.",
            app.label()
        ))),
        (_, [(_, Err(PortalError::Cancelled))]) => None,
        (_, [(_, Err(err))]) => Some(Outcome::Failed(err.clone())),
        _ => None,
    }
}

/// The license says the portal's version, which decides whether AllSource is offered; it is read here only when no
/// screen has read it yet.
fn read_version_if_unknown(client: ScreenClient) {
    if use_session()
        .reported
        .with_untracked(|r| r.version.is_none())
    {
        let client = client.get();
        leptos::task::spawn_local(async move {
            let _ = client.license().await;
        });
    }
}

/// Once every holder is known and none is left unsaid, today's snapshot learns how many hold one offline.
fn tell_offline_count(reader: Reader) {
    let keeper = super::use_keeper();
    Effect::new(move |_| {
        reader.shown.with(|s| {
            let complete = s.completeness.as_ref().is_some_and(|c| c.is_complete());
            if complete && s.offline_unknown == 0 {
                let mut holders: Vec<&str> =
                    s.offline.iter().map(|o| o.username.as_str()).collect();
                holders.sort_unstable();
                holders.dedup();
                keeper.offline_known(holders.len() as u64);
            }
        })
    });
}

#[component]
pub fn Release() -> impl IntoView {
    let client = use_client();
    let capabilities = use_capabilities();
    let reader = Reader::new(client, Scope::Holders);
    reader.read(None);
    tell_offline_count(reader);
    read_version_if_unknown(client);
    let selected: RwSignal<Vec<Pick>> = RwSignal::new(Vec::new());
    let sent: RwSignal<Vec<Pick>> = RwSignal::new(Vec::new());
    let step = Asked::new(
        client,
        move |client, picks: &Vec<Pick>| {
            sent.set(picks.clone());
            let picks = picks.clone();
            async move {
                let released = client.release_licenses(&picks, &Run::UNWATCHED).await;
                Ok(name_releases(&picks, released))
            }
        },
        move |_| {
            selected.set(Vec::new());
            reader.read_afresh();
        },
    )
    .journal(move |keeper, picks: &Vec<Pick>, outcome| keeper.releases(picks, outcome));
    let release = step.operation();
    let by_app = capabilities
        .get_untracked()
        .is_none_or(|c| c.release_by_app());
    let apps = move || {
        capabilities
            .get()
            .map(|c| c.release_apps())
            .unwrap_or_default()
    };
    let ask = Callback::new(move |picks: Vec<Pick>| step.ask(picks));

    view! {
        <div class="page-head"><h1>"Offline licenses"</h1><div class="page-actions">{reader.actions()}</div></div>
        <p class="lede">"Check in an ArcGIS Pro, Drone2Map or AllSource license that a member checked out for offline use, \
            for example when their device was lost or reinstalled. They can then sign in or check out again from another device."</p>
        <OutcomeNotice outcome=Signal::derive(move || match release.step() {
            Step::Done(results) => single_outcome(&sent.get(), &results),
            Step::Failed(err) => Some(Outcome::Failed(err)),
            _ => None,
        })/>
        <ReleaseForm by_app=by_app apps=Signal::derive(apps) busy=Signal::derive(move || release.busy())
            step=step on_ask=ask on_refuse=Callback::new(move |mistake| release.refuse(mistake))/>
        {step.question(|picks| question(picks), |_| "Release")}
        {move || match release.step() {
            Step::Done(results) if results.len() > 1 => Some(view! { <ItemResults results=results done="released"/> }),
            _ => None,
        }}
        <section class="panel" aria-labelledby="offline-holders">
            <h2 id="offline-holders">"Who holds an offline license now"</h2>
            <ReaderStatus reader=reader/>
            {move || reader.shown.with(|s| s.offline_unknown).gt(&0).then(|| view! {
                <p class="muted">{move || format!("For {} holders, the portal did not say whether they hold it offline.",
                    reader.shown.with(|s| s.offline_unknown))}</p>
            })}
            // Nothing is said of who holds what until a pass has read it.
            {move || {
                let (read, list) = reader.shown.with(|s| (s.completeness.is_some(), s.offline.clone()));
                match (read, list.is_empty()) {
                    (false, _) => ().into_any(),
                    (true, true) => view! { <p>"Nobody is known to have a license checked out for offline use."</p> }.into_any(),
                    (true, false) => view! {
                        <HoldersTable holders=list.to_vec() selected=selected on_ask=ask busy=Signal::derive(move || release.busy())/>
                    }.into_any(),
                }
            }}
        </section>
        <super::offline_policy::OfflinePolicy apps=Signal::derive(move || reader.shown.with(|s| s.apps.clone()))
            on_changed=Callback::new(move |_| reader.read_afresh())/>
    }
}

/// Release by username (and, from 10.7, application).
#[component]
fn ReleaseForm(
    by_app: bool,
    apps: Signal<Vec<LicensedApp>>,
    busy: Signal<bool>,
    step: Asked<Vec<Pick>, MemberResults>,
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
                on:input=move |ev| { username.set(event_target_value(&ev)); step.cancel(); }/>
            {by_app.then(|| view! {
                <label for="release-app">"Application"</label>
                <select id="release-app" name="appId"
                    on:change=move |ev| {
                        if let Some(chosen) = LicensedApp::from_app_id(&event_target_value(&ev)) { app.set(chosen); }
                        step.cancel();
                    }>
                    {move || apps.get().into_iter().map(|a| view! {
                        <option value=a.app_id() selected=move || app.get() == a>{a.label()}</option>
                    }).collect_view()}
                </select>
            })}
            <button type="submit" class="primary" disabled=move || busy.get() || step.is_asking()>"Release…"</button>
        </form>
    }
}

/// Who has a license out now: release one, or tick several and release them together.
#[component]
fn HoldersTable(
    holders: Vec<OfflineLicense>,
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
                    <td>{match holder.last_sign_in {
                        LastSignIn::At(ms) => format_date(ms),
                        LastSignIn::Never => "never".into(),
                        LastSignIn::Unknown => "unknown".into(),
                    }}</td>
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
