//! Bulk revoke and release on the members selected and shown: the buttons count them, the question names them
//! (and closes when the selection or the filter changes), the run shows its batches and can be stopped between
//! them, and every member gets a result, with "Retry the N failed".

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::super::screen::{now_ms, use_client, Asked, Step};
use super::reading::Read;
use super::sending::{Sending, SendingStatus};
use super::TypeNamesMemo;
use crate::components::{format_count, save_text, ErrorNotice, ItemResults};
use crate::inventory::bulk::{name_releases, Bulk};
use crate::inventory::members::{to_csv, Filter};
use crate::portal::{Client, MemberResults, MemberRow, PortalError, Role, Run};
use crate::session::use_session;

/// The rows a bulk action would act on: selected and shown, in table order.
pub type Picked = Memo<Arc<Vec<MemberRow>>>;

/// Sends `bulk`, telling `sending` how far it has come; stops between requests once it is stopped.
async fn run_bulk(
    client: Client,
    bulk: Bulk,
    sending: Sending,
) -> Result<MemberResults, PortalError> {
    let sent = move |done, of| sending.sent(done, of);
    let stopped = move || sending.stopped();
    let run = Run {
        sent: &sent,
        stopped: &stopped,
    };
    Ok(match &bulk {
        Bulk::Revoke {
            item_id, members, ..
        } => client.revoke_app(item_id, members, &run).await,
        Bulk::Release { members } => {
            name_releases(members, client.release_licenses(members, &run).await)
        }
    })
}

/// A bulk action's step (ask → confirmed → run → results), how far its run has come, the Stop it heeds, and the
/// last action run (for "Retry the N failed").
#[derive(Clone, Copy)]
pub struct BulkStep {
    asked: Asked<(Bulk, String), MemberResults>,
    sending: Sending,
    last: RwSignal<Option<Bulk>>,
}

impl BulkStep {
    /// Once a run is done, the selection is cleared and `after` runs (the members are read again).
    pub fn new(selected: RwSignal<HashSet<String>>, after: impl Fn() + 'static) -> Self {
        let sending = Sending::new();
        let last = RwSignal::new(None);
        let asked = Asked::new(
            use_client(),
            move |client, (command, _): &(Bulk, String)| {
                sending.start();
                last.set(Some(command.clone()));
                run_bulk(client, command.clone(), sending)
            },
            move |_| {
                selected.set(HashSet::new());
                after();
            },
        )
        .journal(move |keeper, (command, _), outcome| match command {
            Bulk::Revoke { title, members, .. } => {
                let names: Vec<String> = members.iter().map(|(m, _)| m.clone()).collect();
                keeper.entries_per_item("revoke", title, ("held", "none"), outcome, &names)
            }
            Bulk::Release { members } => keeper.releases(members, outcome),
        });
        Self {
            asked,
            sending,
            last,
        }
    }

    /// Asks about `command`, for the members of `rows`; `idle` the reclaim filter's days, if it is on.
    fn ask(self, command: Bulk, rows: &[&MemberRow], idle: Option<u32>) {
        let question = command.question(rows, idle, now_ms());
        self.asked.ask((command, question));
    }

    /// Whether an action is being asked about or run: no other may start.
    fn engaged(self) -> bool {
        self.asked.is_asking() || self.asked.operation().busy()
    }
}

/// The question, the run and its results.
#[component]
pub fn BulkRun(
    step: BulkStep,
    picked: Picked,
    selected: RwSignal<HashSet<String>>,
    filter: RwSignal<Filter>,
) -> impl IntoView {
    let store = use_session();
    let BulkStep {
        asked,
        sending,
        last,
    } = step;
    let bulk = asked.operation();
    // An open question is about what was on screen when it was asked: it closes when that changes.
    Effect::new(move |_| {
        selected.track();
        filter.track();
        asked.cancel();
    });
    // While it runs, leaving the page or signing out asks first.
    Effect::new(move |_| store.changing.set(bulk.busy()));
    on_cleanup(move || store.changing.set(false));
    let retry = Callback::new(move |failed: HashSet<String>| {
        if let Some(command) = last.get_untracked() {
            let rows = picked.get_untracked();
            step.ask(
                command.only(&failed),
                &rows.iter().collect::<Vec<_>>(),
                None,
            );
        }
    });
    view! {
        {asked.question(|(_, question)| question.clone(), |(command, _)| command.verb())}
        {move || bulk.busy().then(|| view! { <SendingStatus sending=sending/> })}
        {move || match bulk.step() {
            Step::Done(results) => Some(view! {
                <ItemResults results=results done="done" on_retry=retry/>
            }.into_any()),
            Step::Failed(err) => Some(view! { <ErrorNotice error=err/> }.into_any()),
            _ => None,
        }}
    }
}

