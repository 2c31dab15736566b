//! Previous / "Page 2 of 7" / Next, for a list shown a page at a time.

use leptos::prelude::*;

#[component]
pub fn Pager(page: RwSignal<usize>, #[prop(into)] pages: Signal<usize>) -> impl IntoView {
    view! {
        <div class="pager">
            <button type="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p -= 1)>"Previous"</button>
            <span>{move || format!("Page {} of {}", page.get() + 1, pages.get())}</span>
            <button type="button" disabled=move || { page.get() + 1 >= pages.get() } on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
        </div>
    }
}
