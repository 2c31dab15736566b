//! Every screen but the overview in a file of its own, fetched when the screen is first opened.
//!
//! Trunk does not split wasm, so `cargo xtask dist` does it after `trunk build`: the console is compiled with
//! `--cfg split_screens` (each screen's view a split point, `src/pages/screen_code.rs`) and with relocations kept,
//! then `wasm_split_cli_support` cuts the compiled wasm into the main module and one file per screen (plus files of
//! code shared by several screens, the small ones then merged into one: `shared_code`); `wasm-bindgen` and
//! `wasm-opt` then make of the main module what Trunk made of the whole. The loader the splitter writes for the screens' files is put into the main JavaScript module, so there
//! is one module and no cycle of names: every file is named by a hash of its content, as Trunk names its own.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::exec::{self, Failure};
use crate::shared_code;

/// The flags the console is compiled with for splitting. `erase_components` has Leptos erase the components' view
/// types: 601 → 536 KB brotli of wasm in all (main module 242.5 → 237.7 KB), the behaviour the same.
pub const RUSTFLAGS: &str = "--cfg split_screens --cfg erase_components -C link-args=--emit-relocs";
/// Where the split build is compiled, apart from every other build so neither recompiles the other's crates.
pub const TARGET_DIR: &str = "target/split";
/// The module name the splitter gives its loader; only ever seen in the main module's import, which is replaced.
const LINK_NAME: &str = "./__wasm_split.js";
/// The main module's own name, as the loader imports it; the loader is merged into that module.
const MAIN_MODULE: &str = "./__license_console_main.js";

fn io(path: &Path) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |e| Failure(format!("{}: {e}", path.display()))
}

/// The first 16 hex digits of the SHA-256 of `bytes`, as file names carry it.
fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The console's JavaScript and wasm file names in `dist/index.html` (Trunk.toml's `pattern_script`).
fn trunk_names(html: &str) -> Result<(String, String), Failure> {
    let start = html
        .find("data-module=\"")
        .map(|at| at + "data-module=\"".len())
        .ok_or_else(|| Failure("dist/index.html does not name the console's code".into()))?;
    let end = start + html[start..].find('"').unwrap_or(0);
    let js = html[start..end].trim_start_matches("./").to_owned();
    let wasm = js.trim_end_matches(".js").to_owned() + "_bg.wasm";
    Ok((js, wasm))
}

/// Splits the console built by Trunk in `dist` using the wasm compiled with [`RUSTFLAGS`] at `compiled`.
pub fn split_console(dist: &Path, compiled: &Path) -> Result<(), Failure> {
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(io(&index))?;
    let (trunk_js, trunk_wasm) = trunk_names(&html)?;
    let work = crate::tools::root().join(TARGET_DIR).join("out");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(io(&work))?;
    let input = std::fs::read(compiled).map_err(io(compiled))?;
    let main_wasm = work.join("main.wasm");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &work;
        options.main_out_path = &main_wasm;
        options.link_name = LINK_NAME;
        options.main_module = MAIN_MODULE;
        options
    })
    .map_err(|e| Failure(format!("splitting {}: {e:#}", compiled.display())))?;
    bind_main(&main_wasm, &work)?;
    let mut chunks = vec![work.join("main_bg.wasm")];
    chunks.extend(split.split_modules.iter().cloned());
    for chunk in &chunks {
        exec::run(
            exec::command("wasm-opt")
                .args(["-Oz", "--output"])
                .arg(chunk)
                .arg(chunk),
        )?;
    }
    let (modules, mut loader) = shared_code::merge_small(
        &split.split_modules,
        &work,
        &read_text(&work.join(LINK_NAME))?,
    )?;
    for chunk in &modules {
        let named = place(chunk, dist)?;
        let stem = chunk.file_name().unwrap_or_default().to_string_lossy();
        loader = loader.replace(&format!("\"./{stem}\""), &format!("\"./{named}\""));
    }
    let main_js = merge_loader(&read_text(&work.join("main.js"))?, &loader)?;
    let wasm_name = place(&chunks[0], dist)?;
    let js_name = format!("license-console-{}.js", content_hash(main_js.as_bytes()));
    std::fs::write(dist.join(&js_name), &main_js).map_err(io(dist))?;
    for old in [&trunk_js, &trunk_wasm] {
        std::fs::remove_file(dist.join(old)).map_err(io(dist))?;
    }
    let html = html
        .replace(&trunk_js, &js_name)
        .replace(&trunk_wasm, &wasm_name);
    std::fs::write(&index, html).map_err(io(&index))
}

