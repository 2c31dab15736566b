//! A change to many members while it is sent: how many of its requests have gone, and the Stop it heeds between
//! them. One for the bulk actions and the user type changes alike.

use leptos::prelude::*;

use crate::components::format_count;

#[derive(Clone, Copy)]
pub struct Sending {
    batches: RwSignal<Option<(usize, usize)>>,
    stop: RwSignal<bool>,
}

impl Sending {
    pub fn new() -> Self {
        Self {
            batches: RwSignal::new(None),
            stop: RwSignal::new(false),
        }
    }

    /// A new run: nothing sent, not stopped.
    pub fn start(self) {
        self.stop.set(false);
        self.batches.set(None);
    }

    /// `done` of `of` requests have been answered.
    pub fn sent(self, done: usize, of: usize) {
        let _ = self.batches.try_set(Some((done, of)));
    }

    /// Whether Stop was pressed (or the screen went away).
    pub fn stopped(self) -> bool {
        self.stop.try_get_untracked().unwrap_or(true)
    }
}

/// "Sent 3 of 12 requests", a progress bar and Stop.
#[component]
pub fn SendingStatus(sending: Sending) -> impl IntoView {
    let Sending { batches, stop } = sending;
    view! {
        <div class="reading" role="status">
            <label for="bulk-progress">{move || match batches.get() {
                Some((done, of)) => format!("Sent {} of {} requests", format_count(done as u64), format_count(of as u64)),
                None => "Sending…".to_owned(),
            }}</label>
            <progress id="bulk-progress" max=move || batches.get().map_or(1, |(_, of)| of.max(1))
                value=move || batches.get().map_or(0, |(done, _)| done)></progress>
            <button type="button" class="stop" disabled=move || stop.get() on:click=move |_| stop.set(true)>
                {move || if stop.get() { "Stopping after this request…" } else { "Stop" }}</button>
        </div>
    }
}
