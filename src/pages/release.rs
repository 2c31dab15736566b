//! Release licenses checked out for offline use: by name, or from the list of who holds one right now.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use super::{fetch_license, fetch_with_session, screen_scope, Load};
use crate::components::{format_date, Confirm, ErrorNotice, Outcome, OutcomeNotice};
use crate::portal::{
    decode_purchases, decode_user_entitlements, send, version_at_least, Aborter, Flavour,
    LicensedApp, PortalError, Request, Session,
};
use crate::session::{use_session, SessionStore};

/// A member holding an app's license offline.
#[derive(Clone, Debug, PartialEq)]
struct Holder {
    username: String,
    app: LicensedApp,
    last_login: Option<i64>,
}

/// Every member holding ArcGIS Pro or Drone2Map offline: the listings from `purchases`, then every page of
/// each listing's `userEntitlements`.
async fn offline_holders(
    session: &Session,
    scope: Option<&Aborter>,
) -> Result<Vec<Holder>, PortalError> {
    let listings = decode_purchases(
        &send(
            Request::<File>::purchases(&session.portal, &session.token),
            scope,
        )
        .await?,
    );
    let mut holders = Vec::new();
    for listing in listings {
        let app = match listing.title.as_str() {
            "ArcGIS Pro" => LicensedApp::Pro,
            title if title.contains("Drone2Map") => LicensedApp::Drone2Map,
            title if title.contains("AllSource") => LicensedApp::AllSource,
            _ => continue,
        };
        let mut start = 1;
        loop {
            let request = Request::<File>::user_entitlements(
                &session.portal,
                &session.token,
                &listing.item_id,
                start,
            );
            let (users, next) = decode_user_entitlements(&send(request, scope).await?)?;
            holders.extend(
                users
                    .into_iter()
                    .filter(|u| u.disconnected)
                    .map(|u| Holder {
                        username: u.username,
                        app,
                        last_login: u.last_login,
                    }),
            );
            match next {
                Some(next) if next > start => start = next,
                _ => break,
            }
        }
    }
    Ok(holders)
}

/// What became of one release: who, which app, and the portal's answer.
type Released = (String, LicensedApp, Result<(), PortalError>);

async fn release(
    store: SessionStore,
    scope: Option<Aborter>,
    username: String,
    app: LicensedApp,
) -> Result<(), PortalError> {
    let session = store
        .current
        .get_untracked()
        .ok_or(PortalError::Cancelled)?;
    let request = Request::<File>::release_license(&session.portal, &session.token, &username, app);
    store.check(send(request, scope.as_ref()).await).map(|_| ())
}

