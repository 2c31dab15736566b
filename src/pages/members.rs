//! Members and their licenses: who holds which app and entitlement, seats per entitlement, the reclaim list,
//! and bulk revoke / release with a result per member. The whole organization is read in one paged pass
//! (`Client::read_directory`); the table renders a page of it at a time.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::screen::{now_ms, use_client, Operation, ScreenClient, Step};
use crate::components::{format_count, format_date, save_text, Confirm, ErrorNotice, UsageBar};
use crate::inventory::members::{
    holding_text, revoke_batches, seats, to_csv, Filter, DEFAULT_IDLE_DAYS,
};
use crate::marks;
use crate::portal::{
    entitlement_name, user_type_name, AppLicense, Completeness, Directory, LicensedApp, MemberRow,
    PortalError, Progress,
};

/// Rows the table shows at a time.
const ROWS_PER_PAGE: usize = 100;

/// What a read pass left on screen.
#[derive(Clone, Default)]
struct Read {
    apps: Arc<Vec<AppLicense>>,
    skipped: Vec<String>,
    rows: Arc<Vec<MemberRow>>,
    completeness: Option<Completeness>,
}

/// Where reading stands.
#[derive(Clone, Debug, PartialEq)]
enum Reading {
    Running,
    Done,
    Stopped,
    Failed(PortalError),
}

/// A bulk action, on the members named.
#[derive(Clone, Debug, PartialEq)]
enum Bulk {
    Revoke {
        app: usize,
        item_id: String,
        title: String,
        members: Vec<String>,
        offline: HashSet<String>,
    },
    Release {
        members: Vec<(String, LicensedApp)>,
    },
}

impl Bulk {
    /// The same action for only these members (a retry of the failed ones).
    fn only(&self, failed: &HashSet<String>) -> Bulk {
        match self {
            Bulk::Revoke {
                app,
                item_id,
                title,
                members,
                offline,
            } => Bulk::Revoke {
                app: *app,
                item_id: item_id.clone(),
                title: title.clone(),
                members: members
                    .iter()
                    .filter(|m| failed.contains(*m))
                    .cloned()
                    .collect(),
                offline: offline.clone(),
            },
            Bulk::Release { members } => Bulk::Release {
                members: members
                    .iter()
                    .filter(|(m, _)| failed.contains(m))
                    .cloned()
                    .collect(),
            },
        }
    }
}

/// "ana, ben, chloé and 309 more".
fn some_names(names: &[&str]) -> String {
    const SHOWN: usize = 8;
    let shown = names
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().saturating_sub(SHOWN) {
        0 => shown,
        more => format!("{shown} and {} more", format_count(more as u64)),
    }
}

/// The question asked before `bulk` is done; `idle` the reclaim filter's days, when it is on.
fn question(bulk: &Bulk, idle: Option<u32>) -> String {
    let who = match idle {
        Some(days) => format!(" who have not signed in for {days} days"),
        None => String::new(),
    };
    match bulk {
        Bulk::Revoke {
            title,
            members,
            offline,
            ..
        } => {
            let names: Vec<&str> = members.iter().map(String::as_str).collect();
            let held_offline = members.iter().filter(|m| offline.contains(*m)).count();
            let note = if held_offline > 0 {
                format!(
                    " {held_offline} of them hold it offline: the portal refuses those until their license is released."
                )
            } else {
                String::new()
            };
            format!(
                "Revoke {title} from {} members{who}? ({}) They lose every {title} entitlement.{note}",
                format_count(members.len() as u64),
                some_names(&names)
            )
        }
        Bulk::Release { members } => {
            let names: Vec<&str> = members.iter().map(|(m, _)| m.as_str()).collect();
            format!(
                "Release the offline licenses of {} members{who}? ({}) The copies on their devices stop working.",
                format_count(members.len() as u64),
                some_names(&names)
            )
        }
    }
}

/// What became of each member of a bulk action.
type Results = Vec<(String, Result<(), PortalError>)>;

async fn run_bulk(client: crate::portal::Client, bulk: Bulk) -> Result<Results, PortalError> {
    let never = || false;
    Ok(match bulk {
        Bulk::Revoke {
            item_id,
            members,
            offline,
            ..
        } => {
            let batches = revoke_batches(&members, |m| offline.contains(m));
            client.revoke_app(&item_id, batches, &never).await
        }
        Bulk::Release { members } => {
            let mut results = Vec::new();
            for (member, app) in members {
                let result = client.release_license(&member, app).await;
                results.push((member, result));
            }
            results
        }
    })
}

