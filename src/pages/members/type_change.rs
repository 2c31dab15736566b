//! Changing members' user types: to a type picked for the members selected and shown, a swap of two, the way
//! back from a saved record, or a retry of those that failed — always as a plan first (`plan_view`), applied
//! after a question, sent with progress and Stop, a result per member, the members read again, and the record
//! offered to save.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::super::screen::{now_ms, use_client, Asked, Loaded, Step};
use super::bulk::Picked;
use super::plan_view::{PlanView, TypeChangeForm};
use super::reading::Read;
use super::sending::{Sending, SendingStatus};
use super::TypeNamesMemo;
use crate::components::{save_text, ErrorNotice, ItemResults};
use crate::inventory::iso_date;
use crate::inventory::type_change::{self, question, Applied, Plan, Setting, Wish, TAKES_EFFECT};
use crate::portal::{known_roles, PortalError, Role, Run, StepAnswers, UserTypeSeats};
use crate::session::use_session;

/// What the plan is for.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    /// The members selected and shown, to the type picked.
    ToType,
    /// Members named one by one: a swap, or the way back from a record.
    Wishes {
        title: String,
        wishes: Arc<Vec<Wish>>,
    },
    /// The members of the last change that failed, as it meant them: its record grows with the retry.
    Retry(Arc<Vec<Wish>>),
}

type Applying = Asked<Arc<Plan>, Arc<Vec<(String, StepAnswers)>>>;

/// The state of a user type change on the Members screen.
#[derive(Clone, Copy)]
pub struct TypeChange {
    pub intent: RwSignal<Option<Intent>>,
    pub target: RwSignal<String>,
    /// The role for members whose role the new type does not allow; empty: the least privileged.
    pub misfit_role: RwSignal<String>,
    /// Other app licenses (not ArcGIS Pro) are revoked from members moving to a type without Pro.
    pub revoke_other_apps: RwSignal<bool>,
    pub roles: Memo<Arc<Vec<Role>>>,
    pub seats: Loaded<Vec<UserTypeSeats>>,
    pub plan: Memo<Option<Arc<Plan>>>,
    pub applying: Applying,
    pub sending: Sending,
    /// The record of the last plan applied.
    pub applied: RwSignal<Option<Arc<Applied>>>,
}

