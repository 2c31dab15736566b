//! Installs what the build and the tests need, only where it is missing or at the wrong version, so a second run
//! is fast. Cargo tools go to cargo's bin folder (`~/.cargo/bin`), npm tools to `node_modules/` in the project,
//! browsers come from Debian's packages.

use std::path::PathBuf;

use crate::exec::{self, cargo_bin, first_line, Failure};

const TRUNK_VERSION: &str = "0.21.14";
const GECKODRIVER_VERSION: &str = "0.37.1";
/// binaryen's `wasm-opt`, pinned in package.json; Debian's older build breaks the wasm's function table.
const WASM_OPT_VERSION: &str = "version 132";
/// axe-core, pinned in package.json too.
const AXE_VERSION: &str = "4.14.1";

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// The `wasm-bindgen` version pinned in Cargo.toml: the CLI must match it exactly.
fn wasm_bindgen_pin() -> Result<String, Failure> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| Failure(format!("Cargo.toml: {e}")))?;
    manifest
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("wasm-bindgen = \"=")?
                .split('"')
                .next()
                .map(str::to_owned)
        })
        .ok_or_else(|| {
            Failure("Cargo.toml must pin wasm-bindgen as `wasm-bindgen = \"=X.Y.Z\"`".into())
        })
}

fn has_version(program: &str, expected: &str) -> bool {
    first_line(program, &["--version"]).is_some_and(|line| line.contains(expected))
}

fn cargo_install(krate: &str, version: &str, locked: bool) -> Result<(), Failure> {
    let mut install = exec::cargo();
    install.args(["install", krate, "--version", &format!("={version}")]);
    if locked {
        install.arg("--locked");
    }
    exec::run(&mut install)
}

fn ensure_wasm_target() -> Result<(), Failure> {
    let installed = exec::command("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match installed {
        Ok(out)
            if String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l.trim() == "wasm32-unknown-unknown") =>
        {
            Ok(())
        }
        _ => exec::run(exec::command("rustup").args(["target", "add", "wasm32-unknown-unknown"])),
    }
}

fn is_root() -> bool {
    first_line("id", &["-u"]).as_deref() == Some("0")
}

/// Installs Debian packages that are missing, running `apt-get update` once first.
fn ensure_debian_packages(packages: &[&str]) -> Result<(), Failure> {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            first_line("dpkg-query", &["-W", "-f=${Status}", p])
                .is_none_or(|s| !s.ends_with("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let install = format!("apt-get install -y {}", missing.join(" "));
    if !is_root() {
        return Err(Failure(format!(
            "missing Debian packages; as root run: apt-get update && {install}"
        )));
    }
    exec::run(exec::command("apt-get").arg("update"))?;
    exec::run(
        exec::command("apt-get")
            .args(["install", "-y"])
            .args(&missing)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The npm tools pinned in package.json: wasm-opt, and axe-core for the accessibility checks.
fn ensure_npm_tools() -> Result<(), Failure> {
    let axe = root().join("node_modules/axe-core/axe.min.js");
    let axe_version = std::fs::read_to_string(root().join("node_modules/axe-core/package.json"))
        .unwrap_or_default();
    if has_version("wasm-opt", WASM_OPT_VERSION)
        && root().join("node_modules/.bin/wasm-opt").exists()
        && axe.exists()
        && axe_version.contains(&format!("\"version\": \"{AXE_VERSION}\""))
    {
        return Ok(());
    }
    if first_line("npm", &["--version"]).is_none() {
        ensure_debian_packages(&["nodejs", "npm"])?;
    }
    exec::run(exec::command("npm").args(["ci", "--no-audit", "--no-fund"]))
}

/// The wasm target, trunk, the wasm-bindgen CLI matching the pinned crate, and the npm tools.
pub fn ensure_build_tools() -> Result<(), Failure> {
    ensure_wasm_target()?;
    if !has_version("trunk", &format!("trunk {TRUNK_VERSION}")) {
        // 0.22 needs a newer rustc than this machine's.
        cargo_install("trunk", TRUNK_VERSION, true)?;
    }
    let pin = wasm_bindgen_pin()?;
    if !has_version("wasm-bindgen", &format!("wasm-bindgen {pin}"))
        || !cargo_bin().join("wasm-bindgen-test-runner").exists()
    {
        // Not --locked: its lock file names a webpki-roots version the registry no longer serves.
        cargo_install("wasm-bindgen-cli", &pin, false)?;
    }
    ensure_npm_tools()
}

/// Chromium with its driver, Firefox ESR with geckodriver.
pub fn ensure_browsers() -> Result<(), Failure> {
    ensure_debian_packages(&["chromium", "chromium-driver", "firefox-esr"])?;
    if !has_version("geckodriver", &format!("geckodriver {GECKODRIVER_VERSION}")) {
        cargo_install("geckodriver", GECKODRIVER_VERSION, false)?;
    }
    Ok(())
}

/// nginx with its brotli module, for the test that runs `deploy/nginx.conf` in front of the demo portal.
pub fn ensure_web_server() -> Result<(), Failure> {
    ensure_debian_packages(&["nginx", "libnginx-mod-http-brotli-static"])
}

pub fn geckodriver() -> PathBuf {
    cargo_bin().join("geckodriver")
}

/// The release build of the console into `dist/`: `trunk build --release` makes the whole console; this adds
/// what Trunk cannot — the Content-Security-Policy in `index.html`, and brotli and gzip copies of every file.
pub fn build_console() -> Result<(), Failure> {
    exec::run(
        exec::command("trunk")
            .args(["build", "--release"])
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .env("RUSTFLAGS", crate::split::RUSTFLAGS)
            .env("CARGO_TARGET_DIR", root().join(crate::split::TARGET_DIR)),
    )?;
    let dist = root().join("dist");
    crate::split::split_console(&dist, &crate::split::compiled_wasm("release"))?;
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)
        .map_err(|e| Failure(format!("{}: {e}", index.display())))?;
    let with_policy = crate::csp::add_to_index(&html).map_err(Failure)?;
    std::fs::write(&index, with_policy)
        .map_err(|e| Failure(format!("{}: {e}", index.display())))?;
    crate::precompress::write_beside(&dist)
}
