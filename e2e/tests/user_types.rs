//! Changing user types as an administrator works it: idle Creators down to Viewer (Pro revoked, an offline one
//! released first, roles changed, then types), one refused mid-way and retried alone, the record saved and the
//! change undone from it; a swap of two members with no spare seat; an answer that is not the documented success.

use std::time::Duration;

use demo_portal::members::{ALLSOURCE, PRO};
use demo_portal::{Config, Fault, Member};
use e2e::Harness;
use serde_json::Value;

const LONG: Duration = Duration::from_secs(180);
const DAY_MS: i64 = 86_400_000;
const UPDATE_TYPE: &str = "/arcgis/sharing/rest/portals/self/updateUserLicenseType";

/// What a member holds and is, to compare before and after.
type Seat = (
    String,
    &'static str,
    Option<&'static str>,
    Vec<(&'static str, Vec<&'static str>)>,
);

fn seat_of(m: &Member) -> Seat {
    let mut holds = m.holds.clone();
    holds
        .iter_mut()
        .for_each(|(_, codes)| codes.sort_unstable());
    holds.sort();
    (m.user_type.to_owned(), m.role, m.role_id, holds)
}

fn seats(h: &Harness, names: &[String]) -> Vec<Seat> {
    let state = h.portal.portal.kubernetes.lock();
    names
        .iter()
        .map(|n| seat_of(state.members.iter().find(|m| &m.username == n).unwrap()))
        .collect()
}

fn registered(h: &Harness, user_type: &str) -> usize {
    let state = h.portal.portal.kubernetes.lock();
    state
        .members
        .iter()
        .filter(|m| m.user_type == user_type)
        .count()
}

async fn open_members(h: &Harness) {
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("ArcGIS GIS Server Advanced").await;
    h.js("performance.setResourceTimingBufferSize(100000); return null")
        .await;
    h.click("a[href='#/members']").await;
    h.wait_for_text_within("Complete:", LONG).await;
}

/// Ticks the rows of `names` in the member table.
async fn select(h: &Harness, names: &[String]) {
    let list = serde_json::to_string(names).unwrap();
    let ticked = h
        .js(&format!(
            "const names = {list};
             const rows = [...document.querySelectorAll('table.members tbody tr')]
               .filter(r => names.includes(r.children[1].textContent));
             rows.forEach(r => r.querySelector('input[type=checkbox]').click());
             return rows.length;"
        ))
        .await;
    assert_eq!(ticked, names.len(), "every member to select is shown");
}

/// The text of the first element `css` selects; empty when there is none.
async fn text_of(h: &Harness, css: &str) -> String {
    let script = format!("return document.querySelector('{css}')?.textContent ?? ''");
    h.js(&script).await.as_str().unwrap_or_default().to_owned()
}

/// Asks to apply the plan shown and confirms; answers the question asked.
async fn apply(h: &Harness) -> String {
    h.click("button.apply-plan").await;
    let question = h.wait_for(".confirm-text").await.text().await.unwrap();
    let focused = h.js("return document.activeElement.textContent").await;
    assert_eq!(focused, "Cancel", "the focus is on Cancel");
    h.click(".confirm button.danger").await;
    question
}

