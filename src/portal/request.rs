//! Request building. Every request is a POST with `f=json` and, once signed in, the token in the body — never in
//! the URL, and never in a custom header, so browsers send it as a simple CORS request without a preflight.
//! A request with a file goes as multipart, any other as form-urlencoded.

use super::endpoints::{Deployment, Portal, PortalUrl};
use super::error::PortalError;
use super::TOKEN_MINUTES;

/// One form field: text, or a file (a browser `File` in the console, anything in native tests).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Field<F> {
    Text(String),
    File(F),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct Request<F> {
    pub url: String,
    pub fields: Vec<(&'static str, Field<F>)>,
}

/// The products whose checked-out (offline) licenses can be released.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LicensedApp {
    Pro,
    Drone2Map,
    AllSource,
}

impl LicensedApp {
    pub const ALL: [LicensedApp; 3] = [
        LicensedApp::Pro,
        LicensedApp::Drone2Map,
        LicensedApp::AllSource,
    ];

    /// The `appId` the portal knows it by.
    pub fn app_id(self) -> &'static str {
        match self {
            LicensedApp::Pro => "arcgisprodesktop",
            LicensedApp::Drone2Map => "drone2map",
            LicensedApp::AllSource => "arcgisallsource",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LicensedApp::Pro => "ArcGIS Pro",
            LicensedApp::Drone2Map => "ArcGIS Drone2Map",
            LicensedApp::AllSource => "ArcGIS AllSource",
        }
    }

    /// The app a `portals/self/purchases` listing is for, by its title.
    pub(super) fn from_listing_title(title: &str) -> Option<Self> {
        match title {
            "ArcGIS Pro" => Some(LicensedApp::Pro),
            title if title.contains("Drone2Map") => Some(LicensedApp::Drone2Map),
            title if title.contains("AllSource") => Some(LicensedApp::AllSource),
            _ => None,
        }
    }

    /// The app a bundle's members hold through it, by the bundle's title: Reality Mapping brings Drone2Map.
    pub(super) fn bundled_in(title: &str) -> Option<Self> {
        title
            .contains("Reality Mapping")
            .then_some(LicensedApp::Drone2Map)
    }

    pub fn from_app_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|app| app.app_id() == id)
    }
}

