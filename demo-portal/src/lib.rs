//! A stand-in ArcGIS Enterprise portal for the console's tests and demos. It speaks the documented API
//! (`shared/API.md` and the seeds) under two contexts — `/arcgis` as ArcGIS Enterprise on Kubernetes and
//! `/portal` as classic Portal for ArcGIS — and serves the built console at `/console/`. It shares no types
//! with the console: it serves the documented JSON.

// Helpers answer `Err(response)` with the portal's own error body for the handler to return as it is.
#![allow(clippy::result_large_err)]

mod admin;
mod answer;
mod authorization_file;
mod content;
mod context;
mod cors;
mod directory;
mod faults;
mod history_seed;
mod legacy;
mod license_file;
mod license_ops;
pub mod members;
mod oauth;
mod params;
mod roles;
mod sample;
mod sharing;
mod user_types;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{any, get};
use axum::Router;
use tower_http::services::ServeDir;

pub use content::{Item, ADMIN_GROUP};
pub use context::{Context, Flavour, OAuthApp, Quirks, ACCOUNTS};
pub use faults::{Fault, Faults};
pub use oauth::s256;
pub use sample::{Member, LISTINGS, ORG_ID};

pub struct Config {
    pub host: String,
    pub port: u16,
    /// The built console (`dist/`), served at `/console/`.
    pub dist: Option<PathBuf>,
    /// Origins allowed to call cross-origin; empty allows any.
    pub allow_origins: Vec<String>,
    pub kubernetes_version: String,
    /// 10.6.1 or earlier answers with the legacy `system/licenses` resources instead of `license`.
    pub classic_version: String,
    pub oauth: OAuthApp,
    pub faults: Vec<(String, Fault)>,
    /// Extra extension entries in the license, for measuring large payloads.
    pub stress_entries: usize,
    /// Members of the organization (the 36 named ones at least), and how many of them hold ArcGIS Pro.
    pub members: usize,
    pub pro_holders: usize,
    pub quirks: Quirks,
    /// Where items (the console's history) are kept across restarts; in memory only when `None`.
    pub data_dir: Option<PathBuf>,
    /// Daily snapshots of license history seeded on start (and journal entries spread over them).
    pub history_days: usize,
    pub journal_entries: usize,
    /// The portal URL the imported license file was issued for, when it is not this portal's (a staging portal
    /// with the production file): 12.1's `validateURL` then answers with an error.
    pub license_issued_for: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 8080,
            dist: None,
            allow_origins: Vec::new(),
            kubernetes_version: "11.4".into(),
            classic_version: "11.1.0".into(),
            oauth: OAuthApp {
                client_id: "licenseconsole".into(),
                redirect_uris: Vec::new(),
            },
            faults: Vec::new(),
            stress_entries: 0,
            members: members::DEFAULT_MEMBERS,
            pro_holders: members::DEFAULT_PRO_HOLDERS,
            quirks: Quirks::default(),
            license_issued_for: None,
            data_dir: None,
            history_days: 0,
            journal_entries: 0,
        }
    }
}

/// The two contexts and the fault switches, reachable from tests to inspect state, move the clock or break
/// things.
#[derive(Clone)]
pub struct DemoPortal {
    pub kubernetes: Arc<Context>,
    pub classic: Arc<Context>,
    pub faults: Faults,
}

/// Body size limit: above the file limit, so an oversized file still gets a portal error body.
const BODY_LIMIT_BYTES: usize = 8 * 1024 * 1024;

