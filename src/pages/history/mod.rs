//! History: seats used against owned per user type over time, what changed between two snapshots (in the
//! console or outside it), and the journal of every change the console made — read from the history items the
//! administrator owns or that are shared with them. The keeping itself is `keeper`.

mod chart;
mod journal;
mod keeper;
mod notices;

use std::sync::Arc;

use leptos::prelude::*;

use super::screen::{use_client, Load, Loaded};
use crate::components::{save_text, ErrorNotice};
use crate::history::{combine, diff, snapshots_csv, Change, Entry, HistoryDoc, Snapshot, KEYWORDS};
use crate::inventory::iso_date;
use crate::portal::{user_type_name, Client, PortalError};
use chart::SeatsChart;
use journal::JournalView;
pub use keeper::{use_keeper, Keeper};
pub use notices::{ConsentNotice, JournalNotice};

/// Everything the history items hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kept {
    pub items: usize,
    pub snapshots: Vec<Snapshot>,
    pub journal: Vec<Entry>,
}

async fn read_history(client: &Client) -> Result<Arc<Kept>, PortalError> {
    let items = client.items_with_keyword(KEYWORDS[1]).await?;
    let answers =
        futures_util::future::join_all(items.iter().map(|i| client.item_json(&i.id))).await;
    let mut docs = Vec::new();
    for answer in answers {
        // An item that is not a history (someone else's keywords) is passed over, not fatal.
        if let Ok(doc) = HistoryDoc::from_value(&answer?) {
            docs.push(doc);
        }
    }
    let (snapshots, journal) = combine(&docs);
    Ok(Arc::new(Kept {
        items: docs.len(),
        snapshots,
        journal,
    }))
}

#[component]
pub fn History() -> impl IntoView {
    let client = use_client();
    let keeper = use_keeper();
    let read = Loaded::new(client, move |client| {
        // Read again after every write of the keeper.
        keeper.written.track();
        async move { read_history(&client).await }
    });
    let snapshot_now = move |_| {
        let client = client.get();
        leptos::task::spawn_local(async move {
            if let Ok(license) = client.license().await {
                keeper.license_read(&license, true);
            }
        });
    };
    view! {
        <div class="page-head">
            <h1>"History"</h1>
            <div class="page-actions">
                <button type="button" class="snapshot-now" on:click=snapshot_now>"Take a snapshot now"</button>
            </div>
        </div>
        <p class="lede">"The license as the console found it each day it was opened, and every change the console \
            made — kept in items in the portal (type Application Configuration, titled “License Console history”), \
            readable by whoever they are shared with."</p>
        <ConsentNotice/>
        {move || match read.state() {
            Load::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
            Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
            Load::Ready(kept) if kept.items == 0 => view! {
                <p class="muted">"No history is kept in this portal yet, and none is shared with you."</p>
            }.into_any(),
            Load::Ready(kept) => view! { <KeptView kept=kept/> }.into_any(),
        }}
    }
}

#[component]
fn KeptView(kept: Arc<Kept>) -> impl IntoView {
    let snapshots = kept.snapshots.clone();
    let export = move |_| {
        save_text(
            "license-history-seats.csv",
            "text/csv;charset=utf-8",
            &snapshots_csv(&snapshots),
        )
    };
    view! {
        <p class="muted">{format!("{} snapshots and {} journal entries in {} items.",
            kept.snapshots.len(), kept.journal.len(), kept.items)}
            " " <button type="button" class="export-seats" on:click=export>"Export the seats (CSV)"</button></p>
        <SeatsChart snapshots=kept.snapshots.clone()/>
        <Differences snapshots=kept.snapshots.clone() journal=kept.journal.clone()/>
        <JournalView journal=kept.journal.clone()/>
        <notices::ShareHistory/>
    }
}

fn change_words(change: &Change) -> String {
    let name = |kind: &str, id: &str| {
        if kind == "userType" {
            user_type_name(id)
        } else {
            id.to_owned()
        }
    };
    let n = |v: Option<u64>| v.map_or("not reported".to_owned(), |v| v.to_string());
    let date = |v: Option<i64>| v.map_or("none".to_owned(), iso_date);
    match change {
        Change::Added(s) => format!("{} added", name(&s.kind, &s.id)),
        Change::Removed(s) => format!("{} removed", name(&s.kind, &s.id)),
        Change::Owned { kind, id, from, to } => {
            format!("{}: seats owned {} → {}", name(kind, id), n(*from), n(*to))
        }
        Change::Assigned { kind, id, from, to } => {
            format!("{}: assigned {} → {}", name(kind, id), n(*from), n(*to))
        }
        Change::Expires { kind, id, from, to } => format!(
            "{}: expires {} → {}",
            name(kind, id),
            date(*from),
            date(*to)
        ),
        Change::LicenseFile => "another license file".to_owned(),
        Change::Version { from, to } => format!(
            "version {} → {}",
            from.clone().unwrap_or_default(),
            to.clone().unwrap_or_default()
        ),
        Change::LicenseManager { from, to } => format!(
            "license manager {} → {}",
            from.clone().unwrap_or("none".into()),
            to.clone().unwrap_or("none".into())
        ),
    }
}

/// What changed between two snapshots picked by date.
#[component]
fn Differences(snapshots: Vec<Snapshot>, journal: Vec<Entry>) -> impl IntoView {
    let last = snapshots.len().saturating_sub(1);
    let (a, b) = (RwSignal::new(last.saturating_sub(1)), RwSignal::new(last));
    let dates: Vec<String> = snapshots.iter().map(|s| iso_date(s.at)).collect();
    let options = move |picked: usize| {
        dates
            .iter()
            .enumerate()
            .map(|(i, date)| {
                view! {
                    <option value=i.to_string() selected=i == picked>{date.clone()}</option>
                }
            })
            .collect_view()
    };
    let (from, to) = (options(last.saturating_sub(1)), options(last));
    let all = StoredValue::new((snapshots, journal));
    let found = move || {
        all.with_value(
            |(snaps, journal)| match (snaps.get(a.get()), snaps.get(b.get())) {
                (Some(x), Some(y)) => diff(x, y, journal),
                _ => Vec::new(),
            },
        )
    };
    let pick = |signal: RwSignal<usize>| {
        move |ev| signal.set(event_target_value(&ev).parse().unwrap_or(0))
    };
    view! {
        <section class="panel" aria-labelledby="differences">
            <h2 id="differences">"What changed"</h2>
            <div class="toolbar">
                <label>"From " <select name="diff-from" on:change=pick(a)>{from}</select></label>
                <label>"to " <select name="diff-to" on:change=pick(b)>{to}</select></label>
            </div>
            {move || {
                let found = found();
                if found.is_empty() {
                    return view! { <p class="muted">"Nothing changed between these two snapshots."</p> }.into_any();
                }
                view! { <ul class="differences">{found.into_iter().map(|d| view! {
                    <li>{change_words(&d.change)} " "
                        <span class="flag">{if d.outside { "outside the console" } else { "by the console" }}</span></li>
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}
