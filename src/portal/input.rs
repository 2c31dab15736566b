//! What the administrator typed or picked, checked before anything is sent. Each mistake is a typed
//! `InputError`; `PortalError::Invalid` carries it to the one describer, which words it.

/// Authorization and license files are a few kilobytes; the demo portal and real ones refuse far larger.
pub const MAX_UPLOAD_BYTES: f64 = 1024.0 * 1024.0;

/// A mistake in the input, found before sending.
#[derive(Clone, Debug, PartialEq)]
pub enum InputError {
    /// No file was picked.
    NoFile(Upload),
    /// The picked file's name does not end as this upload's files do.
    WrongFileType {
        name: String,
        upload: Upload,
    },
    EmptyFile {
        name: String,
    },
    /// The browser could not read the picked file (moved, deleted or changed since it was picked).
    UnreadableFile {
        name: String,
    },
    FileTooLarge {
        name: String,
    },
    MissingUsername,
    MissingHost,
    InvalidHost,
    InvalidBackupHost,
    BackupIsPrimary,
    InvalidPort,
}

impl InputError {
    /// The mistake and how to put it right, in one sentence.
    pub fn words(&self) -> String {
        match self {
            InputError::NoFile(upload) => format!("Choose {} first.", upload.what()),
            InputError::WrongFileType { name, upload } => format!(
                "“{name}” is not the right kind of file: choose a {} file.",
                upload.kinds()
            ),
            InputError::UnreadableFile { name } => format!(
                "“{name}” could not be read: it may have been moved or changed. Choose it again."
            ),
            InputError::EmptyFile { name } => format!("“{name}” is empty."),
            InputError::FileTooLarge { name } => {
                format!("“{name}” is larger than 1 MB; license files are a few kilobytes.")
            }
            InputError::MissingUsername => "Enter the member's username.".into(),
            InputError::MissingHost | InputError::InvalidHost => {
                "Enter the license manager's host name, e.g. lm1.example.com.".into()
            }
            InputError::InvalidBackupHost => {
                "The backup host name is not valid; leave it empty if there is none.".into()
            }
            InputError::BackupIsPrimary => {
                "The backup must be another machine than the primary.".into()
            }
            InputError::InvalidPort => {
                "The port is a number from 1 to 65535 (usually 27000).".into()
            }
        }
    }
}

/// The kinds of file the console uploads, and what each accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upload {
    /// ArcGIS Server authorization files (Kubernetes `importServerLicenses`).
    ServerLicense,
    /// The organization's license file from My Esri (`validateLicense`, `importLicense`).
    OrgLicense,
    /// 10.6.1 and earlier: an app's entitlements file (`importEntitlements`).
    Entitlements,
}

impl Upload {
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            // Authorization files are `.ecp`; `.epc` is how the import page spells it, so both are taken.
            Upload::ServerLicense => &[".ecp", ".prvc", ".epc"],
            Upload::OrgLicense => &[".json", ".lic"],
            Upload::Entitlements => &[".json"],
        }
    }

    /// ".ecp, .prvc or .epc".
    pub fn kinds(self) -> String {
        match self.extensions() {
            [one] => (*one).to_owned(),
            [first @ .., last] => format!("{} or {last}", first.join(", ")),
            [] => String::new(),
        }
    }

    /// The file input's `accept` attribute.
    pub fn accept(self) -> String {
        self.extensions().join(",")
    }

    fn what(self) -> &'static str {
        match self {
            Upload::ServerLicense => "one or more authorization files (.ecp, .prvc or .epc)",
            Upload::OrgLicense => "the organization's license file (.json)",
            Upload::Entitlements => "the entitlements file (.json)",
        }
    }

    /// Checks a picked file: its extension, that it has content, and a sane size.
    pub fn check(self, name: &str, size: f64) -> Result<(), InputError> {
        let lower = name.to_ascii_lowercase();
        if !self.extensions().iter().any(|ext| lower.ends_with(ext)) {
            return Err(InputError::WrongFileType {
                name: name.into(),
                upload: self,
            });
        }
        if size <= 0.0 {
            return Err(InputError::EmptyFile { name: name.into() });
        }
        if size > MAX_UPLOAD_BYTES {
            return Err(InputError::FileTooLarge { name: name.into() });
        }
        Ok(())
    }

    /// The picked file, if one was picked and it passes `check`.
    pub fn checked<F: UploadFile>(self, file: Option<F>) -> Result<F, InputError> {
        let file = file.ok_or(InputError::NoFile(self))?;
        self.check(&file.file_name(), file.byte_size())?;
        Ok(file)
    }

    /// The first mistake in several picked files: none picked, or the first that fails `check`.
    pub fn check_all<F: UploadFile>(self, files: &[F]) -> Result<(), InputError> {
        if files.is_empty() {
            return Err(InputError::NoFile(self));
        }
        files
            .iter()
            .try_for_each(|f| self.check(&f.file_name(), f.byte_size()))
    }
}

/// A file the console can upload: its name and size are checked before sending. The browser's `File` in the
/// console; anything with a name and size in native tests.
pub trait UploadFile: Clone + 'static {
    fn file_name(&self) -> String;
    fn byte_size(&self) -> f64;
}

