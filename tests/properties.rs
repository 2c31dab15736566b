//! Property tests: what the exporters write always reads back as what was written.
#![cfg(not(target_arch = "wasm32"))]

use license_console::inventory::{to_csv, to_ics, Kind, Row};
use proptest::prelude::*;

/// A minimal RFC 4180 reader, to read back what `to_csv` wrote.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    read_separated(text, ',')
}

/// The same reader with another separator: a spreadsheet in a locale whose decimal mark is a comma reads CSV
/// with `;`.
fn read_separated(text: &str, separator: char) -> Vec<Vec<String>> {
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
            (false, c) if c == separator => row.push(std::mem::take(&mut field)),
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

/// Field text that is hard on CSV: separators, quotes, line breaks and formula starts.
fn awkward_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just(",".to_owned()),
            Just(";".to_owned()),
            Just("\t".to_owned()),
            Just("\"".to_owned()),
            Just("\n".to_owned()),
            Just("\r".to_owned()),
            Just("=".to_owned()),
            Just("+".to_owned()),
            Just("-".to_owned()),
            Just("@".to_owned()),
            "[a-z0-9 ]{0,4}",
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
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
    fn csv_cells_are_the_same_whatever_the_separator_and_none_is_a_formula(
        ids in prop::collection::vec(awkward_text(), 1..5),
        names in prop::collection::vec(awkward_text(), 1..5),
    ) {
        let rows: Vec<Row> = ids.into_iter().zip(names).map(|(id, name)| Row {
            kind: Some(Kind::Extension),
            id,
            name,
            ..Row::default()
        }).collect();
        let csv = to_csv(&rows);
        // Whatever the text, a reader splitting on `;` (or tab) finds no separator outside quotes: every line is
        // one cell for it, as the header is, and no field's text splits a line differently.
        for separator in [';', '\t'] {
            let lines = read_separated(&csv, separator);
            prop_assert_eq!(lines.len(), rows.len() + 1);
            prop_assert!(lines.iter().all(|cells| cells.len() == 1), "{:?}", lines);
        }
        let by_comma = read_csv(&csv);
        prop_assert_eq!(by_comma.len(), rows.len() + 1);
        for (written, cells) in rows.iter().zip(&by_comma[1..]) {
            prop_assert_eq!(cells.len(), 6);
            for (cell, text) in [(&cells[1], &written.id), (&cells[2], &written.name)] {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", cell);
                prop_assert!(cell == text || *cell == format!("'{text}"), "{:?} from {:?}", cell, text);
            }
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
