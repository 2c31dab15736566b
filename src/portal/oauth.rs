//! OAuth 2.0 sign-in with PKCE (RFC 7636), as ArcGIS REST JS does it in browsers: the console redirects to
//! `oauth2/authorize` with a S256 challenge, comes back with a code, and exchanges it with the verifier.

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::endpoints::PortalUrl;
use super::error::PortalError;
use super::json;
use super::request::{encode_form, Field, Request};
use super::TOKEN_MINUTES;

/// Base64url without padding (RFC 4648 §5), as PKCE and `state` use it.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The S256 `code_challenge` of a verifier.
pub fn pkce_challenge(verifier: &str) -> String {
    base64url(&Sha256::digest(verifier.as_bytes()))
}

/// Where the browser goes to sign in.
pub fn authorize_url(
    portal: &PortalUrl,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    verifier: &str,
) -> String {
    let query = encode_form([
        ("client_id", client_id),
        ("response_type", "code"),
        ("redirect_uri", redirect_uri),
        ("state", state),
        ("code_challenge", &pkce_challenge(verifier)),
        ("code_challenge_method", "S256"),
        ("expiration", &TOKEN_MINUTES.to_string()),
    ]);
    format!("{}?{query}", portal.sharing("oauth2/authorize"))
}

/// `code` and `state` from the query string the portal redirected back with, or the error it sent instead.
pub fn redirect_result(query: &str) -> Option<Result<(String, String), PortalError>> {
    let pairs: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode_component(k), decode_component(v)))
        .collect();
    let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    if let Some(error) = get("error") {
        let message = get("error_description").unwrap_or_else(|| error.clone());
        return Some(Err(PortalError::Rejected {
            code: None,
            message,
            details: vec![error],
        }));
    }
    Some(Ok((get("code")?, get("state").unwrap_or_default())))
}

fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'+', _) => out.push(b' '),
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 2;
            }
            (byte, _) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl<F> Request<F> {
    /// Exchanges an authorization code, proving possession of the verifier.
    pub(super) fn oauth_code(
        url: &PortalUrl,
        client_id: &str,
        redirect_uri: &str,
        code: &str,
        verifier: &str,
    ) -> Self {
        let fields = [
            ("client_id", client_id),
            ("grant_type", "authorization_code"),
            ("redirect_uri", redirect_uri),
            ("code", code),
            ("code_verifier", verifier),
        ];
        Self::new(
            url.sharing("oauth2/token"),
            fields.map(|(k, v)| (k, Field::Text(v.into()))).into(),
        )
    }

    pub(super) fn oauth_refresh(url: &PortalUrl, client_id: &str, refresh_token: &str) -> Self {
        let fields = [
            ("client_id", client_id),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ];
        Self::new(
            url.sharing("oauth2/token"),
            fields.map(|(k, v)| (k, Field::Text(v.into()))).into(),
        )
    }
}

/// What `oauth2/token` grants.
#[derive(Clone, Debug, PartialEq)]
pub struct OAuthToken {
    pub access_token: String,
    pub expires_in_seconds: i64,
    pub username: Option<String>,
    pub refresh_token: Option<String>,
}

pub fn decode_oauth_token(v: &Value) -> Result<OAuthToken, PortalError> {
    // oauth2/token errors carry `error` as an object with `error_description`: classify_response already
    // turned them into PortalError; here only the success shape is read.
    let access_token = json::text(v, "access_token").ok_or_else(|| PortalError::Unexpected {
        detail: "oauth2/token answered without an access_token".into(),
    })?;
    Ok(OAuthToken {
        access_token,
        expires_in_seconds: json::millis(v, "expires_in").unwrap_or(1800),
        username: json::text(v, "username"),
        refresh_token: json::text(v, "refresh_token"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfc_7636_appendix_b() {
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        let verifier_bytes = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        assert_eq!(
            base64url(&verifier_bytes),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
    }

    #[test]
    fn base64url_edges() {
        assert_eq!(base64url(b""), "");
        assert_eq!(base64url(b"f"), "Zg");
        assert_eq!(base64url(b"fo"), "Zm8");
        assert_eq!(base64url(b"foo"), "Zm9v");
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn authorize_url_carries_the_challenge() {
        let portal = PortalUrl::parse("https://gis.example.com/portal").unwrap();
        let url = authorize_url(
            &portal,
            "app1",
            "https://tools.example.com/console/",
            "st",
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        );
        assert!(url.starts_with("https://gis.example.com/portal/sharing/rest/oauth2/authorize?client_id=app1&response_type=code"));
        assert!(url.contains("&redirect_uri=https%3A%2F%2Ftools.example.com%2Fconsole%2F&state=st&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"));
    }

    #[test]
    fn redirect_back_with_code_or_error() {
        assert_eq!(
            redirect_result("?code=abc&state=s+t%26ate"),
            Some(Ok(("abc".into(), "s t&ate".into())))
        );
        assert!(matches!(
            redirect_result("?error=access_denied&error_description=User+denied"),
            Some(Err(PortalError::Rejected { .. }))
        ));
        assert_eq!(redirect_result(""), None);
        assert_eq!(
            redirect_result("?x=%zz&code=1"),
            Some(Ok(("1".into(), String::new())))
        );
    }

    #[test]
    fn token_exchange_requests_and_answers() {
        let portal = PortalUrl::parse("https://gis.example.com/portal").unwrap();
        let request: Request<()> =
            Request::oauth_code(&portal, "app1", "https://c/", "thecode", "v").signed(None);
        assert_eq!(
            request.url,
            "https://gis.example.com/portal/sharing/rest/oauth2/token"
        );
        assert_eq!(request.form_body().unwrap(), "client_id=app1&grant_type=authorization_code&redirect_uri=https%3A%2F%2Fc%2F&code=thecode&code_verifier=v&f=json");
        let token = decode_oauth_token(&json!({"access_token": "t", "expires_in": 1800, "username": "admin", "refresh_token": "r"})).unwrap();
        assert_eq!(token.refresh_token.as_deref(), Some("r"));
        assert!(decode_oauth_token(&json!({"expires_in": 1})).is_err());
    }
}