/// Reads (or goes on reading) the directory, then shows what it holds.
fn start_reading(
    client: ScreenClient,
    kept: StoredValue<Option<Directory>, LocalStorage>,
    state: RwSignal<Reading>,
    progress: RwSignal<Progress>,
    shown: RwSignal<Read>,
    cancel: RwSignal<bool>,
    look_up: Option<usize>,
) {
    let Some(mut dir) = kept.try_update_value(Option::take).flatten() else {
        return;
    };
    cancel.set(false);
    state.set(Reading::Running);
    marks::mark(marks::MEMBERS_READ_START);
    spawn_local(async move {
        let client = client.get();
        let watch = move |p: Progress| {
            let _ = progress.try_set(p);
        };
        let cancelled = move || cancel.try_get_untracked().unwrap_or(true);
        let result = match look_up {
            Some(app) => {
                let missing = dir.missing_holders(app);
                client
                    .look_up_holders(&mut dir, app, missing, &watch, &cancelled)
                    .await
            }
            None => client.read_directory(&mut dir, &watch, &cancelled).await,
        };
        let _ = shown.try_set(Read {
            apps: Arc::new(dir.apps.clone()),
            skipped: dir.skipped.clone(),
            rows: Arc::new(dir.rows()),
            completeness: Some(dir.completeness()),
        });
        let _ = state.try_set(match result {
            Ok(()) => Reading::Done,
            Err(PortalError::Cancelled) => Reading::Stopped,
            Err(err) => Reading::Failed(err),
        });
        kept.try_set_value(Some(dir));
        marks::mark_after_render_with_memory(marks::MEMBERS_READ_END);
    });
}

#[component]
pub fn Members() -> impl IntoView {
    let client = use_client();
    let kept: StoredValue<Option<Directory>, LocalStorage> =
        StoredValue::new_local(Some(Directory::default()));
    let state = RwSignal::new(Reading::Running);
    let progress = RwSignal::new(Progress::default());
    let shown = RwSignal::new(Read::default());
    let cancel = RwSignal::new(false);
    let read = move |look_up: Option<usize>| {
        start_reading(client, kept, state, progress, shown, cancel, look_up)
    };
    let read_afresh = move || {
        kept.set_value(Some(Directory::default()));
        read(None);
    };
    read(None);

    let filter = RwSignal::new(Filter::default());
    let page = RwSignal::new(0usize);
    let filtered = Memo::new(move |_| {
        let rows = shown.with(|s| s.rows.clone());
        Arc::new(filter.with(|f| f.apply(&rows, now_ms())))
    });
    Effect::new(move |_| {
        filtered.track();
        page.set(0);
    });
    let selected: RwSignal<HashSet<String>> = RwSignal::new(HashSet::new());

    let asking: RwSignal<Option<Bulk>> = RwSignal::new(None);
    let bulk = Operation::new(client, |client, command: &Bulk| {
        run_bulk(client, command.clone())
    });
    let last_bulk: RwSignal<Option<Bulk>> = RwSignal::new(None);
    Effect::new(move |_| {
        if let Step::Done(_) = bulk.step() {
            asking.set(None);
            selected.set(HashSet::new());
            read_afresh();
        }
    });
    let confirm = Callback::new(move |_| {
        if let Some(command) = asking.get_untracked() {
            last_bulk.set(Some(command.clone()));
            bulk.run(command);
        }
    });
    let cancel_bulk = Callback::new(move |_| asking.set(None));

    view! {
        <div class="page-head">
            <h1>"Members"</h1>
            <div class="page-actions">
                {move || (state.get() == Reading::Running).then(|| view! {
                    <button type="button" on:click=move |_| cancel.set(true)>"Cancel"</button>
                })}
                {move || (state.get() != Reading::Running).then(|| view! {
                    <button type="button" on:click=move |_| read_afresh()>"Read again"</button>
                })}
            </div>
        </div>
        <p class="lede">"Who holds which app license and entitlement, across every member of the organization; \
            members who have not signed in for a while, to reclaim their seats."</p>
        <ReadStatus state=state progress=progress shown=shown
            on_continue=Callback::new(move |_| read(None))
            on_look_up=Callback::new(move |app| read(Some(app)))/>
        <Show when=move || shown.with(|s| !s.rows.is_empty())>
            <SeatsPanel shown=shown/>
            <FilterBar shown=shown filter=filter/>
            <BulkBar shown=shown filtered=filtered selected=selected filter=filter asking=asking
                busy=Signal::derive(move || bulk.busy())/>
            {move || asking.get().map(|command| view! {
                <Confirm question=question(&command, filter.with_untracked(|f| f.idle_days))
                    action=match command { Bulk::Revoke { .. } => "Revoke", Bulk::Release { .. } => "Release" }
                    busy=Signal::derive(move || bulk.busy()) on_confirm=confirm on_cancel=cancel_bulk/>
            })}
            {move || match bulk.step() {
                Step::Done(results) => Some(view! {
                    <BulkResults results=results on_retry=Callback::new(move |failed: HashSet<String>| {
                        if let Some(command) = last_bulk.get_untracked() {
                            asking.set(Some(command.only(&failed)));
                        }
                    })/>
                }.into_any()),
                Step::Failed(err) => Some(view! { <ErrorNotice error=err/> }.into_any()),
                _ => None,
            }}
            <MemberTable shown=shown filtered=filtered page=page selected=selected/>
        </Show>
    }
}

