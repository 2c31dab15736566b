//! What a bulk action on members acts on, and the question asked before it — decided in one place: the members
//! that are selected **and** shown, in table order. The question names them (how many, the first names) and
//! says a criterion only where it is true of every one of them.

use std::collections::HashSet;

use super::members::idle_for;
use crate::components::format_count;
use crate::portal::{AppLicense, LicensedApp, MemberResults, MemberRow};

/// The rows a bulk action acts on: selected and shown (`shown` indexes `rows`, in table order).
pub fn acted_on<'a>(
    rows: &'a [MemberRow],
    shown: &[usize],
    selected: &HashSet<String>,
) -> Vec<&'a MemberRow> {
    // Nothing selected is the usual case, and needs no look-up of each of tens of thousands of shown rows.
    if selected.is_empty() {
        return Vec::new();
    }
    shown
        .iter()
        .map(|&i| &rows[i])
        .filter(|r| selected.contains(&r.member.username))
        .collect()
}

/// A bulk action, on the members it names.
#[derive(Clone, Debug, PartialEq)]
pub enum Bulk {
    /// Revoke an app from its holders, each with whether they hold it offline (`None`: not said).
    Revoke {
        item_id: String,
        title: String,
        members: Vec<(String, Option<bool>)>,
    },
    /// Release offline licenses.
    Release { members: Vec<(String, LicensedApp)> },
}

impl Bulk {
    /// Revoking app `app` (index in `apps`) from those of `rows` who hold it.
    pub fn revoke(apps: &[AppLicense], app: usize, rows: &[&MemberRow]) -> Bulk {
        let members = rows
            .iter()
            .filter_map(|r| {
                let holding = r.holdings.get(app)?.as_ref()?;
                Some((r.member.username.clone(), holding.offline))
            })
            .collect();
        Bulk::Revoke {
            item_id: apps[app].item_id.clone(),
            title: apps[app].title.clone(),
            members,
        }
    }

    /// Releasing every license of `rows` known to be held offline, of the apps the console can release.
    pub fn release(apps: &[AppLicense], rows: &[&MemberRow]) -> Bulk {
        let members = rows
            .iter()
            .flat_map(|r| {
                r.holdings.iter().enumerate().filter_map(|(i, h)| {
                    h.as_ref().filter(|h| h.offline == Some(true))?;
                    let license = apps.get(i).filter(|a| !a.bundle)?;
                    Some((r.member.username.clone(), license.app?))
                })
            })
            .collect();
        Bulk::Release { members }
    }

    /// The members it is sent for, once each, in order.
    pub fn usernames(&self) -> Vec<&str> {
        let mut names: Vec<&str> = match self {
            Bulk::Revoke { members, .. } => members.iter().map(|(m, _)| m.as_str()).collect(),
            Bulk::Release { members } => members.iter().map(|(m, _)| m.as_str()).collect(),
        };
        names.dedup();
        names
    }

