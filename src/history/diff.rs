//! What changed between two snapshots: things licensed added or removed, seats owned and assigned, expirations
//! moved, another license file, the version and the license manager — each labelled as made in the console when
//! the journal holds a change of its kind in between, else outside it.

use super::journal::Entry;
use super::snapshot::{Seats, Snapshot};
use crate::inventory::iso_date;
use crate::inventory::members::TypeNames;
use crate::portal::app_name;

#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Added(Seats),
    Removed(Seats),
    Owned {
        kind: String,
        id: String,
        from: Option<u64>,
        to: Option<u64>,
    },
    Assigned {
        kind: String,
        id: String,
        from: Option<u64>,
        to: Option<u64>,
    },
    Expires {
        kind: String,
        id: String,
        from: Option<i64>,
        to: Option<i64>,
    },
    LicenseFile,
    Version {
        from: Option<String>,
        to: Option<String>,
    },
    LicenseManager {
        from: Option<String>,
        to: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub change: Change,
    /// No change of this kind by the console is in the journal between the two snapshots.
    pub outside: bool,
}

impl Change {
    /// The change in words: user types by the portal's names where it gives them, apps by theirs (ArcGIS Pro, not
    /// `arcgisprodesktop`), anything unknown by its id.
    pub fn words(&self, names: &TypeNames) -> String {
        let name = |kind: &str, id: &str| {
            if kind == "userType" {
                names.of(id)
            } else {
                app_name(id)
            }
        };
        let n = |v: Option<u64>| v.map_or("not reported".to_owned(), |v| v.to_string());
        let date = |v: Option<i64>| v.map_or("none".to_owned(), iso_date);
        match self {
            Change::Added(s) => format!("{} added", name(&s.kind, &s.id)),
            Change::Removed(s) => format!("{} removed", name(&s.kind, &s.id)),
            Change::Owned { kind, id, from, to } => {
                format!("{}: seats owned {} → {}", name(kind, id), n(*from), n(*to))
            }
            Change::Assigned { kind, id, from, to } => {
                format!("{}: assigned {} → {}", name(kind, id), n(*from), n(*to))
            }
            Change::Expires { kind, id, from, to } => format!(
                "{}: expires {} → {}",
                name(kind, id),
                date(*from),
                date(*to)
            ),
            Change::LicenseFile => "another license file".to_owned(),
            Change::Version { from, to } => format!(
                "version {} → {}",
                from.clone().unwrap_or_default(),
                to.clone().unwrap_or_default()
            ),
            Change::LicenseManager { from, to } => format!(
                "license manager {} → {}",
                from.clone().unwrap_or("none".into()),
                to.clone().unwrap_or("none".into())
            ),
        }
    }
}

/// The journal actions that explain a change of this kind.
fn explained_by(change: &Change) -> &'static [&'static str] {
    match change {
        Change::Assigned { kind, .. } if kind == "userType" => &["userType"],
        Change::Assigned { .. } => &["revoke", "release", "assign", "userType"],
        Change::LicenseManager { .. } => &["licenseManager"],
        _ => &["import"],
    }
}

/// What changed from `a` to `b`, with `journal` to tell the console's changes from the rest.
pub fn diff(a: &Snapshot, b: &Snapshot, journal: &[Entry]) -> Vec<Difference> {
    let mut changes = Vec::new();
    for old in &a.seats {
        match b
            .seats
            .iter()
            .find(|n| n.kind == old.kind && n.id == old.id)
        {
            None => changes.push(Change::Removed(old.clone())),
            Some(new) => {
                let (kind, id) = (old.kind.clone(), old.id.clone());
                if old.owned != new.owned {
                    changes.push(Change::Owned {
                        kind: kind.clone(),
                        id: id.clone(),
                        from: old.owned,
                        to: new.owned,
                    });
                }
                if old.assigned != new.assigned {
                    changes.push(Change::Assigned {
                        kind: kind.clone(),
                        id: id.clone(),
                        from: old.assigned,
                        to: new.assigned,
                    });
                }
                if old.expires != new.expires {
                    changes.push(Change::Expires {
                        kind,
                        id,
                        from: old.expires,
                        to: new.expires,
                    });
                }
            }
        }
    }
    for new in b
        .seats
        .iter()
        .filter(|n| !a.seats.iter().any(|o| o.kind == n.kind && o.id == n.id))
    {
        changes.push(Change::Added(new.clone()));
    }
    if a.fingerprint != b.fingerprint && !a.fingerprint.is_empty() && !b.fingerprint.is_empty() {
        changes.push(Change::LicenseFile);
    }
    if a.version != b.version {
        changes.push(Change::Version {
            from: a.version.clone(),
            to: b.version.clone(),
        });
    }
    if a.license_manager != b.license_manager {
        changes.push(Change::LicenseManager {
            from: a.license_manager.clone(),
            to: b.license_manager.clone(),
        });
    }
    let between: Vec<&Entry> = journal
        .iter()
        .filter(|e| e.ok && e.at > a.at && e.at <= b.at)
        .collect();
    changes
        .into_iter()
        .map(|change| {
            let actions = explained_by(&change);
            let outside = !between.iter().any(|e| actions.contains(&e.action.as_str()));
            Difference { change, outside }
        })
        .collect()
}
