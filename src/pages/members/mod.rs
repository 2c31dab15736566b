//! Members and their licenses: who holds which app and entitlement, seats per entitlement, the reclaim list,
//! and bulk revoke / release with a result per member. The whole organization is read in one paged pass
//! (`Client::read_directory`, `reading`); the table shows a page of it at a time (`table`); what a bulk action
//! acts on is decided once, from the members selected and shown (`bulk`, `inventory::bulk`).

mod bulk;
mod check;
mod plan_view;
mod reading;
mod seats;
mod sending;
mod table;
mod type_change;
mod user_types;

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::screen::{now_ms, use_client, Loaded};
use crate::components::first_page_on_change;
use crate::inventory::members::{Filter, TypeNames};
use crate::portal::Scope;
use bulk::{BulkBar, BulkRun, BulkStep, Picked};
use reading::{DirectoryReader, ReadStatus};
use seats::SeatsPanel;
use table::{FilterBar, MemberTable};
use type_change::{TypeChange, TypeChangePanel};
use user_types::UserTypesPanel;

#[component]
pub fn Members() -> impl IntoView {
    let client = use_client();
    let reader = DirectoryReader::new(client, Scope::Everyone);
    let type_seats = Loaded::new(
        client,
        |client| async move { client.user_type_seats().await },
    );
    // One name per user type on the whole screen: the portal's, where it gave one.
    let names: TypeNamesMemo = Memo::new(move |_| {
        let seats = type_seats.ready().unwrap_or_default();
        Arc::new(TypeNames::new(
            seats.into_iter().filter_map(|t| Some((t.id, t.name?))),
        ))
    });
    reader.read(None);
    let shown = reader.shown;

    let filter = RwSignal::new(Filter::default());
    let page = RwSignal::new(0usize);
    let filtered = Memo::new(move |_| {
        let rows = shown.with(|s| s.rows.clone());
        Arc::new(filter.with(|f| f.apply(&rows, now_ms())))
    });
    first_page_on_change(page, filtered);
    let selected: RwSignal<HashSet<String>> = RwSignal::new(HashSet::new());
    let step = BulkStep::new(selected, move || reader.read_afresh());
    // The one answer to "which members would a bulk action act on": selected and shown.
    let picked: Picked = Memo::new(move |_| {
        let rows = shown.with(|s| s.rows.clone());
        let chosen = filtered.with(|f| {
            selected.with(|sel| {
                crate::inventory::bulk::acted_on(&rows, f, sel)
                    .into_iter()
                    .cloned()
                    .collect()
            })
        });
        Arc::new(chosen)
    });

    // Once a change is applied, the selection is cleared and the members read again, as after a bulk action.
    let change = TypeChange::new(shown, picked, type_seats, names, move || {
        selected.set(HashSet::new());
        reader.read_afresh();
    });

    view! {
        <div class="page-head">
            <h1>"Members"</h1>
            <div class="page-actions">{reader.actions()}</div>
        </div>
        <p class="lede">"Who holds which app license and entitlement, across every member of the organization; \
            members who have not signed in for a while, to reclaim their seats."</p>
        <ReadStatus reader=reader/>
        <Show when=move || shown.with(|s| !s.rows.is_empty())>
            <SeatsPanel shown=shown/>
            <UserTypesPanel shown=shown seats=type_seats names=names/>
            <FilterBar shown=shown filter=filter names=names/>
            <BulkRun step=step picked=picked selected=selected filter=filter/>
            <BulkBar step=step shown=shown filtered=filtered picked=picked selected=selected filter=filter names=names roles=change.roles/>
            <TypeChangePanel change=change shown=shown picked=picked names=names/>
            <MemberTable shown=shown filtered=filtered page=page selected=selected names=names roles=change.roles/>
        </Show>
    }
}

/// The user type names the screen shows, tracked.
pub type TypeNamesMemo = Memo<Arc<TypeNames>>;

/// The offline licenses screen reads through the same reader.
pub(super) use reading::{DirectoryReader as Reader, ReadStatus as ReaderStatus};
