//! Request building. Every request is a POST with `f=json` and, once signed in, the token in the body — never in
//! the URL, and never in a custom header, so browsers send it as a simple CORS request without a preflight.
//! A request with a file goes as multipart, any other as form-urlencoded.

use super::endpoints::{Portal, PortalUrl};
use super::error::PortalError;
use super::TOKEN_MINUTES;

/// One form field: text, or a file (a browser `File` in the console, anything in native tests).
#[derive(Clone, Debug, PartialEq)]
pub enum Field<F> {
    Text(String),
    File(F),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Request<F> {
    pub url: String,
    pub fields: Vec<(&'static str, Field<F>)>,
}

/// The products whose checked-out (offline) licenses can be released.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

    pub fn from_app_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|app| app.app_id() == id)
    }
}

impl<F> Request<F> {
    fn post(url: String, fields: Vec<(&'static str, Field<F>)>) -> Self {
        let mut fields = fields;
        fields.push(("f", Field::Text("json".into())));
        Self { url, fields }
    }

    fn authed(url: String, token: &str, fields: Vec<(&'static str, Field<F>)>) -> Self {
        let mut request = Self::post(url, fields);
        request.fields.push(("token", Field::Text(token.into())));
        request
    }

    /// `generateToken` with `client=referer`: the token only works from the console's own origin. Refuses to send
    /// a password over plain HTTP unless the portal is on this machine.
    pub fn generate_token(
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
        Ok(Self::post(
            url.sharing("generateToken"),
            fields.map(|(k, v)| (k, Field::Text(v.into()))).into(),
        ))
    }

    /// Kubernetes `admin/orgs`: answers with the organization id; classic portals have no such resource.
    pub fn org_ids(url: &PortalUrl, token: &str) -> Self {
        Self::authed(url.kubernetes_admin("orgs"), token, vec![])
    }

    /// Classic `portaladmin`: answers with the version and licensing flags.
    pub fn portaladmin_root(url: &PortalUrl, token: &str) -> Self {
        Self::authed(url.portaladmin(""), token, vec![])
    }

    pub fn license(portal: &Portal, token: &str) -> Self {
        Self::authed(portal.license_url(), token, vec![])
    }

    pub fn server_licenses(portal: &Portal, token: &str) -> Option<Self> {
        Some(Self::authed(portal.server_licenses_url()?, token, vec![]))
    }

    pub fn future_license(portal: &Portal, token: &str) -> Option<Self> {
        Some(Self::authed(portal.future_license_url()?, token, vec![]))
    }

    /// The entitlements queued for an app (`arcgisprodesktop`, ...), legacy portals only.
    pub fn entitlements(portal: &Portal, token: &str, app_id: &str) -> Option<Self> {
        let fields = vec![("appId", Field::Text(app_id.into()))];
        Some(Self::authed(portal.entitlements_url()?, token, fields))
    }

    /// Checks in a license checked out for offline use. The legacy resource takes the username only.
    pub fn release_license(portal: &Portal, token: &str, username: &str, app: LicensedApp) -> Self {
        let mut fields = vec![("username", Field::Text(username.trim().into()))];
        if !matches!(portal.flavour, super::Flavour::Classic { legacy: true }) {
            fields.push(("appId", Field::Text(app.app_id().into())));
        }
        Self::authed(portal.release_license_url(), token, fields)
    }

    /// Seed 002: the authorization file goes in the `licenseFile` part.
    pub fn import_server_licenses(
        portal: &Portal,
        token: &str,
        file: F,
        overwrite: bool,
    ) -> Option<Self> {
        let fields = vec![
            ("licenseFile", Field::File(file)),
            ("overwrite", Field::Text(overwrite.to_string())),
        ];
        Some(Self::authed(
            portal.import_server_licenses_url()?,
            token,
            fields,
        ))
    }

    pub fn is_multipart(&self) -> bool {
        self.fields
            .iter()
            .any(|(_, field)| matches!(field, Field::File(_)))
    }

    /// The text value of a field, for checks and tests.
    pub fn text_field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find_map(|(key, field)| match field {
            Field::Text(value) if *key == name => Some(value.as_str()),
            _ => None,
        })
    }

    /// The `application/x-www-form-urlencoded` body of a request without files.
    pub fn form_body(&self) -> Option<String> {
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
pub fn encode_form<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
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
    use super::super::Flavour;
    use super::*;

    fn k8s() -> Portal {
        Portal {
            url: PortalUrl::parse("https://gis.example.com/arcgis").unwrap(),
            flavour: Flavour::Kubernetes {
                org_id: "0123456789ABCDEF".into(),
            },
        }
    }

    #[test]
    fn token_goes_in_the_body_never_the_url() {
        let request: Request<()> = Request::license(&k8s(), "s3cr3t token");
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
                .unwrap();
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
            Request::release_license(&k8s(), "tok", " proUser1 ", LicensedApp::AllSource);
        assert_eq!(
            request.url,
            "https://gis.example.com/arcgis/admin/orgs/0123456789ABCDEF/license/releaseLicense"
        );
        assert_eq!(
            request.form_body().unwrap(),
            "username=proUser1&appId=arcgisallsource&f=json&token=tok"
        );
        let legacy = Portal {
            flavour: Flavour::Classic { legacy: true },
            ..k8s()
        };
        let request: Request<()> = Request::release_license(&legacy, "tok", "u", LicensedApp::Pro);
        assert_eq!(request.text_field("appId"), None);
        assert_eq!(
            request.url,
            "https://gis.example.com/arcgis/portaladmin/system/licenses/releaseLicense"
        );
    }

    #[test]
    fn server_license_upload_is_multipart_with_the_token_inside() {
        let request =
            Request::import_server_licenses(&k8s(), "tok", "Server_Image.epc", true).unwrap();
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
            flavour: Flavour::Classic { legacy: false },
            ..k8s()
        };
        assert!(Request::import_server_licenses(&classic, "tok", "f.epc", false).is_none());
    }

    #[test]
    fn probes_for_flavour_detection() {
        let url = PortalUrl::parse("https://gis.example.com/portal/").unwrap();
        assert_eq!(
            Request::<()>::org_ids(&url, "t").url,
            "https://gis.example.com/portal/admin/orgs"
        );
        assert_eq!(
            Request::<()>::portaladmin_root(&url, "t").url,
            "https://gis.example.com/portal/portaladmin"
        );
    }

    #[test]
    fn future_licenses_and_entitlement_queues_by_flavour() {
        let classic = Portal {
            flavour: Flavour::Classic { legacy: false },
            ..k8s()
        };
        let legacy = Portal {
            flavour: Flavour::Classic { legacy: true },
            ..k8s()
        };
        assert_eq!(
            Request::<()>::future_license(&classic, "t").unwrap().url,
            "https://gis.example.com/arcgis/portaladmin/license/getFutureLicense"
        );
        assert!(Request::<()>::future_license(&k8s(), "t").is_none());
        assert!(Request::<()>::future_license(&legacy, "t").is_none());
        let queue = Request::<()>::entitlements(&legacy, "t", "arcgisprodesktop").unwrap();
        assert_eq!(
            queue.url,
            "https://gis.example.com/arcgis/portaladmin/system/licenses/getEntitlements"
        );
        assert_eq!(
            queue.form_body().unwrap(),
            "appId=arcgisprodesktop&f=json&token=t"
        );
        assert!(Request::<()>::entitlements(&classic, "t", "x").is_none());
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
