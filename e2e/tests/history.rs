//! License history kept in the portal, as administrators meet it: agreed to on the first visit (one item, one
//! snapshot), seats changed outside the console and seen the next day, releases and revokes in the journal, a
//! refused write kept and written once later, and a second administrator reading the shared history.

use std::time::Duration;

use demo_portal::{Config, Fault, ADMIN_GROUP};
use e2e::Harness;
use serde_json::Value;

const DAY_MS: i64 = 86_400_000;
const LONG: Duration = Duration::from_secs(120);

/// Waits until the one history item satisfies `done`.
async fn item_where(h: &Harness, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = std::time::Instant::now() + LONG;
    loop {
        if let Some((_, doc)) = h.history_items().into_iter().find(|(_, d)| done(d)) {
            return doc;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never: {what}; items: {:?}",
            h.history_items()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn journal(doc: &Value) -> Vec<Value> {
    doc["journal"].as_array().cloned().unwrap_or_default()
}

async fn sign_in_as(h: &Harness, user: &str) {
    h.sign_in("arcgis", user).await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
}

/// Releases the first offline license listed.
async fn release_one(h: &Harness) {
    h.click("a[href='#/release']").await;
    h.wait_for_text("Who holds an offline license now").await;
    h.click("button.release-one").await;
    h.wait_for_text("Release the ").await;
    h.click(".confirm button.danger").await;
    h.wait_for_text("checked out by").await;
}

#[tokio::test]
async fn a_history_kept_in_the_portal_from_the_first_visit_to_a_second_administrator() {
    let h = Harness::with(Config::default()).await;
    sign_in_as(&h, "admin").await;
    h.wait_for_text("Keep a history of this organization's licenses")
        .await;
    assert!(
        h.history_items().is_empty(),
        "nothing is created before the administrator agrees"
    );
    h.click("button.keep-history").await;
    let first = item_where(&h, "one snapshot", |d| {
        d["snapshots"].as_array().is_some_and(|s| s.len() == 1)
    })
    .await;
    assert_eq!(h.history_items().len(), 1);
    let creators_then = first["snapshots"][0]["seats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s[1] == "creatorUT")
        .unwrap()[3]
        .as_u64()
        .unwrap();

    // Outside the console: a Creator becomes a Viewer. Then the test clock: the snapshot is a day old.
    {
        let mut state = h.portal.portal.kubernetes.lock();
        let member = state
            .members
            .iter_mut()
            .find(|m| m.user_type == "creatorUT" && m.holds.is_empty())
            .unwrap();
        member.user_type = "viewerUT";
        let item = state.items.iter_mut().next().unwrap();
        let mut doc: Value = serde_json::from_str(&item.text).unwrap();
        let at = doc["snapshots"][0]["at"].as_i64().unwrap();
        doc["snapshots"][0]["at"] = (at - DAY_MS).into();
        item.text = doc.to_string();
    }
    sign_in_as(&h, "admin").await;
    item_where(&h, "the next day's snapshot", |d| {
        d["snapshots"].as_array().is_some_and(|s| s.len() == 2)
    })
    .await;
    h.click("a[href='#/history']").await;
    let shown = h.wait_for_text_within("What changed", LONG).await;
    let change = format!("Creator: assigned {creators_then} → {}", creators_then - 1);
    assert!(
        shown.contains(&change),
        "{}",
        &shown[..shown.len().min(3000)]
    );
    assert!(shown.contains("outside the console"));
    assert!(
        shown.contains("Contributor"),
        "user types by the portal's own names (11.4: not \"Editor\")"
    );

    // A release and a revoke in the console: in the journal, with their results. The offline licenses screen,
    // once it has read every holder, tells today's snapshot how many hold one offline.
    let offline_now = {
        let state = h.portal.portal.kubernetes.lock();
        state
            .members
            .iter()
            .filter(|m| !m.offline.is_empty())
            .count() as u64
    };
    release_one(&h).await;
    let doc = item_where(&h, "today's snapshot with the offline count", |d| {
        d["snapshots"]
            .as_array()
            .and_then(|s| s.last())
            .is_some_and(|s| s["offline"].is_u64())
    })
    .await;
    let counted = doc["snapshots"].as_array().unwrap().last().unwrap()["offline"]
        .as_u64()
        .unwrap();
    assert!(
        counted == offline_now || counted + 1 == offline_now,
        "{counted} of {offline_now} (one released meanwhile)"
    );
    item_where(&h, "the release in the journal", |d| {
        journal(d)
            .iter()
            .any(|e| e["action"] == "release" && e["ok"] == true)
    })
    .await;
    h.click("a[href='#/members']").await;
    h.wait_for_text_within("Complete:", LONG).await;
    let revoked = h
        .js(
            "const row = [...document.querySelectorAll('table.members tbody tr')]
          .find(r => r.textContent.includes('Pro Advanced') && !r.textContent.includes('offline'));
        row.querySelector('input[type=checkbox]').click(); return row.children[1].textContent",
        )
        .await;
    h.click("button.revoke").await;
    h.click(".confirm button.danger").await;
    h.wait_for_text_within("1 done, 0 failed.", LONG).await;
    let doc = item_where(&h, "the revoke in the journal", |d| {
        journal(d).iter().any(|e| e["action"] == "revoke")
    })
    .await;
    let revoke = journal(&doc)
        .into_iter()
        .find(|e| e["action"] == "revoke")
        .unwrap();
    assert_eq!(
        (
            revoke["subject"].clone(),
            revoke["ok"].clone(),
            revoke["by"].clone()
        ),
        (revoked, true.into(), "admin".into())
    );

    // A refused write: the change is shown, the journal is behind, the entry is kept; written once on success.
    let (id, _) = h.history_items().remove(0);
    let update = format!("/arcgis/sharing/rest/content/users/admin/items/{id}/update");
    h.portal.portal.faults.set(&update, Fault::Refuse);
    release_one(&h).await;
    h.wait_for_text_within("The journal is behind: 1 changes", LONG)
        .await;
    let kept = h.js("return Object.keys(localStorage).filter(k => k.startsWith('license-console.journal-pending')).map(k => localStorage.getItem(k)).join('')").await;
    assert!(
        kept.as_str().unwrap().contains("\"release\""),
        "kept in the browser: {kept}"
    );
    h.portal.portal.faults.clear();
    h.click(".journal-behind button").await;
    let doc = item_where(&h, "both releases written", |d| {
        journal(d)
            .iter()
            .filter(|e| e["action"] == "release")
            .count()
            == 2
    })
    .await;
    let ids: Vec<String> = journal(&doc)
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "nothing written twice");
    let deadline = std::time::Instant::now() + LONG;
    while h
        .js("return document.querySelector('.journal-behind') !== null")
        .await
        == true
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the notice stays after the journal is written"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Shared with the administrators' group: the second administrator reads the same history.
    h.click("a[href='#/history']").await;
    h.fill("#history-group", ADMIN_GROUP).await;
    h.click("#share-history ~ form button[type=submit]").await;
    h.wait_for_text("Shared: 1 item.").await;
    let counts = format!("2 snapshots and {} journal entries in 1 item.", ids.len());
    h.wait_for_text(&counts).await;
    h.click(".who button").await;
    sign_in_as(&h, "admin2").await;
    h.click("a[href='#/history']").await;
    h.wait_for_text_within(&counts, LONG).await;
    h.close().await;
}

/// Opens History from the overview; the text once `shown` is on it.
async fn open_history_again(h: &Harness, shown: &str) -> String {
    h.click("a[href='#/overview']").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    h.click("a[href='#/history']").await;
    h.wait_for_text_within(shown, LONG).await
}

/// History opened again shows what its items hold now: the same when nothing changed, and an entry another
/// administrator's console wrote into an item once it is there.
#[tokio::test]
async fn history_opened_again_shows_what_its_items_hold_now() {
    let h = Harness::with(Config {
        history_days: 40,
        journal_entries: 120,
        ..Config::default()
    })
    .await;
    sign_in_as(&h, "admin").await;
    // The keeper writes today's snapshot at sign-in, and History reads again after a write: wait for it first.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    item_where(&h, "today's snapshot", |d| {
        d["snapshots"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["at"].as_i64() > Some(now - 3_600_000)))
    })
    .await;
    h.click("a[href='#/history']").await;
    h.wait_for_text_within("120 entries shown", LONG).await;
    // The chart's frame: 800 × 240 with room for the scale and the dates, every point inside it.
    let chart = h
        .js("const svg = document.querySelector('svg.chart');
             const points = [...svg.querySelectorAll('polyline')]
                 .flatMap(p => p.getAttribute('points').trim().split(' ').map(xy => xy.split(',').map(Number)));
             return [svg.getAttribute('viewBox'), svg.querySelector('line.axis').outerHTML, points.length,
                     points.every(([x, y]) => x >= 0 && x <= 800 && y >= 0 && y <= 240)];")
        .await;
    assert_eq!(chart[0], "-40 -10 850 280", "{chart}");
    assert!(
        chart[1]
            .as_str()
            .unwrap()
            .contains(r#"y1="240" x2="800" y2="240""#),
        "{chart}"
    );
    assert!(
        chart[2].as_u64() > Some(40),
        "a point a day for each line: {chart}"
    );
    assert_eq!(chart[3], true, "{chart}");
    let unchanged = open_history_again(&h, "120 entries shown").await;
    assert!(!unchanged.contains("member-outside"));

    h.add_journal_entry(serde_json::json!({
        "id": "outside-1", "at": now, "by": "admin2", "action": "revoke", "subject": "member-outside",
        "detail": "ArcGIS Pro", "before": "held", "after": "none", "ok": true, "answer": ""
    }));
    let changed = open_history_again(&h, "121 entries shown").await;
    assert!(changed.contains("member-outside"), "{changed}");
    h.close().await;
}
