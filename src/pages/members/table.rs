//! The filter bar and the table of members, a page of rows at a time.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::html::InertElement;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use super::check::MemberCheck;
use super::reading::Read;
use super::TypeNamesMemo;
use crate::components::{format_date, Pager};
use crate::inventory::members::{holding_text, Filter, DEFAULT_IDLE_DAYS};
use crate::inventory::type_change::role_of;
use crate::portal::Role;
use crate::portal::{entitlement_name, LastSignIn};

/// A last sign-in for the table: a date in the reader's locale, "never", or "unknown".
fn sign_in_text(last: LastSignIn) -> String {
    match last {
        LastSignIn::At(ms) => format_date(ms),
        LastSignIn::Never => "never".to_owned(),
        LastSignIn::Unknown => "unknown".to_owned(),
    }
}

/// The flag beside a holding: held offline, or not said. Fixed markup, so that a row given another member's
/// holding keeps the flag it has (an element Leptos builds would have its class taken off and put back).
fn offline_flag(offline: Option<bool>, nothing_held: bool) -> Option<InertElement> {
    match offline {
        Some(true) => Some(InertElement::new(
            r#"<span class="flag flag-soon">offline</span>"#,
        )),
        None if !nothing_held => Some(InertElement::new(
            r#"<span class="flag">offline: unknown</span>"#,
        )),
        _ => None,
    }
}

/// Rows the table shows at a time.
const ROWS_PER_PAGE: usize = 100;

#[component]
pub fn FilterBar(
    shown: RwSignal<Read>,
    filter: RwSignal<Filter>,
    names: TypeNamesMemo,
) -> impl IntoView {
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
                    <option value=t.clone()>{names.with(|n| n.of(&t))}</option>
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
pub fn MemberTable(
    shown: RwSignal<Read>,
    filtered: Memo<Arc<Vec<usize>>>,
    page: RwSignal<usize>,
    selected: RwSignal<HashSet<String>>,
    names: TypeNamesMemo,
    roles: Memo<Arc<Vec<Role>>>,
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
            <Pager page=page pages=Signal::derive(pages)/>
            <table class="members">
                <thead><tr>
                    <th scope="col"><span class="visually-hidden">"Selected"</span></th>
                    <th scope="col">"Username"</th><th scope="col">"Full name"</th><th scope="col">"User type"</th>
                    <th scope="col">"Role"</th><th scope="col">"Last sign-in"</th>
                    {move || shown.with(|s| s.apps.iter().map(|a| view! { <th scope="col">{a.title.clone()}</th> }).collect_view())}
                </tr></thead>
                <tbody on:change=move |ev| {
                    // Each row's box says whose it is (its value): one listener for the page of rows.
                    let Some(input) = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
                    let (name, on) = (input.value(), input.checked());
                    selected.update(|s| { if on { s.insert(name); } else { s.remove(&name); } });
                }>
                    {move || visible().into_iter().map(|row| {
                        let name = row.member.username.clone();
                        let checked = selected.with(|s| s.contains(&name));
                        view! {
                            <tr>
                                <td>{MemberCheck { username: name.clone(), checked }}</td>
                                <td>{name.clone()}</td>
                                <td>{row.member.full_name.clone()}</td>
                                <td>{if row.record_read { names.with(|n| n.of(&row.member.user_type)) } else { "not read".to_owned() }}</td>
                                <td>{roles.with(|r| role_of(r, row.member.role_key()).name.clone())}</td>
                                <td>{sign_in_text(row.member.last_sign_in)}</td>
                                {row.holdings.iter().map(|h| view! {
                                    <td>{h.as_ref().map(|h| view! {
                                        {holding_text(h)}
                                        {offline_flag(h.offline, h.entitlements.is_empty())}
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
