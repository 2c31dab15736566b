//! The organization's license at a glance and in tables, from the rows of `inventory`: what needs attention,
//! then user types, apps and add-ons, server licensing and membership levels — filtered, sortable.

use std::sync::Arc;

use leptos::prelude::*;

use super::format::{format_count, format_date};
use super::usage_bar::UsageBar;
use crate::inventory::{
    rows, soonest_expiration, sort_rows, Attention, Kind, Row, Selection, SortKey,
};
use crate::portal::{Expiry, LicenseManager, OrgLicense};

#[component]
pub fn ExpiryBadge(
    expiration: Option<i64>,
    #[prop(optional)] can_expire: Option<bool>,
    now: i64,
) -> impl IntoView {
    let expiry = Expiry::of(expiration, can_expire, now);
    let date = match (expiry, expiration) {
        (Expiry::Never | Expiry::Unknown, _) | (_, None) => None,
        (_, Some(ms)) => Some(format_date(ms)),
    };
    view! {
        <span class=format!("expiry expiry-{}", expiry.level())>
            {date.map(|d| view! { <span class="expiry-date">{d}</span> })}
            <span class="expiry-label">{expiry.label()}</span>
        </span>
    }
}

/// What the person viewing chose: kept by the page, so a refresh keeps them.
#[derive(Clone, Copy)]
pub struct ViewOptions {
    pub filter: RwSignal<String>,
    pub attention_only: RwSignal<bool>,
    pub sort: RwSignal<Option<(SortKey, bool)>>,
    /// The page is being printed: every table shows all its rows, not the first hundred.
    pub printing: RwSignal<bool>,
}

impl ViewOptions {
    /// The rows asked for now (a reactive read of the Find text and the attention switch).
    fn selection(&self, now: i64) -> Selection {
        Selection::new(&self.filter.read(), self.attention_only.get(), now)
    }
}

impl Default for ViewOptions {
    fn default() -> Self {
        Self {
            filter: RwSignal::new(String::new()),
            attention_only: RwSignal::new(false),
            sort: RwSignal::new(None),
            printing: RwSignal::new(false),
        }
    }
}

/// A table of the license: which kinds of row it holds and which columns it shows.
struct Table {
    id: &'static str,
    title: &'static str,
    kinds: &'static [Kind],
    seats: bool,
    server: bool,
}

const TABLES: [Table; 5] = [
    Table {
        id: "user-types",
        title: "User types",
        kinds: &[Kind::UserType],
        seats: true,
        server: false,
    },
    Table {
        id: "add-ons",
        title: "Apps, app bundles and extensions",
        kinds: &[Kind::App, Kind::AppBundle, Kind::Extension],
        seats: true,
        server: false,
    },
    Table {
        id: "membership-levels",
        title: "Membership levels",
        kinds: &[Kind::MembershipLevel],
        seats: true,
        server: false,
    },
    Table {
        id: "server-capabilities",
        title: "Server capabilities",
        kinds: &[Kind::ServerFeature, Kind::ServerExtension],
        seats: false,
        server: true,
    },
    Table {
        id: "server-level",
        title: "Level, edition and data feature",
        kinds: &[Kind::Level, Kind::Edition, Kind::DataFeature],
        seats: false,
        server: true,
    },
];

/// "lm1.example.com, backup lm2.example.com (port 27000)", "none configured", or from 11.4 (where `needed` is
/// false) "not needed from 11.4".
pub fn license_manager_text(manager: Option<&LicenseManager>, needed: bool) -> String {
    match manager {
        Some(m) if m.is_configured() => {
            let port = m
                .port
                .filter(|p| *p > 0)
                .map(|p| format!(" (port {p})"))
                .unwrap_or_default();
            format!("{}{port}", m.hosts.join(", backup "))
        }
        _ if needed => "none configured".into(),
        _ => "not needed from 11.4".into(),
    }
}

fn sort_header(label: &'static str, key: SortKey, options: ViewOptions) -> impl IntoView {
    let state = move || {
        options
            .sort
            .get()
            .filter(|(k, _)| *k == key)
            .map(|(_, asc)| asc)
    };
    let aria = move || match state() {
        Some(true) => "ascending",
        Some(false) => "descending",
        None => "none",
    };
    let next = move |_| options.sort.set(Some((key, state() != Some(true))));
    view! {
        <th scope="col" aria-sort=aria>
            <button type="button" class="sort" on:click=next>{label}
                <span aria-hidden="true">{move || match state() { Some(true) => " ▲", Some(false) => " ▼", None => "" }}</span>
            </button>
        </th>
    }
}

