//! Property tests: arbitrary portal answers never panic the decoders, and what the exporters write always reads
//! back as what was written.
#![cfg(not(target_arch = "wasm32"))]

use license_console::inventory::{to_csv, to_ics, Kind, Row};
use license_console::portal::{
    classify_response, decode_license, decode_server_licenses, decode_token, Session,
};
use proptest::prelude::*;
use serde_json::Value;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("creatorUT"),
            Just("features"),
            Just("expiration"),
            Just("<script>")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![
            Just("userTypes".to_owned()),
            Just("capabilities".to_owned()),
            Just("features".to_owned()),
            Just("id".to_owned()),
            Just("name".to_owned()),
            Just("expiration".to_owned()),
            Just("maximumRegisteredMembers".to_owned()),
            Just("currentRegisteredMembers".to_owned()),
            Just("licenseManagerInfo".to_owned()),
            Just("hostname".to_owned()),
            Just("error".to_owned()),
            Just("status".to_owned()),
            ".{0,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A minimal RFC 4180 reader, to read back what `to_csv` wrote.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

/// Reads an iCalendar TEXT value back (RFC 5545 §3.3.11), one escape at a time.
fn unescape_ics(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn row() -> impl Strategy<Value = Row> {
    (
        ".{0,40}",
        ".{0,40}",
        proptest::option::of(any::<u64>()),
        proptest::option::of(any::<u64>()),
        proptest::option::of(1i64..4_102_444_800_000),
    )
        .prop_map(|(id, name, used, allowed, expiration)| Row {
            kind: Some(Kind::Extension),
            id,
            name,
            used,
            allowed,
            expiration,
            ..Row::default()
        })
}

#[test]
fn deep_nesting_and_very_large_answers_are_refused_or_read_without_panicking() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(
        classify_response(200, deep.as_bytes()).is_err(),
        "nesting past serde_json's limit is an error, not a crash"
    );
    let entries: Vec<String> = (0..50_000)
        .map(|i| format!(r#"{{"id":"type{i}","maximumRegisteredMembers":{i},"currentRegisteredMembers":"{i}","expiration":null}}"#))
        .collect();
    let big = format!(r#"{{"userTypes":[{}]}}"#, entries.join(","));
    let license = decode_license(&classify_response(200, big.as_bytes()).unwrap()).unwrap();
    assert_eq!(license.user_types.len(), 50_000);
    assert_eq!(license.user_types[49_999].current, Some(49_999));
}

#[test]
fn a_literal_backslash_n_stays_apart_from_a_new_line() {
    let rows = ["\\n", "\n", "a\\,b"].map(|name| Row {
        kind: Some(Kind::Extension),
        name: name.into(),
        expiration: Some(1),
        ..Row::default()
    });
    let ics = to_ics(&rows, "p", 0).replace("\r\n ", "");
    let names: Vec<String> = ics
        .split("\r\n")
        .filter_map(|l| l.strip_prefix("SUMMARY:License expires: "))
        .map(unescape_ics)
        .collect();
    assert_eq!(
        names,
        ["\\n (Extension)", "\n (Extension)", "a\\,b (Extension)"]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(400) })]

    #[test]
    fn any_bytes_classify_without_panicking(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = classify_response(status, &body);
    }

    #[test]
    fn any_json_decodes_without_panicking(value in json_value()) {
        let _ = decode_license(&value);
        let _ = decode_server_licenses(&value);
        let _ = decode_token(&value);
        let _ = classify_response(200, value.to_string().as_bytes());
        let _ = Session::from_storage(&value.to_string(), 0);
    }

    #[test]
    fn csv_reads_back(rows in prop::collection::vec(row(), 0..8)) {
        let read = read_csv(&to_csv(&rows));
        prop_assert_eq!(read.len(), rows.len() + 1);
        for (written, fields) in rows.iter().zip(&read[1..]) {
            // What a spreadsheet could run as a formula is written with a leading apostrophe.
            let defused = |f: &str| if f.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{f}") } else { f.to_owned() };
            prop_assert_eq!(fields.len(), 6);
            prop_assert_eq!(fields[1].clone(), defused(&written.id));
            prop_assert_eq!(fields[2].clone(), defused(&written.name));
            prop_assert_eq!(fields[3].clone(), written.used.map(|n| n.to_string()).unwrap_or_default());
        }
    }

    #[test]
    fn ics_lines_are_short_and_unfold_to_the_summary(rows in prop::collection::vec(row(), 1..5)) {
        let ics = to_ics(&rows, "https://gis.example.com/portal", 1_700_000_000_000);
        prop_assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for line in ics.split("\r\n") {
            prop_assert!(line.len() <= 75);
        }
        let unfolded = ics.replace("\r\n ", "");
        let summaries: Vec<String> = unfolded
            .split("\r\n")
            .filter_map(|l| l.strip_prefix("SUMMARY:"))
            .map(unescape_ics)
            .collect();
        let expected: Vec<String> = rows.iter().filter(|r| r.expiration.is_some()).map(|r| {
            let clean: String = r.name.chars().filter(|c| !c.is_control() || *c == '\n').collect();
            format!("License expires: {clean} (Extension)")
        }).collect();
        prop_assert_eq!(summaries, expected);
    }
}
