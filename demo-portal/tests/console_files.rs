//! The console's files as the demo portal serves them: the precompressed copy a browser accepts, with
//! `Content-Encoding` and the original's type.

mod common;

use common::*;
use demo_portal::Config;

#[tokio::test]
async fn precompressed_copies_go_to_browsers_that_accept_them() {
    let dist = std::env::temp_dir().join(format!("demo-portal-dist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist).unwrap();
    let wasm = b"\0asm\x01\0\0\0 the console".to_vec();
    std::fs::write(dist.join("console_bg.wasm"), &wasm).unwrap();
    std::fs::write(dist.join("console_bg.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(dist.join("console_bg.wasm.gz"), b"gzip bytes").unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!DOCTYPE html><title>License Console</title>",
    )
    .unwrap();
    let (running, client) = portal(Config {
        dist: Some(dist.clone()),
        ..Config::default()
    })
    .await;
    let fetch = |path: &str, accept: Option<&str>| {
        let mut request = client.get(running.url(path));
        if let Some(accept) = accept {
            request = request.header("Accept-Encoding", accept);
        }
        async move {
            let response = request.send().await.unwrap();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            let (encoding, kind) = (header("content-encoding"), header("content-type"));
            (encoding, kind, response.bytes().await.unwrap().to_vec())
        }
    };
    let wasm_type = Some("application/wasm".to_owned());
    assert_eq!(
        fetch("/console/console_bg.wasm", Some("gzip, deflate, br")).await,
        (
            Some("br".into()),
            wasm_type.clone(),
            b"brotli bytes".to_vec()
        )
    );
    assert_eq!(
        fetch("/console/console_bg.wasm", Some("gzip")).await,
        (
            Some("gzip".into()),
            wasm_type.clone(),
            b"gzip bytes".to_vec()
        )
    );
    assert_eq!(
        fetch("/console/console_bg.wasm", None).await,
        (None, wasm_type, wasm)
    );
    let (encoding, _, page) = fetch("/console/", Some("br")).await;
    assert_eq!(
        encoding, None,
        "no copy of index.html here: it is sent as it is"
    );
    assert!(String::from_utf8(page).unwrap().contains("License Console"));
    std::fs::remove_dir_all(&dist).unwrap();
}
