//! The console's screens, built beside the sign-in page Trunk builds: the `license-console-screens` binary,
//! bound by wasm-bindgen and optimised by wasm-opt as Trunk does the sign-in page, under names that carry a hash
//! of their content (so a host may cache them for ever), and named in `index.html` for the sign-in page to load.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::exec::{self, Failure};
use crate::tools::root;

const BIN: &str = "license-console-screens";

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Failure + '_ {
    move |e| Failure(format!("{}: {e}", path.display()))
}

/// Builds the screens into `dist` and returns the `<meta>` that tells the sign-in page where they are.
pub fn build(dist: &Path) -> Result<String, Failure> {
    exec::run(exec::cargo().args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--bin",
        BIN,
    ]))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(Into::into)
        .unwrap_or_else(|| root().join("target"));
    let bound = target.join("screens");
    let _ = std::fs::remove_dir_all(&bound);
    exec::run(
        exec::command("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                BIN,
                "--out-dir",
            ])
            .arg(&bound)
            .arg(target.join(format!("wasm32-unknown-unknown/release/{BIN}.wasm"))),
    )?;
    let wasm = bound.join(format!("{BIN}_bg.wasm"));
    exec::run(
        exec::command("wasm-opt")
            .arg("-Oz")
            .arg("--output")
            .arg(&wasm)
            .arg(&wasm),
    )?;

    let js_path = bound.join(format!("{BIN}.js"));
    let js = std::fs::read(&js_path).map_err(io(&js_path))?;
    let wasm_bytes = std::fs::read(&wasm).map_err(io(&wasm))?;
    let digest = Sha256::new()
        .chain_update(&js)
        .chain_update(&wasm_bytes)
        .finalize();
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("{BIN}-{hash}");
    let js_out = dist.join(format!("{name}.js"));
    std::fs::write(&js_out, js).map_err(io(&js_out))?;
    let wasm_out = dist.join(format!("{name}_bg.wasm"));
    std::fs::write(&wasm_out, wasm_bytes).map_err(io(&wasm_out))?;
    copy_dir(&bound.join("snippets"), &dist.join("snippets"))?;
    Ok(format!("<meta name=\"{BIN}\" content=\"./{name}\">"))
}

/// Copies wasm-bindgen's JS snippets, if the screens have any, beside the sign-in page's.
fn copy_dir(from: &Path, to: &Path) -> Result<(), Failure> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(io(&target))?;
        }
    }
    Ok(())
}
