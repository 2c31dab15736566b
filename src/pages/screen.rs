//! What every screen is built from: the portal client of the screen, the data it loads, and the operations it
//! runs — each as one state value that the view renders.

use leptos::prelude::*;

use crate::components::{Confirm, Outcome};
use crate::history::Entry;
use crate::pages::Keeper;
use crate::portal::{Capabilities, Client, PortalError};
use crate::session::use_session;

/// The current time in milliseconds since the epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The portal client of the current screen: what it has under way stops when the screen goes away.
#[derive(Clone, Copy)]
pub struct ScreenClient(StoredValue<Client, LocalStorage>);

impl ScreenClient {
    pub fn get(self) -> Client {
        self.0.get_value()
    }
}

pub fn use_client() -> ScreenClient {
    let client = StoredValue::new_local(Client::for_screen(std::rc::Rc::new(use_session())));
    on_cleanup(move || {
        client.try_with_value(Client::cancel);
    });
    ScreenClient(client)
}

/// What the connected portal offers, tracked.
pub fn use_capabilities() -> Signal<Option<Capabilities>> {
    let store = use_session();
    Signal::derive(move || store.capabilities())
}

/// Data a screen shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(PortalError),
}

/// What a `Loaded` keeps, whatever its type: one `LocalResource` type for every screen's data keeps the wasm
/// from carrying a copy of Leptos's resource machinery per type.
type Fetched = Result<std::rc::Rc<dyn std::any::Any>, PortalError>;

/// Data fetched with the screen's client when the screen arrives, again on `refetch`, and whenever a signal the
/// fetch reads before its first `await` changes. What was fetched stays until the next answer replaces it.
pub struct Loaded<T: 'static> {
    resource: LocalResource<Fetched>,
    fetching: RwSignal<bool>,
    of: std::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loaded<T> {}

impl<T: Clone + 'static> Loaded<T> {
    pub fn new<Fut>(client: ScreenClient, fetch: impl Fn(Client) -> Fut + 'static) -> Self
    where
        Fut: std::future::Future<Output = Result<T, PortalError>> + 'static,
    {
        let fetching = RwSignal::new(true);
        let resource = LocalResource::new(move || {
            fetching.set(true);
            let fetched = fetch(client.get());
            let erased: std::pin::Pin<Box<dyn std::future::Future<Output = Fetched>>> =
                Box::pin(async move {
                    let result = fetched.await;
                    // The screen may have gone while this was under way.
                    let _ = fetching.try_set(false);
                    result.map(|value| std::rc::Rc::new(value) as std::rc::Rc<dyn std::any::Any>)
                });
            erased
        });
        Self {
            resource,
            fetching,
            of: std::marker::PhantomData,
        }
    }

    /// Whether there is data to show, tracked (without copying it).
    pub fn has_data(&self) -> bool {
        self.resource.with(|value| matches!(value, Some(Ok(_))))
    }

    /// Whether a fetch is under way, tracked.
    pub fn fetching(&self) -> bool {
        self.fetching.get()
    }

    /// Where it stands, tracked. A cancelled fetch (the screen is going away) is still loading.
    pub fn state(&self) -> Load<T> {
        self.resource.with(|fetched| match fetched {
            Some(Ok(value)) => match value.downcast_ref::<T>() {
                Some(value) => Load::Ready(value.clone()),
                None => Load::Loading,
            },
            Some(Err(PortalError::Cancelled)) | None => Load::Loading,
            Some(Err(err)) => Load::Failed(err.clone()),
        })
    }

    /// The data once there, tracked.
    pub fn ready(&self) -> Option<T> {
        match self.state() {
            Load::Ready(value) => Some(value),
            _ => None,
        }
    }

    pub fn refetch(&self) {
        self.resource.refetch();
    }
}

/// Where an operation on a screen stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Step<T> {
    /// Nothing started, or the last run was cancelled.
    Ready,
    Running,
    Done(T),
    Failed(PortalError),
}

/// The operations of a screen: one `Command` at a time, its outcome kept until the next. Double submits are
/// ignored while one runs.
pub struct Operation<C: 'static, T: 'static>(Action<C, Result<T, PortalError>>);

impl<C, T> Clone for Operation<C, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C, T> Copy for Operation<C, T> {}

