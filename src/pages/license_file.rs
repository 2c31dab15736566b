//! The organization license file: validate first and compare with the current license, then import the very
//! file that was validated after confirmation; re-read it on classic portals; and the geodatabase license
//! download on Kubernetes.

use leptos::html::Input;
use leptos::prelude::*;
use web_sys::File;

use super::screen::{use_capabilities, use_client, Asked, Loaded};
use crate::components::{format_count, format_date, save_bytes, OutcomeNotice};
use crate::inventory::{rows, Kind};
use crate::portal::{
    app_name, user_type_name, Capabilities, Client, InputError, OrgLicense, PortalError, Provision,
    Upload, UrlCheck,
};

const UPLOAD: Upload = Upload::OrgLicense;

#[derive(Clone)]
enum Command {
    /// The picked file, and whether the portal (12.1+) can check it matches its URL.
    Validate(Option<File>, bool),
    Import(File),
    Populate,
    ExportGeodatabase,
}

impl Command {
    /// What the command changes, asked before it is sent; `None` for those that change nothing.
    fn question(&self, url_check: Option<&UrlCheck>) -> Option<String> {
        match self {
            Command::Import(file) => {
                let warning = match url_check {
                    Some(UrlCheck::Mismatch(message)) => {
                        format!(" The portal warns that this file does not match its URL: {message}")
                    }
                    _ => String::new(),
                };
                Some(format!(
                    "Import {}? It replaces the organization's user-type and add-on licenses with the ones above.{warning}",
                    file.name()
                ))
            }
            Command::Populate => Some(
                "Make the portal read its license file again? The organization's licenses become what that file says."
                    .into(),
            ),
            Command::Validate(..) | Command::ExportGeodatabase => None,
        }
    }

    fn action(&self) -> &'static str {
        match self {
            Command::Populate => "Re-read license file",
            _ => "Import license",
        }
    }
}

#[derive(Clone)]
enum Done {
    /// What the file would provision, and (12.1+) whether it matches the portal's URL. The file is a copy in
    /// memory, so that the import sends exactly the bytes that were validated.
    Validated {
        file: File,
        provision: Provision,
        url_check: UrlCheck,
    },
    Imported {
        name: String,
    },
    Populated,
    Saved,
}

impl Done {
    fn words(&self) -> Option<String> {
        match self {
            Done::Validated { .. } => None,
            Done::Imported { name } => Some(format!(
                "Imported {name}: the organization's licenses are now the ones in this file."
            )),
            Done::Populated => Some("The portal re-read its license file.".into()),
            Done::Saved => Some("Saved geodatabaseLicense.ecp.".into()),
        }
    }
}

/// The picked file's bytes, held in memory as a file of the same name: what is validated is what is imported,
/// even if the file on disk changes in between.
async fn in_memory(file: &File) -> Result<File, PortalError> {
    let unreadable = || PortalError::from(InputError::UnreadableFile { name: file.name() });
    let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| unreadable())?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::new(&bytes));
    File::new_with_u8_array_sequence(&parts, &file.name()).map_err(|_| unreadable())
}

async fn perform(client: Client, command: Command) -> Result<Done, PortalError> {
    match command {
        Command::Validate(None, _) => Err(InputError::NoFile(UPLOAD).into()),
        Command::Validate(Some(picked), check_url) => {
            UPLOAD.check(&picked.name(), picked.size())?;
            let file = in_memory(&picked).await?;
            let provision = client.validate_license(Some(file.clone())).await?;
            let url_check = if check_url {
                client.validate_url().await?
            } else {
                UrlCheck::NotOffered
            };
            Ok(Done::Validated {
                file,
                provision,
                url_check,
            })
        }
        Command::Import(file) => {
            let name = file.name();
            client.import_license(Some(file)).await?;
            Ok(Done::Imported { name })
        }
        Command::Populate => client.populate_license().await.map(|()| Done::Populated),
        Command::ExportGeodatabase => {
            let bytes = client.geodatabase_license().await?;
            save_bytes("geodatabaseLicense.ecp", "application/octet-stream", &bytes);
            Ok(Done::Saved)
        }
    }
}

fn kind_of(provision_kind: &str) -> Kind {
    match provision_kind {
        "userTypes" => Kind::UserType,
        "appBundles" => Kind::AppBundle,
        "extensions" => Kind::Extension,
        _ => Kind::App,
    }
}