    /// How many items it sends: members for a revoke, licenses for a release.
    pub fn len(&self) -> usize {
        match self {
            Bulk::Revoke { members, .. } => members.len(),
            Bulk::Release { members } => members.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The button's word.
    pub fn verb(&self) -> &'static str {
        match self {
            Bulk::Revoke { .. } => "Revoke",
            Bulk::Release { .. } => "Release",
        }
    }

    /// The same action for only these members (a retry of the failed ones).
    pub fn only(&self, failed: &HashSet<String>) -> Bulk {
        match self {
            Bulk::Revoke {
                item_id,
                title,
                members,
            } => Bulk::Revoke {
                item_id: item_id.clone(),
                title: title.clone(),
                members: members
                    .iter()
                    .filter(|(m, _)| failed.contains(m))
                    .cloned()
                    .collect(),
            },
            Bulk::Release { members } => Bulk::Release {
                members: members
                    .iter()
                    .filter(|(m, app)| failed.contains(&license_item(m, *app)))
                    .cloned()
                    .collect(),
            },
        }
    }

    /// The question asked before it is done. `rows` are those it was worked out from; "who have not signed in
    /// for N days" is said only when `idle_days` is set and true of every member it names.
    pub fn question(&self, rows: &[&MemberRow], idle_days: Option<u32>, now_ms: i64) -> String {
        let names = self.usernames();
        let named: HashSet<&str> = names.iter().copied().collect();
        let who = match idle_days {
            Some(days)
                if rows
                    .iter()
                    .filter(|r| named.contains(r.member.username.as_str()))
                    .all(|r| idle_for(r.member.last_sign_in, days, now_ms)) =>
            {
                format!(" who have not signed in for {days} days")
            }
            _ => String::new(),
        };
        let count = format_count(names.len() as u64);
        let plural = if names.len() == 1 { "" } else { "s" };
        match self {
            Bulk::Revoke { title, members, .. } => {
                let offline = members.iter().filter(|(_, o)| *o == Some(true)).count();
                let unknown = members.iter().filter(|(_, o)| o.is_none()).count();
                let mut note = String::new();
                if offline > 0 {
                    note.push_str(&format!(" {offline} of them hold it offline: the portal refuses those until their license is released."));
                }
                if unknown > 0 {
                    note.push_str(&format!(" For {unknown}, the portal did not say whether they hold it offline: each is sent alone."));
                }
                format!(
                    "Revoke {title} from {count} member{plural}{who}? ({}) They lose every {title} entitlement.{note}",
                    some_names(&names)
                )
            }
            Bulk::Release { members } => format!(
                "Release {} offline license{} of {count} member{plural}{who}? ({}) The copies on their devices stop working.",
                format_count(members.len() as u64),
                if members.len() == 1 { "" } else { "s" },
                some_names(&names)
            ),
        }
    }
}

/// How a released license is named among the results: one member may hold two apps offline.
pub fn license_item(username: &str, app: LicensedApp) -> String {
    format!("{username} ({})", app.label())
}

/// The results of releasing `picks` (one per license, in order), each named by member and app.
pub fn name_releases(picks: &[(String, LicensedApp)], results: MemberResults) -> MemberResults {
    picks
        .iter()
        .zip(results)
        .map(|((member, app), (_, result))| (license_item(member, *app), result))
        .collect()
}

/// "ana, ben, chloé and 309 more".
fn some_names(names: &[&str]) -> String {
    const SHOWN: usize = 8;
    let shown = names
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    match names.len().saturating_sub(SHOWN) {
        0 => shown,
        more => format!("{shown} and {} more", format_count(more as u64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::members::tests::{pro, row};
    use crate::inventory::members::Filter;

    const NOW: i64 = 1_790_000_000_000;
    const DAY: i64 = 86_400_000;

    #[test]
    fn a_bulk_action_acts_on_the_members_selected_and_shown_and_says_only_what_is_true() {
        let rows = vec![
            row(
                "idle",
                Some(NOW - 200 * DAY),
                Some((&["desktopAdvN"], false)),
            ),
            row(
                "active",
                Some(NOW - 2 * DAY),
                Some((&["desktopAdvN"], false)),
            ),
            row(
                "away",
                Some(NOW - 300 * DAY),
                Some((&["desktopAdvN"], true)),
            ),
            row("none", None, None),
        ];
        // Select all shown, then tick the reclaim filter: "active" stays selected but is no longer shown.
        let everyone: HashSet<String> = rows.iter().map(|r| r.member.username.clone()).collect();
        let reclaim = Filter {
            idle_days: Some(90),
            ..Filter::default()
        };
        let shown = reclaim.apply(&rows, NOW);
        let picked = acted_on(&rows, &shown, &everyone);
        let revoke = Bulk::revoke(&[pro()], 0, &picked);
        assert_eq!(
            revoke.usernames(),
            ["idle", "away"],
            "holders selected and shown"
        );
        let question = revoke.question(&picked, Some(90), NOW);
        assert!(
            question.starts_with(
                "Revoke ArcGIS Pro from 2 members who have not signed in for 90 days?"
            ),
            "{question}"
        );
        assert!(question.contains("1 of them hold it offline"), "{question}");

        // Shown without the filter, the same selection holds an active member: no claim of idleness.
        let all_shown: Vec<usize> = (0..rows.len()).collect();
        let picked = acted_on(&rows, &all_shown, &everyone);
        let revoke = Bulk::revoke(&[pro()], 0, &picked);
        assert_eq!(revoke.usernames().len(), 3);
        let question = revoke.question(&picked, Some(90), NOW);
        assert!(
            question.starts_with("Revoke ArcGIS Pro from 3 members?"),
            "{question}"
        );

        let release = Bulk::release(&[pro()], &picked);
        assert_eq!(release.usernames(), ["away"]);
        assert!(release
            .question(&picked, None, NOW)
            .starts_with("Release 1 offline license of 1 member?"));
        let failed: HashSet<String> = ["active".to_owned()].into();
        assert_eq!(revoke.only(&failed).usernames(), ["active"]);
        let Bulk::Release { members } = &release else {
            unreachable!()
        };
        let named = name_releases(members, vec![("away".into(), Ok(()))]);
        assert_eq!(
            named[0].0, "away (ArcGIS Pro)",
            "which license, not only whose"
        );
        let failed: HashSet<String> = [named[0].0.clone()].into();
        assert_eq!(
            release.only(&failed).len(),
            1,
            "a retry finds it by that name"
        );
    }

    #[test]
    fn names_are_listed_up_to_eight_then_counted() {
        let names: Vec<String> = (0..20).map(|i| format!("m{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(some_names(&names[..2]), "m0, m1");
        assert!(some_names(&names).ends_with("m7 and 12 more"));
    }
}
