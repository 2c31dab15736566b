//! The overview: everything the organization's license holds, what needs attention, find, sort and export.

use leptos::prelude::*;
use web_sys::File;

use super::{fetch_with_session, now_ms, screen_scope, Load};
use crate::components::{
    format_date, iso_date, prepare_date_format, save_text, ErrorNotice, ExpiryBadge, LicenseView,
    ViewOptions,
};
use crate::inventory::{rows, to_csv, to_ics, Row};
use crate::marks;
use crate::portal::{
    classify_response, decode_entitlement_queue, decode_license, decode_server_licenses,
    fetch_bytes, send, Aborter, Flavour, OrgLicense, PortalError, QueuedEntitlements, Request,
    Session,
};
use crate::session::use_session;

/// What the overview shows, as fetched at one moment.
#[derive(Clone, Debug, PartialEq)]
struct Fetched {
    license: OrgLicense,
    /// The license resource exactly as the portal sent it, for the JSON export.
    raw: String,
    future: Option<OrgLicense>,
    at: i64,
}

/// The license, with (Kubernetes) the server licenses or (classic 10.7.1+) the future licenses beside it,
/// fetched together.
async fn fetch(session: &Session, scope: Option<&Aborter>) -> Result<Fetched, PortalError> {
    let (portal, token) = (&session.portal, session.token.as_str());
    let license_request = Request::<File>::license(portal, token);
    let server_request = Request::<File>::server_licenses(portal, token);
    let future_request = Request::<File>::future_license(portal, token);
    let (license, server, future) = futures_util::future::join3(
        fetch_bytes(&license_request, scope),
        async {
            match server_request {
                Some(request) => Some(send(request, scope).await),
                None => None,
            }
        },
        async {
            match future_request {
                Some(request) => Some(send(request, scope).await),
                None => None,
            }
        },
    )
    .await;
    let (status, body) = license?;
    let mut decoded = decode_license(&classify_response(status, &body)?)?;
    // admin/system/licenses is the authority on server licensing; the license's `capabilities` are the fallback.
    if let Some(Ok(caps)) = server.map(|answer| answer.and_then(|v| decode_server_licenses(&v))) {
        if !caps.is_empty() {
            decoded.capabilities = caps;
        }
    }
    // getFutureLicense exists from 10.7.1; on 10.7 its absence is no error worth showing.
    let future = future.and_then(|answer| answer.and_then(|v| decode_license(&v)).ok());
    Ok(Fetched {
        license: decoded,
        raw: String::from_utf8_lossy(&body).into_owned(),
        future,
        at: now_ms(),
    })
}

#[component]
pub fn Overview() -> impl IntoView {
    let store = use_session();
    let scope = screen_scope();
    let data: RwSignal<Option<Fetched>> = RwSignal::new(None);
    let error: RwSignal<Option<PortalError>> = RwSignal::new(None);
    let loading = RwSignal::new(true);
    let reload = RwSignal::new(0u32);
    let options = ViewOptions::default();

    // Fetches on arrival, on Refresh, and again after a new sign-in (the token is tracked). What is shown
    // stays until the new answer arrives, so filter, sort and scroll position survive a refresh.
    fetch_with_session(reload, move |session| {
        loading.set(true);
        async move {
            match store.check(fetch(&session, scope.get_value().as_ref()).await) {
                Ok(fetched) => {
                    marks::mark(marks::LICENSE_RECEIVED);
                    error.set(None);
                    data.set(Some(fetched));
                    marks::mark_after_render(marks::OVERVIEW_RENDERED);
                }
                Err(PortalError::Cancelled) => {}
                Err(err) => error.set(Some(err)),
            }
            loading.set(false);
        }
    });
    prepare_date_format();

    let flavour = move || {
        store.current.with(|s| {
            s.as_ref()
                .map(|s| s.portal.flavour.label())
                .unwrap_or_default()
        })
    };
    let portal_url = move || {
        store.current.with(|s| {
            s.as_ref()
                .map(|s| s.portal.url.as_str().to_owned())
                .unwrap_or_default()
        })
    };
    let legacy = move || {
        store.current.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.portal.flavour == Flavour::Classic { legacy: true })
        })
    };
    let export = move |kind: &'static str| {
        let Some(fetched) = data.get_untracked() else {
            return;
        };
        let stamp = iso_date(fetched.at);
        let all = rows(&fetched.license);
        match kind {
            "csv" => save_text(&format!("licenses-{stamp}.csv"), "text/csv", &to_csv(&all)),
            "json" => save_text(
                &format!("license-{stamp}.json"),
                "application/json",
                &fetched.raw,
            ),
            _ => save_text(
                &format!("license-expirations-{stamp}.ics"),
                "text/calendar",
                &to_ics(&all, &portal_url(), now_ms()),
            ),
        }
    };

    view! {
        <div class="page-head">
            <h1>"Licenses"</h1>
            <div class="page-actions">
                <span class="muted" role="status">{move || match (loading.get(), data.with(|d| d.as_ref().map(|d| d.at))) {
                    (true, Some(_)) => "Refreshing…".to_owned(),
                    (_, Some(at)) => format!("Fetched {} {}", format_date(at),
                        js_sys::Date::new(&(at as f64).into()).to_locale_time_string("default").as_string().unwrap_or_default()),
                    _ => String::new(),
                }}</span>
                <button type="button" on:click=move |_| reload.update(|n| *n += 1) disabled=move || loading.get()>"Refresh"</button>
            </div>
        </div>
        {move || error.get().map(|err| view! { <ErrorNotice error=err/> })}
        <Show when=move || data.with(Option::is_some)>
            <div class="toolbar">
                <label class="find">"Find"
                    <input type="search" name="filter" placeholder="Name, id or kind" autocomplete="off"
                        prop:value=move || options.filter.get()
                        on:input=move |ev| options.filter.set(event_target_value(&ev))/>
                </label>
                <label class="check">
                    <input type="checkbox" name="attention-only" prop:checked=move || options.attention_only.get()
                        on:change=move |ev| options.attention_only.set(event_target_checked(&ev))/>
                    "Needs attention only"
                </label>
                <div class="buttons exports">
                    <button type="button" on:click=move |_| export("csv")>"Export CSV"</button>
                    <button type="button" on:click=move |_| export("json")>"Export JSON"</button>
                    <button type="button" on:click=move |_| export("ics")>"Expirations to calendar"</button>
                    <button type="button" on:click=move |_| { let _ = window().print(); }>"Print"</button>
                </div>
            </div>
        </Show>
        {move || match (data.get(), loading.get()) {
            (Some(fetched), _) => {
                let future = fetched.future.clone();
                let current = fetched.license.clone();
                view! {
                    <LicenseView license=fetched.license flavour=flavour() now=now_ms() options=options/>
                    {future.map(|future| future_view(&current, &future))}
                }.into_any()
            }
            (None, true) => view! { <p class="loading" role="status">"Loading the license…"</p> }.into_any(),
            (None, false) => ().into_any(),
        }}
        <Show when=legacy>
            <EntitlementQueue/>
        </Show>
    }
}

