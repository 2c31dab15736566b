//! Screens addressed by the URL fragment (`#/release`), so deep links and reloads work on any static host —
//! a folder beside the portal's web adaptor included — with no rewrite rules.

use crate::portal::Capabilities;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Overview,
    Members,
    History,
    Release,
    ServerLicenses,
    LicenseFile,
    LicenseManager,
    Entitlements,
}

impl Route {
    pub const ALL: [Route; 8] = [
        Route::Overview,
        Route::Members,
        Route::History,
        Route::Release,
        Route::ServerLicenses,
        Route::LicenseFile,
        Route::LicenseManager,
        Route::Entitlements,
    ];

    pub fn from_hash(hash: &str) -> Self {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        Self::ALL
            .into_iter()
            .find(|route| route.path() == path)
            .unwrap_or(Route::Overview)
    }

    fn path(self) -> &'static str {
        match self {
            Route::Overview => "overview",
            Route::Members => "members",
            Route::History => "history",
            Route::Release => "release",
            Route::ServerLicenses => "server-licenses",
            Route::LicenseFile => "license-file",
            Route::LicenseManager => "license-manager",
            Route::Entitlements => "entitlements",
        }
    }

    /// Whether the connected portal has what this screen needs; screens it lacks are not offered.
    pub fn available_on(self, portal: &Capabilities) -> bool {
        match self {
            // The sharing API's listings and member search: every deployment has them.
            // The content API keeps the history: every deployment has it.
            Route::Overview | Route::Members | Route::History => true,
            Route::Release => portal.release_license(),
            Route::ServerLicenses => portal.server_licenses(),
            Route::LicenseFile => portal.license_file(),
            Route::LicenseManager => portal.license_manager(),
            Route::Entitlements => portal.entitlements(),
        }
    }

    pub fn href(self) -> String {
        format!("#/{}", self.path())
    }

    pub fn title(self) -> &'static str {
        match self {
            Route::Overview => "Overview",
            Route::Members => "Members",
            Route::History => "History",
            Route::Release => "Offline licenses",
            Route::ServerLicenses => "Server licenses",
            Route::LicenseFile => "License file",
            Route::LicenseManager => "License manager",
            Route::Entitlements => "Entitlements",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portal::Deployment;

    #[test]
    fn hashes_round_trip_and_unknown_falls_back() {
        for route in Route::ALL {
            assert_eq!(Route::from_hash(&route.href()), route);
        }
        assert_eq!(Route::from_hash(""), Route::Overview);
        assert_eq!(Route::from_hash("#/nowhere"), Route::Overview);
    }

    #[test]
    fn screens_per_deployment() {
        let offered = |deployment: Deployment| {
            let portal = Capabilities::new(&deployment, None);
            Route::ALL
                .into_iter()
                .filter(|r| r.available_on(&portal))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            offered(Deployment::Kubernetes { org_id: "x".into() }),
            [
                Route::Overview,
                Route::Members,
                Route::History,
                Route::Release,
                Route::ServerLicenses,
                Route::LicenseFile,
                Route::LicenseManager
            ]
        );
        assert_eq!(
            offered(Deployment::Classic { legacy: false }),
            [
                Route::Overview,
                Route::Members,
                Route::History,
                Route::Release,
                Route::LicenseFile,
                Route::LicenseManager
            ]
        );
        assert_eq!(
            offered(Deployment::Classic { legacy: true }),
            [
                Route::Overview,
                Route::Members,
                Route::History,
                Route::Release,
                Route::Entitlements
            ]
        );
    }
}