#[component]
fn ReadStatus(
    state: RwSignal<Reading>,
    progress: RwSignal<Progress>,
    shown: RwSignal<Read>,
    on_continue: Callback<()>,
    on_look_up: Callback<usize>,
) -> impl IntoView {
    let counts = move || {
        let p = progress.get();
        format!(
            "{} of {} members · {} of {} pages",
            format_count(p.members_read),
            format_count(p.members_total),
            format_count(p.pages_read),
            format_count(p.pages_planned)
        )
    };
    view! {
        {move || match state.get() {
            Reading::Running => view! {
                <div class="reading" role="status">
                    <label for="members-progress">"Reading members and their licenses"</label>
                    <progress id="members-progress" max=move || progress.get().pages_planned.max(1)
                        value=move || progress.get().pages_read></progress>
                    <p class="muted">{counts}</p>
                </div>
            }.into_any(),
            Reading::Stopped => view! {
                <div class="notice notice-warning" role="status">
                    <p class="notice-title">"Stopped: the list below is partial."</p>
                    <p>{counts} " read. "
                        <button type="button" on:click=move |_| on_continue.run(())>"Go on reading"</button></p>
                </div>
            }.into_any(),
            Reading::Failed(err) => view! {
                <ErrorNotice error=err/>
                <p>"What was read is below; the list is partial. "
                    <button type="button" on:click=move |_| on_continue.run(())>"Go on reading"</button></p>
            }.into_any(),
            Reading::Done => view! { <Completion shown=shown on_look_up=on_look_up/> }.into_any(),
        }}
        {move || shown.with(|s| s.skipped.iter().map(|title| view! {
            <p class="muted">{format!("{title}: not licensed member by member (the portal says so), so left out.")}</p>
        }).collect_view())}
    }
}

/// Whether everything was read, and if not what is missing and how to complete it.
#[component]
fn Completion(shown: RwSignal<Read>, on_look_up: Callback<usize>) -> impl IntoView {
    move || {
        let (apps, completeness) = shown.with(|s| (s.apps.clone(), s.completeness.clone()));
        let completeness = completeness?;
        if completeness.is_complete() {
            return Some(
                view! {
                    <p class="notice notice-success" role="status">{format!(
                        "Complete: {} members, every holder of every app.",
                        format_count(completeness.members_total)
                    )}</p>
                }
                .into_any(),
            );
        }
        let mut notes = Vec::new();
        if completeness.members_read < completeness.members_total {
            notes.push(
                view! { <p>{format!(
                    "The member list showed {} of {} members; the rest could not be read.",
                    format_count(completeness.members_read),
                    format_count(completeness.members_total)
                )}</p> }
                .into_any(),
            );
        }
        for (app, ((total, known), missing)) in completeness
            .holders
            .iter()
            .zip(&completeness.to_look_up)
            .enumerate()
        {
            if known >= total && *missing == 0 {
                continue;
            }
            let title = apps.get(app).map(|a| a.title.clone()).unwrap_or_default();
            let words = format!(
                "{title}: the portal listed {} of its {} holders and pages no further. The others are among the \
                 {} members it did not show, who can be looked up one by one ({} requests).",
                format_count(*known),
                format_count(*total),
                format_count(*missing),
                format_count(*missing)
            );
            notes.push(
                view! {
                    <p>{words} " "
                        <button type="button" class="look-up" on:click=move |_| on_look_up.run(app)>
                            {format!("Look up {} members", format_count(*missing))}
                        </button>
                    </p>
                }
                .into_any(),
            );
        }
        Some(
            view! {
                <div class="notice notice-warning" role="status">
                    <p class="notice-title">"Incomplete: not every holder is in the table yet."</p>
                    {notes}
                </div>
            }
            .into_any(),
        )
    }
}