impl TypeChange {
    pub fn new(
        shown: RwSignal<Read>,
        picked: Picked,
        seats: Loaded<Vec<UserTypeSeats>>,
        names: TypeNamesMemo,
        after: impl Fn() + 'static,
    ) -> Self {
        let client = use_client();
        let store = use_session();
        let listed = Loaded::new(client, |client| async move { client.roles().await });
        // Where the roles cannot be read, the ones every organization has.
        let roles = Memo::new(move |_| Arc::new(listed.ready().unwrap_or_else(known_roles)));
        let intent = RwSignal::new(None::<Intent>);
        let target = RwSignal::new(String::new());
        let misfit_role = RwSignal::new(String::new());
        let revoke_other_apps = RwSignal::new(true);
        // A new plan whenever its inputs change: compared by identity, not entry by entry.
        let plan = Memo::new_with_compare(
            move |_| {
                let intent = intent.get()?;
                let seats = seats.ready()?;
                let me = store
                    .current
                    .with(|s| s.as_ref().map(|s| s.username.clone()))?;
                let read = shown.get();
                let (roles, names, misfit) = (roles.get(), names.get(), misfit_role.get());
                let setting = Setting {
                    seats: &seats,
                    roles: &roles,
                    apps: &read.apps,
                    names: &names,
                    me: &me,
                    misfit_role: (!misfit.is_empty()).then_some(misfit.as_str()),
                    revoke_other_apps: revoke_other_apps.get(),
                };
                Some(Arc::new(match intent {
                    Intent::ToType if target.with(String::is_empty) => return None,
                    Intent::ToType => picked.with(|rows| {
                        let rows: Vec<_> = rows.iter().collect();
                        type_change::plan(
                            &rows,
                            &type_change::to_type(&rows, &target.get()),
                            &setting,
                        )
                    }),
                    Intent::Wishes { wishes, .. } | Intent::Retry(wishes) => {
                        let rows: Vec<_> = read.rows.iter().collect();
                        type_change::plan(&rows, &wishes, &setting)
                    }
                }))
            },
            |old, new| !matches!((old, new), (Some(Some(a)), Some(Some(b))) if Arc::ptr_eq(a, b)),
        );
        let sending = Sending::new();
        let applied: RwSignal<Option<Arc<Applied>>> = RwSignal::new(None);
        let applying = Asked::new(
            client,
            move |client, plan: &Arc<Plan>| {
                sending.start();
                let plan = plan.clone();
                let retry = matches!(intent.get_untracked(), Some(Intent::Retry(_)));
                async move {
                    let sent = move |done, of| sending.sent(done, of);
                    let stopped = move || sending.stopped();
                    let run = Run {
                        sent: &sent,
                        stopped: &stopped,
                    };
                    let results = client.apply_seat_changes(&plan.seat_changes(), &run).await;
                    let portal = store
                        .current
                        .with_untracked(|s| s.as_ref().map(|s| s.portal.url.as_str().to_owned()));
                    let record = type_change::record(
                        &plan,
                        &results,
                        &portal.unwrap_or_default(),
                        &js_sys::Date::new_0()
                            .to_iso_string()
                            .as_string()
                            .unwrap_or_else(|| iso_date(now_ms())),
                    );
                    let earlier = applied.try_get_untracked().flatten().filter(|_| retry);
                    let record = earlier.map_or(record.clone(), |first| first.merge(&record));
                    let _ = applied.try_set(Some(Arc::new(record)));
                    Ok::<_, PortalError>(Arc::new(results))
                }
            },
            move |_| {
                intent.set(None);
                seats.refetch();
                after();
            },
        )
        .journal(move |keeper, plan: &Arc<Plan>, outcome| {
            let (names, roles) = (names.get_untracked(), roles.get_untracked());
            let seat = |user_type: &str, role: &str, add_ons: &[type_change::AddOn]| {
                let mut words = format!(
                    "{}, role {}",
                    names.of(user_type),
                    type_change::role_of(&roles, role).name
                );
                for add_on in add_ons {
                    words.push_str(&format!(", {}", add_on.title));
                }
                words
            };
            plan.changes
                .iter()
                .map(|p| {
                    let answered = match outcome {
                        Ok(results) => results
                            .iter()
                            .find(|(m, _)| *m == p.change.username)
                            .and_then(|(_, answers)| {
                                answers.iter().find_map(|(_, r)| r.clone().err())
                            }),
                        Err(err) => Some(err.clone()),
                    };
                    let role_after = p.change.role.clone().unwrap_or_else(|| p.from_role.clone());
                    let kept: Vec<_> = p
                        .held
                        .iter()
                        .filter(|a| !p.revoked.contains(a))
                        .chain(&p.granted)
                        .cloned()
                        .collect();
                    let before = seat(&p.from_type, &p.from_role, &p.held);
                    let after = seat(&p.change.user_type, &role_after, &kept);
                    keeper.entry(
                        "userType",
                        &p.change.username,
                        &names.of(&p.change.user_type),
                        (&before, &after),
                        answered.as_ref().map_or(Ok(()), Err),
                    )
                })
                .collect()
        });
        Self {
            intent,
            target,
            misfit_role,
            revoke_other_apps,
            roles,
            seats,
            plan,
            applying,
            sending,
            applied,
        }
    }

    /// Plans a retry of the members that failed, as the last plan meant them.
    fn retry(self, failed: &HashSet<String>) {
        let Some(applied) = self.applied.get_untracked() else {
            return;
        };
        let wishes = type_change::retry(&applied, failed);
        self.intent.set(Some(Intent::Retry(Arc::new(wishes))));
    }
}

/// The change under way: the plan and its question, the run, the results and the record to save.
#[component]
pub fn TypeChangePanel(
    change: TypeChange,
    shown: RwSignal<Read>,
    picked: Picked,
    names: TypeNamesMemo,
) -> impl IntoView {
    let store = use_session();
    let applying = change.applying;
    let operation = applying.operation();
    Effect::new(move |_| {
        change.plan.track();
        applying.cancel();
    });
    Effect::new(move |_| store.changing.set(operation.busy()));
    let retry = Callback::new(move |failed: HashSet<String>| {
        let members = failed
            .iter()
            .map(|label| type_change::member_of(label).to_owned())
            .collect();
        change.retry(&members)
    });
    let save = move |_| {
        if let Some(record) = change.applied.get_untracked() {
            let name = format!(
                "user-type-changes-{}.json",
                record.applied_at.replace([':', ' '], "-")
            );
            save_text(&name, "application/json", &record.to_json());
        }
    };
    view! {
        <TypeChangeForm change=change shown=shown picked=picked names=names/>
        {move || change.plan.get().map(|plan| view! { <PlanView change=change plan=plan names=names/> })}
        {applying.question(move |plan| question(plan, &names.get_untracked()), |_| "Apply")}
        {move || operation.busy().then(|| view! { <SendingStatus sending=change.sending/> })}
        {move || match operation.step() {
            Step::Done(results) => Some(view! {
                <ItemResults results=type_change::outcomes(&results) done="changed" on_retry=retry/>
                <p class="muted">{TAKES_EFFECT} " The record of this change undoes it: "
                    <button type="button" class="save-record" on:click=save>"Save the record (JSON)"</button></p>
            }.into_any()),
            Step::Failed(err) => Some(view! { <ErrorNotice error=err/> }.into_any()),
            _ => None,
        }}
    }
}