/// Licenses that start later, beside what is allowed now.
fn future_view(current: &OrgLicense, future: &OrgLicense) -> impl IntoView {
    let now_rows = rows(current);
    let later: Vec<Row> = rows(future);
    let allowed_now = move |row: &Row| {
        now_rows
            .iter()
            .find(|r| r.kind == row.kind && r.id == row.id)
            .and_then(|r| r.allowed)
    };
    let body = later
        .iter()
        .map(|row| {
            let now_text = allowed_now(row).map_or_else(|| "—".to_owned(), crate::components::format_count);
            let later_text = row.allowed.map_or_else(|| "—".to_owned(), crate::components::format_count);
            view! {
                <tr>
                    <th scope="row">{row.name.clone()}<span class="code">{row.id.clone()}</span></th>
                    <td>{row.kind().label()}</td>
                    <td class="num">{now_text}</td>
                    <td class="num">{later_text}</td>
                    <td>{row.start.map(format_date).unwrap_or_else(|| "—".into())}</td>
                    <td><ExpiryBadge expiration=row.expiration now=now_ms()/></td>
                </tr>
            }
        })
        .collect_view();
    (!later.is_empty()).then(|| view! {
        <section class="panel" aria-labelledby="future-licenses">
            <h2 id="future-licenses">"Future licenses"</h2>
            <table>
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Kind"</th><th scope="col">"Allowed now"</th>
                    <th scope="col">"Allowed then"</th><th scope="col">"Starts"</th><th scope="col">"Expiration"</th></tr></thead>
                <tbody>{body}</tbody>
            </table>
        </section>
    })
}

/// The apps whose entitlements a 10.6.1-or-earlier portal queues.
pub(super) const QUEUED_APPS: [(&str, &str); 2] = [
    ("arcgisprodesktop", "ArcGIS Pro"),
    ("navigator", "ArcGIS Navigator"),
];

/// Legacy portals: entitlements imported to start later, for a chosen app (seed 003).
#[component]
pub(super) fn EntitlementQueue() -> impl IntoView {
    let store = use_session();
    let scope = screen_scope();
    let app = RwSignal::new(QUEUED_APPS[0].0);
    let reload = RwSignal::new(0u32);
    let queue: RwSignal<Load<Vec<QueuedEntitlements>>> = RwSignal::new(Load::Loading);
    fetch_with_session(reload, move |session| {
        // Read here, outside the future, so that choosing another app fetches again.
        let app_id = app.get();
        queue.set(Load::Loading);
        async move {
            let Some(request) =
                Request::<File>::entitlements(&session.portal, &session.token, app_id)
            else {
                return;
            };
            let answer = send(request, scope.get_value().as_ref())
                .await
                .and_then(|v| decode_entitlement_queue(&v));
            match store.check(answer) {
                Ok(batches) => queue.set(Load::Ready(batches)),
                Err(PortalError::Cancelled) => {}
                Err(err) => queue.set(Load::Failed(err)),
            }
        }
    });
    view! {
        <section class="panel" aria-labelledby="entitlement-queue">
            <h2 id="entitlement-queue">"Queued entitlements"</h2>
            <label class="inline">"Application "
                <select name="queue-app" on:change=move |ev| {
                    let chosen = event_target_value(&ev);
                    if let Some((id, _)) = QUEUED_APPS.iter().find(|(id, _)| *id == chosen) { app.set(id); }
                }>
                    {QUEUED_APPS.iter().map(|(id, name)| view! { <option value=*id>{*name}</option> }).collect_view()}
                </select>
            </label>
            {move || match queue.get() {
                Load::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
                Load::Ready(batches) if batches.is_empty() => view! { <p>"Nothing is queued: every imported entitlement is in effect."</p> }.into_any(),
                Load::Ready(batches) => view! {
                    <table>
                        <thead><tr><th scope="col">"Starts"</th><th scope="col">"Members"</th><th scope="col">"Features"</th></tr></thead>
                        <tbody>{batches.into_iter().map(|b| view! {
                            <tr>
                                <td>{b.start.map(format_date).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{b.max_users.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</td>
                                <td>{b.features.iter().map(|(code, num)| format!("{code}: {}", num.map(|n| n.to_string()).unwrap_or_else(|| "—".into()))).collect::<Vec<_>>().join(", ")}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}