/// What an import or a re-read of the license file leaves in the journal.
fn journal(
    keeper: super::Keeper,
    command: &Command,
    outcome: Result<(), &PortalError>,
) -> Vec<crate::history::Entry> {
    match command {
        Command::Import(file) => {
            vec![keeper.entry(
                "import",
                &file.name(),
                "organization license file",
                ("", "imported"),
                outcome,
            )]
        }
        Command::Populate => vec![keeper.entry(
            "populate",
            "license",
            "organization license",
            ("", "read again"),
            outcome,
        )],
        Command::Validate(..) | Command::ExportGeodatabase => Vec::new(),
    }
}

#[component]
pub fn LicenseFile() -> impl IntoView {
    let client = use_client();
    let capabilities = use_capabilities();
    let current = Loaded::new(client, |client| async move { client.license().await });
    let file_input: NodeRef<Input> = NodeRef::new();
    let step = Asked::new(
        client,
        |client, command: &Command| perform(client, command.clone()),
        move |done| {
            if let Done::Imported { .. } | Done::Populated = done {
                current.refetch();
            }
        },
    )
    .journal(move |keeper, command: &Command, outcome| {
        journal(keeper, command, outcome.map(|_| ()))
    });
    let operation = step.operation();
    let validated = move || match operation.last_done() {
        Some(Done::Validated {
            file,
            provision,
            url_check,
        }) => Some((file, provision, url_check)),
        _ => None,
    };
    let can = move |has: fn(&Capabilities) -> bool| capabilities.get().is_some_and(|c| has(&c));
    let validate = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = file_input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let check_url = capabilities
            .get_untracked()
            .is_some_and(|c| c.validate_url());
        operation.run(Command::Validate(picked, check_url));
    };
    let ask = Callback::new(move |command: Command| step.ask(command));
    let busy = Signal::derive(move || operation.busy());

    view! {
        <div class="page-head"><h1>"Organization license file"</h1></div>
        <p class="lede">"Validate the license file from My Esri first: the console shows what it would provision beside what \
            the organization has now. Importing it replaces the organization's user-type and add-on licenses."</p>
        <OutcomeNotice outcome=Signal::derive(move || operation.outcome(Done::words))/>
        <form class="form" on:submit=validate>
            <label for="org-license-file">"License file (.json)"</label>
            <input id="org-license-file" name="file" type="file" accept=UPLOAD.accept() node_ref=file_input
                disabled=move || busy.get()
                on:change=move |_| { operation.clear(); step.cancel(); }/>
            <button type="submit" class="primary" disabled=move || busy.get()>"Validate"</button>
        </form>
        {move || validated().map(|(file, provision, url_check)| view! {
            <Validation file=file provision=provision url_check=url_check current=current busy=busy
                asking=Signal::derive(move || step.is_asking()) on_ask=ask/>
        })}
        {step.question(
            move |command| {
                let url_check = validated().map(|(_, _, check)| check);
                command.question(url_check.as_ref()).unwrap_or_default()
            },
            Command::action,
        )}
        <Show when=move || can(|c| c.populate_license())>
            <ReReadLicense on_run=Callback::new(move |()| ask.run(Command::Populate)) busy=busy/>
        </Show>
        <Show when=move || can(|c| c.geodatabase_license())>
            <GeodatabaseLicense on_run=Callback::new(move |()| operation.run(Command::ExportGeodatabase)) busy=busy/>
        </Show>
    }
}

/// What the validated file would provision, beside what the organization has now, whether it matches the
/// portal's URL, and the way to import it.
#[component]
fn Validation(
    file: File,
    provision: Provision,
    url_check: UrlCheck,
    current: Loaded<OrgLicense>,
    busy: Signal<bool>,
    asking: Signal<bool>,
    on_ask: Callback<Command>,
) -> impl IntoView {
    let url_notice = match url_check {
        UrlCheck::Matches => Some(view! {
            <p class="url-check">"The portal confirms that this license file matches its URL."</p>
        }.into_any()),
        UrlCheck::Mismatch(message) => Some(view! {
            <div class="notice notice-warning url-check" role="alert">
                <p class="notice-title">"This license file does not match the portal's URL."</p>
                <p>{message}</p>
                <p>"A file issued for another portal (e.g. production, on a staging portal) raises license warnings."</p>
            </div>
        }.into_any()),
        UrlCheck::NotOffered => None,
    };
    let name = file.name();
    view! {
        <section class="panel" aria-labelledby="validation">
            <h2 id="validation">{format!("What {name} would provision")}</h2>
            {url_notice}
            {move || current.ready().map(|c| view! { <Comparison current=c provision=provision.clone()/> })}
            <button type="button" class="danger" disabled=move || busy.get() || asking.get()
                on:click=move |_| on_ask.run(Command::Import(file.clone()))>"Import this license…"</button>
        </section>
    }
}