fn row_view(row: &Row, table: &Table, now: i64) -> impl IntoView {
    let id = (row.id != row.name).then(|| row.id.clone());
    let seats = table
        .seats
        .then(|| view! { <td><UsageBar used=row.used allowed=row.allowed/></td> });
    let kind = (table.kinds.len() > 1).then(|| view! { <td>{row.kind().label()}</td> });
    let source = row
        .from_server
        .then(|| view! { <span class="source">"server authorization"</span> });
    let server = table.server.then(|| {
        let valid = match row.valid {
            Some(true) => view! { <span class="valid">"valid"</span> }.into_any(),
            Some(false) => view! { <span class="invalid">"not valid"</span> }.into_any(),
            None => view! { <span>"—"</span> }.into_any(),
        };
        let cores = row
            .cores
            .filter(|c| *c > 0)
            .map_or_else(|| "—".to_owned(), format_count);
        view! {
            <td>{row.version.clone().unwrap_or_else(|| "—".into())}</td>
            <td class="num">{cores}</td>
            <td>{valid}</td>
        }
    });
    view! {
        <tr>
            <th scope="row">{row.name.clone()}{id.map(|id| view! { <span class="code">{id}</span> })}
                {row.code.clone().map(|code| view! { <span class="code">{code}</span> })}{source}</th>
            {kind}
            {seats}
            {server}
            <td><ExpiryBadge expiration=row.expiration can_expire=row.can_expire.unwrap_or(true) now=now/></td>
        </tr>
    }
}

/// Rows a table shows until asked for more: every real license fits, and a license with thousands of entries
/// still appears at once; Find and "Needs attention only" search all of them.
const ROWS_AT_FIRST: usize = 100;

/// "Showing 100 of 2,001", with buttons for the next hundred and for all of them.
fn more_rows_view(total: usize, limit: usize, shown: RwSignal<usize>) -> impl IntoView {
    (total > limit).then(|| {
        let more = (total - limit).min(ROWS_AT_FIRST);
        view! {
            <p class="more-rows">
                <span role="status">{format!("Showing {} of {}.", format_count(limit as u64), format_count(total as u64))}</span>
                <button type="button" on:click=move |_| shown.update(|n| *n += ROWS_AT_FIRST)>{format!("Show {more} more")}</button>
                <button type="button" on:click=move |_| shown.set(usize::MAX)>{format!("Show all {}", format_count(total as u64))}</button>
            </p>
        }
    })
}

/// A printed overview has every row, however it was printed (the Print button or the browser's own command).
fn print_every_row(options: ViewOptions) {
    let before = window_event_listener_untyped("beforeprint", move |_| options.printing.set(true));
    let after = window_event_listener_untyped("afterprint", move |_| options.printing.set(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
    });
}

/// The license's rows, shared by the tables and the lists rather than copied for each.
type Rows = Vec<Arc<Row>>;

fn shared_rows(license: &OrgLicense) -> Rows {
    rows(license).into_iter().map(Arc::new).collect()
}

fn table_view(
    table: &'static Table,
    all: Memo<Rows>,
    options: ViewOptions,
    now: Signal<i64>,
) -> impl IntoView {
    let own = Memo::new(move |_| {
        all.with(|all| {
            all.iter()
                .filter(|r| table.kinds.contains(&r.kind()))
                .cloned()
                .collect::<Rows>()
        })
    });
    let visible = Memo::new(move |_| {
        let selection = options.selection(now.get());
        let mut shown: Rows =
            own.with(|own| own.iter().filter(|r| selection.shows(r)).cloned().collect());
        if let Some((key, ascending)) = options.sort.get() {
            sort_rows(&mut shown, key, ascending);
        }
        shown
    });
    let shown = RwSignal::new(ROWS_AT_FIRST);
    let limit = move || {
        if options.printing.get() {
            usize::MAX
        } else {
            shown.get()
        }
    };
    // Rows are updated in place, row by row: a change sets only the texts that differ.
    let body = move || {
        let (limit, now) = (limit(), now.get());
        visible.with(|rows| {
            rows.iter()
                .take(limit)
                .map(|row| row_view(row, table, now))
                .collect_view()
        })
    };
    view! {
        <Show when=move || !visible.with(Vec::is_empty)>
            <section class="panel" aria-labelledby=table.id>
                <h2 id=table.id>{table.title}</h2>
                <table>
                    <thead><tr>
                        {sort_header("Name", SortKey::Name, options)}
                        {(table.kinds.len() > 1).then(|| view! { <th scope="col">"Kind"</th> })}
                        {table.seats.then(|| sort_header("Members", SortKey::Used, options))}
                        {table.server.then(|| view! { <th scope="col">"Version"</th><th scope="col">"Cores"</th><th scope="col">"Status"</th> })}
                        {sort_header("Expiration", SortKey::Expiration, options)}
                    </tr></thead>
                    <tbody>{body}</tbody>
                </table>
                {move || more_rows_view(visible.with(Vec::len), limit(), shown)}
            </section>
        </Show>
    }
}

/// How many of the rows that need attention are listed by name; the rest are counted.
const ATTENTION_LISTED: usize = 12;

