//! Messages about what just happened: errors with advice and the technical detail folded away, and successes.

use leptos::prelude::*;

use crate::portal::PortalError;

#[component]
pub fn ErrorNotice(error: PortalError) -> impl IntoView {
    let detail = error.detail();
    view! {
        <div class="notice notice-error" role="alert">
            <p class="notice-title">{error.title()}</p>
            <p>{error.advice()}</p>
            {(!detail.is_empty()).then(|| view! {
                <details>
                    <summary>"Technical details"</summary>
                    <pre class="detail">{detail}</pre>
                </details>
            })}
        </div>
    }
}

#[component]
pub fn SuccessNotice(message: String) -> impl IntoView {
    view! {
        <div class="notice notice-success" role="status">
            <p class="notice-title">{message}</p>
        </div>
    }
}
