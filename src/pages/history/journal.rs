//! The journal on screen: find, action, result and dates, a page at a time, and the entries shown as CSV.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::components::{counted, first_page_on_change, save_text, Pager};
use std::sync::Arc;

use super::Kept;
use crate::history::{journal_csv, JournalFilter};
use crate::inventory::iso_date;

const ROWS: usize = 100;

#[component]
pub fn JournalView(kept: Arc<Kept>) -> impl IntoView {
    let filter = RwSignal::new(JournalFilter::default());
    let page = RwSignal::new(0usize);
    let actions: BTreeSet<&str> = kept.journal.iter().map(|e| e.action.as_str()).collect();
    let actions: Vec<String> = actions.into_iter().map(str::to_owned).collect();
    let journal = StoredValue::new(kept);
    let shown = Memo::new(move |_| {
        filter.with(|f| {
            journal.with_value(|all| {
                all.journal
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| f.shows(e))
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>()
            })
        })
    });
    first_page_on_change(page, shown);
    let set = move |change: fn(&mut JournalFilter, String)| {
        move |ev: leptos::ev::Event| filter.update(|f| change(f, event_target_value(&ev)))
    };
    let export = move |_| {
        let text = journal.with_value(|all| {
            journal_csv(
                &shown
                    .get_untracked()
                    .iter()
                    .map(|&i| &all.journal[i])
                    .collect::<Vec<_>>(),
            )
        });
        save_text("license-journal.csv", "text/csv;charset=utf-8", &text);
    };
    let rows = move || {
        let from = page.get() * ROWS;
        journal.with_value(|kept| shown.with(|s| s.iter().skip(from).take(ROWS).map(|&i| {
            let e = &kept.journal[i];
            view! {
                <tr class=if e.ok { "" } else { "failed" }>
                    <td>{iso_date(e.at)}</td><td>{e.by.clone()}</td><td>{e.action.clone()}</td><td>{e.subject.clone()}</td>
                    <td>{e.detail.clone()}</td><td>{format!("{} → {}", e.before, e.after)}</td>
                    <td>{if e.ok { "done".to_owned() } else { format!("failed: {}", e.answer) }}</td>
                </tr>
            }
        }).collect_view()))
    };
    let pages = Signal::derive(move || shown.with(|s| s.len().div_ceil(ROWS).max(1)));
    view! {
        <section class="panel" aria-labelledby="journal">
            <h2 id="journal">"Journal"</h2>
            <div class="toolbar" role="search">
                <label>"Find " <input type="search" name="journal-find" on:input=set(|f, v| f.find = v)/></label>
                <label>"Action " <select name="journal-action" on:change=set(|f, v| f.action = (!v.is_empty()).then_some(v))>
                    <option value="">"Any"</option>{actions.into_iter().map(|a| { let label = a.clone(); view! { <option value=a>{label}</option> } }).collect_view()}
                </select></label>
                <label>"Result " <select name="journal-result" on:change=set(|f, v| f.ok = match v.as_str() { "done" => Some(true), "failed" => Some(false), _ => None })>
                    <option value="">"Any"</option><option value="done">"Done"</option><option value="failed">"Failed"</option>
                </select></label>
                <label>"From " <input type="date" name="journal-from" on:change=set(|f, v| f.from = (!v.is_empty()).then_some(v))/></label>
                <label>"to " <input type="date" name="journal-to" on:change=set(|f, v| f.to = (!v.is_empty()).then_some(v))/></label>
                <button type="button" class="export-journal" on:click=export>"Export CSV"</button>
            </div>
            <p role="status">{move || counted(shown.with(Vec::len), "entry shown", "entries shown")}</p>
            <Pager page=page pages=pages/>
            <table class="journal">
                <thead><tr><th scope="col">"When"</th><th scope="col">"By"</th><th scope="col">"Action"</th>
                    <th scope="col">"Member or file"</th><th scope="col">"What"</th><th scope="col">"Before → after"</th>
                    <th scope="col">"Result"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
