//! `config.json` beside `index.html` (optional): presets for the sign-in screen, set by whoever hosts the
//! console. Also the list of recently used portals.

/// What the hosting administrator preset.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsoleConfig {
    /// The portal URL offered on the sign-in screen; a path (`/portal`) is taken on the console's own origin.
    pub portal_url: Option<String>,
    /// The client id of an app registered on the portal: enables "Sign in with ArcGIS" (OAuth 2.0).
    pub oauth_client_id: Option<String>,
    /// `false` locks the sign-in screen to the preset portal.
    pub allow_portal_change: bool,
}

impl Default for ConsoleConfig {
    fn default() -> Self {
        Self {
            portal_url: None,
            oauth_client_id: None,
            allow_portal_change: true,
        }
    }
}

impl ConsoleConfig {
    /// Reads the file's text; anything unreadable counts as no presets.
    pub fn parse(text: &str, own_origin: &str) -> Self {
        let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        let text = |key: &str| {
            value
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let portal_url = text("portalUrl").map(|url| {
            if url.starts_with('/') {
                format!("{own_origin}{url}")
            } else {
                url.to_owned()
            }
        });
        let allow_portal_change = portal_url.is_none()
            || value
                .get("allowPortalChange")
                .and_then(|v| v.as_bool())
                .unwrap_or(true);
        Self {
            portal_url,
            oauth_client_id: text("oauthClientId").map(str::to_owned),
            allow_portal_change,
        }
    }
}

/// How many recently used portal URLs the sign-in screen offers.
pub const RECENT_PORTALS: usize = 5;

/// Puts `url` first in the recent list, without duplicates, keeping the newest few.
pub fn remember_portal(recent: &[String], url: &str) -> Vec<String> {
    std::iter::once(url.to_owned())
        .chain(recent.iter().filter(|u| u.as_str() != url).cloned())
        .take(RECENT_PORTALS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_relative_portal_urls() {
        let origin = "https://gis.example.com";
        let config = ConsoleConfig::parse(
            r#"{"portalUrl":"/portal","oauthClientId":"app1","allowPortalChange":false}"#,
            origin,
        );
        assert_eq!(
            config.portal_url.as_deref(),
            Some("https://gis.example.com/portal")
        );
        assert_eq!(config.oauth_client_id.as_deref(), Some("app1"));
        assert!(!config.allow_portal_change);
        let other = ConsoleConfig::parse(r#"{"portalUrl":"https://other/arcgis"}"#, origin);
        assert_eq!(other.portal_url.as_deref(), Some("https://other/arcgis"));
        assert!(other.allow_portal_change);
        assert_eq!(
            ConsoleConfig::parse("<html>404</html>", origin),
            ConsoleConfig::default()
        );
        assert_eq!(
            ConsoleConfig::parse(r#"{"portalUrl":7}"#, origin),
            ConsoleConfig::default()
        );
        let locked_without_url = ConsoleConfig::parse(r#"{"allowPortalChange":false}"#, origin);
        assert!(locked_without_url.allow_portal_change, "nothing to lock to");
    }

    #[test]
    fn recent_portals_newest_first_without_duplicates() {
        let list: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).into();
        assert_eq!(remember_portal(&list, "c"), ["c", "a", "b", "d", "e"]);
        assert_eq!(remember_portal(&list, "f"), ["f", "a", "b", "c", "d"]);
        assert_eq!(remember_portal(&[], "a"), ["a"]);
    }
}
