//! History: seats used against owned per user type over time, what changed between two snapshots (in the
//! console or outside it), and the journal of every change the console made — read from the history items the
//! administrator owns or that are shared with them. The keeping itself is `keeper`.

mod chart;
mod early;
mod journal;
mod keeper;
mod notices;

use std::sync::Arc;

use leptos::prelude::*;

use super::screen::{use_client, Load, Loaded};
use crate::components::{counted, save_text, ErrorNotice};
use crate::history::{combine, diff, snapshots_csv, Entry, HistoryDoc, Snapshot};
use crate::inventory::iso_date;
use crate::inventory::members::TypeNames;
use crate::portal::{Client, PortalError};
use chart::SeatsChart;
pub use early::{EarlyDocs, LastRead};
use journal::JournalView;
pub use keeper::{use_keeper, Keeper};
pub use notices::{ConsentNotice, JournalNotice};

/// Everything the history items hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kept {
    pub items: usize,
    /// The portal's own names of its user types, where it gives them.
    pub names: TypeNames,
    pub snapshots: Vec<Snapshot>,
    pub journal: Vec<Entry>,
}

async fn read_history(
    client: &Client,
    early: Option<EarlyDocs>,
    last: Option<LastRead>,
) -> Result<Arc<Kept>, PortalError> {
    // The user types' names are read beside the items, not before them: they are only labels.
    let (answers, seats) = futures_util::future::join(
        EarlyDocs::take_or_read(early, client, last),
        client.user_types(),
    )
    .await;
    let answers = answers?;
    // Without the portal's list, the console's own names.
    let names = TypeNames::new(
        seats
            .unwrap_or_default()
            .into_iter()
            .filter_map(|t| Some((t.id, t.name?))),
    );
    // The same items with the same bytes as the last reading: what was made of them then.
    if let Some(kept) = last
        .and_then(|l| l.unchanged(&answers))
        .filter(|k| k.names == names)
    {
        crate::marks::mark(crate::marks::HISTORY_READ);
        return Ok(kept);
    }
    let read = LastRead::of(&answers);
    // An item that is not a history (someone else's keywords) is passed over.
    let docs: Vec<HistoryDoc> = answers
        .into_iter()
        .filter_map(|(_, data)| data.into_data()?.read().ok())
        .collect();
    let items = docs.len();
    let (snapshots, journal) = combine(docs);
    crate::marks::mark(crate::marks::HISTORY_READ);
    let kept = Arc::new(Kept {
        items,
        names,
        snapshots,
        journal,
    });
    if let Some(last) = last {
        last.remember(read, kept.clone());
    }
    Ok(kept)
}

#[component]
pub fn History() -> impl IntoView {
    let client = use_client();
    let keeper = use_keeper();
    // Started when the screen was opened, in the split build before its code was in.
    let early = use_context::<EarlyDocs>();
    let last = use_context::<LastRead>();
    let read = Loaded::new(client, move |client| {
        // Read again after every write of the keeper.
        keeper.written.track();
        async move { read_history(&client, early, last).await }
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
    let all = kept.clone();
    let export = move |_| {
        save_text(
            "license-history-seats.csv",
            "text/csv;charset=utf-8",
            &snapshots_csv(&all.snapshots),
        )
    };
    view! {
        <p class="muted">{format!("{} and {} in {}.",
            counted(kept.snapshots.len(), "snapshot", "snapshots"),
            counted(kept.journal.len(), "journal entry", "journal entries"),
            counted(kept.items, "item", "items"))}
            " " <button type="button" class="export-seats" on:click=export>"Export the seats (CSV)"</button></p>
        <SeatsChart kept=kept.clone()/>
        <Differences kept=kept.clone()/>
        <JournalView kept=kept.clone()/>
        <notices::ShareHistory/>
    }
}

fn day_of(snapshots: &[Snapshot], i: usize) -> String {
    snapshots.get(i).map(|s| iso_date(s.at)).unwrap_or_default()
}

/// The last snapshot taken on or before `day` (`YYYY-MM-DD`), else the first.
fn on_or_before(snapshots: &[Snapshot], day: &str) -> usize {
    snapshots
        .iter()
        .rposition(|s| iso_date(s.at).as_str() <= day)
        .unwrap_or(0)
}

/// What changed between two snapshots picked by date (the last taken on or before each day).
#[component]
fn Differences(kept: Arc<Kept>) -> impl IntoView {
    let snapshots = &kept.snapshots;
    let last = snapshots.len().saturating_sub(1);
    let day = |i: usize| snapshots.get(i).map(|s| iso_date(s.at)).unwrap_or_default();
    let (first_day, last_day) = (day(0), day(last));
    let (a, b) = (
        RwSignal::new(day(last.saturating_sub(1))),
        RwSignal::new(last_day.clone()),
    );
    let shown = kept.clone();
    let shown_names = kept.clone();
    let found = move || {
        let snaps = &shown.snapshots;
        if snaps.is_empty() {
            return (String::new(), Vec::new());
        }
        let (x, y) = (on_or_before(snaps, &a.get()), on_or_before(snaps, &b.get()));
        let picked = format!("{} → {}", day_of(snaps, x), day_of(snaps, y));
        (picked, diff(&snaps[x], &snaps[y], &shown.journal))
    };
    let pick = |signal: RwSignal<String>| move |ev| signal.set(event_target_value(&ev));
    view! {
        <section class="panel" aria-labelledby="differences">
            <h2 id="differences">"What changed"</h2>
            <div class="toolbar">
                <label>"From " <input type="date" name="diff-from" min=first_day.clone() max=last_day.clone()
                    prop:value=move || a.get() on:change=pick(a)/></label>
                <label>"to " <input type="date" name="diff-to" min=first_day max=last_day
                    prop:value=move || b.get() on:change=pick(b)/></label>
            </div>
            {move || {
                let (picked, found) = found();
                if found.is_empty() {
                    return view! { <p class="muted">{format!("The snapshots {picked}: nothing changed.")}</p> }.into_any();
                }
                view! { <p class="muted">{format!("The snapshots {picked}:")}</p> <ul class="differences">{found.into_iter().map(|d| view! {
                    <li>{d.change.words(&shown_names.names)} " "
                        <span class="flag">{if d.outside { "outside the console" } else { "by the console" }}</span></li>
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}
