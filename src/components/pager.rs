//! Previous / "Page 2 of 7" / Next, for a list shown a page at a time.

use leptos::prelude::*;

/// At either end its button is `aria-disabled`, not `disabled`: a disabled button loses the focus, and whoever
/// pressed Next onto the last page would find it on the page's body.
#[component]
pub fn Pager(page: RwSignal<usize>, #[prop(into)] pages: Signal<usize>) -> impl IntoView {
    let first = move || page.get() == 0;
    let last = move || page.get() + 1 >= pages.get();
    let previous = move |_| {
        if !first() {
            page.update(|p| *p -= 1);
        }
    };
    let next = move |_| {
        if !last() {
            page.update(|p| *p += 1);
        }
    };
    view! {
        <div class="pager">
            <button type="button" class="previous" aria-disabled=move || first().to_string() on:click=previous>"Previous"</button>
            <span>{move || format!("Page {} of {}", page.get() + 1, pages.get())}</span>
            <button type="button" class="next" aria-disabled=move || last().to_string() on:click=next>"Next"</button>
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