fn sharing_routes() -> Router<Arc<Context>> {
    Router::new()
        .route("/sharing/rest/generateToken", any(sharing::generate_token))
        .route("/sharing/rest/info", any(sharing::info))
        .route("/sharing/rest/portals/self", any(sharing::portal_self))
        .route(
            "/sharing/rest/portals/self/purchases",
            any(sharing::purchases),
        )
        .route(
            "/sharing/rest/content/listings/{item}/userEntitlements",
            any(sharing::user_entitlements),
        )
        .route(
            "/sharing/rest/content/listings/{item}/userEntitlements/{username}",
            any(sharing::member_entitlements),
        )
        .route(
            "/sharing/rest/content/listings/{item}/provisionUserEntitlements",
            any(sharing::provision_user_entitlements),
        )
        .route(
            "/sharing/rest/portals/self/users/search",
            any(directory::search_users),
        )
        .route("/sharing/rest/portals/self/users", any(directory::users))
        .route(
            "/sharing/rest/portals/self/userLicenseTypes",
            any(user_types::user_license_types),
        )
        .route(
            "/sharing/rest/portals/self/updateUserLicenseType",
            any(user_types::update_user_license_type),
        )
        .route("/sharing/rest/portals/self/roles", any(roles::roles))
        .route(
            "/sharing/rest/content/users/{user}/addItem",
            any(content::add_item),
        )
        .route(
            "/sharing/rest/content/users/{user}/items/{item}/update",
            any(content::update_item),
        )
        .route(
            "/sharing/rest/content/users/{user}/items/{item}/share",
            any(content::share_item),
        )
        .route(
            "/sharing/rest/content/items/{item}/data",
            any(content::item_data),
        )
        .route("/sharing/rest/search", any(content::search))
        .route(
            "/sharing/rest/portals/self/updateUserRole",
            any(roles::update_user_role),
        )
        .route(
            "/sharing/rest/portals/self/users/counts",
            any(directory::counts),
        )
        .route(
            "/sharing/rest/portals/self/appBundles",
            any(directory::app_bundles),
        )
        .route(
            "/sharing/rest/content/listings/{item}/setDisconnectSettings",
            any(directory::set_disconnect_settings),
        )
        .route("/sharing/rest/oauth2/authorize", any(oauth::authorize))
        .route("/sharing/rest/oauth2/token", any(oauth::token))
}

fn with_cors(routes: Router<Arc<Context>>, ctx: Arc<Context>) -> Router {
    routes
        .layer(axum::middleware::from_fn_with_state(
            ctx.clone(),
            cors::allow_listed_origins,
        ))
        .with_state(ctx)
}

fn kubernetes_routes(ctx: Arc<Context>) -> Router {
    const LICENSE: &str = "/admin/orgs/{org}/license";
    let org_license = Router::new()
        .route(LICENSE, any(admin::license))
        .route(
            &format!("{LICENSE}/releaseLicense"),
            any(admin::release_license),
        )
        .route(
            &format!("{LICENSE}/validateLicense"),
            any(license_ops::validate_license),
        )
        .route(
            &format!("{LICENSE}/importLicense"),
            any(license_ops::import_license),
        )
        .route(
            &format!("{LICENSE}/updateLicenseManager"),
            any(license_ops::update_license_manager),
        )
        .route(
            &format!("{LICENSE}/exportGeodatabaseLicense"),
            any(license_ops::export_geodatabase_license),
        )
        .route(
            &format!("{LICENSE}/validateURL"),
            any(license_ops::validate_url),
        )
        .route_layer(axum::middleware::from_fn(admin::known_org));
    let routes = sharing_routes()
        .merge(org_license)
        .route("/admin/orgs", any(admin::orgs))
        .route("/admin/system/licenses", any(admin::server_licenses))
        .route(
            "/admin/system/licenses/importServerLicenses",
            any(admin::import_server_licenses),
        );
    with_cors(routes, ctx)
}