/// The rows that need attention, most urgent first, with a count per reason.
fn attention_view(all: &Rows, now: i64) -> impl IntoView {
    let mut flagged: Vec<(Vec<Attention>, &Row)> = all
        .iter()
        .map(|r| (r.attention(now), &**r))
        .filter(|(reasons, _)| !reasons.is_empty())
        .collect();
    flagged.sort_by_key(|(reasons, r)| (reasons[0], r.expiration));
    let mut counts: Vec<(Attention, usize)> = Vec::new();
    for reason in flagged.iter().flat_map(|(reasons, _)| reasons) {
        match counts.iter_mut().find(|(a, _)| a == reason) {
            Some((_, n)) => *n += 1,
            None => counts.push((*reason, 1)),
        }
    }
    counts.sort();
    let more = flagged.len().saturating_sub(ATTENTION_LISTED);
    let items = flagged
        .into_iter()
        .take(ATTENTION_LISTED)
        .map(|(reasons, row)| {
            let labels = reasons
                .iter()
                .map(|a| a.label())
                .collect::<Vec<_>>()
                .join(", ");
            let date = row
                .expiration
                .filter(|e| *e > 0 && row.can_expire != Some(false))
                .map(format_date);
            view! {
                <li>
                    <span class=format!("flag flag-{}", reasons[0].level())>{labels}</span>
                    <span class="attention-name">{row.name.clone()}</span>
                    <span class="muted">{row.kind_label()}</span>
                    {date.map(|d| view! { <span class="muted">{d}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel attention" aria-labelledby="attention">
            <h2 id="attention">"Needs attention"</h2>
            {if counts.is_empty() {
                view! { <p>"Nothing needs attention."</p> }.into_any()
            } else {
                view! {
                    <p class="attention-counts">{counts.iter().map(|(a, n)| format!("{n} {}", a.label())).collect::<Vec<_>>().join(" · ")}</p>
                    <ul class="attention-list">{items}</ul>
                    {(more > 0).then(|| view! {
                        <p class="muted">{format!("and {more} more: tick “Needs attention only” to see them all in the tables.")}</p>
                    })}
                }.into_any()
            }}
        </section>
    }
}

/// A license and the moment it is judged at (what has run out, what runs out soon).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Judged {
    pub license: OrgLicense,
    pub now: i64,
}

/// Members, version, deployment, license manager and what runs out first.
fn summary_view(
    judged: &Judged,
    all: &Rows,
    deployment: &'static str,
    manager_needed: bool,
) -> impl IntoView {
    let Judged { license, now } = judged;
    let manager = license_manager_text(license.license_manager.as_ref(), manager_needed);
    let soonest =
        soonest_expiration(all, *now).map(|r| (r.name.clone(), r.expiration, r.can_expire));
    view! {
        <dl class="summary">
            <div><dt>"Members"</dt><dd><UsageBar used=license.current_members allowed=license.max_members/></dd></div>
            <div><dt>"Portal version"</dt><dd>{license.version.clone().unwrap_or_else(|| "unknown".into())}</dd></div>
            <div><dt>"Deployment"</dt><dd>{deployment}</dd></div>
            <div><dt>"License manager"</dt><dd>{manager}</dd></div>
            <div><dt>"Runs out first"</dt><dd>{match soonest {
                Some((name, expiration, can_expire)) => view! {
                    <span class="soonest-name">{name}</span>" "
                    <ExpiryBadge expiration=expiration can_expire=can_expire.unwrap_or(true) now=*now/>
                }.into_any(),
                None => view! { <span>"nothing"</span> }.into_any(),
            }}</dd></div>
        </dl>
    }
}

/// The license, updated in place when it changes: the rows shown, the focus and the filter stay.
#[component]
pub fn LicenseView(
    license: Memo<Judged>,
    deployment: &'static str,
    #[prop(optional)] options: Option<ViewOptions>,
    /// Whether this portal's version still needs a license manager for ArcGIS Pro (`Capabilities`).
    #[prop(optional)]
    license_manager_needed: Option<bool>,
) -> impl IntoView {
    let options = options.unwrap_or_default();
    print_every_row(options);
    let all = Memo::new(move |_| license.with(|j| shared_rows(&j.license)));
    let now = Signal::from(Memo::new(move |_| license.with(|j| j.now)));
    let manager_needed = license_manager_needed.unwrap_or(true);
    let nothing = move || all.with(Vec::is_empty);
    let none_match = move || {
        let selection = options.selection(now.get());
        all.with(|all| !all.is_empty() && !all.iter().any(|r| selection.shows(r)))
    };
    view! {
        <div class="license">
            {move || license.with(|j| all.with(|all| summary_view(j, all, deployment, manager_needed)))}
            {move || all.with(|all| attention_view(all, now.get()))}
            <Show when=nothing><p class="panel">"The portal's license lists nothing."</p></Show>
            <Show when=none_match><p class="panel">"Nothing matches the filter."</p></Show>
            {TABLES.iter().map(|table| table_view(table, all, options, now)).collect_view()}
        </div>
    }
}

/// Server licensing alone, as the server licenses screen shows it.
#[component]
pub fn ServerTables(capabilities: crate::portal::ServerCapabilities, now: i64) -> impl IntoView {
    let all = Memo::new(move |_| {
        shared_rows(&OrgLicense {
            capabilities: capabilities.clone(),
            ..OrgLicense::default()
        })
    });
    let options = ViewOptions::default();
    TABLES
        .iter()
        .filter(|t| t.server)
        .map(|table| table_view(table, all, options, Signal::stored(now)))
        .collect_view()
}