impl UploadFile for web_sys::File {
    fn file_name(&self) -> String {
        self.name()
    }
    fn byte_size(&self) -> f64 {
        self.size()
    }
}

/// The username a release is for, trimmed; an empty one is a mistake.
pub fn check_username(input: &str) -> Result<String, InputError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(InputError::MissingUsername);
    }
    Ok(trimmed.to_owned())
}

/// The license manager's hosts and port as typed on its screen.
#[derive(Clone, Debug, PartialEq)]
pub struct LicenseManagerInput {
    pub primary: String,
    pub backup: String,
    pub port: String,
}

impl LicenseManagerInput {
    /// Checks the host names and port, e.g. before asking whether to change them.
    pub fn check(&self) -> Result<(), InputError> {
        self.to_info().map(drop)
    }

    /// "lm1.example.com (backup lm2.example.com), port 27000", for the question asked before the change.
    pub fn describe(&self) -> String {
        let (primary, backup, port) = (self.primary.trim(), self.backup.trim(), self.port.trim());
        if backup.is_empty() {
            format!("{primary}, port {port}")
        } else {
            format!("{primary} (backup {backup}), port {port}")
        }
    }

    /// Checks the host names and port; answers the `licenseManagerInfo` JSON text the portal takes.
    pub(super) fn to_info(&self) -> Result<String, InputError> {
        let valid_host = |host: &str| {
            host.len() <= 253
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
        };
        let (primary, backup) = (self.primary.trim(), self.backup.trim());
        if primary.is_empty() {
            return Err(InputError::MissingHost);
        }
        if !valid_host(primary) {
            return Err(InputError::InvalidHost);
        }
        if !backup.is_empty() && !valid_host(backup) {
            return Err(InputError::InvalidBackupHost);
        }
        if backup.eq_ignore_ascii_case(primary) {
            return Err(InputError::BackupIsPrimary);
        }
        let port: u16 = self
            .port
            .trim()
            .parse()
            .ok()
            .filter(|p| *p > 0)
            .ok_or(InputError::InvalidPort)?;
        let hostname = if backup.is_empty() {
            primary.to_owned()
        } else {
            format!("{primary},{backup}")
        };
        Ok(serde_json::json!({ "hostname": hostname, "port": port }).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_are_checked_before_sending() {
        assert!(Upload::ServerLicense
            .check("Server_Image.EPC", 2048.0)
            .is_ok());
        let wrong = Upload::ServerLicense
            .check("notes.txt", 2048.0)
            .unwrap_err();
        assert_eq!(
            wrong,
            InputError::WrongFileType {
                name: "notes.txt".into(),
                upload: Upload::ServerLicense
            }
        );
        assert!(wrong.words().contains("a .ecp, .prvc or .epc file"));
        assert!(Upload::ServerLicense
            .check("Server_Image.ecp", 10.0)
            .is_ok());
        assert!(Upload::ServerLicense.check("SERVER.Prvc", 10.0).is_ok());
        assert!(Upload::ServerLicense
            .check("empty.prvc", 0.0)
            .unwrap_err()
            .words()
            .contains("empty"));
        assert!(Upload::ServerLicense
            .check("big.prvc", MAX_UPLOAD_BYTES + 1.0)
            .unwrap_err()
            .words()
            .contains("1 MB"));
        assert_eq!(Upload::OrgLicense.accept(), ".json,.lic");
        assert_eq!(
            InputError::NoFile(Upload::Entitlements).words(),
            "Choose the entitlements file (.json) first."
        );
    }

    #[test]
    fn usernames_are_trimmed_and_required() {
        assert_eq!(check_username(" proUser1 ").unwrap(), "proUser1");
        assert_eq!(check_username("  "), Err(InputError::MissingUsername));
    }

    fn manager(primary: &str, backup: &str, port: &str) -> Result<String, InputError> {
        LicenseManagerInput {
            primary: primary.into(),
            backup: backup.into(),
            port: port.into(),
        }
        .to_info()
    }

    #[test]
    fn license_manager_input_is_validated() {
        assert_eq!(
            manager("lm1.example.com", "", "27000").unwrap(),
            r#"{"hostname":"lm1.example.com","port":27000}"#
        );
        assert_eq!(
            manager(" lm1.example.com ", "lm2.example.com", "27001").unwrap(),
            r#"{"hostname":"lm1.example.com,lm2.example.com","port":27001}"#
        );
        assert_eq!(manager("", "", "27000"), Err(InputError::MissingHost));
        assert_eq!(
            manager("bad host", "", "27000"),
            Err(InputError::InvalidHost)
        );
        assert_eq!(
            manager("-lm.example.com", "", "27000"),
            Err(InputError::InvalidHost)
        );
        assert_eq!(
            manager("lm1", "lm1", "27000"),
            Err(InputError::BackupIsPrimary)
        );
        assert_eq!(manager("lm1", "", "70000"), Err(InputError::InvalidPort));
        assert_eq!(manager("lm1", "", "0"), Err(InputError::InvalidPort));
        assert_eq!(
            manager("lm1", "b d", "1"),
            Err(InputError::InvalidBackupHost)
        );
    }
}
