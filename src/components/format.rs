//! Numbers and dates for people.

/// `1234567` → `1,234,567`.
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

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

/// The date in the browser's locale; expirations fall on UTC midnights, so the day is read in UTC. One
/// formatter serves every call: building one per date is what makes large tables slow.
#[cfg(target_arch = "wasm32")]
pub fn format_date(ms: i64) -> String {
    use wasm_bindgen::JsValue;
    thread_local! {
        static FORMAT: Option<js_sys::Function> = {
            let options = js_sys::Object::new();
            for (key, value) in [("timeZone", "UTC"), ("year", "numeric"), ("month", "short"), ("day", "numeric")] {
                let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
            }
            let locales = js_sys::Array::of1(&web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into()).into());
            let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
            Some(format)
        };
    }
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    if date.get_time().is_nan() {
        return iso_date(ms);
    }
    FORMAT
        .with(|format| {
            format
                .as_ref()
                .and_then(|f| f.call1(&JsValue::NULL, &date).ok())
        })
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| iso_date(ms))
}

#[cfg(not(target_arch = "wasm32"))]
pub fn format_date(ms: i64) -> String {
    iso_date(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_get_separators() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1200), "1,200");
        assert_eq!(format_count(12_345_678), "12,345,678");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(1_761_091_200_000), "2025-10-22");
        assert_eq!(iso_date(1_729_036_800_000), "2024-10-16");
        assert_eq!(iso_date(-86_400_000), "1969-12-31");
    }
}
