//! The one error type, the one place that decides what a portal answer means, and the words for a person.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::input::InputError;
use super::lenient::{self, Number, Object, Strings, Text};
use super::watched;

/// Everything that can go wrong between the console and the portal. `title` and `advice` are the words for a
/// person; `detail` keeps the technical evidence for whoever has to dig further.
#[derive(Clone, Debug, PartialEq)]
pub enum PortalError {
    /// A mistake in what was typed or picked, found before anything was sent.
    Invalid(InputError),
    /// The URL typed on the sign-in screen can't be a portal URL.
    InvalidUrl(String),
    /// A password would travel unencrypted to a portal on another machine.
    InsecurePassword,
    /// 498 or 499: the token is missing, invalid or expired.
    SessionExpired { code: i64, message: String },
    /// 403: signed in, but not allowed to do this.
    Forbidden { message: String },
    /// The portal answered with an error body of another kind (bad input, wrong credentials, a failed operation).
    Rejected {
        code: Option<i64>,
        message: String,
        details: Vec<String>,
    },
    /// A non-2xx status without a portal error body: a web adaptor, proxy or load balancer answered.
    Http { status: u16, snippet: String },
    /// A page (usually HTML: a sign-in or proxy page) arrived where JSON was asked for.
    NotJson { status: u16, snippet: String },
    /// An empty answer.
    Empty { status: u16 },
    /// JSON that stops part way: the connection was cut or a proxy truncated it.
    Truncated { detail: String },
    /// JSON of a shape this request never returns.
    Unexpected { detail: String },
    /// The request never got an answer the browser would show: the portal is unreachable, or it refused this
    /// console's origin (browsers hide which). `cross_origin` says whether CORS could be the cause.
    Network { detail: String, cross_origin: bool },
    /// The portal answered with a redirect. It is not followed: the request carries a password or token, and
    /// browsers do not tell a page where a redirect leads, so only the address that redirected is known.
    Redirected { from: String },
    /// No answer within the time limit.
    Timeout { seconds: u32 },
    /// The screen that asked went away, or a newer request replaced this one.
    Cancelled,
}

impl PortalError {
    pub fn is_session_expired(&self) -> bool {
        matches!(self, PortalError::SessionExpired { .. })
    }

    /// One line saying what happened.
    pub fn title(&self) -> String {
        match self {
            PortalError::Invalid(mistake) => mistake.words(),
            PortalError::InvalidUrl(why) => why.clone(),
            PortalError::InsecurePassword => "The password was not sent: this portal URL is not HTTPS.".into(),
            PortalError::SessionExpired { .. } => "Your session with the portal has ended.".into(),
            PortalError::Forbidden { .. } => "Your account is not allowed to do this.".into(),
            PortalError::Rejected { message, .. } => format!("The portal refused the request: {message}"),
            PortalError::Http { status, .. } => format!("The portal's web server answered with HTTP {status}."),
            PortalError::NotJson { .. } => "The portal sent a web page instead of data.".into(),
            PortalError::Empty { .. } => "The portal sent an empty answer.".into(),
            PortalError::Truncated { .. } => "The portal's answer was cut off part way.".into(),
            PortalError::Unexpected { .. } => "The portal's answer was not what this request returns.".into(),
            PortalError::Network { cross_origin: true, .. } => {
                "The portal could not be reached, or it refused requests from this console's address.".into()
            }
            PortalError::Network { .. } => "The portal could not be reached.".into(),
            PortalError::Redirected { from } => format!("{from} answered with a redirect to another address; the console does not follow it with your password or token."),
            PortalError::Timeout { seconds } => format!("The portal did not answer within {seconds} seconds."),
            PortalError::Cancelled => "The request was cancelled.".into(),
        }
    }

    /// One line with the evidence where it adds to the title: a per-item result, a line in a record.
    pub fn summary(&self) -> String {
        let (title, detail) = (self.title(), self.detail());
        if title.contains(&detail) {
            title
        } else {
            format!("{title} {detail}")
        }
    }

