//! The overview's exports: CSV for spreadsheets, iCalendar for the team calendar.

use super::iso_date;
use super::Row;

/// A CSV field (RFC 4180), with spreadsheet formulas defused: a field starting with `=`, `+`, `-`, `@`, tab or
/// carriage return could run when opened in a spreadsheet, so it gets a leading apostrophe. Any field holding a
/// separator a spreadsheet may use (`,`, or `;` where the decimal mark is a comma, or tab), a quote or a line
/// break is quoted, so that every locale reads the same cells.
fn csv_field(text: &str) -> String {
    let defused = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if defused.contains([',', ';', '\t', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// Appends one CSV line (CRLF-terminated, as spreadsheets expect) of `fields`, each quoted as it needs.
pub(crate) fn push_csv_line(out: &mut String, fields: &[String]) {
    out.push_str(
        &fields
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
}

/// One line per licensed thing: kind, id, name, used, allowed, expiration (ISO date, UTC).
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = String::from("kind,id,name,used,allowed,expiration\r\n");
    for row in rows {
        let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        let expiration = match (row.can_expire, row.expiration) {
            (Some(false), _) => "does not expire".to_owned(),
            (_, Some(ms)) if ms > 0 => iso_date(ms),
            _ => String::new(),
        };
        let fields = [
            row.kind_label(),
            row.id.clone(),
            row.name.clone(),
            number(row.used),
            number(row.allowed),
            expiration,
        ];
        push_csv_line(&mut out, &fields);
    }
    out
}

/// Text escaped for an iCalendar TEXT value (RFC 5545 §3.3.11).
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character, with CRLF endings.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// `YYYYMMDDTHHMMSSZ`.
fn ics_time(ms: i64) -> String {
    let date = iso_date(ms).replace('-', "");
    let seconds = ms.div_euclid(1000).rem_euclid(86_400);
    format!(
        "{date}T{:02}{:02}{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// An event per expiration (with a reminder 30 days before), for the team calendar.
pub fn to_ics(rows: &[Row], portal: &str, now_ms: i64) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//License Console//License expirations//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(line, &mut out);
    }
    for row in rows.iter().filter(|r| r.can_expire != Some(false)) {
        let Some(expiration) = row.expiration.filter(|e| *e > 0) else {
            continue;
        };
        let uid: String = format!("{}-{}-{expiration}", row.kind_label(), row.id)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let summary = format!("License expires: {} ({})", row.name, row.kind_label());
        let description = format!(
            "{} {} of {} expires. Portal: {portal}",
            row.kind_label(),
            row.name,
            row.id
        );
        for line in [
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{uid}@license-console"),
            format!("DTSTAMP:{}", ics_time(now_ms)),
            format!("DTSTART:{}", ics_time(expiration)),
            format!("DTEND:{}", ics_time(expiration + 3_600_000)),
            format!("SUMMARY:{}", ics_text(&summary)),
            format!("DESCRIPTION:{}", ics_text(&description)),
            "BEGIN:VALARM".to_owned(),
            "ACTION:DISPLAY".to_owned(),
            format!(
                "DESCRIPTION:{}",
                ics_text(&format!("In 30 days: {summary}"))
            ),
            "TRIGGER:-P30D".to_owned(),
            "END:VALARM".to_owned(),
            "END:VEVENT".to_owned(),
        ] {
            fold(&line, &mut out);
        }
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::Kind;

    const NOW: i64 = 1_727_740_800_000; // 2024-10-01T00:00:00Z

    #[test]
    fn csv_quotes_and_defuses() {
        let rows = vec![Row {
            kind: Some(Kind::App),
            id: "=cmd|' /C calc'!A0".into(),
            name: "Quote \"this\", please".into(),
            used: None,
            allowed: Some(5),
            expiration: Some(1_729_036_800_000),
            ..Row::default()
        }];
        assert_eq!(
            to_csv(&rows),
            "kind,id,name,used,allowed,expiration\r\nApp,'=cmd|' /C calc'!A0,\"Quote \"\"this\"\", please\",,5,2024-10-16\r\n"
        );
    }

    #[test]
    fn ics_is_folded_escaped_and_in_utc() {
        let rows = vec![
            Row {
                kind: Some(Kind::Extension),
                id: "x".into(),
                name: "A; very, long\\name ".repeat(6),
                expiration: Some(1_729_036_800_000),
                ..Row::default()
            },
            Row {
                kind: Some(Kind::Level),
                id: "never".into(),
                name: "n".into(),
                expiration: Some(5),
                can_expire: Some(false),
                ..Row::default()
            },
        ];
        let ics = to_ics(&rows, "https://gis.example.com/portal", NOW);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(
            ics.matches("BEGIN:VEVENT").count(),
            1,
            "what does not expire gets no event"
        );
        assert!(ics.contains("DTSTART:20241016T000000Z\r\n"));
        assert!(ics.contains("DTSTAMP:20241001T000000Z\r\n"));
        assert!(ics.contains("TRIGGER:-P30D\r\n"));
        assert!(ics.contains("A\\; very\\, long\\\\name"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert!(!ics.replace("\r\n", "").contains('\n'));
    }
}
