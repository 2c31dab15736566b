//! What a portal offers, from its deployment and version: the one table that navigation and every screen read.
//! Screens are offered while the version is not yet known (the portal answers for itself); additions that only
//! some versions have (AllSource, the geodatabase export, `validateURL`) wait for the version.

use super::endpoints::Deployment;
use super::license::{LicenseManager, OrgLicense};
use super::request::LicensedApp;
use super::token::version_parts;

/// What the portal's license resource says of the portal, once it has been read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reported {
    /// "11.4", "10.7.1".
    pub version: Option<String>,
    pub license_manager_configured: bool,
}

impl Reported {
    pub(super) fn of(license: &OrgLicense) -> Self {
        Self {
            version: license.version.clone(),
            license_manager_configured: license
                .license_manager
                .as_ref()
                .is_some_and(LicenseManager::is_configured),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capabilities {
    deployment: Deployment,
    /// `[11, 4]` for "11.4"; empty while unknown.
    version: Vec<u32>,
    license_manager_configured: bool,
}

impl Capabilities {
    /// `version` as the portal reports it ("11.4", "10.7.1"), once known.
    pub fn new(deployment: &Deployment, version: Option<&str>) -> Self {
        Self {
            deployment: deployment.clone(),
            version: version.map(version_parts).unwrap_or_default(),
            license_manager_configured: false,
        }
    }

    /// From the deployment and what the license resource reported.
    pub fn of(deployment: &Deployment, reported: &Reported) -> Self {
        Self {
            license_manager_configured: reported.license_manager_configured,
            ..Self::new(deployment, reported.version.as_deref())
        }
    }

    fn kubernetes(&self) -> bool {
        matches!(self.deployment, Deployment::Kubernetes { .. })
    }

    fn legacy(&self) -> bool {
        self.deployment == Deployment::Classic { legacy: true }
    }

    fn at_least(&self, minimum: &[u32]) -> Option<bool> {
        (!self.version.is_empty()).then(|| self.version.as_slice() >= minimum)
    }

    /// Releasing an offline license: every classic portal; Kubernetes from 11.3.
    pub fn release_license(&self) -> bool {
        !self.kubernetes() || self.at_least(&[11, 3]).unwrap_or(true)
    }

    /// 10.6.1 and earlier release by username only: the portal does not take an app.
    pub fn release_by_app(&self) -> bool {
        !self.legacy()
    }

    /// The apps whose offline licenses can be released: AllSource from 11.5.
    pub fn release_apps(&self) -> Vec<LicensedApp> {
        LicensedApp::ALL
            .into_iter()
            .filter(|app| *app != LicensedApp::AllSource || self.at_least(&[11, 5]) == Some(true))
            .collect()
    }

    /// ArcGIS Server authorizations beside the portal: Kubernetes only.
    pub fn server_licenses(&self) -> bool {
        self.kubernetes()
    }

    /// Validating and importing the organization's license file: the user-type license, 10.7 and later.
    pub fn license_file(&self) -> bool {
        !self.legacy()
    }

    /// Re-reading the license file: classic 10.7 and later.
    pub fn populate_license(&self) -> bool {
        self.deployment == Deployment::Classic { legacy: false }
    }

    /// `exportGeodatabaseLicense`: Kubernetes 11.0 and later.
    pub fn geodatabase_license(&self) -> bool {
        self.kubernetes() && self.at_least(&[11, 0]) == Some(true)
    }

    /// Seeing and changing the license manager: wherever the user-type license is, up to 11.3 or where one is
    /// configured.
    pub fn license_manager(&self) -> bool {
        !self.legacy() && (self.license_manager_needed() || self.license_manager_configured)
    }

    /// From 11.4, ArcGIS Pro named-user licenses no longer need a license manager.
    pub fn license_manager_needed(&self) -> bool {
        !self.at_least(&[11, 4]).unwrap_or(false)
    }

    /// Licenses that start later (`getFutureLicense`): classic 10.7 and later.
    pub fn future_licenses(&self) -> bool {
        self.deployment == Deployment::Classic { legacy: false }
    }

    /// Entitlement files and their queue: 10.6.1 and earlier.
    pub fn entitlements(&self) -> bool {
        self.legacy()
    }

    /// `license/validateURL`, which checks the license file is bound to this portal's URL: 12.1 and later.
    pub fn validate_url(&self) -> bool {
        self.at_least(&[12, 1]) == Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kubernetes(version: Option<&str>) -> Capabilities {
        Capabilities::new(
            &Deployment::Kubernetes {
                org_id: "0123456789ABCDEF".into(),
            },
            version,
        )
    }

    #[test]
    fn releases_by_deployment_and_version() {
        assert!(kubernetes(Some("11.3")).release_license());
        assert!(!kubernetes(Some("11.2")).release_license());
        assert!(kubernetes(None).release_license(), "offered until known");
        let legacy = Capabilities::new(&Deployment::Classic { legacy: true }, Some("10.6.1"));
        assert!(legacy.release_license() && !legacy.release_by_app());
        assert_eq!(
            kubernetes(Some("11.4")).release_apps(),
            [LicensedApp::Pro, LicensedApp::Drone2Map]
        );
        assert_eq!(kubernetes(Some("11.5")).release_apps(), LicensedApp::ALL);
        assert_eq!(kubernetes(None).release_apps().len(), 2);
    }

    #[test]
    fn operations_by_deployment() {
        let classic = Capabilities::new(&Deployment::Classic { legacy: false }, Some("11.1"));
        let legacy = Capabilities::new(&Deployment::Classic { legacy: true }, None);
        let k8s = kubernetes(Some("11.4"));
        assert!(k8s.server_licenses() && !classic.server_licenses() && !legacy.server_licenses());
        assert!(k8s.license_file() && classic.license_file() && !legacy.license_file());
        assert!(classic.populate_license() && !k8s.populate_license());
        assert!(classic.future_licenses() && !legacy.future_licenses());
        assert!(legacy.entitlements() && !classic.entitlements() && !k8s.entitlements());
        assert!(classic.license_manager() && !legacy.license_manager());
    }

    #[test]
    fn the_license_manager_screen_only_where_it_matters() {
        let deployment = Deployment::Kubernetes { org_id: "x".into() };
        let reported = |version: &str, configured| Reported {
            version: Some(version.into()),
            license_manager_configured: configured,
        };
        assert!(Capabilities::of(&deployment, &reported("11.3", false)).license_manager());
        assert!(!Capabilities::of(&deployment, &reported("11.4", false)).license_manager());
        assert!(Capabilities::of(&deployment, &reported("11.4", true)).license_manager());
        assert!(Capabilities::of(&deployment, &Reported::default()).license_manager());
    }

    #[test]
    fn version_gated_additions_wait_for_the_version() {
        assert!(kubernetes(Some("11.0")).geodatabase_license());
        assert!(!kubernetes(Some("10.9.1")).geodatabase_license());
        assert!(!kubernetes(None).geodatabase_license());
        assert!(kubernetes(Some("11.3")).license_manager_needed());
        assert!(!kubernetes(Some("11.4")).license_manager_needed());
        assert!(kubernetes(None).license_manager_needed());
        assert!(kubernetes(Some("12.1")).validate_url());
        assert!(!kubernetes(Some("12.0")).validate_url());
    }
}
