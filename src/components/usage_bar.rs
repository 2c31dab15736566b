//! Seats used out of seats allowed, as a bar with the numbers beside it.

use leptos::prelude::*;

use super::format::format_count;
use crate::inventory::NEARLY_FULL_PERCENT;

#[component]
pub fn UsageBar(used: Option<u64>, allowed: Option<u64>) -> impl IntoView {
    let text = match (used, allowed) {
        (Some(used), Some(0)) => format!("{} of none", format_count(used)),
        (Some(used), Some(allowed)) => {
            format!("{} of {}", format_count(used), format_count(allowed))
        }
        (None, Some(0)) => "none allowed".into(),
        (None, Some(allowed)) => format!("{} allowed", format_count(allowed)),
        (Some(used), None) => format!("{} used", format_count(used)),
        (None, None) => "—".into(),
    };
    let percent = match (used, allowed) {
        (Some(used), Some(allowed)) if allowed > 0 => {
            Some((used.saturating_mul(100) / allowed).min(100))
        }
        _ => None,
    };
    let level = match percent {
        Some(100..) => "full",
        Some(p) if p >= NEARLY_FULL_PERCENT => "nearly-full",
        _ => "ok",
    };
    view! {
        <div class="usage">
            {percent.map(|p| view! {
                <div class=format!("usage-bar usage-{level}") role="img" aria-label=format!("{p}% used")>
                    <div class="usage-fill" style:width=format!("{p}%")></div>
                </div>
            })}
            <span class="usage-text">{text}</span>
        </div>
    }
}
