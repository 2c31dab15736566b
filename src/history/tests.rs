//! Snapshot and journal formats, the diff between snapshots, and where the next write goes.

use super::*;
use crate::portal::{Entitlement, OrgLicense};

const DAY: i64 = 86_400_000;
const NOW: i64 = 1_796_083_200_000; // 2026-12-01T00:00:00Z

fn license(creators: u64, owned: u64) -> OrgLicense {
    let user_type = |id: &str, current, maximum| Entitlement {
        id: id.into(),
        item_id: None,
        current: Some(current),
        maximum: Some(maximum),
        expiration: Some(NOW + 300 * DAY),
        start: None,
    };
    OrgLicense {
        version: Some("11.4".into()),
        user_types: vec![
            user_type("creatorUT", creators, owned),
            user_type("viewerUT", 10, 50),
        ],
        ..OrgLicense::default()
    }
}

fn entry(id: &str, at: i64, action: &str) -> Entry {
    Entry {
        id: id.into(),
        at,
        by: "admin".into(),
        action: action.into(),
        subject: "jdoe".into(),
        detail: "Viewer".into(),
        before: "Creator".into(),
        after: "Viewer".into(),
        ok: true,
        answer: String::new(),
    }
}

#[test]
fn a_history_item_reads_back_as_written_and_an_older_one_still_reads() {
    let mut doc = HistoryDoc::new(2026, 1);
    assert!(doc.add_snapshot(Snapshot::of(&license(70, 200), Some(3), NOW)));
    assert!(
        !doc.add_snapshot(Snapshot::of(&license(71, 200), Some(3), NOW + DAY / 2)),
        "once a day"
    );
    assert!(doc.add_snapshot(Snapshot::of(&license(71, 200), None, NOW + DAY)));
    assert_eq!(
        doc.merge_journal(&[entry("a", NOW, "userType"), entry("b", NOW, "revoke")]),
        2
    );
    assert_eq!(
        doc.merge_journal(&[entry("b", NOW, "revoke"), entry("c", NOW, "release")]),
        1,
        "nothing twice"
    );
    let text = doc.to_text();
    assert_eq!(HistoryDoc::parse(&text).unwrap(), doc);
    assert_eq!(doc.title(), "License Console history 2026");
    assert!(doc.keywords().contains("License History"));

    // Written before `format`, `part` and the offline count: still read, what is missing not known.
    let older = r#"{"kind":"license-console/history","year":2025,
        "snapshots":[{"at":1767000000000,"seats":[["userType","creatorUT",200,60]]}],
        "journal":[{"id":"x","at":1767000000001,"action":"release"}]}"#;
    let read = HistoryDoc::parse(older).unwrap();
    assert_eq!(
        (
            read.part,
            read.snapshots[0].offline,
            read.snapshots[0].seats[0].expires
        ),
        (1, None, None)
    );
    assert_eq!(read.journal[0].by, "");
    assert!(HistoryDoc::parse("{\"kind\":\"other\"}").is_err());
    assert!(HistoryDoc::parse("<html>").is_err());
}

#[test]
fn the_diff_says_what_changed_and_whether_the_console_did_it() {
    let a = Snapshot::of(&license(70, 200), None, NOW);
    let b = Snapshot::of(&license(68, 200), None, NOW + DAY);
    let by_console = diff(&a, &b, &[entry("a", NOW + 10, "userType")]);
    assert_eq!(by_console.len(), 1);
    assert!(matches!(
        &by_console[0].change,
        Change::Assigned {
            from: Some(70),
            to: Some(68),
            ..
        }
    ));
    assert!(!by_console[0].outside);
    let elsewhere = diff(&a, &b, &[entry("a", NOW - 10, "userType")]);
    assert!(elsewhere[0].outside, "the journal holds nothing in between");

    let mut renewed = license(68, 250);
    renewed.user_types.pop();
    renewed.apps.push(Entitlement {
        id: "arcgisprodesktop".into(),
        item_id: None,
        current: None,
        maximum: Some(50),
        expiration: None,
        start: None,
    });
    let c = Snapshot::of(&renewed, None, NOW + 2 * DAY);
    let changes: Vec<Change> = diff(&b, &c, &[]).into_iter().map(|d| d.change).collect();
    assert!(changes.iter().any(|c| matches!(
        c,
        Change::Owned {
            from: Some(200),
            to: Some(250),
            ..
        }
    )));
    assert!(changes
        .iter()
        .any(|c| matches!(c, Change::Removed(s) if s.id == "viewerUT")));
    assert!(changes
        .iter()
        .any(|c| matches!(c, Change::Added(s) if s.id == "arcgisprodesktop")));
    assert!(
        changes.contains(&Change::LicenseFile),
        "another license file"
    );
    let names =
        crate::inventory::members::TypeNames::new([("creatorUT".into(), "GIS Creator".into())]);
    let words: Vec<String> = changes.iter().map(|c| c.words(&names)).collect();
    for said in [
        "GIS Creator: seats owned 200 → 250",
        "Viewer removed",
        "ArcGIS Pro added",
        "another license file",
    ] {
        assert!(words.iter().any(|w| w == said), "{said} in {words:?}");
    }
}