impl<F> Request<F> {
    pub(super) fn new(url: String, fields: Vec<(&'static str, Field<F>)>) -> Self {
        Self { url, fields }
    }

    /// What goes on the wire: the operation's fields, then `f=json` and, once signed in, the token. The client's
    /// call path is the one place that adds them.
    pub(super) fn signed(mut self, token: Option<&str>) -> Self {
        self.fields.push(("f", Field::Text("json".into())));
        if let Some(token) = token {
            self.fields.push(("token", Field::Text(token.into())));
        }
        self
    }

    /// `generateToken` with `client=referer`: the token only works from the console's own origin. Refuses to send
    /// a password over plain HTTP unless the portal is on this machine.
    pub(super) fn generate_token(
        url: &PortalUrl,
        username: &str,
        password: &str,
        referer: &str,
    ) -> Result<Self, PortalError> {
        if !url.is_https() && !url.is_loopback() {
            return Err(PortalError::InsecurePassword);
        }
        let fields = [
            ("username", username.trim()),
            ("password", password),
            ("client", "referer"),
            ("referer", referer),
            ("expiration", &TOKEN_MINUTES.to_string()),
        ];
        Ok(Self::new(
            url.sharing("generateToken"),
            fields.map(|(k, v)| (k, Field::Text(v.into()))).into(),
        ))
    }

    /// Kubernetes `admin/orgs`: answers with the organization id; classic portals have no such resource.
    pub(super) fn org_ids(url: &PortalUrl) -> Self {
        Self::new(url.kubernetes_admin("orgs"), vec![])
    }

    /// Classic `portaladmin`: answers with the version and licensing flags.
    pub(super) fn portaladmin_root(url: &PortalUrl) -> Self {
        Self::new(url.portaladmin(""), vec![])
    }

    pub(super) fn license(portal: &Portal) -> Self {
        Self::new(portal.license_url(), vec![])
    }

    pub(super) fn server_licenses(portal: &Portal) -> Option<Self> {
        Some(Self::new(portal.server_licenses_url()?, vec![]))
    }

    pub(super) fn future_license(portal: &Portal) -> Option<Self> {
        Some(Self::new(portal.future_license_url()?, vec![]))
    }

    /// The entitlements queued for an app (`arcgisprodesktop`, ...), legacy portals only.
    pub(super) fn entitlements(portal: &Portal, app_id: &str) -> Option<Self> {
        let fields = vec![("appId", Field::Text(app_id.into()))];
        Some(Self::new(portal.entitlements_url()?, fields))
    }

    /// Checks in a license checked out for offline use. The legacy resource takes the username only.
    pub(super) fn release_license(portal: &Portal, username: &str, app: LicensedApp) -> Self {
        let mut fields = vec![("username", Field::Text(username.trim().into()))];
        if !matches!(portal.deployment, Deployment::Classic { legacy: true }) {
            fields.push(("appId", Field::Text(app.app_id().into())));
        }
        Self::new(portal.release_license_url(), fields)
    }

    /// The authorization file goes in the `licenseFile` part.
    pub(super) fn import_server_licenses(
        portal: &Portal,
        file: F,
        overwrite: bool,
    ) -> Option<Self> {
        let fields = vec![
            ("licenseFile", Field::File(file)),
            ("overwrite", Field::Text(overwrite.to_string())),
        ];
        Some(Self::new(portal.import_server_licenses_url()?, fields))
    }

    pub(super) fn is_multipart(&self) -> bool {
        self.fields
            .iter()
            .any(|(_, field)| matches!(field, Field::File(_)))
    }

    /// The text value of a field, for tests.
    #[cfg(test)]
    pub(super) fn text_field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find_map(|(key, field)| match field {
            Field::Text(value) if *key == name => Some(value.as_str()),
            _ => None,
        })
    }

    /// The `application/x-www-form-urlencoded` body of a request without files.
    pub(super) fn form_body(&self) -> Option<String> {
        if self.is_multipart() {
            return None;
        }
        let pairs = self.fields.iter().filter_map(|(key, field)| match field {
            Field::Text(value) => Some((*key, value.as_str())),
            Field::File(_) => None,
        });
        Some(encode_form(pairs))
    }
}

