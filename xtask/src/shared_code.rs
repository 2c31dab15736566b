//! The splitter's small files of shared code made one. It writes a file for every set of screens that share some
//! code — 34 for the console's seven screens, most under 1 KB — and a screen's first opening fetched up to 20 of
//! them, six at a time over HTTP/1.1. The small ones are merged into one file, fetched with the first screen that
//! needs any of them; the large ones stay apart, so no screen fetches a large file it does not need.

use std::path::{Path, PathBuf};

use crate::exec::Failure;
use crate::merge_wasm;

/// A shared file smaller than this (bytes of optimised wasm) is merged.
const SMALL: u64 = 4096;
/// The merged file's name, before its content hash.
const MERGED: &str = "chunk_shared";

fn stem(path: &Path) -> String {
    path.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Merges the small shared files among `modules` (in `work`) and rewrites `loader` to fetch the merged file in
/// their place; the modules to publish.
pub fn merge_small(
    modules: &[PathBuf],
    work: &Path,
    loader: &str,
) -> Result<(Vec<PathBuf>, String), Failure> {
    let size = |path: &PathBuf| std::fs::metadata(path).map(|m| m.len()).unwrap_or(u64::MAX);
    let (small, mut kept): (Vec<PathBuf>, Vec<PathBuf>) = modules
        .iter()
        .cloned()
        .partition(|path| stem(path).starts_with("chunk_") && size(path) < SMALL);
    if small.len() < 2 {
        return Ok((modules.to_vec(), loader.to_owned()));
    }
    let wasm = small
        .iter()
        .map(|path| std::fs::read(path).map_err(|e| Failure(format!("{}: {e}", path.display()))))
        .collect::<Result<Vec<_>, _>>()?;
    let merged = work.join(format!("{MERGED}.wasm"));
    std::fs::write(&merged, merge_wasm::merge(&wasm)?)
        .map_err(|e| Failure(format!("{}: {e}", merged.display())))?;
    let names: Vec<String> = small.iter().map(|path| stem(path)).collect();
    let loader = relink(loader, &names)?;
    kept.push(merged);
    Ok((kept, loader))
}

/// `loader` with the loads of the files `merged` (`chunk_8`, …) made one load of [`MERGED`]: the first one's block
/// kept under the new name, the others' taken out, and every list of what a screen needs naming it once in their
/// place. The splitter writes a block per file: a comment, `const __chunk_N = makeLoad(() => {`, the fetch of
/// `./chunk_N.wasm`, and `, [...]);` closing it.
fn relink(loader: &str, merged: &[String]) -> Result<String, Failure> {
    let var = |name: &str| format!("__{name}");
    let merged_vars: Vec<String> = merged.iter().map(|n| var(n)).collect();
    let mut out: Vec<String> = Vec::new();
    let mut found = 0;
    let mut lines = loader.lines();
    let mut first = true;
    while let Some(line) = lines.next() {
        let block_of = merged
            .iter()
            .find(|name| line.trim_start() == format!("const {} = makeLoad(() => {{", var(name)));
        if let Some(name) = block_of {
            found += 1;
            if out.last().is_some_and(|l| l.starts_with("/*")) {
                out.pop();
            }
            let mut block = vec![line.to_owned()];
            for rest in lines.by_ref() {
                block.push(rest.to_owned());
                if rest.starts_with(", [") {
                    break;
                }
            }
            if first {
                first = false;
                out.push("/* code several screens share, small files merged */".into());
                out.extend(block.into_iter().map(|l| {
                    l.replace(&var(name), &var(MERGED)).replace(
                        &format!("\"./{name}.wasm\""),
                        &format!("\"./{MERGED}.wasm\""),
                    )
                }));
            }
            continue;
        }
        out.push(match line.strip_prefix(", [") {
            Some(rest) => {
                let (list, tail) = rest.split_once(']').unwrap_or((rest, ""));
                let mut needs: Vec<String> = Vec::new();
                for dep in list.split(',').map(str::trim).filter(|d| !d.is_empty()) {
                    let dep = if merged_vars.iter().any(|m| m == dep) {
                        var(MERGED)
                    } else {
                        dep.to_owned()
                    };
                    if !needs.contains(&dep) {
                        needs.push(dep);
                    }
                }
                format!(", [{}]{tail}", needs.join(", "))
            }
            None => line.to_owned(),
        });
    }
    if found != merged.len() {
        return Err(Failure(format!(
            "the split loader loads {found} of the {} files merged: its shape has changed",
            merged.len()
        )));
    }
    Ok(out.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(n: u32, screens: &str) -> String {
        format!(
            "/* {screens} */\nconst __chunk_{n} = makeLoad(() => {{\n    const src = fetch(new URL(\"./chunk_{n}.wasm\", import.meta.url));\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}}\n, []);\n"
        )
    }

    #[test]
    fn the_merged_files_are_loaded_as_one_and_each_screen_names_it_once() {
        let loader = format!(
            "function makeLoad() {{}}\n{}{}{}export const __wasm_split_load_history = wrapAsyncCb(makeLoad(() => {{\n}}\n, [__chunk_8, __chunk_21, __chunk_9]));\nexport const __wasm_split_load_members = wrapAsyncCb(makeLoad(() => {{\n}}\n, [__chunk_21]));\n",
            block(8, "history, members"),
            block(9, "history, release"),
            block(21, "history, members"),
        );
        let linked = relink(&loader, &["chunk_8".into(), "chunk_9".into()]).unwrap();
        assert_eq!(
            linked.matches("makeLoad(() => {\n    const src").count(),
            2,
            "{linked}"
        );
        assert!(linked.contains("fetch(new URL(\"./chunk_shared.wasm\""));
        assert!(linked.contains("fetch(new URL(\"./chunk_21.wasm\""));
        assert!(
            !linked.contains("chunk_8") && !linked.contains("chunk_9"),
            "{linked}"
        );
        assert!(
            linked.contains(", [__chunk_shared, __chunk_21]));"),
            "{linked}"
        );
        assert!(linked.contains(", [__chunk_21]));"), "{linked}");
        assert!(
            linked.find("const __chunk_shared").unwrap()
                < linked.find("__wasm_split_load_history").unwrap(),
            "defined before the lists that name it"
        );
        assert!(
            relink(&loader, &["chunk_8".into(), "chunk_30".into()]).is_err(),
            "a file the loader does not load"
        );
    }
}
