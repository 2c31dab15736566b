//! A result per item of an operation on several (members, files): done, failed with the portal's own words, or
//! not sent because it was stopped — with "Retry the N failed" where the screen offers it. One vocabulary of
//! classes (`result-done`, `result-failed`, `result-unsent`) for every screen.

use std::collections::HashSet;

use leptos::prelude::*;

use super::format_count;
use crate::portal::PortalError;

#[component]
pub fn ItemResults(
    /// Each item's name and what became of it.
    results: Vec<(String, Result<(), PortalError>)>,
    /// What was done to an item, e.g. "revoked".
    done: &'static str,
    /// Offered for the failed items (not the unsent ones).
    #[prop(optional)]
    on_retry: Option<Callback<HashSet<String>>>,
) -> impl IntoView {
    let failed: HashSet<String> = results
        .iter()
        .filter(|(_, r)| matches!(r, Err(e) if *e != PortalError::Cancelled))
        .map(|(m, _)| m.clone())
        .collect();
    let unsent = results
        .iter()
        .filter(|(_, r)| *r == Err(PortalError::Cancelled))
        .count();
    let succeeded = results.len() - failed.len() - unsent;
    let mut summary = format!(
        "{} {done}, {} failed",
        format_count(succeeded as u64),
        format_count(failed.len() as u64)
    );
    if unsent > 0 {
        summary.push_str(&format!(
            ", {} not sent (stopped)",
            format_count(unsent as u64)
        ));
    }
    summary.push('.');
    let retry = on_retry.filter(|_| !failed.is_empty()).map(|retry| {
        let count = failed.len();
        view! {
            <button type="button" class="retry" on:click=move |_| retry.run(failed.clone())>
                {format!("Retry the {count} failed")}
            </button>
        }
    });
    view! {
        <section class="panel" aria-labelledby="item-results">
            <h2 id="item-results">"Results"</h2>
            <p role="status">{summary} " " {retry}</p>
            <ul class="results">
                {results.into_iter().map(|(item, result)| match result {
                    Ok(()) => view! { <li class="result-done">{format!("{item}: {done}")}</li> }.into_any(),
                    Err(PortalError::Cancelled) => view! { <li class="result-unsent">{format!("{item}: not sent (stopped)")}</li> }.into_any(),
                    Err(err) => view! { <li class="result-failed">{format!("{item}: failed — {}", err.summary())}</li> }.into_any(),
                }).collect_view()}
            </ul>
        </section>
    }
}
