//! What changed between two snapshots: things licensed added or removed, seats owned and assigned, expirations
//! moved, another license file, the version and the license manager — each labelled as made in the console when
//! the journal holds a change of its kind in between, else outside it.

use super::journal::Entry;
use super::snapshot::{Seats, Snapshot};

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
