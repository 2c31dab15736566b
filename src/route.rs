//! Screens addressed by the URL fragment (`#/release`), so deep links and reloads work on any static host —
//! a folder beside the portal's web adaptor included — with no rewrite rules.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Overview,
    Release,
    ServerLicenses,
}

impl Route {
    pub const ALL: [Route; 3] = [Route::Overview, Route::Release, Route::ServerLicenses];

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
            Route::Release => "release",
            Route::ServerLicenses => "server-licenses",
        }
    }

    pub fn href(self) -> String {
        format!("#/{}", self.path())
    }

    pub fn title(self) -> &'static str {
        match self {
            Route::Overview => "Overview",
            Route::Release => "Release a license",
            Route::ServerLicenses => "Server licenses",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_round_trip_and_unknown_falls_back() {
        for route in Route::ALL {
            assert_eq!(Route::from_hash(&route.href()), route);
        }
        assert_eq!(Route::from_hash(""), Route::Overview);
        assert_eq!(Route::from_hash("#/nowhere"), Route::Overview);
    }
}