fn classic_routes(ctx: Arc<Context>) -> Router {
    let routes = sharing_routes().route("/portaladmin", any(admin::portaladmin_root));
    let routes = if ctx.is_legacy() {
        routes
            .route("/portaladmin/license", any(admin::not_on_this_version))
            .route("/portaladmin/system/licenses", any(legacy::licenses))
            .route(
                "/portaladmin/system/licenses/getEntitlements",
                any(legacy::get_entitlements),
            )
            .route(
                "/portaladmin/system/licenses/importEntitlements",
                any(legacy::import_entitlements),
            )
            .route(
                "/portaladmin/system/licenses/removeAllEntitlements",
                any(legacy::remove_all_entitlements),
            )
            .route(
                "/portaladmin/system/licenses/releaseLicense",
                any(admin::release_license),
            )
    } else {
        routes
            .route("/portaladmin/license", any(admin::license))
            .route(
                "/portaladmin/license/releaseLicense",
                any(admin::release_license),
            )
            .route(
                "/portaladmin/license/validateLicense",
                any(license_ops::validate_license),
            )
            .route(
                "/portaladmin/license/importLicense",
                any(license_ops::import_license),
            )
            .route(
                "/portaladmin/license/populateLicense",
                any(license_ops::populate_license),
            )
            .route(
                "/portaladmin/license/updateLicenseManager",
                any(license_ops::update_license_manager),
            )
            .route(
                "/portaladmin/license/getFutureLicense",
                any(license_ops::get_future_license),
            )
            .route(
                "/portaladmin/license/validateURL",
                any(license_ops::validate_url),
            )
            .route(
                "/portaladmin/system/licenses",
                any(admin::not_on_this_version),
            )
    };
    with_cors(routes, ctx)
}

/// Without a `config.json` in `dist/`, the console is preset to the Kubernetes context of this server and the
/// registered OAuth app.
fn console_config(client_id: &str) -> impl IntoResponse {
    let config = serde_json::json!({"portalUrl": "/arcgis", "oauthClientId": client_id});
    (
        [(header::CONTENT_TYPE, "application/json")],
        config.to_string(),
    )
}

pub fn router(config: &Config) -> (Router, DemoPortal) {
    let context = |flavour, version: &str| {
        let mut context = Context::new(
            flavour,
            version,
            config.allow_origins.clone(),
            config.oauth.clone(),
            (config.members, config.pro_holders),
        );
        context.quirks = config.quirks;
        let name = if flavour == Flavour::Kubernetes {
            "arcgis"
        } else {
            "portal"
        };
        context.items_file = content::items_file(config.data_dir.as_ref(), name);
        let now = context.now_ms();
        let mut state = context.lock();
        sample::add_stress_entries(&mut state.license, config.stress_entries, now);
        state.license_issued_for = config.license_issued_for.clone();
        state.items = content::load(context.items_file.as_ref());
        if state.items.is_empty() {
            history_seed::seed(
                &mut state,
                config.history_days,
                config.journal_entries,
                version,
                now,
            );
        }
        drop(state);
        Arc::new(context)
    };
    let portal = DemoPortal {
        kubernetes: context(Flavour::Kubernetes, &config.kubernetes_version),
        classic: context(Flavour::Classic, &config.classic_version),
        faults: Faults::default(),
    };
    for (path, fault) in &config.faults {
        portal.faults.set(path, fault.clone());
    }
    let mut app = Router::new()
        .nest("/arcgis", kubernetes_routes(portal.kubernetes.clone()))
        .nest("/portal", classic_routes(portal.classic.clone()))
        .route("/", get(|| async { Redirect::temporary("/console/") }))
        .route(
            "/console",
            get(|| async { Redirect::permanent("/console/") }),
        );
    if let Some(dist) = &config.dist {
        if !dist.join("config.json").exists() {
            let client_id = config.oauth.client_id.clone();
            app = app.route(
                "/console/config.json",
                get(move || async move { console_config(&client_id) }),
            );
        }
        // The `.br` and `.gz` copies `cargo xtask dist` writes are sent, with `Content-Encoding`, to browsers
        // that accept them; the type is the original file's (`application/wasm` for wasm).
        let files = ServeDir::new(dist).precompressed_br().precompressed_gzip();
        app = app.nest_service("/console/", files);
    }
    let app = app
        .layer(axum::middleware::from_fn_with_state(
            portal.faults.clone(),
            faults::inject,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT_BYTES));
    (app, portal)
}

/// A running demo portal.
pub struct Running {
    pub addr: SocketAddr,
    pub portal: DemoPortal,
    pub task: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// Binds and serves in the background (port 0 picks a free port).
pub async fn start(config: Config) -> std::io::Result<Running> {
    let (app, portal) = router(&config);
    let listener = tokio::net::TcpListener::bind((config.host.as_str(), config.port)).await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, app).await {
            eprintln!("demo portal stopped: {err}");
        }
    });
    Ok(Running { addr, portal, task })
}
