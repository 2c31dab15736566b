//! Numbers and dates for people.

use crate::inventory::iso_date;

/// `n` with the noun that fits it, the number written as [`format_count`] writes it: `1 member`, `2,100 members`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", format_count(n as u64))
    }
}

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

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The browser's date formatter: creating it costs tens of milliseconds (locale data), so it is made once.
    static DATE_FORMAT: Option<js_sys::Function> = {
        let options = js_sys::Object::new();
        for (key, value) in [("timeZone", "UTC"), ("year", "numeric"), ("month", "short"), ("day", "numeric")] {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        }
        let locales = js_sys::Array::of1(&web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into()).into());
        let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
        crate::marks::mark(crate::marks::DATE_FORMAT_READY);
        Some(format)
    };
    /// Dates already formatted: a license repeats the same few expiration days across many rows.
    static FORMATTED: std::cell::RefCell<std::collections::HashMap<i64, String>> = Default::default();
}

/// Creates the date formatter soon, in a task of its own: called when the console starts, so the cost (20 ms and
/// more the first time in Chromium) is paid while the sign-in form is typed into, or while a kept session's first
/// answers are on their way — not between the license's arrival and the overview. Called from the overview, the
/// task had run just as the answers arrived (loopback is quicker than the locale data) and held them up.
#[cfg(target_arch = "wasm32")]
pub fn prepare_date_format() {
    use wasm_bindgen::JsCast;
    let create = wasm_bindgen::closure::Closure::once_into_js(|| DATE_FORMAT.with(|_| ()));
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback(create.unchecked_ref());
    }
}

/// The date in the browser's locale; expirations fall on UTC midnights, so the day is read in UTC.
#[cfg(target_arch = "wasm32")]
pub fn format_date(ms: i64) -> String {
    /// Bounds the memory of `FORMATTED` whatever the portal sends.
    const REMEMBERED: usize = 4096;
    if let Some(known) = FORMATTED.with(|f| f.borrow().get(&ms).cloned()) {
        return known;
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    if date.get_time().is_nan() {
        return iso_date(ms);
    }
    let text = DATE_FORMAT
        .with(|format| {
            format
                .as_ref()
                .and_then(|f| f.call1(&wasm_bindgen::JsValue::NULL, &date).ok())
        })
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| iso_date(ms));
    FORMATTED.with(|f| {
        let mut formatted = f.borrow_mut();
        if formatted.len() >= REMEMBERED {
            formatted.clear();
        }
        formatted.insert(ms, text.clone());
    });
    text
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
        assert_eq!(
            counted(1, "journal entry", "journal entries"),
            "1 journal entry"
        );
        assert_eq!(counted(0, "item", "items"), "0 items");
        assert_eq!(
            counted(20_000, "entry shown", "entries shown"),
            "20,000 entries shown"
        );
    }
}
