//! The overview: everything the organization's license holds, what needs attention, find, sort and export.

use leptos::prelude::*;

use super::entitlement_queue::EntitlementQueue;
use super::screen::{now_ms, use_capabilities, use_client, Load, Loaded};
use crate::components::{
    format_count, format_date, save_text, ErrorNotice, ExpiryBadge, Judged, LicenseView,
    ViewOptions,
};
use crate::inventory::iso_date;
use crate::inventory::{rows, to_csv, to_ics, Row};
use crate::marks;
use crate::portal::{LicenseReport, OrgLicense, DAY_MS};
use crate::session::use_session;

/// What the overview shows: the report, and when it was fetched.
type Fetched = (LicenseReport, i64);

#[derive(Clone, Copy)]
enum Export {
    Csv,
    Json,
    Calendar,
}

/// Offers the fetched license as a file to save.
fn export(kind: Export, (report, at): &Fetched, portal_url: &str) {
    let stamp = iso_date(*at);
    let all = rows(&report.license);
    match kind {
        Export::Csv => save_text(&format!("licenses-{stamp}.csv"), "text/csv", &to_csv(&all)),
        Export::Json => save_text(
            &format!("license-{stamp}.json"),
            "application/json",
            &report.raw,
        ),
        Export::Calendar => save_text(
            &format!("license-expirations-{stamp}.ics"),
            "text/calendar",
            &to_ics(&all, portal_url, now_ms()),
        ),
    }
}

/// What the overview shows of what was fetched, compared by value: a Refresh that brings the same license on the
/// same day changes nothing (the rows shown, "Show all", where the focus is), and one that brings a change updates
/// the views in place instead of building them again.
#[derive(Clone, Copy)]
struct Shown {
    /// The report, and the day it is judged on.
    report: Memo<(Load<LicenseReport>, i64)>,
    /// Loading, failed or shown: the license's views stay from one license to the next.
    phase: Memo<Load<()>>,
    license: Memo<Judged>,
}

impl Shown {
    fn new(fetched: Loaded<Fetched>) -> Self {
        let report = Memo::new(move |_| {
            let state = match fetched.state() {
                Load::Loading => Load::Loading,
                Load::Failed(err) => Load::Failed(err),
                Load::Ready((report, _)) => Load::Ready(report),
            };
            (state, now_ms() / DAY_MS)
        });
        let phase = Memo::new(move |_| {
            report.with(|(state, _)| match state {
                Load::Loading => Load::Loading,
                Load::Failed(err) => Load::Failed(err.clone()),
                Load::Ready(_) => Load::Ready(()),
            })
        });
        let license = Memo::new(move |last: Option<&Judged>| {
            report.with(|(state, _)| match state {
                Load::Ready(report) => Judged {
                    license: report.license.clone(),
                    now: now_ms(),
                },
                _ => last.cloned().unwrap_or_default(),
            })
        });
        Self {
            report,
            phase,
            license,
        }
    }
}

#[component]
pub fn Overview() -> impl IntoView {
    let store = use_session();
    let capabilities = use_capabilities();
    let client = use_client();
    // Fetched on arrival and on Refresh; what is shown stays until the new answer arrives, so filter, sort and
    // scroll position survive a refresh.
    let keeper = super::use_keeper();
    let fetched = Loaded::new(client, move |client| async move {
        let report = client.overview().await?;
        marks::mark(marks::LICENSE_DECODED);
        marks::mark_after_render(marks::OVERVIEW_RENDERED);
        // Today's snapshot, if none is kept yet.
        keeper.license_read(&report.license, false);
        Ok((report, now_ms()))
    });
    let shown = Shown::new(fetched);
    let options = ViewOptions::default();
    let deployment = move || {
        store.current.with(|s| {
            s.as_ref()
                .map(|s| s.portal.deployment.label())
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
    let on_export = Callback::new(move |kind: Export| {
        if let Some(data) = fetched.ready() {
            export(kind, &data, &portal_url());
        }
    });

    view! {
        <Head fetched=fetched/>
        <super::ConsentNotice/>
        <Show when=move || fetched.has_data()>
            <Toolbar options=options on_export=on_export/>
        </Show>
        {move || match shown.phase.get() {
            Load::Loading => view! { <p class="loading" role="status">"Loading the license…"</p> }.into_any(),
            Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
            Load::Ready(()) => view! {
                <LicenseView license=shown.license deployment=deployment() options=options
                    license_manager_needed=capabilities.get_untracked().is_none_or(|c| c.license_manager_needed())/>
                {move || shown.report.with(|(state, _)| match state {
                    Load::Ready(report) => report.future.clone().map(|future|
                        view! { <FutureLicenses current=report.license.clone() future=future/> }),
                    _ => None,
                })}
            }.into_any(),
        }}
        <Show when=move || capabilities.get().is_some_and(|c| c.entitlements())>
            <EntitlementQueue/>
        </Show>
    }
}

/// The title, when the license was fetched, and Refresh.
#[component]
fn Head(fetched: Loaded<Fetched>) -> impl IntoView {
    let status = move || match (fetched.fetching(), fetched.ready()) {
        (true, Some(_)) => "Refreshing…".to_owned(),
        (_, Some((_, at))) => format!(
            "Fetched {} {}",
            format_date(at),
            js_sys::Date::new(&(at as f64).into())
                .to_locale_time_string("default")
                .as_string()
                .unwrap_or_default()
        ),
        _ => String::new(),
    };
    view! {
        <div class="page-head">
            <h1>"Licenses"</h1>
            <div class="page-actions">
                <span class="muted" role="status">{status}</span>
                // Not `disabled` while refreshing: that would take the focus from whoever pressed it.
                <button type="button" class="refresh" aria-disabled=move || fetched.fetching().to_string()
                    on:click=move |_| if !fetched.fetching() { fetched.refetch() }>"Refresh"</button>
            </div>
        </div>
    }
}

/// Find, the attention switch, exports and print.
#[component]
fn Toolbar(options: ViewOptions, on_export: Callback<Export>) -> impl IntoView {
    view! {
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
                <button type="button" on:click=move |_| on_export.run(Export::Csv)>"Export CSV"</button>
                <button type="button" on:click=move |_| on_export.run(Export::Json)>"Export JSON"</button>
                <button type="button" on:click=move |_| on_export.run(Export::Calendar)>"Expirations to calendar"</button>
                <button type="button" on:click=move |_| { let _ = window().print(); }>"Print"</button>
            </div>
        </div>
    }
}

/// Licenses that start later, beside what is allowed now.
#[component]
fn FutureLicenses(current: OrgLicense, future: OrgLicense) -> impl IntoView {
    let now_rows = rows(&current);
    let later: Vec<Row> = rows(&future);
    let count = |n: Option<u64>| n.map_or_else(|| "—".to_owned(), format_count);
    let body = later
        .iter()
        .map(|row| {
            let allowed_now = now_rows
                .iter()
                .find(|r| r.kind == row.kind && r.id == row.id)
                .and_then(|r| r.allowed);
            view! {
                <tr>
                    <th scope="row">{row.name.clone()}<span class="code">{row.id.clone()}</span></th>
                    <td>{row.kind().label()}</td>
                    <td class="num">{count(allowed_now)}</td>
                    <td class="num">{count(row.allowed)}</td>
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
