//! A stand-in ArcGIS Enterprise portal for the console's tests and demos. It speaks the documented API
//! (`shared/API.md` and the seeds) under two contexts — `/arcgis` as ArcGIS Enterprise on Kubernetes and
//! `/portal` as classic Portal for ArcGIS — and serves the built console at `/console/`. It shares no types
//! with the console: it serves the documented JSON.

mod admin;
mod answer;
mod authorization_file;
mod context;
mod cors;
mod params;
mod sample;
mod sharing;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{any, get};
use axum::Router;
use tower_http::services::ServeDir;

pub use context::{Context, Flavour, ACCOUNTS};
pub use sample::ORG_ID;

pub struct Config {
    pub host: String,
    pub port: u16,
    /// The built console (`dist/`), served at `/console/`.
    pub dist: Option<PathBuf>,
    /// Origins allowed to call cross-origin; empty allows any.
    pub allow_origins: Vec<String>,
    pub kubernetes_version: String,
    pub classic_version: String,
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
        }
    }
}

/// The two contexts, reachable from tests to inspect state or move the clock.
#[derive(Clone)]
pub struct DemoPortal {
    pub kubernetes: Arc<Context>,
    pub classic: Arc<Context>,
}

/// Body size limit: above the file limit, so an oversized file still gets a portal error body.
const BODY_LIMIT_BYTES: usize = 8 * 1024 * 1024;

fn sharing_routes() -> Router<Arc<Context>> {
    Router::new().route("/sharing/rest/generateToken", any(sharing::generate_token))
}

fn kubernetes_routes(ctx: Arc<Context>) -> Router {
    sharing_routes()
        .route("/admin/orgs", any(admin::orgs))
        .route("/admin/orgs/{org}/license", any(admin::org_license))
        .route(
            "/admin/orgs/{org}/license/releaseLicense",
            any(admin::org_release_license),
        )
        .route("/admin/system/licenses", any(admin::server_licenses))
        .route(
            "/admin/system/licenses/importServerLicenses",
            any(admin::import_server_licenses),
        )
        .layer(axum::middleware::from_fn_with_state(
            ctx.clone(),
            cors::allow_listed_origins,
        ))
        .with_state(ctx)
}

fn classic_routes(ctx: Arc<Context>) -> Router {
    sharing_routes()
        .route("/portaladmin", any(admin::portaladmin_root))
        .route("/portaladmin/license", any(admin::classic_license))
        .route(
            "/portaladmin/license/releaseLicense",
            any(admin::release_license),
        )
        .layer(axum::middleware::from_fn_with_state(
            ctx.clone(),
            cors::allow_listed_origins,
        ))
        .with_state(ctx)
}

/// Without a `config.json` in `dist/`, the console is preset to the Kubernetes context of this server.
async fn console_config() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"portalUrl":"/arcgis"}"#,
    )
}

pub fn router(config: &Config) -> (Router, DemoPortal) {
    let portal = DemoPortal {
        kubernetes: Arc::new(Context::new(
            Flavour::Kubernetes,
            &config.kubernetes_version,
            config.allow_origins.clone(),
        )),
        classic: Arc::new(Context::new(
            Flavour::Classic,
            &config.classic_version,
            config.allow_origins.clone(),
        )),
    };
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
            app = app.route("/console/config.json", get(console_config));
        }
        app = app.nest_service("/console/", ServeDir::new(dist));
    }
    let app = app.layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT_BYTES));
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
