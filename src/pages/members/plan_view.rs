//! A user type change on screen: what to plan (the type and the role for those whose role it does not allow, a
//! swap, a saved record to undo), then the plan — seats per type before → after, each member's steps in the order
//! they are sent, the members that cannot be changed and why — with Apply.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::bulk::Picked;
use super::reading::Read;
use super::type_change::{Intent, TypeChange};
use super::TypeNamesMemo;
use crate::components::{format_count, Pager};
use crate::inventory::type_change::{self, steps_in_words, Applied, Plan, SeatsMoved};
use crate::session::use_session;

/// Members of a plan shown per page.
const PLAN_ROWS: usize = 50;

/// The text of the file chosen in `input`, or why there is none.
async fn chosen_text(input: web_sys::HtmlInputElement) -> Result<String, String> {
    let file = input
        .files()
        .and_then(|f| f.get(0))
        .ok_or("No file was chosen.")?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| "The file could not be read.".to_owned())?;
    text.as_string()
        .ok_or_else(|| "The file could not be read.".to_owned())
}

/// The choices: change the selected members' type, swap two, or undo from a record.
#[component]
pub fn TypeChangeForm(
    change: TypeChange,
    shown: RwSignal<Read>,
    picked: Picked,
    names: TypeNamesMemo,
) -> impl IntoView {
    let store = use_session();
    let trouble = RwSignal::new(None::<String>);
    let count = move || picked.with(|p| p.len());
    let swap = move |_| {
        let rows = picked.get_untracked();
        if let [a, b] = rows.as_slice() {
            let wishes = shown.with_untracked(|s| type_change::swap(a, b, &s.apps));
            let title = format!(
                "Swap the user types of {} and {}",
                a.member.username, b.member.username
            );
            change.intent.set(Some(Intent::Wishes {
                title,
                wishes: Arc::new(wishes),
            }));
        }
    };
    let load = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let portal = store
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.portal.url.as_str().to_owned()));
        spawn_local(async move {
            let text = chosen_text(input.clone()).await;
            // The same file chosen again is read again.
            input.set_value("");
            let applied = text.and_then(|text| Applied::parse(&text));
            let outcome = applied.and_then(|record| match portal {
                Some(portal) if portal != record.portal => Err(format!(
                    "This record is of another portal ({}); you are signed in to {portal}.",
                    record.portal
                )),
                _ => Ok(record),
            });
            match outcome {
                Ok(record) => {
                    let title = format!("Undo the change applied {}", record.applied_at);
                    let wishes = Arc::new(type_change::way_back(&record));
                    let _ = trouble.try_set(None);
                    let _ = change
                        .intent
                        .try_set(Some(Intent::Wishes { title, wishes }));
                }
                Err(why) => drop(trouble.try_set(Some(why))),
            }
        });
    };
    let busy = move || change.applying.operation().busy() || change.applying.is_asking();
    view! {
        <section class="panel" aria-labelledby="type-change">
            <h2 id="type-change">"Change user types"</h2>
            <div class="toolbar">
                <button type="button" class="change-type" disabled=move || busy() || count() == 0
                    on:click=move |_| change.intent.set(Some(Intent::ToType))>
                    {move || format!("Change user type of the {} selected…", format_count(count() as u64))}</button>
                <button type="button" class="swap-types" disabled=move || busy() || count() != 2 on:click=swap>
                    "Swap the user types of the 2 selected…"</button>
                <label for="undo-record">"Undo a change from its saved record"</label>
                <input id="undo-record" type="file" accept=".json,application/json" disabled=busy on:change=load/>
            </div>
            {move || trouble.get().map(|why| view! { <p class="notice notice-error" role="alert">{why}</p> })}
            {move || match change.intent.get() {
                Some(Intent::ToType) => Some(view! { <TargetPicker change=change names=names/> }.into_any()),
                Some(Intent::Wishes { title, .. }) => Some(view! { <p class="plan-title">{title}</p> }.into_any()),
                Some(Intent::Retry(_)) => Some(view! { <p class="plan-title">"Retry the members that failed"</p> }.into_any()),
                None => None,
            }}
        </section>
    }
}

/// The type to change to, and the role for members whose role it does not allow.
#[component]
fn TargetPicker(change: TypeChange, names: TypeNamesMemo) -> impl IntoView {
    let types = move || {
        let names = names.get();
        let seats = change.seats.ready().unwrap_or_default();
        seats
            .into_iter()
            .map(|t| view! { <option value=t.id.clone()>{names.of(&t.id)}</option> })
            .collect_view()
    };
    let roles = move || {
        change
            .roles
            .get()
            .iter()
            .map(|r| view! { <option value=r.id.clone()>{r.name.clone()}</option> })
            .collect_view()
    };
    view! {
        <div class="form-row">
            <label for="target-type">"New user type"</label>
            <select id="target-type" on:change=move |ev| change.target.set(event_target_value(&ev)) prop:value=move || change.target.get()>
                <option value="">"Choose…"</option>{types}</select>
            <label for="misfit-role">"Role for members whose role the new type does not allow"</label>
            <select id="misfit-role" on:change=move |ev| change.misfit_role.set(event_target_value(&ev)) prop:value=move || change.misfit_role.get()>
                <option value="">"The least privileged that fits (Viewer)"</option>{roles}</select>
            <label><input type="checkbox" name="revoke-other-apps" prop:checked=move || change.revoke_other_apps.get()
                on:change=move |ev| change.revoke_other_apps.set(event_target_checked(&ev))/>
                "Also revoke app licenses other than ArcGIS Pro from members moving to a type without Pro \
                (the API does not say whether such a type can hold them)"</label>
        </div>
    }
}

