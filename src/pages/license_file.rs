//! The organization license file: validate first and compare with the current license, then import after
//! confirmation; re-read it on classic portals; and the geodatabase license download on Kubernetes.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::File;

use super::{fetch_license, fetch_with_session, screen_scope};
use crate::components::{format_count, format_date, save_bytes, Confirm, Outcome, OutcomeNotice};
use crate::inventory::{rows, Kind};
use crate::portal::{
    check_upload, classify_response, decode_provision, fetch_bytes, send, version_at_least,
    Flavour, OrgLicense, PortalError, Provision, Request,
};
use crate::session::use_session;

const EXTENSIONS: [&str; 2] = [".json", ".lic"];

fn kind_of(provision_kind: &str) -> Kind {
    match provision_kind {
        "userTypes" => Kind::UserType,
        "appBundles" => Kind::AppBundle,
        "extensions" => Kind::Extension,
        _ => Kind::App,
    }
}

/// One licensed thing: what is allowed now, and after the import.
struct Change {
    name: String,
    kind: Kind,
    before: Option<u64>,
    after: Option<u64>,
    start: Option<i64>,
}

/// Each provisioned item beside what the organization has now, and what the import would drop.
fn comparison(current: &OrgLicense, provision: &Provision) -> impl IntoView {
    let now = rows(current);
    let mut lines: Vec<Change> = provision
        .items
        .iter()
        .map(|item| {
            let kind = kind_of(item.kind);
            let existing = now.iter().find(|r| r.kind() == kind && r.id == item.id);
            let name = existing.map(|r| r.name.clone()).unwrap_or_else(|| {
                if kind == Kind::UserType {
                    crate::portal::user_type_name(&item.id)
                } else {
                    crate::portal::app_name(&item.id)
                }
            });
            Change {
                name,
                kind,
                before: existing.and_then(|r| r.allowed),
                after: item.max_users,
                start: item.start,
            }
        })
        .collect();
    let dropped = now.iter().filter(|r| {
        matches!(
            r.kind(),
            Kind::UserType | Kind::App | Kind::AppBundle | Kind::Extension
        ) && !provision
            .items
            .iter()
            .any(|i| kind_of(i.kind) == r.kind() && i.id == r.id)
    });
    lines.extend(dropped.map(|r| Change {
        name: r.name.clone(),
        kind: r.kind(),
        before: r.allowed,
        after: None,
        start: None,
    }));
    let count = |n: Option<u64>| n.map_or_else(|| "—".to_owned(), format_count);
    view! {
        <table class="comparison">
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Kind"</th><th scope="col">"Allowed now"</th>
                <th scope="col">"Allowed after import"</th><th scope="col">"Starts"</th></tr></thead>
            <tbody>{lines.into_iter().map(|Change { name, kind, before, after, start }| {
                let change = match (before, after) {
                    (None, Some(_)) => "added",
                    (Some(_), None) => "removed",
                    (Some(b), Some(a)) if a > b => "more",
                    (Some(b), Some(a)) if a < b => "fewer",
                    _ => "same",
                };
                view! {
                    <tr class=format!("change-{change}")>
                        <th scope="row">{name}</th>
                        <td>{kind.label()}</td>
                        <td class="num">{count(before)}</td>
                        <td class="num">{count(after)}{(change != "same").then(|| view! { <span class="change">{change}</span> })}</td>
                        <td>{start.map(format_date).unwrap_or_else(|| "—".into())}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
    }
}

#[component]
pub fn LicenseFile() -> impl IntoView {
    let store = use_session();
    let scope = screen_scope();
    let flavour = store
        .current
        .with_untracked(|s| s.as_ref().map(|s| s.portal.flavour.clone()));
    let kubernetes = matches!(flavour, Some(Flavour::Kubernetes { .. }));
    let classic = flavour == Some(Flavour::Classic { legacy: false });
    let current: RwSignal<Option<OrgLicense>> = RwSignal::new(None);
    let reload = RwSignal::new(0u32);
    let file_input: NodeRef<Input> = NodeRef::new();
    let validated: RwSignal<Option<(String, Provision)>> = RwSignal::new(None);
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome: RwSignal<Option<Outcome>> = RwSignal::new(None);

    fetch_with_session(reload, move |session| async move {
        if let Ok(license) = fetch_license(store, &session, scope.get_value().as_ref()).await {
            current.set(Some(license));
        }
    });
    // The geodatabase license export exists from 11.0.
    let exports_geodatabase = move || {
        current.with(|c| version_at_least(c.as_ref().and_then(|c| c.version.as_deref()), &[11, 0]))
    };
    let picked = move || {
        file_input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
    };

    let validate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        validated.set(None);
        confirming.set(false);
        let Some(file) = picked() else {
            outcome.set(Some(Outcome::Invalid(
                "Choose the organization's license file (.json) first.".into(),
            )));
            return;
        };
        if let Err(problem) = check_upload(&file.name(), file.size(), &EXTENSIONS) {
            outcome.set(Some(Outcome::Invalid(problem)));
            return;
        }
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        let name = file.name();
        let Some(request) = Request::validate_license(&session.portal, &session.token, file) else {
            return;
        };
        busy.set(true);
        outcome.set(None);
        spawn_local(async move {
            match store.check(
                send(request, scope.get_value().as_ref())
                    .await
                    .and_then(|v| decode_provision(&v)),
            ) {
                Ok(provision) => validated.set(Some((name, provision))),
                Err(PortalError::Cancelled) => {}
                Err(err) => outcome.set(Some(Outcome::Failed(err))),
            }
            busy.set(false);
        });
    };
    let import = Callback::new(move |_| {
        let (Some(session), Some(file)) = (store.current.get_untracked(), picked()) else {
            return;
        };
        let name = file.name();
        let Some(request) = Request::import_license(&session.portal, &session.token, file) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = store.check(send(request, scope.get_value().as_ref()).await);
            busy.set(false);
            match result {
                Ok(_) => {
                    confirming.set(false);
                    validated.set(None);
                    outcome.set(Some(Outcome::Done(format!("Imported {name}: the organization's licenses are now the ones in this file."))));
                    reload.update(|n| *n += 1);
                }
                Err(PortalError::SessionExpired { .. } | PortalError::Cancelled) => {}
                Err(err) => {
                    confirming.set(false);
                    outcome.set(Some(Outcome::Failed(err)));
                }
            }
        });
    });
    let populate = move |_| {
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        let Some(request) = Request::<File>::populate_license(&session.portal, &session.token)
        else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            match store.check(send(request, scope.get_value().as_ref()).await) {
                Ok(_) => {
                    outcome.set(Some(Outcome::Done(
                        "The portal re-read its license file.".into(),
                    )));
                    reload.update(|n| *n += 1);
                }
                Err(PortalError::SessionExpired { .. } | PortalError::Cancelled) => {}
                Err(err) => outcome.set(Some(Outcome::Failed(err))),
            }
            busy.set(false);
        });
    };
    let export_geodatabase = move |_| {
        let Some(session) = store.current.get_untracked() else {
            return;
        };
        let Some(request) =
            Request::<File>::export_geodatabase_license(&session.portal, &session.token)
        else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            // Success is a file; an error is still JSON, and tells itself apart by its first byte.
            let answer = fetch_bytes(&request, scope.get_value().as_ref())
                .await
                .and_then(|(status, body)| {
                    if body.trim_ascii_start().first() == Some(&b'{')
                        || !(200..300).contains(&status)
                        || body.is_empty()
                    {
                        classify_response(status, &body).and_then(|_| {
                            Err(PortalError::Unexpected {
                                detail: "JSON arrived where the license file was expected".into(),
                            })
                        })
                    } else {
                        Ok(body)
                    }
                });
            match store.check(answer) {
                Ok(body) => {
                    save_bytes("geodatabaseLicense.ecp", "application/octet-stream", &body);
                    outcome.set(Some(Outcome::Done("Saved geodatabaseLicense.ecp.".into())));
                }
                Err(PortalError::SessionExpired { .. } | PortalError::Cancelled) => {}
                Err(err) => outcome.set(Some(Outcome::Failed(err))),
            }
            busy.set(false);
        });
    };

    view! {
        <div class="page-head"><h1>"Organization license file"</h1></div>
        <p class="lede">"Validate the license file from My Esri first: the console shows what it would provision beside what \
            the organization has now. Importing it replaces the organization's user-type and add-on licenses."</p>
        <OutcomeNotice outcome=outcome/>
        <form class="form" on:submit=validate>
            <label for="org-license-file">"License file (.json)"</label>
            <input id="org-license-file" name="file" type="file" accept=".json,.lic" node_ref=file_input
                on:change=move |_| { validated.set(None); confirming.set(false); outcome.set(None); }/>
            <button type="submit" class="primary" disabled=move || busy.get()>"Validate"</button>
        </form>
        {move || validated.get().map(|(name, provision)| view! {
            <section class="panel" aria-labelledby="validation">
                <h2 id="validation">{format!("What {name} would provision")}</h2>
                {move || current.get().map(|c| comparison(&c, &provision))}
                <button type="button" class="danger" disabled=move || busy.get() || confirming.get()
                    on:click=move |_| confirming.set(true)>"Import this license…"</button>
            </section>
        })}
        <Show when=move || confirming.get()>
            {move || {
                let name = validated.with(|v| v.as_ref().map(|(n, _)| n.clone()).unwrap_or_default());
                let question = format!("Import {name}? It replaces the organization's user-type and add-on licenses with the ones above.");
                view! { <Confirm question=question action="Import license" busy=busy on_confirm=import on_cancel=Callback::new(move |_| confirming.set(false))/> }
            }}
        </Show>
        {classic.then(|| view! {
            <section class="panel" aria-labelledby="populate">
                <h2 id="populate">"Re-read the license"</h2>
                <p>"Makes the portal read its license file again, e.g. after it was replaced on the server."</p>
                <button type="button" on:click=populate disabled=move || busy.get()>"Re-read license file"</button>
            </section>
        })}
        {kubernetes.then(|| view! {
            <Show when=exports_geodatabase>
                <section class="panel" aria-labelledby="geodatabase">
                    <h2 id="geodatabase">"Geodatabase license"</h2>
                    <p>"The license file to authorize enterprise geodatabases with this deployment's ArcGIS license."</p>
                    <button type="button" class="export-geodatabase" on:click=export_geodatabase disabled=move || busy.get()>"Download geodatabaseLicense.ecp"</button>
                </section>
            </Show>
        })}
    }
}
