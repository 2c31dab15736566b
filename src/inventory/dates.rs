//! Dates as the exports write them.

/// `YYYY-MM-DD` (UTC) of a time in milliseconds since the epoch.
pub fn iso_date(ms: i64) -> String {
    // Civil from days (proleptic Gregorian), after H. Hinnant's algorithm.
    let z = ms.div_euclid(86_400_000) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(1_761_091_200_000), "2025-10-22");
        assert_eq!(iso_date(1_729_036_800_000), "2024-10-16");
        assert_eq!(iso_date(-86_400_000), "1969-12-31");
    }
}
