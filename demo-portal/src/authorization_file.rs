//! ArcGIS Server authorization files (`.ecp` from My Esri or the Software Authorization wizard, `.prvc`
//! provisioning files, and `.epc`, the spelling the import page uses) as the demo portal reads them. Real files are signed by
//! Esri; the demo reads a plain-text stand-in with one line per feature:
//!
//! ```text
//! Feature: name=esriServerImg; displayName=ArcGIS Image Server; version=11.4; cores=4; expires=2027-12-31
//! ```
//! Anything else in the file is ignored, but a file with no readable feature line is refused, as a real portal
//! refuses a corrupt one.

use serde_json::{json, Value};

use crate::sample::DAY_MS;

pub const EXTENSIONS: [&str; 3] = [".ecp", ".prvc", ".epc"];

/// The server features the file authorizes, in the shape of `capabilities.features`.
pub fn read(bytes: &[u8]) -> Result<Vec<Value>, &'static str> {
    let text = std::str::from_utf8(bytes).map_err(|_| "The authorization file could not be read: it is not a valid ArcGIS Server authorization file.")?;
    let features: Vec<Value> = text
        .lines()
        .filter_map(|line| line.trim().strip_prefix("Feature:"))
        .map(feature)
        .collect::<Result<_, _>>()?;
    if features.is_empty() {
        return Err("The authorization file contains no ArcGIS Server authorizations.");
    }
    Ok(features)
}

fn feature(spec: &str) -> Result<Value, &'static str> {
    let pairs: Vec<(&str, &str)> = spec
        .split(';')
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect();
    let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let name = get("name")
        .filter(|n| !n.is_empty())
        .ok_or("An authorization in the file has no feature name.")?;
    let expiration = match get("expires") {
        Some(date) => date_ms(date)
            .ok_or("An authorization in the file has an unreadable expiration date.")?,
        None => 0,
    };
    let cores: u64 = get("cores").and_then(|c| c.parse().ok()).unwrap_or(0);
    Ok(json!({
        "displayName": get("displayName").unwrap_or(name),
        "isValid": true,
        "name": name,
        "expiration": expiration,
        "canExpire": expiration > 0,
        "coreCount": cores,
        "version": get("version").unwrap_or("11.4"),
    }))
}

/// `YYYY-MM-DD` at midnight UTC, in milliseconds since the epoch.
fn date_ms(date: &str) -> Option<i64> {
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil date (proleptic Gregorian), after H. Hinnant's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * DAY_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_feature_lines() {
        let file = b"ArcGIS Server authorization\nFeature: name=esriServerImg; displayName=ArcGIS Image Server; version=11.4; cores=4; expires=2027-12-31\n";
        let features = read(file).unwrap();
        assert_eq!(features[0]["displayName"], "ArcGIS Image Server");
        assert_eq!(features[0]["coreCount"], 4);
        assert_eq!(features[0]["expiration"], 1_830_211_200_000i64);
    }

    #[test]
    fn refuses_unreadable_files() {
        assert!(read(b"").is_err());
        assert!(read(b"\xff\xfe garbage").is_err());
        assert!(read(b"Feature: displayName=No name").is_err());
        assert!(read(b"Feature: name=x; expires=2027-13-01").is_err());
        assert_eq!(date_ms("1970-01-02"), Some(DAY_MS));
    }
}