#[test]
fn items_roll_over_with_the_year_and_when_full() {
    assert_eq!(year_of(NOW), 2026);
    assert_eq!(year_of(NOW + 31 * DAY), 2027);
    let mut doc = HistoryDoc::new(2026, 1);
    assert!(doc.has_room(1_000));
    for i in 0..8_000 {
        doc.journal.push(entry(&format!("e{i}"), NOW, "release"));
    }
    assert!(!doc.has_room(100_000), "{} bytes", doc.to_text().len());
    assert_eq!(next_item(None, NOW, 0), Some((2026, 1)), "the first item");
    assert_eq!(
        next_item(Some(&doc), NOW, 100_000),
        Some((2026, 2)),
        "full: the year's next part"
    );
    assert_eq!(
        next_item(Some(&doc), NOW + 31 * DAY, 0),
        Some((2027, 1)),
        "a new year"
    );
    assert_eq!(
        next_item(Some(&HistoryDoc::new(2026, 1)), NOW, 1_000),
        None,
        "room left"
    );
    assert!(taken_today(
        &[HistoryDoc {
            snapshots: vec![Snapshot::of(&license(1, 2), None, NOW)],
            ..doc.clone()
        }],
        NOW + 1000
    ));
    assert!(!taken_today(&[doc], NOW));
}

#[test]
fn items_combine_into_one_history_with_nothing_twice() {
    let mut a = HistoryDoc::new(2025, 1);
    a.add_snapshot(Snapshot::of(&license(60, 200), None, NOW - 40 * DAY));
    a.merge_journal(&[entry("x", NOW - 40 * DAY, "revoke")]);
    let mut b = HistoryDoc::new(2026, 1);
    b.add_snapshot(Snapshot::of(&license(70, 200), None, NOW));
    b.merge_journal(&[
        entry("x", NOW - 40 * DAY, "revoke"),
        entry("y", NOW, "release"),
    ]);
    let (snapshots, journal) = combine(vec![b.clone(), a, b]);
    assert_eq!(
        snapshots.iter().map(|s| s.at).collect::<Vec<_>>(),
        [NOW - 40 * DAY, NOW]
    );
    assert_eq!(
        journal.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["y", "x"]
    );
}

#[test]
fn the_chart_puts_time_left_to_right_and_seats_bottom_to_top() {
    let snapshots = [
        Snapshot::of(&license(50, 100), None, NOW),
        Snapshot::of(&license(100, 100), None, NOW + DAY),
    ];
    let drawn = chart(&snapshots, 200.0, 100.0);
    assert_eq!(drawn.max, 100);
    let creator = &drawn.lines[0];
    assert_eq!(creator.id, "creatorUT");
    assert_eq!(creator.assigned, "0.0,50.0 200.0,0.0");
    assert_eq!(creator.owned, "0.0,0.0 200.0,0.0");
    assert_eq!(chart(&[], 200.0, 100.0).lines, []);
}

#[test]
fn the_journal_filter_and_both_exports() {
    let mut failed = entry("f", NOW + DAY, "revoke");
    failed.ok = false;
    failed.answer = "None of the specified users can be disconnected.".into();
    let done = entry("d", NOW, "userType");
    let filter = |f: JournalFilter| {
        [&failed, &done]
            .into_iter()
            .filter(|e| f.shows(e))
            .map(|e| e.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(filter(JournalFilter::default()), ["f", "d"]);
    assert_eq!(
        filter(JournalFilter {
            ok: Some(false),
            ..JournalFilter::default()
        }),
        ["f"]
    );
    assert_eq!(
        filter(JournalFilter {
            action: Some("userType".into()),
            ..JournalFilter::default()
        }),
        ["d"]
    );
    assert_eq!(
        filter(JournalFilter {
            find: "DISCONNECTED jdoe".into(),
            ..JournalFilter::default()
        }),
        ["f"]
    );
    assert_eq!(
        filter(JournalFilter {
            from: Some("2026-12-02".into()),
            ..JournalFilter::default()
        }),
        ["f"]
    );
    assert_eq!(
        filter(JournalFilter {
            to: Some("2026-12-01".into()),
            ..JournalFilter::default()
        }),
        ["d"]
    );
    let csv = journal_csv(&[&failed]);
    assert!(csv.starts_with("when,by,action,"));
    assert!(csv.contains("2026-12-02,admin,revoke,jdoe,Viewer,Creator,Viewer,failed,None of the specified users can be disconnected."));
    let seats = snapshots_csv(&[Snapshot::of(&license(70, 200), None, NOW)]);
    assert!(
        seats
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("2026-12-01,11.4,userType,creatorUT,200,70,2027-09-27,"),
        "{seats}"
    );
}
