//! Reading the directory for a screen: start, cancel, go on after a stop or a failure, look up the holders a
//! listing could not show, complete a holders-only read — and the status line that says how far it came and
//! what is missing, and why.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::screen::ScreenClient;
use crate::components::{format_count, ErrorNotice};
use crate::marks;
use crate::portal::{
    AppLicense, Completeness, Directory, Limit, MemberRow, OfflineLicense, PortalError, Progress,
    Scope, Watch,
};

/// What a read pass left on screen.
#[derive(Clone, Default)]
pub struct Read {
    pub apps: Arc<Vec<AppLicense>>,
    pub skipped: Vec<String>,
    pub rows: Arc<Vec<MemberRow>>,
    pub offline: Arc<Vec<OfflineLicense>>,
    /// Holders of a releasable app whose answer did not say whether they hold it offline.
    pub offline_unknown: u64,
    pub completeness: Option<Completeness>,
}

/// Where reading stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Reading {
    Running,
    Done,
    Stopped,
    Failed(PortalError),
}

/// What to read next.
#[derive(Clone, Copy)]
enum Next {
    /// Go on with the pass (`Scope` of the reader).
    Pass,
    /// Look up the members one app's listing could not show.
    LookUp(usize),
    /// Read every member, then look up every app's missing holders.
    Complete,
}

/// A screen's reading of the directory: what was read is kept, and every pass goes on from it.
#[derive(Clone, Copy)]
pub struct DirectoryReader {
    client: ScreenClient,
    kept: StoredValue<Option<Directory>, LocalStorage>,
    scope: RwSignal<Scope>,
    pub state: RwSignal<Reading>,
    pub progress: RwSignal<Progress>,
    pub shown: RwSignal<Read>,
    cancel: RwSignal<bool>,
}

impl DirectoryReader {
    pub fn new(client: ScreenClient, scope: Scope) -> Self {
        Self {
            client,
            kept: StoredValue::new_local(Some(Directory::default())),
            scope: RwSignal::new(scope),
            state: RwSignal::new(Reading::Running),
            progress: RwSignal::new(Progress::default()),
            shown: RwSignal::new(Read::default()),
            cancel: RwSignal::new(false),
        }
    }

    /// Reads (or goes on reading); with `Some(app)`, looks up that app's missing holders.
    pub fn read(self, look_up: Option<usize>) {
        self.start(look_up.map_or(Next::Pass, Next::LookUp));
    }

    pub fn read_afresh(self) {
        self.kept.set_value(Some(Directory::default()));
        self.start(Next::Pass);
    }

    fn start(self, next: Next) {
        let Some(mut dir) = self.kept.try_update_value(Option::take).flatten() else {
            return;
        };
        let reader = self;
        reader.cancel.set(false);
        reader.state.set(Reading::Running);
        marks::mark(marks::MEMBERS_READ_START);
        spawn_local(async move {
            let client = reader.client.get();
            let watch = Watch {
                progress: &move |p: Progress| {
                    let _ = reader.progress.try_set(p);
                },
                cancelled: &move || reader.cancel.try_get_untracked().unwrap_or(true),
            };
            let result = match next {
                Next::Pass => {
                    let scope = reader.scope.get_untracked();
                    client.read_directory(&mut dir, scope, &watch).await
                }
                Next::LookUp(app) => client.look_up_holders(&mut dir, app, &watch).await,
                Next::Complete => {
                    reader.scope.set(Scope::Everyone);
                    let mut result = client
                        .read_directory(&mut dir, Scope::Everyone, &watch)
                        .await;
                    for app in 0..dir.apps.len() {
                        if result.is_ok() {
                            result = client.look_up_holders(&mut dir, app, &watch).await;
                        }
                    }
                    result
                }
            };
            let _ = reader.shown.try_set(Read {
                apps: Arc::new(dir.apps.clone()),
                skipped: dir.skipped.clone(),
                rows: Arc::new(dir.rows()),
                offline: Arc::new(dir.offline_licenses()),
                offline_unknown: dir.offline_unknown(),
                completeness: Some(dir.completeness()),
            });
            let _ = reader.state.try_set(match result {
                Ok(()) => Reading::Done,
                Err(PortalError::Cancelled) => Reading::Stopped,
                Err(err) => Reading::Failed(err),
            });
            reader.kept.try_set_value(Some(dir));
            marks::mark_after_render_with_memory(marks::MEMBERS_READ_END);
        });
    }

    /// Cancel while reading, "Read again" otherwise.
    pub fn actions(self) -> impl IntoView {
        move || {
            if self.state.get() == Reading::Running {
                view! { <button type="button" on:click=move |_| self.cancel.set(true)>"Cancel"</button> }
                    .into_any()
            } else {
                view! { <button type="button" on:click=move |_| self.read_afresh()>"Read again"</button> }
                    .into_any()
            }
        }
    }
}