#[component]
fn SeatsPanel(shown: RwSignal<Read>) -> impl IntoView {
    let all = Memo::new(move |_| shown.with(|s| seats(&s.apps, &s.rows)));
    view! {
        <section class="panel" aria-labelledby="seats">
            <h2 id="seats">"Seats per entitlement"</h2>
            <table class="seats">
                <thead><tr><th scope="col">"App"</th><th scope="col">"Entitlement"</th>
                    <th scope="col">"Assigned of owned"</th><th scope="col">"Left"</th></tr></thead>
                <tbody>
                    {move || {
                        let apps = shown.with(|s| s.apps.clone());
                        all.get().into_iter().map(|s| {
                            let warning = if s.over() {
                                Some("more assigned than owned")
                            } else if s.owned > 0 && s.assigned >= s.owned {
                                Some("all taken")
                            } else if s.nearly_full() {
                                Some("nearly all taken")
                            } else {
                                None
                            };
                            view! {
                                <tr>
                                    <td>{apps.get(s.app).map(|a| a.title.clone())}</td>
                                    <td>{entitlement_name(&s.code)}</td>
                                    <td><UsageBar used=Some(s.assigned) allowed=Some(s.owned)/></td>
                                    <td>{s.left().to_string()}
                                        {warning.map(|w| view! { <span class="flag flag-soon">{w}</span> })}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn FilterBar(shown: RwSignal<Read>, filter: RwSignal<Filter>) -> impl IntoView {
    let user_types = Memo::new(move |_| {
        let mut types: Vec<String> =
            shown.with(|s| s.rows.iter().map(|r| r.member.user_type.clone()).collect());
        types.sort();
        types.dedup();
        types.retain(|t| !t.is_empty());
        types
    });
    let entitlements = Memo::new(move |_| {
        let mut codes: Vec<String> = shown.with(|s| {
            s.rows
                .iter()
                .flat_map(|r| {
                    r.holdings
                        .iter()
                        .flatten()
                        .flat_map(|h| h.entitlements.clone())
                })
                .collect()
        });
        codes.sort();
        codes.dedup();
        codes
    });
    let set = move |change: fn(&mut Filter, String)| {
        move |ev: leptos::ev::Event| filter.update(|f| change(f, event_target_value(&ev)))
    };
    view! {
        <div class="toolbar" role="search">
            <label>"Find " <input type="search" prop:value=move || filter.with(|f| f.find.clone())
                on:input=set(|f, v| f.find = v)/></label>
            <label>"App " <select on:change=set(|f, v| f.app = v.parse().ok())>
                <option value="">"Any"</option>
                {move || shown.with(|s| s.apps.iter().enumerate().map(|(i, a)| view! {
                    <option value=i.to_string()>{a.title.clone()}</option>
                }).collect_view())}
            </select></label>
            <label>"Entitlement " <select on:change=set(|f, v| f.entitlement = (!v.is_empty()).then_some(v))>
                <option value="">"Any"</option>
                {move || entitlements.get().into_iter().map(|code| view! {
                    <option value=code.clone()>{entitlement_name(&code)}</option>
                }).collect_view()}
            </select></label>
            <label>"User type " <select on:change=set(|f, v| f.user_type = (!v.is_empty()).then_some(v))>
                <option value="">"Any"</option>
                {move || user_types.get().into_iter().map(|t| view! {
                    <option value=t.clone()>{user_type_name(&t)}</option>
                }).collect_view()}
            </select></label>
            <label class="check"><input type="checkbox" name="offline"
                on:change=move |ev| filter.update(|f| f.offline = event_target_checked(&ev))/>"Holds a license offline"</label>
            <label class="check"><input type="checkbox" name="reclaim"
                on:change=move |ev| filter.update(|f| f.idle_days = event_target_checked(&ev).then_some(DEFAULT_IDLE_DAYS))/>
                "Not signed in for"</label>
            <label>
                <input type="number" name="idle-days" min="1" class="days" aria-label="Days without signing in"
                    prop:value=move || filter.with(|f| f.idle_days.unwrap_or(DEFAULT_IDLE_DAYS).to_string())
                    on:change=move |ev| {
                        let days = event_target_value(&ev).parse().unwrap_or(DEFAULT_IDLE_DAYS).max(1);
                        filter.update(|f| if f.idle_days.is_some() { f.idle_days = Some(days) });
                    }/>
                " days (the reclaim list)"
            </label>
        </div>
    }
}

#[component]
fn BulkBar(
    shown: RwSignal<Read>,
    filtered: Memo<Arc<Vec<usize>>>,
    selected: RwSignal<HashSet<String>>,
    filter: RwSignal<Filter>,
    asking: RwSignal<Option<Bulk>>,
    busy: Signal<bool>,
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
    // Selected rows, in table order.
    // The selected rows in table order, and the offline licenses among them the console can release (member,
    // app): worked out once per change of the rows or the selection, for every button that counts them.
    let chosen = Memo::new(move |_| {
        let rows = shown.with(|s| s.rows.clone());
        Arc::new(selected.with(|sel| {
            rows.iter()
                .filter(|r| sel.contains(&r.member.username))
                .cloned()
                .collect::<Vec<_>>()
        }))
    });
    let releasable = Memo::new(move |_| {
        let apps = shown.with(|s| s.apps.clone());
        let picks = chosen.with(|rows| {
            rows.iter()
                .flat_map(|r| {
                    r.holdings.iter().enumerate().filter_map(|(i, h)| {
                        h.as_ref().filter(|h| h.offline)?;
                        Some((r.member.username.clone(), apps.get(i)?.app?))
                    })
                })
                .collect::<Vec<_>>()
        });
        Arc::new(picks)
    });
    let revoke = move |app: usize| {
        let (item_id, title) =
            shown.with_untracked(|s| (s.apps[app].item_id.clone(), s.apps[app].title.clone()));
        let holding = |r: &&MemberRow| matches!(r.holdings.get(app), Some(Some(_)));
        let offline = |r: &&&MemberRow| matches!(r.holdings.get(app), Some(Some(h)) if h.offline);
        let (members, offline) = chosen.with_untracked(|rows| {
            let holders: Vec<&MemberRow> = rows.iter().filter(holding).collect();
            (
                holders.iter().map(|r| r.member.username.clone()).collect(),
                holders
                    .iter()
                    .filter(offline)
                    .map(|r| r.member.username.clone())
                    .collect(),
            )
        });
        asking.set(Some(Bulk::Revoke {
            app,
            item_id,
            title,
            members,
            offline,
        }));
    };
    let release = move |_| {
        let members = releasable.get_untracked().as_ref().clone();
        asking.set(Some(Bulk::Release { members }));
    };
    let offline_count = move || releasable.with(|r| r.len());
    let export = move |_| {
        let (apps, rows) = shown.with_untracked(|s| (s.apps.clone(), s.rows.clone()));
        let picked: Vec<&MemberRow> = filtered.get_untracked().iter().map(|&i| &rows[i]).collect();
        save_text(
            "members.csv",
            "text/csv;charset=utf-8",
            &to_csv(&apps, &picked),
        );
    };
    view! {
        <div class="toolbar bulk">
            <span>{move || format!("{} shown · {} selected",
                format_count(filtered.get().len() as u64), format_count(selected.with(HashSet::len) as u64))}</span>
            <button type="button" on:click=select_all>"Select all shown"</button>
            <button type="button" on:click=move |_| selected.set(HashSet::new())>"Clear selection"</button>
            // A bundle is assigned and revoked as a whole (provisionUserAppBundle): not from here.
            {move || shown.with(|s| s.apps.iter().enumerate().filter(|(_, a)| !a.bundle).map(|(i, a)| {
                let title = a.title.clone();
                // Selected members who hold this app: what a revoke would be sent for.
                let holding = move || chosen.with(|rows| rows.iter().filter(|r| matches!(r.holdings.get(i), Some(Some(_)))).count());
                view! {
                    <button type="button" class="danger revoke" disabled=move || busy.get() || holding() == 0
                        on:click=move |_| revoke(i)>{move || format!("Revoke {title} ({})", format_count(holding() as u64))}</button>
                }
            }).collect_view())}
            <button type="button" class="release-offline" disabled=move || busy.get() || offline_count() == 0
                on:click=release>{move || format!("Release offline licenses ({})", format_count(offline_count() as u64))}</button>
            <button type="button" class="export" on:click=export>"Export CSV"</button>
        </div>
        {move || filter.with(|f| f.idle_days).map(|days| view! {
            <p class="muted">{format!("The reclaim list: members who have not signed in for {days} days, or never.")}</p>
        })}
    }
}

#[component]
fn BulkResults(results: Results, on_retry: Callback<HashSet<String>>) -> impl IntoView {
    let failed: HashSet<String> = results
        .iter()
        .filter(|(_, r)| r.is_err())
        .map(|(m, _)| m.clone())
        .collect();
    let done = results.len() - failed.len();
    let summary = format!(
        "{} done, {} failed.",
        format_count(done as u64),
        format_count(failed.len() as u64)
    );
    let retry = (!failed.is_empty()).then(|| {
        let count = failed.len();
        view! {
            <button type="button" class="retry" on:click=move |_| on_retry.run(failed.clone())>
                {format!("Retry the {count} failed")}
            </button>
        }
    });
    view! {
        <section class="panel results" aria-labelledby="bulk-results">
            <h2 id="bulk-results">"Results"</h2>
            <p role="status">{summary} " " {retry}</p>
            <ul class="results">
                {results.into_iter().map(|(member, result)| match result {
                    Ok(()) => view! { <li class="result-done">{member} ": done"</li> }.into_any(),
                    Err(err) => view! { <li class="result-failed">{member} ": failed — " {err.title()} " " {err.detail()}</li> }.into_any(),
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn MemberTable(
    shown: RwSignal<Read>,
    filtered: Memo<Arc<Vec<usize>>>,
    page: RwSignal<usize>,
    selected: RwSignal<HashSet<String>>,
) -> impl IntoView {
    let pages = move || filtered.with(|f| f.len().div_ceil(ROWS_PER_PAGE).max(1));
    let visible = move || {
        let rows = shown.with(|s| s.rows.clone());
        let from = page.get() * ROWS_PER_PAGE;
        filtered.with(|f| {
            f.iter()
                .skip(from)
                .take(ROWS_PER_PAGE)
                .map(|&i| rows[i].clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel" aria-labelledby="member-table">
            <h2 id="member-table">"Members"</h2>
            <div class="pager">
                <button type="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>"Previous"</button>
                <span>{move || format!("Page {} of {}", page.get() + 1, pages())}</span>
                <button type="button" disabled=move || { page.get() + 1 >= pages() } on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
            </div>
            <table class="members">
                <thead><tr>
                    <th scope="col"><span class="visually-hidden">"Selected"</span></th>
                    <th scope="col">"Username"</th><th scope="col">"Full name"</th><th scope="col">"User type"</th>
                    <th scope="col">"Role"</th><th scope="col">"Last sign-in"</th>
                    {move || shown.with(|s| s.apps.iter().map(|a| view! { <th scope="col">{a.title.clone()}</th> }).collect_view())}
                </tr></thead>
                <tbody>
                    {move || visible().into_iter().map(|row| {
                        let name = row.member.username.clone();
                        let toggle = name.clone();
                        let is_selected = name.clone();
                        view! {
                            <tr>
                                <td><input type="checkbox" aria-label=format!("Select {name}")
                                    prop:checked=move || selected.with(|s| s.contains(&is_selected))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.update(|s| { if on { s.insert(toggle.clone()); } else { s.remove(&toggle); } });
                                    }/></td>
                                <td>{name.clone()}</td>
                                <td>{row.member.full_name.clone()}</td>
                                <td>{user_type_name(&row.member.user_type)}</td>
                                <td>{row.member.role.clone()}</td>
                                <td>{row.member.last_login.map_or_else(|| "never".to_owned(), format_date)}</td>
                                {row.holdings.iter().map(|h| view! {
                                    <td>{h.as_ref().map(|h| view! {
                                        {holding_text(h)}
                                        {h.offline.then(|| view! { <span class="flag flag-soon">"offline"</span> })}
                                    })}</td>
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
