//! Brotli and gzip copies of every text and wasm file in `dist/`, written beside each (`x.wasm.br`, `x.wasm.gz`),
//! so that a web server sends them as they are instead of compressing on every request (nginx `brotli_static` and
//! `gzip_static`, IIS static compression, the demo portal). Trunk does not write these; `cargo xtask dist` does.

use std::io::Write;
use std::path::Path;

use crate::exec::Failure;

/// The files worth compressing: everything the browser fetches but images.
const COMPRESSED: [&str; 6] = ["html", "js", "css", "wasm", "json", "svg"];

fn io(path: &Path) -> impl Fn(std::io::Error) -> Failure + '_ {
    move |e| Failure(format!("{}: {e}", path.display()))
}

/// Writes `.br` and `.gz` beside each file of `dir` (and below) whose extension is in `COMPRESSED`.
pub fn write_beside(dir: &Path) -> Result<(), Failure> {
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            write_beside(&path)?;
            continue;
        }
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSED.contains(&e));
        if !wanted {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let with = |suffix: &str| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            std::path::PathBuf::from(name)
        };
        let br = with(".br");
        std::fs::write(&br, brotli_of(&bytes)).map_err(io(&br))?;
        let gz = with(".gz");
        std::fs::write(&gz, gzip_of(&bytes)).map_err(io(&gz))?;
    }
    Ok(())
}

fn brotli_of(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("compressing in memory");
    out
}

fn gzip_of(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("compressing in memory");
    encoder.finish().expect("compressing in memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn copies_decompress_to_the_original_and_images_are_left_alone() {
        let dir = std::env::temp_dir().join(format!("precompress-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("snippets")).unwrap();
        let script = "export function f() { return 'license'; }\n".repeat(50);
        std::fs::write(dir.join("snippets/a.js"), &script).unwrap();
        std::fs::write(dir.join("logo.png"), [0u8; 10]).unwrap();
        write_beside(&dir).unwrap();

        let mut unbrotli = Vec::new();
        brotli::BrotliDecompress(
            &mut std::fs::File::open(dir.join("snippets/a.js.br")).unwrap(),
            &mut unbrotli,
        )
        .unwrap();
        assert_eq!(unbrotli, script.as_bytes());
        let mut ungzip = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(dir.join("snippets/a.js.gz")).unwrap())
            .read_to_string(&mut ungzip)
            .unwrap();
        assert_eq!(ungzip, script);
        assert!(!dir.join("logo.png.br").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
