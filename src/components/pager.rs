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

/// Goes back to the first page whenever `paged` (what is shown a page at a time) changes. Only when not there
/// already: setting a signal tells its readers even when the value is the same, and the page's rows would be built
/// a second time for nothing.
pub fn first_page_on_change(page: RwSignal<usize>, paged: impl Track + 'static) {
    Effect::new(move |_| {
        paged.track();
        if page.get_untracked() != 0 {
            page.set(0);
        }
    });
}
