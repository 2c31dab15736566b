//! Seats per entitlement: owned (from the purchases) against assigned (counted from the holders read).

use leptos::prelude::*;

use super::reading::Read;
use crate::components::UsageBar;
use crate::inventory::members::seats;
use crate::portal::entitlement_name;

#[component]
pub fn SeatsPanel(shown: RwSignal<Read>) -> impl IntoView {
    let all = Memo::new(move |_| shown.with(|s| seats(&s.apps, &s.rows)));
    view! {
        <section class="panel" aria-labelledby="seats">
            <h2 id="seats">"Seats per entitlement"</h2>
            <table class="seats">
                <thead><tr><th scope="col">"App"</th><th scope="col">"Entitlement"</th>
                    <th scope="col">"Assigned of owned"</th><th scope="col">"Left"</th></tr></thead>
                <tbody>
                    {move || {
                        let apps = shown.with(|s| s.apps.clone());
                        all.get().into_iter().map(|s| {
                            let warning = s.fullness();
                            view! {
                                <tr>
                                    <td>{apps.get(s.app).map(|a| a.title.clone())}</td>
                                    <td>{entitlement_name(&s.code)}</td>
                                    <td><UsageBar used=Some(s.assigned) allowed=Some(s.owned)/></td>
                                    <td>{s.left().to_string()}
                                        {warning.map(|w| view! { <span class="flag flag-soon">{w}</span> })}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </section>
    }
}