/// Why members are missing, in words.
fn limit_words(limit: &Limit) -> String {
    match limit {
        Limit::SortIgnored => "The portal ignored sortOrder=desc: its far end repeated its near end.".into(),
        Limit::PrefixIgnored => "The portal's answers to a username prefix search held other names.".into(),
        Limit::FilterIgnored => "portals/self/users answered members of another user type or role than asked.".into(),
        Limit::NoCounts(why) => format!("The member counts per user type could not be read: {why}"),
        Limit::OverWindow { user_type, role, count } => format!(
            "{} members are of user type {user_type}{}: more than the 10,000 the portal pages through.",
            format_count(*count),
            role.as_ref().map(|r| format!(" with role {r}")).unwrap_or_default()
        ),
        Limit::Cap(cap) => format!(
            "Reading stopped at {} requests past the portal's 10,000-result window, the most one read may take.",
            format_count(*cap)
        ),
        Limit::Unlisted { said } => format!(
            "The portal counted {} members, but none of its answers listed the rest.",
            format_count(*said)
        ),
    }
}

#[component]
pub fn ReadStatus(reader: DirectoryReader) -> impl IntoView {
    let progress = reader.progress;
    let counts = move || {
        let p = progress.get();
        format!(
            "{} of {} members · {} of {} pages",
            format_count(p.members_read),
            format_count(p.members_total),
            format_count(p.pages_read),
            format_count(p.pages_planned)
        )
    };
    let go_on = move |_| reader.read(None);
    view! {
        {move || match reader.state.get() {
            Reading::Running => view! {
                <div class="reading" role="status">
                    <label for="members-progress">"Reading members and their licenses"</label>
                    <progress id="members-progress" max=move || progress.get().pages_planned.max(1)
                        value=move || progress.get().pages_read></progress>
                    <p class="muted">{counts}</p>
                </div>
            }.into_any(),
            Reading::Stopped => view! {
                <div class="notice notice-warning" role="status">
                    <p class="notice-title">"Stopped: the list below is partial."</p>
                    <p>{counts} " read. " <button type="button" on:click=go_on>"Go on reading"</button></p>
                </div>
            }.into_any(),
            Reading::Failed(err) => view! {
                <ErrorNotice error=err/>
                <p>"What was read is below; the list is partial. "
                    <button type="button" on:click=go_on>"Go on reading"</button></p>
            }.into_any(),
            Reading::Done => view! { <Completion reader=reader/> }.into_any(),
        }}
        {move || reader.shown.with(|s| s.skipped.iter().map(|title| view! {
            <p class="muted">{format!("{title}: not licensed member by member (the portal says so), so left out.")}</p>
        }).collect_view())}
    }
}

/// Whether everything was read, and if not what is missing, why, and how to complete it.
#[component]
fn Completion(reader: DirectoryReader) -> impl IntoView {
    move || {
        let (apps, completeness) = reader
            .shown
            .with(|s| (s.apps.clone(), s.completeness.clone()));
        let c = completeness?;
        if c.is_complete() {
            let words = match c.members_total {
                Some(total) => format!(
                    "Complete: {} members, every holder of every app.",
                    format_count(total)
                ),
                None => "Complete: every holder of every app.".to_owned(),
            };
            return Some(
                view! { <p class="notice notice-info" role="status">{words}</p> }.into_any(),
            );
        }
        let mut notes = Vec::new();
        if let Some(total) = c.members_total.filter(|_| !c.members_complete()) {
            notes.push(
                view! { <p>{format!(
                    "The member list showed {} of {} members; the rest could not be read.",
                    format_count(c.members_read), format_count(total)
                )}</p> }
                .into_any(),
            );
            notes.extend(
                c.limits
                    .iter()
                    .map(|l| view! { <p>{limit_words(l)}</p> }.into_any()),
            );
        }
        for (app, ((total, known), missing)) in c.holders.iter().zip(&c.to_look_up).enumerate() {
            if c.holders_complete(app) {
                continue;
            }
            let title = apps.get(app).map(|a| a.title.clone()).unwrap_or_default();
            let listed = format!(
                "{title}: the portal listed {} of its {} holders and pages no further.",
                format_count(*known),
                format_count(*total)
            );
            let how = if c.members_total.is_none() {
                view! { <button type="button" class="complete"
                on:click=move |_| reader.start(Next::Complete)>"Complete the list"</button>
                " (reads every member, then looks up those the listing did not show)" }
                .into_any()
            } else if *missing > 0 {
                let missing = *missing;
                view! { {format!("The others are among the {} members it did not show. ", format_count(missing))}
                    <button type="button" class="look-up" on:click=move |_| reader.read(Some(app))>
                        {format!("Look up {} members", format_count(missing))}</button>
                    {format!(" ({} requests)", format_count(missing))} }.into_any()
            } else {
                view! { "The members it did not show could not all be read (see above)." }
                    .into_any()
            };
            notes.push(view! { <p>{listed} " " {how}</p> }.into_any());
        }
        Some(
            view! {
                <div class="notice notice-warning" role="status">
                    <p class="notice-title">"Incomplete: not every holder is known yet."</p>
                    {notes}
                </div>
            }
            .into_any(),
        )
    }
}
