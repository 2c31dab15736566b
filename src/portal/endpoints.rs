//! Where each resource lives, per deployment deployment. Every path the console requests is spelled here and
//! nowhere else.

use super::error::PortalError;

/// The portal's base URL as `scheme://host[:port]/<context>`, without a trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalUrl(String);

/// Suffixes people paste along with the base URL; they are cut off so that any of these forms works.
const PASTED_SUFFIXES: [&str; 6] = [
    "/sharing/rest",
    "/sharing",
    "/portaladmin",
    "/admin",
    "/home",
    "/rest",
];

impl PortalUrl {
    /// Accepts `https://host/context`, with or without a trailing slash, `/sharing/rest`, `/portaladmin`,
    /// `/admin`, `/home`, a query or a fragment.
    pub fn parse(input: &str) -> Result<Self, PortalError> {
        let invalid = |why: &str| {
            PortalError::InvalidUrl(format!(
                "{why} (for example https://gis.example.com/portal)"
            ))
        };
        let trimmed = input.trim();
        let lower = trimmed.to_ascii_lowercase();
        let scheme = if lower.starts_with("https://") {
            "https"
        } else if lower.starts_with("http://") {
            "http"
        } else {
            return Err(invalid("The portal URL must start with https://"));
        };
        let rest = &trimmed[scheme.len() + 3..];
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host_ok = !host.is_empty()
            && !host.contains('@')
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]_".contains(c));
        if !host_ok {
            return Err(invalid("The portal URL has no valid host name"));
        }
        let mut path = format!("/{}", path.trim_matches('/'));
        while let Some(cut) = PASTED_SUFFIXES.iter().find_map(|suffix| {
            path.to_ascii_lowercase()
                .ends_with(suffix)
                .then(|| path.len() - suffix.len())
        }) {
            path.truncate(cut);
        }
        let path = path.trim_end_matches('/');
        if path.contains(char::is_whitespace) {
            return Err(invalid("The portal URL must not contain spaces"));
        }
        Ok(Self(format!(
            "{scheme}://{}{path}",
            host.to_ascii_lowercase()
        )))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `scheme://host[:port]`, what browsers send as `Origin` and compare for CORS.
    pub fn origin(&self) -> &str {
        let after_scheme = self.0.find("://").map_or(0, |i| i + 3);
        let end = self.0[after_scheme..]
            .find('/')
            .map_or(self.0.len(), |i| after_scheme + i);
        &self.0[..end]
    }

    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }

    /// A portal on this very machine, where a plain-HTTP password never crosses a network.
    pub fn is_loopback(&self) -> bool {
        let host_port = &self.origin()[self.origin().find("://").map_or(0, |i| i + 3)..];
        let host = if host_port.starts_with('[') {
            host_port
                .split(']')
                .next()
                .map(|h| &h[1..])
                .unwrap_or_default()
        } else {
            host_port.split(':').next().unwrap_or_default()
        };
        host == "localhost"
            || host == "::1"
            || host
                .parse::<std::net::Ipv4Addr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    pub(crate) fn sharing(&self, resource: &str) -> String {
        format!("{}/sharing/rest/{resource}", self.0)
    }

    pub(crate) fn kubernetes_admin(&self, resource: &str) -> String {
        format!("{}/admin/{resource}", self.0)
    }

    pub(crate) fn portaladmin(&self, resource: &str) -> String {
        let base = format!("{}/portaladmin", self.0);
        if resource.is_empty() {
            base
        } else {
            format!("{base}/{resource}")
        }
    }
}

/// The two products a portal can be: ArcGIS Enterprise on Kubernetes, or Portal for ArcGIS on Windows/Linux.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Deployment {
    /// ArcGIS Enterprise on Kubernetes: `<context>/admin`, one organization.
    Kubernetes { org_id: String },
    /// Portal for ArcGIS on Windows or Linux: `<web adaptor>/portaladmin`. `legacy` is 10.6.1 and earlier,
    /// which has `system/licenses` instead of the user-type `license` resource.
    Classic { legacy: bool },
}

impl Deployment {
    pub fn label(&self) -> &'static str {
        match self {
            Deployment::Kubernetes { .. } => "ArcGIS Enterprise on Kubernetes",
            Deployment::Classic { legacy: false } => "Portal for ArcGIS",
            Deployment::Classic { legacy: true } => "Portal for ArcGIS (10.6.1 or earlier)",
        }
    }
}

/// The deployment the user asks for on the sign-in screen, overriding detection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DeploymentChoice {
    #[default]
    Detect,
    Kubernetes,
    Classic,
    ClassicLegacy,
}

impl DeploymentChoice {
    pub const ALL: [DeploymentChoice; 4] = [
        DeploymentChoice::Detect,
        DeploymentChoice::Kubernetes,
        DeploymentChoice::Classic,
        DeploymentChoice::ClassicLegacy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentChoice::Detect => "detect",
            DeploymentChoice::Kubernetes => "kubernetes",
            DeploymentChoice::Classic => "classic",
            DeploymentChoice::ClassicLegacy => "classic-legacy",
        }
    }

    /// The choice that names a deployment already known, so that signing in again does not probe.
    pub fn of(deployment: &Deployment) -> Self {
        match deployment {
            Deployment::Kubernetes { .. } => DeploymentChoice::Kubernetes,
            Deployment::Classic { legacy: false } => DeploymentChoice::Classic,
            Deployment::Classic { legacy: true } => DeploymentChoice::ClassicLegacy,
        }
    }

    pub fn from_name(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == text)
            .unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            DeploymentChoice::Detect => "Detect automatically",
            DeploymentChoice::Kubernetes => "ArcGIS Enterprise on Kubernetes",
            DeploymentChoice::Classic => "Portal for ArcGIS 10.7 or later",
            DeploymentChoice::ClassicLegacy => "Portal for ArcGIS 10.6.1 or earlier",
        }
    }
}