/// Form-urlencodes pairs as browsers do: unreserved bytes kept, space as `+`, the rest `%XX`.
pub(super) fn encode_form<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    fn push_encoded(out: &mut String, s: &str) {
        for byte in s.bytes() {
            match byte {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                    out.push(byte as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{byte:02X}")),
            }
        }
    }
    let mut out = String::new();
    for (i, (key, value)) in pairs.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_encoded(&mut out, key);
        out.push('=');
        push_encoded(&mut out, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::Deployment;
    use super::*;

    fn k8s() -> Portal {
        Portal {
            url: PortalUrl::parse("https://gis.example.com/arcgis").unwrap(),
            deployment: Deployment::Kubernetes {
                org_id: "0123456789ABCDEF".into(),
            },
        }
    }

    #[test]
    fn token_goes_in_the_body_never_the_url() {
        let request: Request<()> = Request::license(&k8s()).signed(Some("s3cr3t token"));
        assert_eq!(
            request.url,
            "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license"
        );
        assert!(!request.url.contains("token") && !request.url.contains('?'));
        assert_eq!(request.form_body().unwrap(), "f=json&token=s3cr3t+token");
    }

    #[test]
    fn generate_token_asks_for_a_referer_bound_token() {
        let url = PortalUrl::parse("https://gis.example.com/portal").unwrap();
        let request: Request<()> =
            Request::generate_token(&url, " admin ", "p&ss=word", "https://console.example.com")
                .unwrap()
                .signed(None);
        assert_eq!(
            request.url,
            "https://gis.example.com/portal/sharing/rest/generateToken"
        );
        assert_eq!(
            request.form_body().unwrap(),
            "username=admin&password=p%26ss%3Dword&client=referer&referer=https%3A%2F%2Fconsole.example.com&expiration=60&f=json"
        );
        assert_eq!(request.text_field("token"), None);
    }

    #[test]
    fn passwords_only_over_https_or_loopback() {
        let plain = PortalUrl::parse("http://gis.example.com/portal").unwrap();
        assert_eq!(
            Request::<()>::generate_token(&plain, "a", "b", "x"),
            Err(PortalError::InsecurePassword)
        );
        let local = PortalUrl::parse("http://127.0.0.1:8080/portal").unwrap();
        assert!(Request::<()>::generate_token(&local, "a", "b", "x").is_ok());
    }

    #[test]
    fn release_license_fields() {
        let request: Request<()> =
            Request::release_license(&k8s(), " proUser1 ", LicensedApp::AllSource)
                .signed(Some("tok"));
        assert_eq!(
            request.url,
            "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license/releaseLicense"
        );
        assert_eq!(
            request.form_body().unwrap(),
            "username=proUser1&appId=arcgisallsource&f=json&token=tok"
        );
        let legacy = Portal {
            deployment: Deployment::Classic { legacy: true },
            ..k8s()
        };
        let request: Request<()> = Request::release_license(&legacy, "u", LicensedApp::Pro);
        assert_eq!(request.text_field("appId"), None);
        assert_eq!(
            request.url,
            "https://gis.example.com/arcgis/portaladmin/system/licenses/releaseLicense"
        );
    }

    #[test]
    fn server_license_upload_is_multipart_with_the_token_inside() {
        let request = Request::import_server_licenses(&k8s(), "Server_Image.epc", true)
            .unwrap()
            .signed(Some("tok"));
        assert!(request.is_multipart());
        assert_eq!(request.form_body(), None);
        assert_eq!(
            request.fields[0],
            ("licenseFile", Field::File("Server_Image.epc"))
        );
        assert_eq!(request.text_field("overwrite"), Some("true"));
        assert_eq!(request.text_field("f"), Some("json"));
        assert_eq!(request.text_field("token"), Some("tok"));
        let classic = Portal {
            deployment: Deployment::Classic { legacy: false },
            ..k8s()
        };
        assert!(Request::import_server_licenses(&classic, "f.epc", false).is_none());
    }

    #[test]
    fn probes_for_deployment_detection() {
        let url = PortalUrl::parse("https://gis.example.com/portal/").unwrap();
        assert_eq!(
            Request::<()>::org_ids(&url).url,
            "https://gis.example.com/portal/admin/orgs"
        );
        assert_eq!(
            Request::<()>::portaladmin_root(&url).url,
            "https://gis.example.com/portal/portaladmin"
        );
    }

    #[test]
    fn future_licenses_and_entitlement_queues_by_deployment() {
        let classic = Portal {
            deployment: Deployment::Classic { legacy: false },
            ..k8s()
        };
        let legacy = Portal {
            deployment: Deployment::Classic { legacy: true },
            ..k8s()
        };
        assert_eq!(
            Request::<()>::future_license(&classic).unwrap().url,
            "https://gis.example.com/arcgis/portaladmin/license/getFutureLicense"
        );
        assert!(Request::<()>::future_license(&k8s()).is_none());
        assert!(Request::<()>::future_license(&legacy).is_none());
        let queue = Request::<()>::entitlements(&legacy, "arcgisprodesktop")
            .unwrap()
            .signed(Some("t"));
        assert_eq!(
            queue.url,
            "https://gis.example.com/arcgis/portaladmin/system/licenses/getEntitlements"
        );
        assert_eq!(
            queue.form_body().unwrap(),
            "appId=arcgisprodesktop&f=json&token=t"
        );
        assert!(Request::<()>::entitlements(&classic, "x").is_none());
    }

    #[test]
    fn form_encoding_of_unicode_and_reserved() {
        assert_eq!(encode_form([("a b", "é/+?")]), "a+b=%C3%A9%2F%2B%3F");
        assert_eq!(
            LicensedApp::from_app_id("drone2map"),
            Some(LicensedApp::Drone2Map)
        );
    }
}
