//! A user type change at scale: on the 50,000-member organization, about 5,000 idle Creators planned down to
//! Viewer — the time from choosing the type to the plan on screen and the longest task meanwhile, beside
//! filtering every row in the same page — then applied, its requests against the fewest the API allows.

use std::collections::HashMap;
use std::path::Path;

use demo_portal::{Config, Member};
use e2e::Harness;
use serde_json::Value;

use super::js;
use super::members::filter_every_row;

const MEMBERS: usize = 50_000;
const PRO_HOLDERS: usize = 8_000;
const WANTED: usize = 5_000;
const DAY_MS: i64 = 86_400_000;

pub struct TypeChangeFigures {
    /// The plan's own summary: how many change, how many cannot.
    planned: String,
    plan_ms: f64,
    longest_task_ms: f64,
    filter_ms: f64,
    apply_ms: f64,
    requests: u64,
    fewest: u64,
}

/// The fewest days without signing in that put at least `WANTED` Creators on the reclaim list.
fn idle_days(h: &Harness) -> i64 {
    let state = h.portal.portal.kubernetes.lock();
    let now = h.portal.portal.kubernetes.now_ms();
    let mut ages: Vec<i64> = state
        .members
        .iter()
        .filter(|m| m.user_type == "creatorUT" && m.username != "admin")
        .map(|m| {
            if m.last_login < 0 {
                i64::MAX
            } else {
                (now - m.last_login) / DAY_MS
            }
        })
        .collect();
    ages.sort_unstable_by(|a, b| b.cmp(a));
    ages[WANTED - 1].min(100_000)
}

/// A member as far as a type change goes: type, role, apps held, licenses held offline.
type Seat = (String, String, Vec<&'static str>, usize);

fn snapshot(h: &Harness) -> HashMap<String, Seat> {
    let state = h.portal.portal.kubernetes.lock();
    let of = |m: &Member| {
        let role = m.role_id.unwrap_or(m.role).to_owned();
        let apps = m.holds.iter().map(|(app, _)| *app).collect();
        (m.user_type.to_owned(), role, apps, m.offline.len())
    };
    state
        .members
        .iter()
        .map(|m| (m.username.clone(), of(m)))
        .collect()
}

/// The fewest requests the API allows for what changed: a type request per 25 members of a type, a role request
/// per member, a revoke per 25 holders of an app, a release per offline license.
fn fewest(before: &HashMap<String, Seat>, after: &HashMap<String, Seat>) -> u64 {
    let mut to_type: HashMap<&str, u64> = HashMap::new();
    let mut revoked: HashMap<&str, u64> = HashMap::new();
    let (mut roles, mut released) = (0, 0);
    for (name, (was_type, was_role, was_apps, was_offline)) in before {
        let (is_type, is_role, is_apps, is_offline) = &after[name];
        released += was_offline.saturating_sub(*is_offline) as u64;
        if was_type != is_type {
            *to_type.entry(is_type).or_default() += 1;
        }
        roles += u64::from(was_role != is_role);
        for app in was_apps.iter().filter(|a| !is_apps.contains(a)) {
            *revoked.entry(app).or_default() += 1;
        }
    }
    let batches = |counts: HashMap<&str, u64>| counts.values().map(|n| n.div_ceil(25)).sum::<u64>();
    batches(to_type) + roles + batches(revoked) + released
}

pub async fn type_change(dist: &Path) -> TypeChangeFigures {
    let h = Harness::with(Config {
        dist: Some(dist.to_owned()),
        members: MEMBERS,
        pro_holders: PRO_HOLDERS,
        ..Config::default()
    })
    .await;
    let days = idle_days(&h);
    h.sign_in("arcgis", "admin").await;
    h.wait_for_text("Needs attention").await;
    js(&h, "performance.setResourceTimingBufferSize(1000000);
            window.__tasks = [];
            new PerformanceObserver(l => window.__tasks.push(...l.getEntries().map(e => [e.startTime, e.duration])))
              .observe({type: 'longtask', buffered: true});
            return null;").await;
    h.click("a[href='#/members']").await;
    h.wait_for_text_within("Complete:", std::time::Duration::from_secs(600))
        .await;
    // Filtering every row, then the find box emptied again: the baseline, in the same page.
    let filter_ms = filter_every_row(&h).await;
    h.fill("input[type=search]", "").await;
    h.choose("User type", "creatorUT").await;
    h.click("input[name=reclaim]").await;
    h.fill("input[name=idle-days]", &days.to_string()).await;
    js(&h, "document.querySelector('input[name=idle-days]').dispatchEvent(new Event('change', {bubbles: true})); return null").await;
    h.click(".bulk button").await;
    h.click("button.change-type").await;
    let measured = h
        .browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const select = document.getElementById('target-type');
             const start = performance.now();
             select.value = 'viewerUT';
             select.dispatchEvent(new Event('change', {bubbles: true}));
             const check = () => {
               const plan = document.querySelector('section.plan [role=status]');
               if (plan) { document.body.offsetHeight; done([performance.now() - start, start, plan.textContent]); }
               else requestAnimationFrame(check);
             };
             check();",
            vec![],
        )
        .await
        .unwrap();
    let (plan_ms, started, summary): (f64, f64, String) = serde_json::from_value(measured).unwrap();
    let planned = summary.trim_end_matches('.').to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let longest_task_ms = js(&h, &format!(
        "return Math.max(0, ...window.__tasks.filter(([s, d]) => s + d >= {started}).map(([_, d]) => d))"
    ))
    .await
    .as_f64()
    .unwrap_or(0.0);

    let before = snapshot(&h);
    js(&h, "performance.mark('bench:apply'); return null").await;
    h.click("button.apply-plan").await;
    h.click(".confirm button.danger").await;
    h.wait_for_text_within(" changed, ", std::time::Duration::from_secs(1800))
        .await;
    let answer: Value = js(&h,
        "const since = performance.getEntriesByName('bench:apply')[0].startTime;
         const sent = performance.getEntriesByType('resource').filter(r => r.startTime >= since &&
           ['updateUserLicenseType', 'updateUserRole', 'provisionUserEntitlements', 'releaseLicense']
             .some(op => r.name.includes(op)));
         return [sent.length, Math.max(...sent.map(r => r.responseEnd)) - since];").await;
    let (requests, apply_ms): (u64, f64) = serde_json::from_value(answer).unwrap();
    let after = snapshot(&h);
    let fewest = fewest(&before, &after);
    h.close().await;
    TypeChangeFigures {
        planned,
        plan_ms,
        longest_task_ms,
        filter_ms,
        apply_ms,
        requests,
        fewest,
    }
}

pub fn type_change_report(f: &TypeChangeFigures) -> String {
    format!(
        "user types, 50,000 members: about 5,000 idle Creators planned to Viewer — {} (one run)\n\
         \x20 choosing the type → the plan on screen           {:>9.1} ms\n\
         \x20   longest task meanwhile                         {:>9.1} ms   (target ≤ 50 ms)\n\
         \x20   filtering every row, the same page            {:>9.1} ms   (plan ÷ filter {:.2} ×)\n\
         \x20 applying it: requests, against the fewest        {:>9} / {}   ({:.3} ×, target ≤ 1.05 ×)\n\
         \x20   time to apply                                  {:>9.0} ms\n",
        f.planned,
        f.plan_ms,
        f.longest_task_ms,
        f.filter_ms,
        f.plan_ms / f.filter_ms,
        f.requests,
        f.fewest,
        f.requests as f64 / f.fewest.max(1) as f64,
        f.apply_ms,
    )
}