/// Classic portals: make the portal read its license file again.
#[component]
fn ReReadLicense(on_run: Callback<()>, busy: Signal<bool>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="populate">
            <h2 id="populate">"Re-read the license"</h2>
            <p>"Makes the portal read its license file again, e.g. after it was replaced on the server."</p>
            <button type="button" class="populate" on:click=move |_| on_run.run(()) disabled=move || busy.get()>"Re-read license file…"</button>
        </section>
    }
}

/// Kubernetes 11.0+: the geodatabase license file.
#[component]
fn GeodatabaseLicense(on_run: Callback<()>, busy: Signal<bool>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="geodatabase">
            <h2 id="geodatabase">"Geodatabase license"</h2>
            <p>"The license file to authorize enterprise geodatabases with this deployment's ArcGIS license."</p>
            <button type="button" class="export-geodatabase" on:click=move |_| on_run.run(()) disabled=move || busy.get()>
                "Download geodatabaseLicense.ecp"</button>
        </section>
    }
}

/// One licensed thing: what is allowed now, and after the import.
struct Change {
    name: String,
    kind: Kind,
    before: Option<u64>,
    after: Option<u64>,
    start: Option<i64>,
}

/// Each provisioned item beside what the organization has now, and what the import would drop.
fn changes(current: &OrgLicense, provision: &Provision) -> Vec<Change> {
    let now = rows(current);
    let mut lines: Vec<Change> = provision
        .items
        .iter()
        .map(|item| {
            let kind = kind_of(item.kind);
            let existing = now.iter().find(|r| r.kind() == kind && r.id == item.id);
            let name = existing.map(|r| r.name.clone()).unwrap_or_else(|| {
                if kind == Kind::UserType {
                    user_type_name(&item.id)
                } else {
                    app_name(&item.id)
                }
            });
            Change {
                name,
                kind,
                before: existing.and_then(|r| r.allowed),
                after: item.max_users,
                start: item.start,
            }
        })
        .collect();
    let dropped = now.iter().filter(|r| {
        matches!(
            r.kind(),
            Kind::UserType | Kind::App | Kind::AppBundle | Kind::Extension
        ) && !provision
            .items
            .iter()
            .any(|i| kind_of(i.kind) == r.kind() && i.id == r.id)
    });
    lines.extend(dropped.map(|r| Change {
        name: r.name.clone(),
        kind: r.kind(),
        before: r.allowed,
        after: None,
        start: None,
    }));
    lines
}

#[component]
fn Comparison(current: OrgLicense, provision: Provision) -> impl IntoView {
    let count = |n: Option<u64>| n.map_or_else(|| "—".to_owned(), format_count);
    view! {
        <table class="comparison">
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Kind"</th><th scope="col">"Allowed now"</th>
                <th scope="col">"Allowed after import"</th><th scope="col">"Starts"</th></tr></thead>
            <tbody>{changes(&current, &provision).into_iter().map(|Change { name, kind, before, after, start }| {
                let change = match (before, after) {
                    (None, Some(_)) => "added",
                    (Some(_), None) => "removed",
                    (Some(b), Some(a)) if a > b => "more",
                    (Some(b), Some(a)) if a < b => "fewer",
                    _ => "same",
                };
                view! {
                    <tr class=format!("change-{change}")>
                        <th scope="row">{name}</th>
                        <td>{kind.label()}</td>
                        <td class="num">{count(before)}</td>
                        <td class="num">{count(after)}{(change != "same").then(|| view! { <span class="change">{change}</span> })}</td>
                        <td>{start.map(format_date).unwrap_or_else(|| "—".into())}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
    }
}