#[component]
pub fn BulkBar(
    step: BulkStep,
    shown: RwSignal<Read>,
    filtered: Memo<Arc<Vec<usize>>>,
    picked: Picked,
    selected: RwSignal<HashSet<String>>,
    filter: RwSignal<Filter>,
    names: TypeNamesMemo,
    roles: Memo<Arc<Vec<Role>>>,
) -> impl IntoView {
    let select_all = move |_| {
        let rows = shown.with_untracked(|s| s.rows.clone());
        let names = filtered
            .get_untracked()
            .iter()
            .map(|&i| rows[i].member.username.clone())
            .collect();
        selected.set(names);
    };
    let ask = move |make: &dyn Fn(&[&MemberRow]) -> Bulk| {
        let rows = picked.get_untracked();
        let rows: Vec<&MemberRow> = rows.iter().collect();
        step.ask(make(&rows), &rows, filter.with_untracked(|f| f.idle_days));
    };
    let releasable = Memo::new(move |_| {
        let apps = shown.with(|s| s.apps.clone());
        picked.with(|rows| Bulk::release(&apps, &rows.iter().collect::<Vec<_>>()).len())
    });
    let export = move |_| {
        let (apps, rows) = shown.with_untracked(|s| (s.apps.clone(), s.rows.clone()));
        let rows: Vec<&MemberRow> = filtered.get_untracked().iter().map(|&i| &rows[i]).collect();
        save_text(
            "members.csv",
            "text/csv;charset=utf-8",
            &to_csv(&apps, &rows, &names.get_untracked(), &roles.get_untracked()),
        );
    };
    let busy = move || step.engaged();
    view! {
        <div class="toolbar bulk">
            <span>{move || format!("{} shown · {} selected and shown",
                format_count(filtered.get().len() as u64), format_count(picked.with(|p| p.len()) as u64))}</span>
            <button type="button" on:click=select_all>"Select all shown"</button>
            <button type="button" on:click=move |_| selected.set(HashSet::new())>"Clear selection"</button>
            // A bundle is assigned and revoked as a whole (provisionUserAppBundle): not from here.
            {move || shown.with(|s| s.apps.iter().enumerate().filter(|(_, a)| !a.bundle).map(|(i, a)| {
                let title = a.title.clone();
                // Selected and shown members who hold this app: what a revoke would be sent for.
                let holding = move || picked.with(|rows| rows.iter().filter(|r| matches!(r.holdings.get(i), Some(Some(_)))).count());
                view! {
                    <button type="button" class="danger revoke" disabled=move || busy() || holding() == 0
                        on:click=move |_| ask(&|rows| shown.with_untracked(|s| Bulk::revoke(&s.apps, i, rows)))>
                        {move || format!("Revoke {title} ({})", format_count(holding() as u64))}</button>
                }
            }).collect_view())}
            <button type="button" class="release-offline" disabled=move || busy() || releasable.get() == 0
                on:click=move |_| ask(&|rows| shown.with_untracked(|s| Bulk::release(&s.apps, rows)))>
                {move || format!("Release offline licenses ({})", format_count(releasable.get() as u64))}</button>
            <button type="button" class="export" on:click=export>"Export CSV"</button>
        </div>
        {move || filter.with(|f| f.idle_days).map(|days| view! {
            <p class="muted">{format!("The reclaim list: members who have not signed in for {days} days, or never. \
                Members whose last sign-in the portal did not say are not on it.")}</p>
        })}
    }
}
