//! Seats used against owned per user type over time: an SVG chart (colours that hold in both themes and in
//! print; owned dashed), its legend, and the numbers as a table for whoever cannot see the chart.

use leptos::prelude::*;

use std::sync::Arc;

use super::Kept;
use crate::history::{chart, Snapshot};
use crate::inventory::iso_date;

// Whole numbers: written into attributes as integers, which keeps float printing out of the wasm.
const WIDTH: u32 = 800;
const HEIGHT: u32 = 240;

#[component]
pub fn SeatsChart(kept: Arc<Kept>) -> impl IntoView {
    let drawn = chart(&kept.snapshots, WIDTH.into(), HEIGHT.into());
    let (first, last) = (iso_date(drawn.first), iso_date(drawn.last));
    let names: Vec<String> = drawn.lines.iter().map(|l| kept.names.of(&l.id)).collect();
    let summary = format!("Seats assigned and owned per user type from {first} to {last}; the top of the scale is {} seats.", drawn.max);
    let lines = drawn
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let class = format!("series series-{}", i % 6);
            view! {
                <polyline class=format!("{class} owned") points=line.owned.clone()/>
                <polyline class=class points=line.assigned.clone()/>
            }
        })
        .collect_view();
    let legend = names.iter().enumerate().map(|(i, name)| view! {
        <li><span class=format!("swatch series-{}", i % 6) aria-hidden="true"></span>{name.clone()}</li>
    }).collect_view();
    let open = RwSignal::new(false);
    view! {
        <section class="panel" aria-labelledby="seats-over-time">
            <h2 id="seats-over-time">"Seats per user type over time"</h2>
            <svg class="chart" viewBox=format!("-40 -10 {} {}", WIDTH + 50, HEIGHT + 40) role="img" aria-labelledby="chart-title">
                <title id="chart-title">{summary}</title>
                <line class="axis" x1="0" y1=HEIGHT.to_string() x2=WIDTH.to_string() y2=HEIGHT.to_string()/>
                <line class="axis" x1="0" y1="0" x2="0" y2=HEIGHT.to_string()/>
                <text class="tick" x="-6" y="4" text-anchor="end">{drawn.max.to_string()}</text>
                <text class="tick" x="-6" y=HEIGHT.to_string() text-anchor="end">"0"</text>
                <text class="tick" x="0" y=(HEIGHT + 20).to_string()>{first}</text>
                <text class="tick" x=WIDTH.to_string() y=(HEIGHT + 20).to_string() text-anchor="end">{last}</text>
                {lines}
            </svg>
            <ul class="legend">{legend}<li><span class="swatch owned-key" aria-hidden="true"></span>"dashed: seats owned"</li></ul>
            <details on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
                <summary>"The numbers, as a table"</summary>
                {move || open.get().then(|| view! { <Numbers kept=kept.clone() names=names.clone()/> })}
            </details>
        </section>
    }
}

/// Assigned of owned per user type, a row per snapshot.
#[component]
fn Numbers(kept: Arc<Kept>, names: Vec<String>) -> impl IntoView {
    let snapshots = &kept.snapshots;
    let ids: Vec<String> = chart(snapshots, 1.0, 1.0)
        .lines
        .into_iter()
        .map(|l| l.id)
        .collect();
    let cell = |s: &Snapshot, id: &str| match s.user_type(id) {
        Some(seats) => format!(
            "{} of {}",
            seats.assigned.map_or("?".into(), |n| n.to_string()),
            seats.owned.map_or("?".into(), |n| n.to_string())
        ),
        None => String::new(),
    };
    view! {
        <table class="seats-history">
            <thead><tr><th scope="col">"Date"</th>{names.into_iter().map(|n| view! { <th scope="col">{n}</th> }).collect_view()}</tr></thead>
            <tbody>{snapshots.iter().map(|s| view! {
                <tr><th scope="row">{iso_date(s.at)}</th>{ids.iter().map(|id| view! { <td>{cell(s, id)}</td> }).collect_view()}</tr>
            }).collect_view()}</tbody>
        </table>
    }
}
