//! `config.json` beside `index.html` (optional): presets for the sign-in screen.

/// What the hosting administrator preset.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConsoleConfig {
    /// The portal URL offered on the sign-in screen; a path (`/portal`) is taken on the console's own origin.
    pub portal_url: Option<String>,
}

impl ConsoleConfig {
    /// Reads the file's text; anything unreadable counts as no presets.
    pub fn parse(text: &str, own_origin: &str) -> Self {
        let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let portal_url = value
            .get("portalUrl")
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|url| {
                if url.starts_with('/') {
                    format!("{own_origin}{url}")
                } else {
                    url.to_owned()
                }
            });
        Self { portal_url }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_relative_portal_urls() {
        let origin = "https://gis.example.com";
        assert_eq!(
            ConsoleConfig::parse(r#"{"portalUrl":"/portal"}"#, origin)
                .portal_url
                .unwrap(),
            "https://gis.example.com/portal"
        );
        assert_eq!(
            ConsoleConfig::parse(r#"{"portalUrl":"https://other/arcgis"}"#, origin)
                .portal_url
                .unwrap(),
            "https://other/arcgis"
        );
        assert_eq!(
            ConsoleConfig::parse("<html>404</html>", origin),
            ConsoleConfig::default()
        );
        assert_eq!(
            ConsoleConfig::parse(r#"{"portalUrl":7}"#, origin),
            ConsoleConfig::default()
        );
    }
}