/// The record saved from the results, read and then removed from the downloads.
async fn saved_record(h: &Harness) -> (Value, std::path::PathBuf) {
    h.click("button.save-record").await;
    let path = h.downloaded_file("user-type-changes").await;
    let text = std::fs::read_to_string(&path).unwrap();
    let kept = h.downloads.join(format!(
        "kept-{}",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::rename(&path, &kept).unwrap();
    (serde_json::from_str(&text).unwrap(), kept)
}

#[tokio::test]
async fn idle_creators_go_down_to_viewer_one_refused_is_retried_and_the_record_undoes_it_all() {
    let h = Harness::with(Config {
        members: 300,
        ..Config::default()
    })
    .await;
    let now = h.portal.portal.kubernetes.now_ms();
    // Forty idle Creators — one holding Pro offline, none with the over-assigned 3D Analyst (it could not be
    // given back) — in username order, as the table shows them.
    let picked: Vec<String> = {
        let mut state = h.portal.portal.kubernetes.lock();
        let offline = state
            .members
            .iter_mut()
            .find(|m| m.user_type == "creatorUT" && m.offline == [PRO.app_id])
            .expect("a Creator with Pro offline");
        offline.last_login = now - 200 * DAY_MS;
        let idle = |m: &&Member| m.last_login < now - 90 * DAY_MS && m.username != "admin";
        let mut idle: Vec<&Member> = state
            .members
            .iter()
            .filter(|m| m.user_type == "creatorUT")
            .filter(idle)
            .filter(|m| !m.entitlements(PRO.app_id).contains(&"3DAnalystN"))
            .collect();
        idle.sort_by_key(|m| (m.offline.is_empty(), m.username.to_lowercase()));
        let mut names: Vec<String> = idle.iter().take(40).map(|m| m.username.clone()).collect();
        names.sort_by_key(|n| n.to_lowercase());
        names
    };
    assert_eq!(picked.len(), 40);
    let start = seats(&h, &picked);
    let pro_holders = start
        .iter()
        .filter(|s| s.3.iter().any(|(app, _)| *app == PRO.app_id))
        .count();
    let publishers = start.iter().filter(|s| s.1 == "org_publisher").count();
    assert!(
        pro_holders >= 5 && publishers >= 1,
        "{pro_holders} Pro holders, {publishers} publishers"
    );
    let (creators, viewers) = (registered(&h, "creatorUT"), registered(&h, "viewerUT"));
    let offline: usize = {
        let state = h.portal.portal.kubernetes.lock();
        let mine = state
            .members
            .iter()
            .filter(|m| picked.contains(&m.username));
        // Offline through an app bundle is the bundle's: left as it is.
        mine.map(|m| m.offline.iter().filter(|a| !m.through_bundle(a)).count())
            .sum()
    };

    open_members(&h).await;
    h.choose("User type", "creatorUT").await;
    h.click("input[name=reclaim]").await;
    select(&h, &picked).await;
    h.click("button.change-type").await;
    h.pick("target-type", "viewerUT").await;
    h.wait_for_text("Steps, in the order they are sent").await;
    let plan = text_of(&h, "section.plan").await;
    assert!(plan.contains("40 to change, 0 not changed."), "{plan}");
    assert!(
        plan.contains(&format!("{creators} → {}", creators - 40)),
        "Creator seats before → after: {plan}"
    );
    assert!(
        plan.contains(&format!("{viewers} → {}", viewers + 40)),
        "Viewer seats before → after"
    );
    let offline_row = h
        .js(
            "return [...document.querySelectorAll('table.plan-members tbody tr')]
               .map(r => r.textContent).find(t => t.includes('Release')) ?? ''",
        )
        .await;
    assert!(
        offline_row
            .as_str()
            .unwrap()
            .contains("Release the offline ArcGIS Pro licenseRevoke ArcGIS Pro"),
        "released, then revoked: {offline_row}"
    );
    assert!(plan.contains("Role Publisher → Viewer"));

    // Meanwhile another administrator assigns AllSource to one of them: the portal refuses that one's type.
    let refused = picked.last().unwrap().clone();
    {
        let mut state = h.portal.portal.kubernetes.lock();
        let member = state
            .members
            .iter_mut()
            .find(|m| m.username == refused)
            .unwrap();
        member.holds.push((ALLSOURCE.app_id, vec!["allSourceN"]));
    }
    let question = apply(&h).await;
    assert!(
        question.starts_with("Change the user type of 40 members: 40 to Viewer?"),
        "{question}"
    );
    assert!(
        question.contains(&format!("ArcGIS Pro is revoked from {pro_holders} members")),
        "{question}"
    );
    let released = match offline {
        1 => "1 offline license is released first".to_owned(),
        n => format!("{n} offline licenses are released first"),
    };
    assert!(offline >= 1 && question.contains(&released), "{question}");
    let results = h.wait_for_text_within("39 changed, 1 failed.", LONG).await;
    assert!(
        results.contains("cannot hold: arcgisallsource"),
        "the portal's reason"
    );
    assert_eq!(h.requests("/updateUserLicenseType").await, 2, "25 + 15");
    assert_eq!(h.requests("/releaseLicense").await as usize, offline);
    assert_eq!(h.requests("/updateUserRole").await, 40);
    assert_eq!(
        (registered(&h, "creatorUT"), registered(&h, "viewerUT")),
        (creators - 39, viewers + 39)
    );
    {
        let state = h.portal.portal.kubernetes.lock();
        for name in picked.iter().filter(|n| **n != refused) {
            let m = state.members.iter().find(|m| &m.username == name).unwrap();
            assert_eq!(
                (m.user_type, m.role_id),
                ("viewerUT", Some("iAAAAAAAAAAAAAAA")),
                "{name}"
            );
            let own = |app: &&str| !m.through_bundle(app);
            assert!(
                !m.holds.iter().any(|(app, _)| own(app)) && !m.offline.iter().any(own),
                "{name} holds nothing but what an app bundle brings"
            );
        }
    }
    let (first, _) = saved_record(&h).await;
    assert_eq!(first["members"].as_array().unwrap().len(), 40);

    // Read again, the retry plans the one refused with what it holds now, alone.
    h.wait_for_text_within("Complete:", LONG).await;
    h.click("button.retry").await;
    h.wait_for_text("Retry the members that failed").await;
    h.wait_for_text("Revoke ArcGIS AllSource").await;
    let question = apply(&h).await;
    assert!(
        question.starts_with("Change the user type of 1 member: 1 to Viewer?"),
        "{question}"
    );
    h.wait_for_text_within("1 changed, 0 failed.", LONG).await;
    assert_eq!(h.requests("/updateUserLicenseType").await, 3);
    let (whole, path) = saved_record(&h).await;
    let changed = whole["members"].as_array().unwrap().iter().filter(|m| {
        m["answers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["done"] == true && a["step"] == "userType:viewerUT")
    });
    assert_eq!(changed.count(), 40, "one record for the whole change");

    // Undo from the file: back to Creator, the roles and add-ons they had.
    h.wait_for_text_within("Complete:", LONG).await;
    h.wait_for("#undo-record")
        .await
        .send_keys(&path.to_string_lossy())
        .await
        .unwrap();
    h.wait_for_text("Undo the change applied").await;
    h.wait_for_text("40 to change, 0 not changed.").await;
    let question = apply(&h).await;
    assert!(
        question.starts_with("Change the user type of 40 members: 40 to Creator?"),
        "{question}"
    );
    h.wait_for_text_within("40 changed, 0 failed.", LONG).await;
    assert_eq!(
        seats(&h, &picked),
        start,
        "types, roles and add-ons as they were"
    );
    assert_eq!(
        (registered(&h, "creatorUT"), registered(&h, "viewerUT")),
        (creators, viewers)
    );
    h.close().await;
}

#[tokio::test]
async fn a_swap_exchanges_types_roles_and_pro_with_no_spare_seat_and_a_page_is_no_change() {
    let h = Harness::with(Config::default()).await;
    let full = "GISProfessionalAdvUT";
    let (down, up) = {
        let state = h.portal.portal.kubernetes.lock();
        let down = state.members.iter().find(|m| {
            m.user_type == full
                && m.offline.is_empty()
                && !m.entitlements(PRO.app_id).contains(&"3DAnalystN")
        });
        let up = state
            .members
            .iter()
            .find(|m| m.user_type == "viewerUT" && m.holds.is_empty());
        (down.unwrap().username.clone(), up.unwrap().username.clone())
    };
    let before = seats(&h, &[down.clone(), up.clone()]);
    let owned = {
        let state = h.portal.portal.kubernetes.lock();
        state.license["userTypes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == full)
            .unwrap()["maximumRegisteredMembers"]
            .as_u64()
            .unwrap() as usize
    };
    assert_eq!(registered(&h, full), owned, "no spare {full} seat");

    open_members(&h).await;
    for name in [&down, &up] {
        h.fill("input[type=search]", name).await;
        h.wait_for_text("1 shown").await;
        select(&h, std::slice::from_ref(name)).await;
    }
    h.fill("input[type=search]", "").await;
    h.click("button.swap-types").await;
    h.wait_for_text("2 to change, 0 not changed.").await;
    let question = apply(&h).await;
    assert!(
        question.contains("1 to Professional Plus, 1 to Viewer"),
        "{question}"
    );
    h.wait_for_text_within("2 changed, 0 failed.", LONG).await;
    let after = seats(&h, &[down.clone(), up.clone()]);
    assert_eq!(
        (after[0].0.as_str(), after[0].2),
        ("viewerUT", Some("iAAAAAAAAAAAAAAA"))
    );
    assert_eq!(
        (after[1].0.as_str(), after[1].1, after[1].2),
        (full, before[0].1, before[0].2)
    );
    assert_eq!(after[1].3, before[0].3, "Pro followed the seat");
    assert!(after[0].3.is_empty());
    assert_eq!(registered(&h, full), owned);

    // A sign-in page where the answer should be: nobody is counted as changed.
    let path = UPDATE_TYPE.to_owned();
    h.portal.portal.faults.set(&path, Fault::HtmlLogin);
    h.wait_for_text_within("Complete:", LONG).await;
    h.fill("input[type=search]", &down).await;
    h.wait_for_text("1 shown").await;
    select(&h, std::slice::from_ref(&down)).await;
    h.click("button.change-type").await;
    h.pick("target-type", "creatorUT").await;
    h.wait_for_text("1 to change, 0 not changed.").await;
    apply(&h).await;
    let results = h.wait_for_text_within("0 changed, 1 failed.", LONG).await;
    assert!(
        results.contains("web page instead of data"),
        "{}",
        &results[..results.len().min(1500)]
    );
    assert_eq!(
        seats(&h, std::slice::from_ref(&down))[0].0,
        "viewerUT",
        "unchanged"
    );
    h.close().await;
}
