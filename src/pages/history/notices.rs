//! What the keeping of the history says on every screen: the question before the first item is created, the
//! journal behind (entries kept here, written later, or saved as a file), and sharing with a group.

use leptos::prelude::*;

use super::super::screen::use_client;
use super::keeper::{use_keeper, Consent};
use crate::components::{counted, format_count, ErrorNotice};
use crate::history::{year_of, HistoryDoc, KEYWORDS};
use crate::session::use_session;

/// Before the first history item is created: what it is and where it lives, and the choice.
#[component]
pub fn ConsentNotice() -> impl IntoView {
    let keeper = use_keeper();
    let store = use_session();
    let user = move || {
        store
            .current
            .with(|s| s.as_ref().map(|s| s.username.clone()).unwrap_or_default())
    };
    let title = HistoryDoc::new(year_of(super::super::screen::now_ms()), 1).title();
    view! {
        <Show when=move || keeper.consent.get() == Consent::Ask>
            <div class="notice consent" role="region" aria-label="License history">
                <p>"Keep a history of this organization's licenses in the portal? The console would create an item “"
                    {title.clone()} "” (type Application Configuration) in the root folder of " {user} "’s content, \
                    add a snapshot of the license at most once a day, and a journal entry for every change made here. \
                    Only you can see it until you share it with a group; a new item follows each year."</p>
                <button type="button" class="primary keep-history" on:click=move |_| keeper.agree()>"Keep a history"</button>
                " " <button type="button" class="not-now" on:click=move |_| keeper.decline()>"Not now"</button>
            </div>
        </Show>
    }
}

/// While journal entries wait to be written: how many, why, and what can be done.
#[component]
pub fn JournalNotice() -> impl IntoView {
    let keeper = use_keeper();
    let waiting = move || keeper.pending.with(Vec::len);
    view! {
        {move || keeper.behind.get().filter(|_| waiting() > 0).map(|err| view! {
            <div class="notice notice-warning banner journal-behind" role="status">
                <p>{format!("The journal is behind: {} changes are not yet written to the portal. They are kept in \
                    this browser and written after the next change.", format_count(waiting() as u64))} " "
                    <button type="button" on:click=move |_| keeper.sync()>"Try again"</button> " "
                    <button type="button" on:click=move |_| keeper.save_pending()>"Save them as a file"</button></p>
                <ErrorNotice error=err/>
            </div>
        })}
    }
}

/// Shares the administrator's history items with a group, so every administrator in it reads one history.
#[component]
pub fn ShareHistory() -> impl IntoView {
    let client = use_client();
    let store = use_session();
    let group = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<usize, crate::portal::PortalError>>);
    let share = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (client, group) = (client.get(), group.get_untracked().trim().to_owned());
        let me = store
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.username.clone()))
            .unwrap_or_default();
        leptos::task::spawn_local(async move {
            let result = async {
                let mine: Vec<_> = client
                    .items_with_keyword(KEYWORDS[1])
                    .await?
                    .into_iter()
                    .filter(|i| i.owner.eq_ignore_ascii_case(&me))
                    .collect();
                for item in &mine {
                    client.share_item(&item.id, &group).await?;
                }
                Ok(mine.len())
            }
            .await;
            let _ = outcome.try_set(Some(result));
        });
    };
    view! {
        <section class="panel" aria-labelledby="share-history">
            <h2 id="share-history">"Share the history"</h2>
            <form class="form" on:submit=share>
                <label for="history-group">"Group id (the end of the group page's address, after ?id=)"</label>
                <input id="history-group" name="group" required prop:value=move || group.get() on:input=move |ev| group.set(event_target_value(&ev))/>
                <button type="submit">"Share my history items with this group"</button>
            </form>
            {move || outcome.get().map(|result| match result {
                Ok(n) => view! { <p class="notice notice-success" role="status">{format!("Shared: {}.", counted(n, "item", "items"))}</p> }.into_any(),
                Err(err) => view! { <ErrorNotice error=err/> }.into_any(),
            })}
        </section>
    }
}