impl<C: 'static, T: Clone + 'static> Operation<C, T> {
    pub fn new<Fut>(client: ScreenClient, run: impl Fn(Client, &C) -> Fut + 'static) -> Self
    where
        Fut: std::future::Future<Output = Result<T, PortalError>> + 'static,
    {
        Self(Action::new_local(move |command: &C| {
            run(client.get(), command)
        }))
    }

    /// Starts `command`, unless one is running.
    pub fn run(&self, command: C) {
        if !self.0.pending().get_untracked() {
            self.0.dispatch_local(command);
        }
    }

    /// Where it stands, tracked.
    pub fn step(&self) -> Step<T> {
        if self.0.pending().get() {
            return Step::Running;
        }
        match self.0.value().get() {
            None | Some(Err(PortalError::Cancelled)) => Step::Ready,
            Some(Ok(done)) => Step::Done(done),
            Some(Err(err)) => Step::Failed(err),
        }
    }

    /// The last success, also while the next command runs, tracked.
    pub fn last_done(&self) -> Option<T> {
        match self.0.value().get() {
            Some(Ok(done)) => Some(done),
            _ => None,
        }
    }

    pub fn busy(&self) -> bool {
        self.0.pending().get()
    }

    fn busy_untracked(&self) -> bool {
        self.0.pending().get_untracked()
    }

    /// Shows a mistake found before anything was sent, as the outcome.
    pub fn refuse(&self, mistake: impl Into<PortalError>) {
        if !self.0.pending().get_untracked() {
            self.0.value().set(Some(Err(mistake.into())));
        }
    }

    /// Forgets the last outcome, e.g. when the input it was about changes.
    pub fn clear(&self) {
        if !self.0.pending().get_untracked() {
            self.0.clear();
        }
    }

    /// The last outcome for the notice above the form, tracked: `words` says what a success did, or `None` when
    /// the screen shows it another way.
    pub fn outcome(&self, words: impl Fn(&T) -> Option<String>) -> Option<Outcome> {
        match self.step() {
            Step::Done(done) => words(&done).map(Outcome::Done),
            Step::Failed(err) => Some(Outcome::Failed(err)),
            Step::Ready | Step::Running => None,
        }
    }
}

/// An operation that changes the portal, asked first: ask → (Cancel, or confirmed →) run → done or failed, then
/// `after` once done. The question stays open while it runs (its buttons say so) and closes on the outcome.
pub struct Asked<C: 'static, T: 'static> {
    asking: RwSignal<Option<C>, LocalStorage>,
    operation: Operation<C, T>,
    /// The command confirmed last: what its outcome is about.
    confirmed: StoredValue<Option<C>, LocalStorage>,
}

impl<C, T> Clone for Asked<C, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C, T> Copy for Asked<C, T> {}

impl<C: Clone + 'static, T: Clone + 'static> Asked<C, T> {
    pub fn new<Fut>(
        client: ScreenClient,
        run: impl Fn(Client, &C) -> Fut + 'static,
        after: impl Fn(&T) + 'static,
    ) -> Self
    where
        Fut: std::future::Future<Output = Result<T, PortalError>> + 'static,
    {
        let asking = RwSignal::new_local(None);
        let confirmed = StoredValue::new_local(None);
        let operation = Operation::new(client, run);
        Effect::new(move |_| match operation.step() {
            Step::Done(done) => {
                asking.set(None);
                after(&done);
            }
            Step::Failed(_) => asking.set(None),
            Step::Ready | Step::Running => {}
        });
        Self {
            asking,
            operation,
            confirmed,
        }
    }

    /// Writes what every run did to the journal: `entries` of the command and its outcome, failed or not.
    pub fn journal(
        self,
        entries: impl Fn(Keeper, &C, Result<&T, &PortalError>) -> Vec<Entry> + 'static,
    ) -> Self {
        let keeper = crate::pages::use_keeper();
        let operation = self.operation;
        Effect::new(move |_| {
            let outcome = match operation.step() {
                Step::Done(done) => Ok(done),
                Step::Failed(err) => Err(err),
                Step::Ready | Step::Running => return,
            };
            if let Some(command) = self.confirmed.get_value() {
                keeper.record(entries(keeper, &command, outcome.as_ref()));
            }
        });
        self
    }

    /// Opens the question for `command`; nothing while one runs.
    pub fn ask(&self, command: C) {
        if !self.operation.busy_untracked() {
            self.asking.set(Some(command));
        }
    }

    /// Closes the question without doing anything; nothing while it runs.
    pub fn cancel(&self) {
        if !self.operation.busy_untracked() {
            self.asking.set(None);
        }
    }

    /// The command asked about, tracked.
    pub fn asking(&self) -> Option<C> {
        self.asking.get()
    }

    pub fn is_asking(&self) -> bool {
        self.asking.with(Option::is_some)
    }

    /// Runs what was asked.
    pub fn confirm(&self) {
        if let Some(command) = self.asking.get_untracked() {
            self.confirmed.set_value(Some(command.clone()));
            self.operation.run(command);
        }
    }

    pub fn operation(&self) -> Operation<C, T> {
        self.operation
    }

    /// The question with its buttons (focus on Cancel), while one is open: `words` says what will happen.
    pub fn question(
        self,
        words: impl Fn(&C) -> String + Send + Sync + 'static,
        action: impl Fn(&C) -> &'static str + Send + Sync + 'static,
    ) -> impl IntoView {
        move || {
            self.asking().map(|command| {
                view! {
                    <Confirm question=words(&command) action=action(&command)
                        busy=Signal::derive(move || self.operation.busy())
                        on_confirm=Callback::new(move |()| self.confirm())
                        on_cancel=Callback::new(move |()| self.cancel())/>
                }
            })
        }
    }
}