    /// What the administrator can do about it.
    pub fn advice(&self) -> String {
        match self {
            PortalError::Invalid(_) => "Nothing was sent to the portal.".into(),
            PortalError::InvalidUrl(_) => "Check the portal URL.".into(),
            PortalError::InsecurePassword => "Use the portal's https:// address. Plain HTTP is accepted only for a portal on this computer (localhost).".into(),
            PortalError::SessionExpired { .. } => "Sign in again; what you typed is kept.".into(),
            PortalError::Forbidden { .. } => "Sign in with an administrator account, or ask an administrator for the privilege.".into(),
            PortalError::Rejected { .. } => "Check the values you entered and try again.".into(),
            PortalError::Http { status, .. } if *status >= 500 => "The portal or its web adaptor may be restarting or overloaded. Try again in a minute; if it persists, check the portal's logs.".into(),
            PortalError::Http { .. } => "Check the portal URL: this path may not exist on the portal.".into(),
            PortalError::NotJson { .. } => "A proxy or single sign-on page may be in front of the portal, or the URL may not point at a portal. Check the URL, or sign in through the proxy first.".into(),
            PortalError::Empty { .. } | PortalError::Truncated { .. } => "Try again. If it keeps happening, a proxy between you and the portal may be cutting answers short.".into(),
            PortalError::Unexpected { .. } => "Check that the URL points at the portal's base address (https://host/<context>).".into(),
            PortalError::Network { cross_origin: true, .. } => "Check the portal URL and that the portal is running. If it is, add this console's address to the portal's Allow Origins list (Organization > Settings > Security), or host the console beside the portal on the same server.".into(),
            PortalError::Network { .. } => "Check the portal URL, your network connection, and that the portal is running.".into(),
            PortalError::Redirected { .. } => "Use the portal's final address: open the portal URL in a browser tab, and sign in here with the https://host/<context> address it ends up at.".into(),
            PortalError::Timeout { .. } => "The portal may be busy. Try again; the operation may or may not have taken effect, so check the result before repeating a change.".into(),
            PortalError::Cancelled => "Nothing to do: it was stopped on purpose.".into(),
        }
    }

    /// The technical evidence: codes, the portal's own messages, the start of a page that arrived.
    pub fn detail(&self) -> String {
        match self {
            PortalError::Invalid(_)
            | PortalError::InvalidUrl(_)
            | PortalError::InsecurePassword => String::new(),
            PortalError::SessionExpired { code, message } => format!("code {code}: {message}"),
            PortalError::Forbidden { message } => format!("code 403: {message}"),
            PortalError::Rejected {
                code,
                message,
                details,
            } => {
                let code = code.map(|c| format!("code {c}: ")).unwrap_or_default();
                let details = if details.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", details.join("; "))
                };
                format!("{code}{message}{details}")
            }
            PortalError::Http { status, snippet } | PortalError::NotJson { status, snippet } => {
                format!("HTTP {status}: {snippet}")
            }
            PortalError::Empty { status } => format!("HTTP {status}, no body"),
            PortalError::Truncated { detail }
            | PortalError::Unexpected { detail }
            | PortalError::Network { detail, .. } => detail.clone(),
            PortalError::Redirected { from } => format!("HTTP 3xx from {from}, not followed"),
            PortalError::Timeout { seconds } => format!("aborted after {seconds} s"),
            PortalError::Cancelled => String::new(),
        }
    }
}

impl From<InputError> for PortalError {
    fn from(mistake: InputError) -> Self {
        PortalError::Invalid(mistake)
    }
}

