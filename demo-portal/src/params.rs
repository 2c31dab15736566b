//! Request parameters as a portal reads them: the query string, and a form-urlencoded or multipart body.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, Method};

/// The largest license or authorization file accepted; real ones are a few kilobytes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

pub struct Upload {
    pub field: String,
    pub file_name: String,
    pub bytes: Bytes,
}

pub struct Params {
    pub method: Method,
    query: HashMap<String, String>,
    body: HashMap<String, String>,
    pub files: Vec<Upload>,
    /// A file part went over `MAX_FILE_BYTES`; its content was dropped.
    pub oversized_file: Option<String>,
    /// The body was multipart but could not be read.
    pub malformed_body: bool,
    pub referer: Option<String>,
    pub origin: Option<String>,
}

impl Params {
    /// A parameter from the body, else from the query string.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.body
            .get(key)
            .or_else(|| self.query.get(key))
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// The admin APIs read a POST's token from its body only; a GET's from the query.
    pub fn token(&self) -> Option<&str> {
        let source = if self.method == Method::POST {
            &self.body
        } else {
            &self.query
        };
        source
            .get("token")
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    pub fn file(&self, field: &str) -> Option<&Upload> {
        self.files.iter().find(|upload| upload.field == field)
    }

    /// `f=json` or `f=pjson`; anything else is the HTML default.
    pub fn wants_json(&self) -> bool {
        matches!(self.get("f"), Some("json" | "pjson"))
    }

    pub fn pretty(&self) -> bool {
        self.get("f") == Some("pjson")
    }
}

fn parse_pairs(bytes: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(bytes).into_owned().collect()
}

impl<S: Send + Sync> FromRequest<S> for Params {
    type Rejection = std::convert::Infallible;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = req.headers().clone();
        let header_text = |name| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let mut params = Params {
            method: req.method().clone(),
            query: parse_pairs(req.uri().query().unwrap_or_default().as_bytes()),
            body: HashMap::new(),
            files: Vec::new(),
            oversized_file: None,
            malformed_body: false,
            referer: header_text(header::REFERER),
            origin: header_text(header::ORIGIN),
        };
        let content_type = header_text(header::CONTENT_TYPE)
            .unwrap_or_default()
            .to_ascii_lowercase();
        drop(headers);
        if content_type.starts_with("multipart/form-data") {
            match Multipart::from_request(req, state).await {
                Ok(multipart) => read_multipart(multipart, &mut params).await,
                Err(_) => params.malformed_body = true,
            }
        } else if let Ok(bytes) = Bytes::from_request(req, state).await {
            // Browsers send forms as x-www-form-urlencoded; a body without a content type is read the same way.
            if !content_type.starts_with("application/json") {
                params.body = parse_pairs(&bytes);
            }
        }
        Ok(params)
    }
}

async fn read_multipart(mut multipart: Multipart, params: &mut Params) {
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return,
            Err(_) => {
                params.malformed_body = true;
                return;
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let Some(file_name) = field.file_name().map(str::to_owned) else {
            match field.text().await {
                Ok(text) => {
                    params.body.insert(name, text);
                }
                Err(_) => params.malformed_body = true,
            }
            continue;
        };
        let mut content = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) if content.len() + chunk.len() <= MAX_FILE_BYTES => {
                    content.extend_from_slice(&chunk)
                }
                Ok(Some(_)) => {
                    params.oversized_file = Some(file_name.clone());
                    content.clear();
                    // Drain the rest of this part so the remaining fields can still be read.
                    while let Ok(Some(_)) = field.chunk().await {}
                    break;
                }
                Ok(None) => break,
                Err(_) => {
                    params.malformed_body = true;
                    return;
                }
            }
        }
        if params.oversized_file.as_deref() != Some(file_name.as_str()) {
            params.files.push(Upload {
                field: name,
                file_name,
                bytes: Bytes::from(content),
            });
        }
    }
}
