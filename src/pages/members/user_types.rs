//! Seats per user type, as the portal reports them (owned from its list of user types, assigned from its counts),
//! beside the members of each type the reading found — and where the two differ, said.

use leptos::prelude::*;

use super::super::screen::{Load, Loaded};
use super::reading::Read;
use super::TypeNamesMemo;
use crate::components::{format_count, ErrorNotice, UsageBar};
use crate::inventory::members::fullness;
use crate::portal::UserTypeSeats;

/// Members of `id` among the rows read, and whether every member was read (so the count can be compared).
fn read_of(shown: &Read, id: &str) -> (u64, bool) {
    let read = shown
        .rows
        .iter()
        .filter(|r| r.record_read && r.member.user_type == id)
        .count() as u64;
    let complete = shown
        .completeness
        .as_ref()
        .is_some_and(|c| c.members_total.is_some() && c.members_complete());
    (read, complete)
}

#[component]
pub fn UserTypesPanel(
    shown: RwSignal<Read>,
    seats: Loaded<Vec<UserTypeSeats>>,
    names: TypeNamesMemo,
) -> impl IntoView {
    let row = move |t: UserTypeSeats| {
        let (read, complete) = shown.with(|s| read_of(s, &t.id));
        let name = names.with(|n| n.of(&t.id));
        let free = match t.free() {
            Some(free) => free.to_string(),
            None => "not reported".to_owned(),
        };
        let warning = t
            .owned
            .zip(t.assigned)
            .and_then(|(owned, assigned)| fullness(assigned, owned));
        let differs = t
            .assigned
            .filter(|assigned| complete && *assigned != read)
            .map(|assigned| {
                format!(
                    "the portal counts {}; {} read",
                    format_count(assigned),
                    format_count(read)
                )
            });
        view! {
            <tr>
                <td>{name}</td>
                <td><UsageBar used=t.assigned allowed=t.owned/></td>
                <td>{free} {warning.map(|w| view! { <span class="flag flag-soon">{w}</span> })}</td>
                <td>{format_count(read)} {differs.map(|d| view! { <span class="flag">{d}</span> })}</td>
            </tr>
        }
    };
    view! {
        <section class="panel" aria-labelledby="user-type-seats">
            <h2 id="user-type-seats">"Seats per user type"</h2>
            {move || match seats.state() {
                Load::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
                Load::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
                Load::Ready(types) => {
                    let note = types_without_counts(&types);
                    view! {
                        <table class="seats user-type-seats">
                            <thead><tr><th scope="col">"User type"</th><th scope="col">"Assigned of owned"</th>
                                <th scope="col">"Free"</th><th scope="col">"Members read"</th></tr></thead>
                            <tbody>{types.into_iter().map(row).collect_view()}</tbody>
                        </table>
                        {note}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Where the portal's counts could not be read, the table says so once.
fn types_without_counts(types: &[UserTypeSeats]) -> Option<impl IntoView> {
    types.iter().any(|t| t.assigned.is_none()).then(|| {
        view! { <p class="muted">"The portal's member counts per user type could not be read: assigned is not reported."</p> }
    })
}