/// How much of an unexpected body is kept as evidence.
const SNIPPET_CHARS: usize = 300;

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    evidence(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// What is kept of a portal's text as evidence: its first `SNIPPET_CHARS` characters (never cut inside one),
/// with "…" where more followed.
pub(crate) fn evidence(text: &str) -> String {
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The body without surrounding white space; an empty one is an error.
fn not_empty(status: u16, body: &[u8]) -> Result<&[u8], PortalError> {
    let trimmed = body.trim_ascii();
    if !trimmed.is_empty() {
        return Ok(trimmed);
    }
    Err(if (200..300).contains(&status) {
        PortalError::Empty { status }
    } else {
        PortalError::Http {
            status,
            snippet: String::new(),
        }
    })
}

/// The answer as text for the JSON reader. Checked as UTF-8 once, the reader need not check each string as it reads
/// it (8 % of decoding History's answers in a profile); bytes that are not UTF-8 read as U+FFFD, as a browser
/// shows them.
fn as_text(trimmed: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(trimmed) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(trimmed),
    }
}

/// What a body that is not JSON means: cut off, an HTTP error page, broken JSON, or a page instead of JSON.
fn not_json(status: u16, trimmed: &[u8], err: serde_json::Error) -> PortalError {
    let looks_like_json = matches!(trimmed.first(), Some(b'{' | b'['));
    if looks_like_json && err.is_eof() {
        PortalError::Truncated {
            detail: format!("HTTP {status}: {err}"),
        }
    } else if !(200..300).contains(&status) {
        PortalError::Http {
            status,
            snippet: snippet(trimmed),
        }
    } else if looks_like_json {
        PortalError::Unexpected {
            detail: format!("malformed JSON: {err}"),
        }
    } else {
        PortalError::NotJson {
            status,
            snippet: snippet(trimmed),
        }
    }
}

/// A portal's own error, in either of its shapes: `{"error":{code,message,details}}` (sharing API) and
/// `{"status":"error","messages":[...],"code":N}` (admin APIs).
#[derive(Default, Deserialize)]
#[serde(default)]
struct PortalErrorFields {
    error: Object<SharingError>,
    status: Text,
    messages: Strings,
    code: Number,
}

impl PortalErrorFields {
    /// Its fields' names, as the answer has them.
    const NAMES: &'static [&'static str] = &["error", "status", "messages", "code"];
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct SharingError {
    message: Text,
    code: Number,
    details: Strings,
}

impl PortalErrorFields {
    fn check(self) -> Result<(), PortalError> {
        if let Some(error) = self.error.0 {
            let message = error.message.0.unwrap_or_else(|| "no message".into());
            return Err(error_for_code(
                error.code.millis(),
                message,
                error.details.0,
            ));
        }
        if self.status.0.as_deref() != Some("error") {
            return Ok(());
        }
        let mut messages = self.messages.0.into_iter();
        let message = messages.next().unwrap_or_else(|| "no message".into());
        let code = self
            .code
            .millis()
            .or_else(|| token_code_from_message(&message));
        Err(error_for_code(code, message, messages.collect()))
    }
}

/// The portal's error in an answer, then the HTTP status: the checks every answer passes before it is decoded.
fn check_answer(
    status: u16,
    trimmed: &[u8],
    errors: Option<PortalErrorFields>,
) -> Result<(), PortalError> {
    errors.map_or(Ok(()), PortalErrorFields::check)?;
    if !(200..300).contains(&status) {
        return Err(PortalError::Http {
            status,
            snippet: snippet(trimmed),
        });
    }
    Ok(())
}

/// Turns an HTTP answer into the JSON it carries, or the error it means. Portal errors usually come with
/// HTTP 200 (`PortalErrorFields`).
pub fn classify_response(status: u16, body: &[u8]) -> Result<Value, PortalError> {
    let trimmed = not_empty(status, body)?;
    let value: Value =
        serde_json::from_str(&as_text(trimmed)).map_err(|err| not_json(status, trimmed, err))?;
    check_answer(status, trimmed, lenient::from_value(&value))?;
    Ok(value)
}

/// Turns an HTTP answer into `T`, decoded straight from its bytes, or the error it means, as
/// [`classify_response`] does; `None` when the answer is JSON but not an object. A success status's answer is read
/// once: `T` and the portal's error fields together.
pub fn classify_typed<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
) -> Result<Option<T>, PortalError> {
    let trimmed = not_empty(status, body)?;
    if !(200..300).contains(&status) {
        // Nothing of `T` is wanted: the portal's error if it sent one, else the status.
        let errors = lenient::from_slice(trimmed).map_err(|err| not_json(status, trimmed, err))?;
        check_answer(status, trimmed, errors)?;
    }
    let (decoded, seen) = watched::from_str_watching(&as_text(trimmed), PortalErrorFields::NAMES);
    // Bytes that are not JSON say so before anything they seemed to hold.
    let decoded = match decoded {
        Err(err) if !err.is_data() => return Err(not_json(status, trimmed, err)),
        decoded => decoded,
    };
    let errors = lenient::from_value::<PortalErrorFields>(&Value::Object(seen));
    check_answer(status, trimmed, errors)?;
    decoded.map_err(|err| not_json(status, trimmed, err))
}

fn error_for_code(code: Option<i64>, message: String, details: Vec<String>) -> PortalError {
    match code {
        Some(code @ (498 | 499)) => PortalError::SessionExpired { code, message },
        Some(403) => PortalError::Forbidden { message },
        code => PortalError::Rejected {
            code,
            message,
            details,
        },
    }
}

/// Some admin error bodies name a token problem only in words.
fn token_code_from_message(message: &str) -> Option<i64> {
    let lower = message.to_ascii_lowercase();
    if lower.contains("token not found") || lower.contains("token required") {
        Some(499)
    } else if lower.contains("invalid token")
        || lower.contains("token expired")
        || lower.contains("token has expired")
    {
        Some(498)
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
