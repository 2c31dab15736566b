//! The Content-Security-Policy the built console carries in its `index.html`: only its own files, wasm
//! compilation, Trunk's one inline loader script (by hash), and connections to HTTPS portals — or to a portal
//! on this machine.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy, allowing the inline script whose text is `loader`.
pub fn policy(loader: &str) -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(loader.as_bytes()));
    [
        "default-src 'none'".to_owned(),
        format!("script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'"),
        "style-src 'self'".to_owned(),
        "img-src 'self' data:".to_owned(),
        // A portal on this machine may be plain HTTP. (An IPv6 literal such as [::1] is no valid source: browsers
        // ignore it and report an error.)
        "connect-src 'self' https: http://localhost:* http://127.0.0.1:*".to_owned(),
        "form-action 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
    ]
    .join("; ")
}

/// Adds the policy to a built `index.html`, after `<meta charset>`; an index with no inline script is an error.
pub fn add_to_index(html: &str) -> Result<String, String> {
    let open = html
        .find("<script type=\"module\">")
        .ok_or("index.html has no inline module script")?;
    let start = open + "<script type=\"module\">".len();
    let end = start
        + html[start..]
            .find("</script>")
            .ok_or("index.html has an unclosed script")?;
    let meta = format!(
        "\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        policy(&html[start..end])
    );
    let anchor = html
        .find("<meta charset=\"utf-8\">")
        .ok_or("index.html has no <meta charset=\"utf-8\">")?
        + "<meta charset=\"utf-8\">".len();
    if html.contains("Content-Security-Policy") {
        return Ok(html.to_owned());
    }
    Ok(format!("{}{meta}{}", &html[..anchor], &html[anchor..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_is_allowed_by_its_hash_and_nothing_else_inline() {
        let html = "<head><meta charset=\"utf-8\"><script type=\"module\">import init from './a.js';</script></head>";
        let with = add_to_index(html).unwrap();
        let hash = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from './a.js';"));
        assert!(with.contains(&format!("'sha256-{hash}'")));
        assert!(with.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(!with.contains("unsafe-inline"));
        assert_eq!(
            add_to_index(&with).unwrap(),
            with,
            "adding twice changes nothing"
        );
        assert!(add_to_index("<head><meta charset=\"utf-8\"></head>").is_err());
    }
}
