//! Lenient field access: the portal may omit any field, send null, or change a field's kind. Every accessor
//! answers `None` (or an empty list) rather than failing, so decoding never panics and never rejects a payload
//! for one odd field.

use serde_json::Value;

pub(crate) fn text(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn number(v: &Value, key: &str) -> Option<f64> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// A whole, non-negative count (members, cores, ports). Fractions are truncated; negatives are treated as absent.
pub(crate) fn count(v: &Value, key: &str) -> Option<u64> {
    number(v, key)
        .filter(|f| *f >= 0.0)
        .map(|f| f.min(u64::MAX as f64) as u64)
}

/// Milliseconds since the Unix epoch.
pub(crate) fn millis(v: &Value, key: &str) -> Option<i64> {
    number(v, key).map(|f| f.clamp(i64::MIN as f64, i64::MAX as f64) as i64)
}

pub(crate) fn flag(v: &Value, key: &str) -> Option<bool> {
    match v.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

pub(crate) fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Strings from an array of strings (error `details`, admin `messages`), skipping anything else.
pub(crate) fn strings(v: &Value, key: &str) -> Vec<String> {
    items(v, key)
        .iter()
        .filter_map(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn odd_kinds_become_absent_not_errors() {
        let v =
            json!({"a": null, "b": "12", "c": [1], "d": -3, "e": "TRUE", "f": 1.5e300, "g": "  "});
        assert_eq!(text(&v, "a"), None);
        assert_eq!(text(&v, "g"), None);
        assert_eq!(count(&v, "b"), Some(12));
        assert_eq!(count(&v, "c"), None);
        assert_eq!(count(&v, "d"), None);
        assert_eq!(flag(&v, "e"), Some(true));
        assert_eq!(millis(&v, "f"), Some(i64::MAX));
        assert!(items(&v, "b").is_empty());
        assert!(items(&json!([1, 2]), "x").is_empty());
    }
}