#[component]
pub fn Release() -> impl IntoView {
    let store = use_session();
    let scope = screen_scope();
    let legacy = store.current.with_untracked(|s| {
        s.as_ref()
            .is_some_and(|s| s.portal.flavour == Flavour::Classic { legacy: true })
    });
    let username = RwSignal::new(String::new());
    let app = RwSignal::new(LicensedApp::Pro);
    let version: RwSignal<Option<String>> = RwSignal::new(None);
    let holders: RwSignal<Load<Vec<Holder>>> = RwSignal::new(Load::Loading);
    let selected: RwSignal<Vec<(String, LicensedApp)>> = RwSignal::new(Vec::new());
    let pending: RwSignal<Vec<(String, LicensedApp)>> = RwSignal::new(Vec::new());
    let summary: RwSignal<Vec<Released>> = RwSignal::new(Vec::new());
    let busy = RwSignal::new(false);
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);
    let reload = RwSignal::new(0u32);

    // The version decides whether AllSource is offered; the holders list is who has a license out now.
    fetch_with_session(reload, move |session| async move {
        let aborter = scope.get_value();
        if let Ok(license) = fetch_license(store, &session, aborter.as_ref()).await {
            version.set(license.version);
        }
        match store.check(offline_holders(&session, aborter.as_ref()).await) {
            Ok(list) => {
                selected.update(|s| {
                    s.retain(|(u, a)| list.iter().any(|h| &h.username == u && h.app == *a))
                });
                holders.set(Load::Ready(list));
            }
            Err(PortalError::Cancelled) => {}
            Err(err) => holders.set(Load::Failed(err)),
        }
    });
    let apps = move || {
        LicensedApp::ALL
            .into_iter()
            .filter(|a| {
                *a != LicensedApp::AllSource || version_at_least(version.get().as_deref(), &[11, 5])
            })
            .collect::<Vec<_>>()
    };

    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        summary.set(Vec::new());
        let name = username.get_untracked().trim().to_owned();
        if name.is_empty() {
            outcome.set(Some(Outcome::Invalid(
                "Enter the member's username.".into(),
            )));
            return;
        }
        outcome.set(None);
        pending.set(vec![(name, app.get_untracked())]);
    };
    let run = Callback::new(move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let batch = pending.get_untracked();
        spawn_local(async move {
            let mut results = Vec::new();
            for (user, chosen) in batch {
                let result = release(store, scope.get_value(), user.clone(), chosen).await;
                let expired = matches!(
                    result,
                    Err(PortalError::SessionExpired { .. } | PortalError::Cancelled)
                );
                results.push((user, chosen, result));
                if expired {
                    break;
                }
            }
            busy.set(false);
            match results.as_slice() {
                [(user, chosen, Ok(()))] => {
                    outcome.set(Some(Outcome::Done(format!(
                        "Released the {} license checked out by {user}.",
                        chosen.label()
                    ))));
                    pending.set(Vec::new());
                }
                [(_, _, Err(PortalError::SessionExpired { .. }))] => {}
                [(_, _, Err(err))] => {
                    outcome.set(Some(Outcome::Failed(err.clone())));
                    pending.set(Vec::new());
                }
                _ => {
                    summary.set(results);
                    pending.set(Vec::new());
                    selected.set(Vec::new());
                }
            }
            reload.update(|n| *n += 1);
        });
    });
    let cancel = Callback::new(move |_| pending.set(Vec::new()));
    let question = move || {
        let batch = pending.get();
        match batch.as_slice() {
            [(user, chosen)] => format!(
                "Release the {} license checked out by {user}? The copy on their device stops working; they can check one out again.",
                chosen.label()
            ),
            many => format!(
                "Release {} licenses: {}? The copies on their devices stop working.",
                many.len(),
                many.iter().map(|(u, a)| format!("{} ({u})", a.label())).collect::<Vec<_>>().join(", ")
            ),
        }
    };

    view! {
        <div class="page-head"><h1>"Release a license"</h1></div>
        <p class="lede">"Check in an ArcGIS Pro, Drone2Map or AllSource license that a member checked out for offline use, \
            for example when their device was lost or reinstalled. They can then sign in or check out again from another device."</p>
        <OutcomeNotice outcome=outcome/>
        <form class="form" on:submit=ask>
            <label for="release-username">"Username"</label>
            <input id="release-username" name="username" type="text" autocomplete="off" spellcheck="false"
                prop:value=move || username.get()
                on:input=move |ev| { username.set(event_target_value(&ev)); pending.set(Vec::new()); }/>
            {(!legacy).then(|| view! {
                <label for="release-app">"Application"</label>
                <select id="release-app" name="appId"
                    on:change=move |ev| {
                        if let Some(chosen) = LicensedApp::from_app_id(&event_target_value(&ev)) { app.set(chosen); }
                        pending.set(Vec::new());
                    }>
                    {move || apps().into_iter().map(|a| view! {
                        <option value=a.app_id() selected=move || app.get() == a>{a.label()}</option>
                    }).collect_view()}
                </select>
            })}
            <button type="submit" class="primary" disabled=move || busy.get() || !pending.with(Vec::is_empty)>"Release…"</button>
        </form>
        <Show when=move || !pending.with(Vec::is_empty)>
            {move || view! { <Confirm question=question() action="Release" busy=busy on_confirm=run on_cancel=cancel/> }}
        </Show>
        <Show when=move || !summary.with(Vec::is_empty)>
            <section class="panel" aria-labelledby="release-summary">
                <h2 id="release-summary">"Results"</h2>
                <ul class="results">
                    {move || summary.get().into_iter().map(|(user, chosen, result)| match result {
                        Ok(()) => view! { <li class="result-ok">{format!("{user}: {} released", chosen.label())}</li> }.into_any(),
                        Err(err) => view! { <li class="result-failed">{format!("{user}: {} not released — {}", chosen.label(), err.title())}</li> }.into_any(),
                    }).collect_view()}
                </ul>
            </section>
        </Show>
        <section class="panel" aria-labelledby="offline-holders">
            <h2 id="offline-holders">"Who holds an offline license now"</h2>
            {move || match holders.get() {
                Load::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
                Load::Ready(list) if list.is_empty() => view! { <p>"Nobody has a license checked out for offline use."</p> }.into_any(),
                Load::Ready(list) => view! {
                    <table>
                        <thead><tr><th scope="col"><span class="visually-hidden">"Select"</span></th><th scope="col">"Member"</th>
                            <th scope="col">"Application"</th><th scope="col">"Last sign-in"</th><th scope="col">"Action"</th></tr></thead>
                        <tbody>{list.into_iter().map(|h| {
                            let key = (h.username.clone(), h.app);
                            let (toggle_key, check_key, one) = (key.clone(), key.clone(), key);
                            view! {
                                <tr>
                                    <td><input type="checkbox" aria-label=format!("Select {} ({})", h.username, h.app.label())
                                        prop:checked=move || selected.with(|s| s.contains(&check_key))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            selected.update(|s| { s.retain(|k| k != &toggle_key); if on { s.push(toggle_key.clone()); } });
                                        }/></td>
                                    <th scope="row">{h.username.clone()}</th>
                                    <td>{h.app.label()}</td>
                                    <td>{h.last_login.map(format_date).unwrap_or_else(|| "never".into())}</td>
                                    <td><button type="button" class="release-one" on:click=move |_| {
                                        summary.set(Vec::new());
                                        outcome.set(None);
                                        pending.set(vec![one.clone()]);
                                    }>"Release…"</button></td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table>
                    <button type="button" class="release-selected" disabled=move || selected.with(Vec::is_empty) || busy.get()
                        on:click=move |_| { summary.set(Vec::new()); outcome.set(None); pending.set(selected.get_untracked()); }>
                        {move || format!("Release selected ({})…", selected.with(Vec::len))}
                    </button>
                }.into_any(),
            }}
        </section>
    }
}
