//! Whether members may take each app offline (where its purchase says; where not, that it does not), changed after
//! a question
//! (`setDisconnectSettings`, success only on `{"success":true}`).

use std::sync::Arc;

use leptos::prelude::*;

use super::screen::{use_client, Asked};
use crate::components::OutcomeNotice;
use crate::portal::AppLicense;

/// Allowing or forbidding one app offline.
#[derive(Clone, Debug, PartialEq)]
struct PolicyChange {
    item_id: String,
    title: String,
    allowed: bool,
}

impl PolicyChange {
    fn question(&self) -> String {
        let title = &self.title;
        if self.allowed {
            format!("Allow members to take {title} offline? They can then check out a license that works without the portal, with no time limit.")
        } else {
            format!("Stop members from taking {title} offline? Licenses already checked out stay out until they are released.")
        }
    }
}

#[component]
pub fn OfflinePolicy(
    apps: Signal<Arc<Vec<AppLicense>>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let step = Asked::new(
        use_client(),
        |client, change: &PolicyChange| {
            let change = change.clone();
            async move {
                client
                    .set_offline_allowed(&change.item_id, change.allowed)
                    .await?;
                Ok(change.allowed)
            }
        },
        move |_| on_changed.run(()),
    )
    .journal(move |keeper, change: &PolicyChange, outcome| {
        let (was, is) = if change.allowed {
            ("may not take it offline", "may take it offline")
        } else {
            ("may take it offline", "may not take it offline")
        };
        vec![keeper.entry(
            "offlinePolicy",
            &change.title,
            "members",
            (was, is),
            outcome.map(|_| ()),
        )]
    });
    let change = step.operation();
    let done = |allowed: &bool| {
        Some(if *allowed {
            "The portal now lets members take it offline.".to_owned()
        } else {
            "The portal no longer lets members take it offline.".to_owned()
        })
    };
    view! {
        <section class="panel" aria-labelledby="offline-policy">
            <h2 id="offline-policy">"Offline policy"</h2>
            <OutcomeNotice outcome=Signal::derive(move || change.outcome(done))/>
            <ul class="policy">
                {move || apps.get().iter().filter(|a| !a.bundle).map(|a| {
                    let Some(allowed) = a.can_disconnect else {
                        let words = format!("{}: the portal does not say whether members may take it offline.", a.title);
                        return view! { <li>{words}</li> }.into_any();
                    };
                    let ask = PolicyChange { item_id: a.item_id.clone(), title: a.title.clone(), allowed: !allowed };
                    let words = format!("{}: members {} take it offline.", a.title, if allowed { "may" } else { "may not" });
                    view! {
                        <li>{words} " "
                            <button type="button" class="offline-policy" disabled=move || change.busy() || step.is_asking()
                                on:click=move |_| { change.clear(); step.ask(ask.clone()); }>
                                {if allowed { "Don't allow…" } else { "Allow…" }}</button></li>
                    }.into_any()
                }).collect_view()}
            </ul>
            {step.question(PolicyChange::question, |_| "Change")}
        </section>
    }
}