/// A portal the console is connected to: its base URL and what kind it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Portal {
    pub url: PortalUrl,
    pub deployment: Deployment,
}

impl Portal {
    /// The organization's license resource.
    pub fn license_url(&self) -> String {
        match &self.deployment {
            Deployment::Kubernetes { org_id } => {
                self.url.kubernetes_admin(&format!("orgs/{org_id}/license"))
            }
            Deployment::Classic { legacy: false } => self.url.portaladmin("license"),
            Deployment::Classic { legacy: true } => self.url.portaladmin("system/licenses"),
        }
    }

    pub fn release_license_url(&self) -> String {
        format!("{}/releaseLicense", self.license_url())
    }

    /// ArcGIS Server authorizations; only Kubernetes keeps them beside the portal.
    pub fn server_licenses_url(&self) -> Option<String> {
        matches!(self.deployment, Deployment::Kubernetes { .. })
            .then(|| self.url.kubernetes_admin("system/licenses"))
    }

    /// Classic 10.7.1+: licenses that start later.
    pub fn future_license_url(&self) -> Option<String> {
        (self.deployment == Deployment::Classic { legacy: false })
            .then(|| self.url.portaladmin("license/getFutureLicense"))
    }

    /// 10.6.1 and earlier: entitlements queued to start later.
    pub fn entitlements_url(&self) -> Option<String> {
        (self.deployment == Deployment::Classic { legacy: true })
            .then(|| self.url.portaladmin("system/licenses/getEntitlements"))
    }

    pub fn import_server_licenses_url(&self) -> Option<String> {
        self.server_licenses_url()
            .map(|url| format!("{url}/importServerLicenses"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_forms_people_paste_all_normalise() {
        for input in [
            "https://gis.example.com/portal",
            "https://gis.example.com/portal/",
            " https://GIS.example.com/portal/sharing/rest ",
            "https://gis.example.com/portal/sharing/rest/",
            "https://gis.example.com/portal/portaladmin",
            "https://gis.example.com/portal/home/?x=1#top",
        ] {
            assert_eq!(
                PortalUrl::parse(input).unwrap().as_str(),
                "https://gis.example.com/portal",
                "{input}"
            );
        }
        assert_eq!(
            PortalUrl::parse("http://127.0.0.1:8080/arcgis/admin")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:8080/arcgis"
        );
    }

    #[test]
    fn bad_urls_are_refused_with_a_reason() {
        for input in [
            "",
            "gis.example.com/portal",
            "ftp://x/portal",
            "https:///portal",
            "https://a b/portal",
            "https://user@host/p",
        ] {
            assert!(
                matches!(PortalUrl::parse(input), Err(PortalError::InvalidUrl(_))),
                "{input}"
            );
        }
    }

    #[test]
    fn origin_and_loopback() {
        let url = PortalUrl::parse("http://127.0.0.1:8080/arcgis").unwrap();
        assert_eq!(url.origin(), "http://127.0.0.1:8080");
        assert!(url.is_loopback() && !url.is_https());
        assert!(PortalUrl::parse("http://[::1]:9/p").unwrap().is_loopback());
        assert!(PortalUrl::parse("http://localhost/p")
            .unwrap()
            .is_loopback());
        assert!(!PortalUrl::parse("http://127.example.com/p")
            .unwrap()
            .is_loopback());
        assert!(PortalUrl::parse("https://gis.example.com/portal")
            .unwrap()
            .is_https());
    }

    #[test]
    fn paths_per_deployment() {
        let url = PortalUrl::parse("https://gis.example.com/arcgis").unwrap();
        let k8s = Portal {
            url: url.clone(),
            deployment: Deployment::Kubernetes {
                org_id: "0123456789ABCDEF".into(),
            },
        };
        assert_eq!(
            k8s.license_url(),
            "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license"
        );
        assert_eq!(
            k8s.release_license_url(),
            "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license/releaseLicense"
        );
        assert_eq!(
            k8s.import_server_licenses_url().unwrap(),
            "https://gis.example.com/arcgis/admin/system/licenses/importServerLicenses"
        );
        let classic = Portal {
            url: url.clone(),
            deployment: Deployment::Classic { legacy: false },
        };
        assert_eq!(
            classic.license_url(),
            "https://gis.example.com/arcgis/portaladmin/license"
        );
        assert_eq!(classic.server_licenses_url(), None);
        let legacy = Portal {
            url,
            deployment: Deployment::Classic { legacy: true },
        };
        assert_eq!(
            legacy.release_license_url(),
            "https://gis.example.com/arcgis/portaladmin/system/licenses/releaseLicense"
        );
    }
}
