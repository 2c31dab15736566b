//! The Content-Security-Policy of the built console, which `cargo xtask dist` writes into its `index.html` (a
//! `<meta>`: Trunk has no place for it): only its own files, wasm compilation, and connections to HTTPS portals
//! — or to a portal on this machine. The page has no inline script (Trunk.toml names the code in a `<meta>` and
//! `web/start.js` loads it), so the policy needs no hashes and is the same for every build. The hosting examples
//! in `deploy/` send it as a header, narrowed to a portal on the same origin and with `frame-ancestors`, which
//! a `<meta>` cannot set.

/// Every directive but the connections and framing.
const COMMON: [&str; 6] = [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "form-action 'none'",
    "base-uri 'none'",
];

/// The policy in the page: any HTTPS portal, or a plain-HTTP one on this machine. (An IPv6 literal such as
/// [::1] is no valid source: browsers ignore it and report an error.)
pub fn policy() -> String {
    let mut directives = COMMON.to_vec();
    directives.push("connect-src 'self' https: http://localhost:* http://127.0.0.1:*");
    directives.join("; ")
}

/// The header `deploy/nginx.conf` and `deploy/web.config` send: the portal beside the console, no framing.
#[cfg(test)]
fn hosted_policy() -> String {
    let mut directives = COMMON.to_vec();
    directives.extend(["connect-src 'self'", "frame-ancestors 'none'"]);
    directives.join("; ")
}

/// Adds the policy to a built `index.html`, after `<meta charset>`. An inline script is an error: the policy
/// would block it.
pub fn add_to_index(html: &str) -> Result<String, String> {
    if html.contains("Content-Security-Policy") {
        return Ok(html.to_owned());
    }
    if html.split("<script").skip(1).any(|tag| {
        let open = &tag[..tag.find('>').unwrap_or(tag.len())];
        !open.contains("src=")
    }) {
        return Err(
            "index.html has an inline script, which its Content-Security-Policy would block".into(),
        );
    }
    let charset = "<meta charset=\"utf-8\">";
    let anchor = html
        .find(charset)
        .ok_or("index.html has no <meta charset=\"utf-8\">")?
        + charset.len();
    let meta = format!(
        "\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        policy()
    );
    Ok(format!("{}{meta}{}", &html[..anchor], &html[anchor..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_goes_in_once_and_refuses_inline_scripts() {
        let html = "<head><meta charset=\"utf-8\"><script src=\"./start-1.js\"></script></head>";
        let with = add_to_index(html).unwrap();
        assert!(with.contains("script-src 'self' 'wasm-unsafe-eval'; "));
        assert!(!with.contains("unsafe-inline"));
        assert_eq!(
            add_to_index(&with).unwrap(),
            with,
            "adding twice changes nothing"
        );
        let inline = "<head><meta charset=\"utf-8\"><script type=\"module\">import('./a.js')</script></head>";
        assert!(add_to_index(inline).is_err());
        assert!(add_to_index("<head></head>").is_err());
    }

    #[test]
    fn the_hosting_examples_send_the_hosted_policy() {
        let hosted = hosted_policy();
        for file in ["deploy/nginx.conf", "deploy/web.config"] {
            let text = std::fs::read_to_string(crate::tools::root().join(file)).unwrap();
            assert!(text.contains(&hosted), "{file} sends {hosted}");
        }
        assert_eq!(
            hosted.replace("connect-src 'self'; frame-ancestors 'none'", ""),
            policy().replace(
                "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
                ""
            ),
            "the same policy but for connections and framing"
        );
    }
}