fn seat_row(moved: SeatsMoved, name: String) -> impl IntoView {
    let show = |n: Option<i64>| n.map_or("not reported".to_owned(), |n| n.to_string());
    let free = moved.owned.zip(moved.after).map(|(o, a)| o as i64 - a);
    view! {
        <tr>
            <td>{name}</td>
            <td>{show(moved.owned.map(|o| o as i64))}</td>
            <td>{show(moved.before.map(|b| b as i64))} " → " {show(moved.after)}</td>
            <td>{show(free)}</td>
        </tr>
    }
}

/// The plan: seats before → after, each member's steps a page at a time, who is not changed, and Apply.
#[component]
pub fn PlanView(change: TypeChange, plan: Arc<Plan>, names: TypeNamesMemo) -> impl IntoView {
    let page = RwSignal::new(0usize);
    let pages = plan.changes.len().div_ceil(PLAN_ROWS).max(1);
    let moved: Vec<SeatsMoved> = plan
        .seats
        .iter()
        .filter(|s| s.before.map(|b| b as i64) != s.after)
        .cloned()
        .collect();
    let summary = format!(
        "{} to change, {} not changed.",
        format_count(plan.changes.len() as u64),
        format_count(plan.refused.len() as u64)
    );
    let shown_plan = plan.clone();
    let rows = move || {
        let (roles, names) = (change.roles.get(), names.get());
        shown_plan.changes.iter().skip(page.get() * PLAN_ROWS).take(PLAN_ROWS).map(|p| {
            let steps = steps_in_words(p, &roles, &names);
            view! {
                <tr>
                    <th scope="row">{p.change.username.clone()}<br/><span class="muted">{p.full_name.clone()}</span></th>
                    <td><ol>{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol></td>
                    <td>{p.notes.iter().map(|n| view! { <p>{n.clone()}</p> }).collect_view()}</td>
                </tr>
            }
        }).collect_view()
    };
    let applying = change.applying;
    let can_apply = plan.can_apply();
    let asked = plan.clone();
    view! {
        <section class="panel plan" aria-labelledby="plan-heading">
            <h2 id="plan-heading">"Plan"</h2>
            <p role="status">{summary}</p>
            <table class="seats plan-seats">
                <caption>"Seats per user type, before → after"</caption>
                <thead><tr><th scope="col">"User type"</th><th scope="col">"Owned"</th>
                    <th scope="col">"Assigned"</th><th scope="col">"Free after"</th></tr></thead>
                <tbody>{moved.into_iter().map(|m| { let name = names.with_untracked(|n| n.of(&m.id)); seat_row(m, name) }).collect_view()}</tbody>
            </table>
            <Pager page=page pages=Signal::derive(move || pages)/>
            <table class="plan-members">
                <thead><tr><th scope="col">"Member"</th><th scope="col">"Steps, in the order they are sent"</th><th scope="col">"Notes"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <NotChanged plan=plan.clone()/>
            <div class="toolbar">
                <button type="button" class="danger apply-plan" disabled=move || !can_apply || applying.operation().busy()
                    on:click=move |_| applying.ask(asked.clone())>"Apply this plan…"</button>
                <button type="button" on:click=move |_| change.intent.set(None)>"Close the plan"</button>
            </div>
        </section>
    }
}

/// Members named per reason in the "Not changed" list before "and N more".
const NAMED_PER_REASON: usize = 12;

/// Who is not changed, grouped by the reason, each with its count and the first names.
#[component]
fn NotChanged(plan: Arc<Plan>) -> impl IntoView {
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for (member, why) in &plan.refused {
        match reasons.iter_mut().find(|(r, _)| r == why) {
            Some((_, members)) => members.push(member),
            None => reasons.push((why, vec![member])),
        }
    }
    let items: Vec<String> = reasons
        .into_iter()
        .map(|(why, members)| {
            let mut named = members
                .iter()
                .take(NAMED_PER_REASON)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            if members.len() > NAMED_PER_REASON {
                named.push_str(&format!(
                    " and {} more",
                    format_count((members.len() - NAMED_PER_REASON) as u64)
                ));
            }
            format!("{} — {}: {named}", why, format_count(members.len() as u64))
        })
        .collect();
    (!items.is_empty()).then(|| {
        view! {
            <h3>"Not changed"</h3>
            <ul class="plan-refused">{items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
        }
    })
}
