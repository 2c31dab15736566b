//! What the console downloads, from the files `cargo xtask dist` wrote: before the overview is usable (the files the
//! browser fetched on the way to it), everything, and each screen's own code.

use std::path::{Path, PathBuf};

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// The size of `file`'s copy with `suffix` (`""`, `".br"`, `".gz"`).
fn copy_size(file: &Path, suffix: &str) -> u64 {
    let mut name = file.to_owned().into_os_string();
    name.push(suffix);
    size(Path::new(&name))
}

/// Raw, brotli and gzip bytes of `files`, and the brotli bytes of the wasm among them.
fn sizes(files: &[PathBuf]) -> [u64; 4] {
    let with = |suffix: &str| files.iter().map(|f| copy_size(f, suffix)).sum::<u64>();
    let wasm_br = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "wasm"))
        .map(|f| copy_size(f, ".br"))
        .sum();
    [with(""), with(".br"), with(".gz"), wasm_br]
}

/// Bytes of the dist files the console fetched (`urls`), `index.html` included.
pub fn fetched_sizes(dist: &Path, urls: &[String]) -> [u64; 4] {
    let mut files: Vec<PathBuf> = vec![dist.join("index.html")];
    files.extend(
        urls.iter()
            .filter_map(|url| url.split_once("/console/").map(|(_, file)| dist.join(file)))
            .filter(|path| path.is_file()),
    );
    files.sort();
    files.dedup();
    sizes(&files)
}

/// The files a browser can be sent: everything in `dist` but the compressed copies.
fn served(dist: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dist)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .filter(|path| !path.extension().is_some_and(|e| e == "br" || e == "gz"))
        .collect();
    files.sort();
    files
}

/// Bytes of everything the console can download.
pub fn everything(dist: &Path) -> [u64; 4] {
    sizes(&served(dist))
}

/// Brotli bytes of each screen's own file (`split_<screen>-<hash>.wasm`), and of the files of code that several
/// screens share (`chunk_*`), fetched with the first screen that needs them.
pub fn screens(dist: &Path) -> (Vec<(String, u64)>, u64) {
    let files = served(dist);
    let name = |path: &PathBuf| {
        path.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    let own = files
        .iter()
        .filter_map(|path| {
            let file = name(path);
            let screen = file.strip_prefix("split_")?.rsplit_once('-')?.0.to_owned();
            Some((screen, copy_size(path, ".br")))
        })
        .collect();
    let shared = files
        .iter()
        .filter(|path| name(path).starts_with("chunk_"))
        .map(|path| copy_size(path, ".br"))
        .sum();
    (own, shared)
}

/// The report's lines on bytes.
pub fn report(dist: &Path, overview_urls: &[String], before_form: f64) -> String {
    let kb = |bytes: u64| bytes as f64 / 1000.0;
    let [_, overview_br, overview_gz, overview_wasm] = fetched_sizes(dist, overview_urls);
    let [raw, br, gz, wasm_br] = everything(dist);
    let (own, shared) = screens(dist);
    let mut lines = format!(
        "fetched before the form is usable, as served       {:>7.1} KB   (target ≤ 30 KB)\n\
         before the overview is usable after sign-in        {:>7.1} / {:.1} KB brotli / gzip   (target ≤ 160 KB brotli)\n\
         \x20 of which the wasm, brotli                        {:>7.1} KB\n\
         everything the console downloads, brotli / gzip    {:>7.1} / {:.1} KB   (target ≤ 250 KB brotli)\n\
         \x20 of which the wasm, brotli                        {:>7.1} KB   (uncompressed, all files: {:.1} KB)\n\
         each screen's own code, brotli, fetched when first opened:\n",
        before_form / 1000.0,
        kb(overview_br),
        kb(overview_gz),
        kb(overview_wasm),
        kb(br),
        kb(gz),
        kb(wasm_br),
        kb(raw),
    );
    for (screen, bytes) in own {
        lines.push_str(&format!("\x20 {screen:<47}{:>7.1} KB\n", kb(bytes)));
    }
    lines.push_str(&format!(
        "\x20 code shared by several screens (with the first) {:>7.1} KB\n",
        kb(shared)
    ));
    lines
}
