//! What an operation came to, and the confirmation asked before a destructive one.

use leptos::prelude::*;

use super::notice::{ErrorNotice, SuccessNotice};
use crate::portal::PortalError;

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The portal did it; the words say what.
    Done(String),
    /// Refused before sending, or by the portal.
    Failed(PortalError),
}

#[component]
pub fn OutcomeNotice(#[prop(into)] outcome: Signal<Option<Outcome>>) -> impl IntoView {
    move || {
        outcome.get().map(|o| match o {
            Outcome::Done(message) => view! { <SuccessNotice message=message/> }.into_any(),
            Outcome::Failed(err) => view! { <ErrorNotice error=err/> }.into_any(),
        })
    }
}

/// A question that names exactly what will happen, with the button that does it and one that does not. It opens
/// with the focus on Cancel, so that an Enter meant for the form never confirms; Escape cancels.
#[component]
pub fn Confirm(
    /// What will happen, in words.
    question: String,
    /// The button's words, e.g. "Release license".
    action: &'static str,
    #[prop(into)] busy: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    // The question may appear far from what was clicked: focus brings it into view, and to the keyboard.
    let cancel_button: NodeRef<leptos::html::Button> = NodeRef::new();
    Effect::new(move |_| {
        if let Some(button) = cancel_button.get() {
            let _ = button.focus();
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !busy.get_untracked() {
            ev.prevent_default();
            on_cancel.run(());
        }
    };
    view! {
        <div class="confirm" role="alertdialog" aria-label="Confirm" on:keydown=on_key>
            <p class="confirm-text">{question}</p>
            <div class="buttons">
                <button type="button" class="danger" disabled=move || busy.get()
                    on:click=move |_| on_confirm.run(())>
                    {move || if busy.get() { "Working…" } else { action }}
                </button>
                <button type="button" class="cancel" node_ref=cancel_button disabled=move || busy.get()
                    on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </div>
    }
}
