//! A day's snapshot of the license: version, seats owned and assigned per user type, app, bundle and extension
//! (where reported), every expiration, the license manager, how many hold a license offline, and a fingerprint
//! that changes when another license file is imported.

use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::portal::lenient::{Number, Row, Rows, Text};
use crate::portal::{Entitlement, OrgLicense};

/// One licensed thing's seats: kind (`userType`, `app`, `appBundle`, `extension`), id, owned, assigned,
/// expiration.
#[derive(Clone, Debug, PartialEq)]
pub struct Seats {
    pub kind: String,
    pub id: String,
    pub owned: Option<u64>,
    pub assigned: Option<u64>,
    pub expires: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// When it was taken, milliseconds since the epoch.
    pub at: i64,
    pub version: Option<String>,
    pub fingerprint: String,
    pub license_manager: Option<String>,
    /// Members holding a license offline, where known.
    pub offline: Option<u64>,
    pub seats: Vec<Seats>,
}

fn rows<'a>(kind: &str, items: &'a [Entitlement]) -> impl Iterator<Item = Seats> + 'a {
    let kind = kind.to_owned();
    items.iter().map(move |e| Seats {
        kind: kind.clone(),
        id: e.id.clone(),
        owned: e.maximum,
        assigned: e.current,
        expires: e.expiration,
    })
}

/// What identifies a license file: the things it licenses, their seats and dates — not how many use them.
fn fingerprint(seats: &[Seats]) -> String {
    let mut hasher = Sha256::new();
    for s in seats {
        hasher.update(format!(
            "{}|{}|{:?}|{:?};",
            s.kind, s.id, s.owned, s.expires
        ));
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Snapshot {
    pub fn of(license: &OrgLicense, offline: Option<u64>, at: i64) -> Self {
        let seats: Vec<Seats> = rows("userType", &license.user_types)
            .chain(rows("app", &license.apps))
            .chain(rows("appBundle", &license.app_bundles))
            .chain(rows("extension", &license.extensions))
            .collect();
        let license_manager = license
            .license_manager
            .as_ref()
            .filter(|m| m.is_configured())
            .map(|m| {
                let port = m.port.map(|p| format!(":{p}")).unwrap_or_default();
                format!("{}{port}", m.hosts.join(","))
            });
        Self {
            at,
            version: license.version.clone(),
            fingerprint: fingerprint(&seats),
            license_manager,
            offline,
            seats,
        }
    }

    pub fn to_json(&self) -> Value {
        let seats: Vec<Value> = self
            .seats
            .iter()
            .map(|s| json!([s.kind, s.id, s.owned, s.assigned, s.expires]))
            .collect();
        json!({"at": self.at, "version": self.version, "fingerprint": self.fingerprint,
            "licenseManager": self.license_manager, "offline": self.offline, "seats": seats})
    }

    /// The seats of a user type, where the snapshot has them.
    pub fn user_type(&self, id: &str) -> Option<&Seats> {
        self.seats
            .iter()
            .find(|s| s.kind == "userType" && s.id == id)
    }
}

/// A snapshot as stored; what a field an older version did not write is read as not known. One without a time
/// or its seats is passed over.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StoredSnapshot {
    at: Number,
    version: Text,
    fingerprint: Text,
    license_manager: Text,
    offline: Number,
    /// Each a row `[kind, id, owned, assigned, expires]`.
    seats: Rows,
}

impl StoredSnapshot {
    pub fn read(self) -> Option<Snapshot> {
        Some(Snapshot {
            at: self.at.millis()?,
            version: self.version.0,
            fingerprint: self.fingerprint.0.unwrap_or_default(),
            license_manager: self.license_manager.0,
            offline: self.offline.count(),
            seats: self.seats.0?.into_iter().filter_map(seats_of_row).collect(),
        })
    }
}

/// A stored row of seats; one without its kind and id is left out, its numbers may be missing.
fn seats_of_row(row: Row) -> Option<Seats> {
    let mut cells = row.0.into_iter();
    let mut next = || cells.next().unwrap_or_default();
    let (kind, id) = (next().into_text()?, next().into_text()?);
    Some(Seats {
        kind,
        id,
        owned: next().number.count(),
        assigned: next().number.count(),
        expires: next().number.millis(),
    })
}