/// wasm-bindgen's JavaScript for the main module (`main.js`, `main_bg.wasm` in `work`), as Trunk makes it for the
/// whole; the function table and memory stay exported, for the screens' files to share.
fn bind_main(main_wasm: &Path, work: &Path) -> Result<(), Failure> {
    exec::run(
        exec::command("wasm-bindgen")
            .args(["--target", "web", "--no-typescript", "--keep-lld-exports"])
            .args(["--out-name", "main", "--out-dir"])
            .arg(work)
            .arg(main_wasm),
    )
}

fn read_text(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(io(path))
}

/// Copies `file` into `dist` named by its content hash (`split_members.wasm` → `split_members-<hash>.wasm`, the
/// main module `license-console-<hash>_bg.wasm` as Trunk names it); returns the new name.
fn place(file: &Path, dist: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(file).map_err(io(file))?;
    let hash = content_hash(&bytes);
    let named = match file.file_stem().unwrap_or_default().to_string_lossy() {
        stem if stem == "main_bg" => format!("license-console-{hash}_bg.wasm"),
        stem => format!("{stem}-{hash}.wasm"),
    };
    std::fs::write(dist.join(&named), bytes).map_err(io(dist))?;
    Ok(named)
}

/// The main module with the splitter's loader inside it. wasm-bindgen imports the loader as a module, once per
/// function the wasm takes from it (`import * as importN from "./__wasm_split.js"`); the loader imports `initSync`
/// from the main module. Merged, the loader's exports become names of the main module and each import an object of
/// them, declared after them (the main module reads them only when it instantiates the wasm).
fn merge_loader(main_js: &str, loader: &str) -> Result<String, Failure> {
    let mut aliases = Vec::new();
    let mut merged = String::new();
    for line in main_js.lines() {
        match line.strip_prefix("import * as ") {
            Some(rest) if line.contains(LINK_NAME) => {
                aliases.push(
                    rest.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                );
            }
            _ => {
                merged.push_str(line);
                merged.push('\n');
            }
        }
    }
    if aliases.is_empty() {
        return Err(Failure(
            "wasm-bindgen's module does not import the split loader".into(),
        ));
    }
    let mut loads = Vec::new();
    merged.push_str("// The loader of the screens' files.\n");
    for line in loader.lines() {
        if line.starts_with("import ") && line.contains(MAIN_MODULE) {
            continue;
        }
        match line.strip_prefix("export const ") {
            Some(rest) => {
                loads.push(
                    rest.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                );
                merged.push_str("const ");
                merged.push_str(rest);
            }
            None => merged.push_str(line),
        }
        merged.push('\n');
    }
    let exports = format!("{{ {} }}", loads.join(", "));
    for alias in aliases {
        merged.push_str(&format!("const {alias} = {exports};\n"));
    }
    Ok(merged)
}

/// The wasm the split build compiled, for `profile` (`release` or `debug`).
pub fn compiled_wasm(profile: &str) -> PathBuf {
    crate::tools::root()
        .join(TARGET_DIR)
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join("license-console.wasm")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_is_merged_into_the_main_module_in_place_of_its_imports() {
        let main_js = "import * as import1 from \"./__wasm_split.js\"\nimport * as import2 from \"./__wasm_split.js\"\n\
            let wasm;\nfunction imports() { return { \"./__wasm_split.js\": import2 }; }\n";
        let loader = "import { initSync } from \"./__license_console_main.js\";\n\
            function makeLoad() {}\nexport const __wasm_split_load_members = makeLoad();\n";
        let merged = merge_loader(main_js, loader).unwrap();
        assert!(!merged.contains("import "), "{merged}");
        assert!(merged.contains("const __wasm_split_load_members = makeLoad();"));
        assert!(merged.contains("const import1 = { __wasm_split_load_members };"));
        assert!(merged.contains("const import2 = { __wasm_split_load_members };"));
        assert!(merged.find("makeLoad()").unwrap() < merged.find("const import1").unwrap());
        assert!(
            merge_loader("let wasm;\n", loader).is_err(),
            "no loader imported"
        );
    }

    #[test]
    fn trunk_names_its_code_in_the_meta_element() {
        let html = r#"<meta name="license-console-code" content="./license-console-ab12_bg.wasm" data-module="./license-console-ab12.js">"#;
        assert_eq!(
            trunk_names(html).unwrap(),
            (
                "license-console-ab12.js".into(),
                "license-console-ab12_bg.wasm".into()
            )
        );
        assert!(trunk_names("<html>").is_err());
    }
}
