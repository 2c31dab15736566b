//! Seats used against owned per user type over time, as SVG polylines: the geometry, plain Rust.

use super::snapshot::Snapshot;

/// One user type's lines: assigned, and owned.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub id: String,
    pub assigned: String,
    pub owned: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub lines: Vec<Line>,
    /// The top of the scale: the most seats owned or assigned of any type at any time.
    pub max: u64,
    pub first: i64,
    pub last: i64,
}

/// Points `x,y` in a `width` × `height` box, time left to right, seats bottom to top.
pub fn chart(snapshots: &[Snapshot], width: f64, height: f64) -> Chart {
    let mut ids: Vec<String> = Vec::new();
    for s in snapshots
        .iter()
        .flat_map(|s| &s.seats)
        .filter(|s| s.kind == "userType")
    {
        if !ids.contains(&s.id) {
            ids.push(s.id.clone());
        }
    }
    let max = snapshots
        .iter()
        .flat_map(|s| &s.seats)
        .filter(|s| s.kind == "userType")
        .flat_map(|s| [s.owned, s.assigned])
        .flatten()
        .max()
        .unwrap_or(0)
        .max(1);
    let (first, last) = match (snapshots.first(), snapshots.last()) {
        (Some(a), Some(b)) => (a.at, b.at),
        _ => (0, 0),
    };
    let span = (last - first).max(1) as f64;
    let point = |at: i64, n: u64| {
        let x = (at - first) as f64 / span * width;
        let y = height - n as f64 / max as f64 * height;
        format!("{x:.1},{y:.1}")
    };
    let lines = ids
        .into_iter()
        .map(|id| {
            let of = |pick: fn(&super::Seats) -> Option<u64>| -> String {
                snapshots
                    .iter()
                    .filter_map(|s| Some(point(s.at, pick(s.user_type(&id)?)?)))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            Line {
                assigned: of(|s| s.assigned),
                owned: of(|s| s.owned),
                id,
            }
        })
        .collect();
    Chart {
        lines,
        max,
        first,
        last,
    }
}
