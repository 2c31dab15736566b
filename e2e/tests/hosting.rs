//! `deploy/nginx.conf` for real: nginx (Debian's, with its brotli module) serving the built console at /console/
//! and proxying the demo portal at /arcgis/ and /portal/, one origin. Only the lines marked CHANGE are changed, to
//! this machine's loopback address, the demo portal and the built files.

use std::path::{Path, PathBuf};
use std::time::Duration;

use e2e::{free_port, Harness};
use tokio::process::{Child, Command};

/// `deploy/nginx.conf` with its CHANGE lines set for this machine.
fn site(listen: u16, portal: &str, dist: &Path) -> String {
    let config = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../deploy/nginx.conf"),
    )
    .expect("deploy/nginx.conf");
    config
        .lines()
        .filter(|line| !line.trim_start().starts_with("ssl_certificate"))
        .map(|line| {
            line.replace("listen 443 ssl;", &format!("listen 127.0.0.1:{listen};"))
                .replace(
                    "https://portal.internal.example.com/",
                    &format!("{portal}/"),
                )
                .replace("/var/www/license-console/", &format!("{}/", dist.display()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// nginx running the site in a folder of its own, stopped when dropped.
struct Nginx {
    _process: Child,
    dir: PathBuf,
}

impl Nginx {
    async fn start(site: &str, port: u16) -> Self {
        let dir = std::env::temp_dir().join(format!("license-console-nginx-{port}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("license-console.conf"), site).unwrap();
        let main = format!(
            "user root;\ndaemon off;\nmaster_process off;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\n\
             load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;\nevents {{}}\n\
             http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n\
               client_body_temp_path {dir}/body;\n  proxy_temp_path {dir}/proxy;\n\
               fastcgi_temp_path {dir}/fastcgi;\n  uwsgi_temp_path {dir}/uwsgi;\n  scgi_temp_path {dir}/scgi;\n\
               include {dir}/license-console.conf;\n}}\n",
            dir = dir.display()
        );
        std::fs::write(dir.join("nginx.conf"), main).unwrap();
        let stderr = std::fs::File::create(dir.join("stderr.log")).unwrap();
        let process = Command::new("nginx")
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-p")
            .arg(&dir)
            .stdout(std::process::Stdio::null())
            .stderr(stderr)
            .kill_on_drop(true)
            .spawn()
            .expect("nginx runs (cargo xtask test installs it)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Self {
                    _process: process,
                    dir,
                };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let log = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        panic!(
            "nginx did not start: {}{}",
            log("stderr.log"),
            log("error.log")
        );
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The headers the browser got for `path`, fetched by the page itself.
async fn headers(h: &Harness, path: &str) -> serde_json::Value {
    let script = "const response = await fetch(arguments[0], { cache: 'no-store' });
        return Object.fromEntries(['content-type', 'content-encoding', 'cache-control',
            'content-security-policy', 'x-content-type-options'].map((n) => [n, response.headers.get(n)]));";
    h.browser
        .execute(
            &format!("return (async () => {{ {script} }})()"),
            vec![path.into()],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn the_nginx_configuration_serves_the_console_beside_the_proxied_portal() {
    let h = Harness::start().await;
    let port = free_port();
    let dist = e2e::dist_dir().canonicalize().unwrap();
    let _nginx = Nginx::start(&site(port, &h.portal.url(""), &dist), port).await;
    let origin = format!("http://127.0.0.1:{port}");

    h.browser.goto(&format!("{origin}/console")).await.unwrap();
    h.wait_for("input[name=password]").await;
    let portal_input = h.wait_for("input[name=portal]").await;
    portal_input.clear().await.unwrap();
    portal_input
        .send_keys(&format!("{origin}/arcgis"))
        .await
        .unwrap();
    h.fill("input[name=username]", "admin").await;
    h.fill("input[name=password]", "arcgis-demo").await;
    h.click("input[name=keep]").await;
    h.click("form button[type=submit]").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    assert_eq!(h.policy_violations().await, Vec::<String>::new());

    let page = headers(&h, "/console/").await;
    assert_eq!(page["cache-control"], "no-cache", "{page}");
    assert_eq!(
        page["content-encoding"], "br",
        "the precompressed copy: {page}"
    );
    let policy = page["content-security-policy"].as_str().unwrap_or_default();
    assert!(
        policy.contains("frame-ancestors 'none'") && policy.contains("connect-src 'self'"),
        "{page}"
    );
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval';")
            && !policy.contains("unsafe-inline"),
        "no inline script is allowed: {page}"
    );
    assert_eq!(page["x-content-type-options"], "nosniff");

    let wasm = std::fs::read_dir(&dist)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|name| name.ends_with("_bg.wasm"))
        .expect("a wasm file in dist/");
    let module = headers(&h, &format!("/console/{wasm}")).await;
    assert_eq!(module["content-type"], "application/wasm", "{module}");
    assert_eq!(module["content-encoding"], "br", "{module}");
    assert_eq!(
        module["cache-control"], "public, max-age=31536000, immutable",
        "{module}"
    );

    // A screen whose code is a file of its own, by a deep link reloaded: fetched through nginx, precompressed,
    // kept for good (its name changes with its content), and allowed by the policy.
    h.browser
        .goto(&format!("{origin}/console/#/members"))
        .await
        .unwrap();
    h.browser.refresh().await.unwrap();
    h.wait_for_text("Seats per user type").await;
    let fetched = h
        .js(
            "return performance.getEntriesByType('resource').map(r => r.name)
               .filter(n => n.includes('/split_members-'))",
        )
        .await;
    let fetched: Vec<String> = serde_json::from_value(fetched).unwrap();
    assert_eq!(fetched.len(), 1, "{fetched:?}");
    let path = fetched[0].trim_start_matches(&origin);
    let members = headers(&h, path).await;
    assert_eq!(members["content-encoding"], "br", "{members}");
    assert_eq!(
        members["cache-control"], "public, max-age=31536000, immutable",
        "{members}"
    );
    assert_eq!(h.policy_violations().await, Vec::<String>::new());
    h.close().await;
}
