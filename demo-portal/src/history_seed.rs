//! `--history-days N`: a license history as the console would have kept it — N daily snapshots with plausible
//! movement, and journal entries — in items owned by the administrator, one per year (and per million bytes).
//! The format is the console's (`src/history/`): a fixture, written here so the screen and the benchmark have
//! years of data on a fresh start.

use serde_json::{json, Value};

use crate::content::Item;
use crate::context::State;
use crate::sample::DAY_MS;

/// Keep every item's text under this (API.md: well under 1 MB).
const ITEM_BYTES: usize = 900_000;
const OWNER: &str = "admin";

/// One item's text as it fills: year, part, snapshots, journal entries, bytes so far.
type Doc = (i64, usize, Vec<Value>, Vec<Value>, usize);

/// The seats of the license now, as a snapshot's rows: `[kind, id, owned, assigned, expiration]`.
fn seats_now(license: &Value) -> Vec<(String, String, i64, i64, i64)> {
    let mut rows = Vec::new();
    for (key, kind) in [
        ("userTypes", "userType"),
        ("apps", "app"),
        ("appBundles", "appBundle"),
        ("extensions", "extension"),
    ] {
        for entry in license[key].as_array().into_iter().flatten() {
            let id = entry["id"].as_str().unwrap_or_default().to_owned();
            let owned = entry["maximumRegisteredMembers"].as_i64().unwrap_or(0);
            let assigned = entry["currentRegisteredMembers"].as_i64().unwrap_or(0);
            let expires = entry["expiration"].as_i64().unwrap_or(0);
            rows.push((kind.to_owned(), id, owned, assigned, expires));
        }
    }
    rows
}

/// A day's snapshot `back` days ago: seats assigned drift with the day, a renewal moved expirations a year ago.
fn snapshot(rows: &[(String, String, i64, i64, i64)], at: i64, back: i64, version: &str) -> Value {
    let seats: Vec<Value> = rows
        .iter()
        .enumerate()
        .map(|(i, (kind, id, owned, assigned, expires))| {
            let wave = ((back + i as i64 * 7) % 30 - 15).abs();
            let drift = (assigned * back / 2_000).min(assigned / 2);
            let assigned = (assigned - drift + wave / 5 - 1).max(0);
            let expires = if back > 365 {
                expires - 365 * DAY_MS
            } else {
                *expires
            };
            // The license reports who is assigned for user types only.
            let assigned = (kind == "userType").then_some(assigned);
            json!([kind, id, owned, assigned, expires])
        })
        .collect();
    // Written as by an older console that kept no fingerprint: read as not known.
    json!({"at": at, "version": version, "licenseManager": null, "offline": 5 + back % 4, "seats": seats})
}

fn entry(n: usize, at: i64) -> Value {
    let refused = n.is_multiple_of(17);
    let actions = ["release", "revoke", "userType", "role", "offlinePolicy"];
    let action = actions[n % actions.len()];
    json!({"id": format!("seed-{n}"), "at": at, "by": OWNER, "action": action,
        "subject": format!("member{:05}", n % 50_000 + 1), "detail": "ArcGIS Pro", "before": "held", "after": "none",
        "ok": !refused, "answer": if refused { "None of the specified users can be disconnected." } else { "" }})
}

fn item(state: &State, year: i64, part: usize, text: String, now: i64) -> Item {
    let suffix = if part > 1 {
        format!(" (part {part})")
    } else {
        String::new()
    };
    Item {
        id: format!(
            "{:032x}",
            0x5345_4544_0000_u64 + state.items.len() as u64 + 1
        ),
        owner: OWNER.into(),
        title: format!("License Console history {year}{suffix}"),
        kind: "Application Configuration".into(),
        type_keywords: vec![
            "License Console".into(),
            "License History".into(),
            format!("year-{year}"),
            format!("part-{part}"),
        ],
        text,
        groups: Vec::new(),
        modified: now,
    }
}

fn year_of(ms: i64) -> i64 {
    crate::license_file::civil(ms).0
}

/// Adds `days` daily snapshots up to yesterday and `entries` journal entries spread over them.
pub fn seed(state: &mut State, days: usize, entries: usize, version: &str, now: i64) {
    if days == 0 {
        return;
    }
    let rows = seats_now(&state.license);
    let per_day = entries.div_ceil(days);
    let mut docs: Vec<Doc> = Vec::new();
    let mut written = 0;
    for back in (1..=days as i64).rev() {
        let at = now - back * DAY_MS;
        let year = year_of(at);
        let snap = snapshot(&rows, at, back, version);
        let journal: Vec<Value> = (0..per_day.min(entries - written))
            .map(|k| entry(written + k, at + k as i64 * 60_000))
            .collect();
        written += journal.len();
        let size = snap.to_string().len()
            + journal
                .iter()
                .map(|e| e.to_string().len() + 1)
                .sum::<usize>();
        match docs.last_mut() {
            Some((y, _, snaps, js, bytes)) if *y == year && *bytes + size < ITEM_BYTES => {
                snaps.push(snap);
                js.extend(journal);
                *bytes += size;
            }
            last => {
                let part = match last {
                    Some((y, p, ..)) if *y == year => *p + 1,
                    _ => 1,
                };
                docs.push((year, part, vec![snap], journal, size));
            }
        }
    }
    for (year, part, snapshots, journal, _) in docs {
        let text =
            json!({"kind": "license-console/history", "format": 1, "year": year, "part": part,
            "snapshots": snapshots, "journal": journal})
            .to_string();
        let item = item(state, year, part, text, now);
        state.items.push(item);
    }
}
