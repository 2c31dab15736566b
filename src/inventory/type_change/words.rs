//! A plan in words: each member's steps in the order they are sent, and the question asked before it is applied
//! — counts, the first names, and what members lose.

use super::plan::{role_of, Plan, Planned};
use crate::components::counted;
use crate::inventory::members::TypeNames;
use crate::portal::{PortalError, Role, SeatStep, StepAnswers};

/// Members named in a question before "and N more".
const NAMED: usize = 3;

/// Said once wherever a change is applied.
pub const TAKES_EFFECT: &str = "Changes take effect at each member's next sign-in.";

fn add_on_words(p: &Planned, item: &str, list: &[super::AddOn]) -> String {
    list.iter()
        .find(|a| a.item_id == item)
        .map(|a| format!("{} ({})", a.title, a.entitlements.join(", ")))
        .unwrap_or_else(|| p.change.username.clone())
}

/// Each step of a member's change, in the order they are sent.
pub fn steps_in_words(p: &Planned, roles: &[Role], names: &TypeNames) -> Vec<String> {
    p.change
        .steps()
        .iter()
        .map(|step| match step {
            SeatStep::Release(app) => format!("Release the offline {} license", app.label()),
            SeatStep::Revoke(item) => format!("Revoke {}", add_on_words(p, item, &p.revoked)),
            SeatStep::Role(role) => format!(
                "Role {} → {}",
                role_of(roles, &p.from_role).name,
                role_of(roles, role).name
            ),
            SeatStep::UserType(t) => {
                format!("User type {} → {}", names.of(&p.from_type), names.of(t))
            }
            SeatStep::Grant(item) => format!("Assign {}", add_on_words(p, item, &p.granted)),
        })
        .collect()
}

/// The question before a plan is applied.
pub fn question(plan: &Plan, names: &TypeNames) -> String {
    let changes = &plan.changes;
    let mut targets: Vec<&str> = changes
        .iter()
        .map(|p| p.change.user_type.as_str())
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let to: Vec<String> = targets
        .iter()
        .map(|t| {
            let n = changes.iter().filter(|p| p.change.user_type == *t).count();
            format!("{n} to {}", names.of(t))
        })
        .collect();
    let mut named: Vec<String> = changes
        .iter()
        .take(NAMED)
        .map(|p| {
            if p.full_name.is_empty() {
                p.change.username.clone()
            } else {
                p.full_name.clone()
            }
        })
        .collect();
    if changes.len() > NAMED {
        named.push(format!("and {} more", changes.len() - NAMED));
    }
    let mut losses = Vec::new();
    let mut lost: Vec<&str> = changes
        .iter()
        .flat_map(|p| p.revoked.iter().map(|a| a.title.as_str()))
        .collect();
    lost.sort_unstable();
    lost.dedup();
    for title in lost {
        let n = changes
            .iter()
            .filter(|p| p.revoked.iter().any(|a| a.title == title))
            .count();
        losses.push(format!(
            "{title} is revoked from {}",
            counted(n, "member", "members")
        ));
    }
    let released: usize = changes.iter().map(|p| p.change.release.len()).sum();
    if released > 0 {
        losses.push(format!(
            "{} released first",
            counted(released, "offline license is", "offline licenses are")
        ));
    }
    let roles_changed = changes.iter().filter(|p| p.change.role.is_some()).count();
    if roles_changed > 0 {
        losses.push(format!(
            "the role of {} changes",
            counted(roles_changed, "member", "members")
        ));
    }
    let mut text = format!(
        "Change the user type of {}: {}? {}.",
        counted(changes.len(), "member", "members"),
        to.join(", "),
        named.join(", ")
    );
    if !losses.is_empty() {
        text.push(' ');
        let mut said = losses.join("; ");
        if let Some(first) = said.get(..1) {
            said = first.to_uppercase() + &said[1..];
        }
        text.push_str(&said);
        text.push('.');
    }
    text.push(' ');
    text.push_str(TAKES_EFFECT);
    text
}

fn done_word(step: &SeatStep) -> &'static str {
    match step {
        SeatStep::Release(_) => "offline license released",
        SeatStep::Revoke(_) => "app revoked",
        SeatStep::Role(_) => "role changed",
        SeatStep::UserType(_) => "user type changed",
        SeatStep::Grant(_) => "app assigned",
    }
}

/// What became of each member, as one result: changed, or the first step that failed or was not sent — and where
/// steps were done before it, the member's name says which, since they stay done.
pub fn outcomes(results: &[(String, StepAnswers)]) -> Vec<(String, Result<(), PortalError>)> {
    results
        .iter()
        .map(|(member, answers)| {
            let first_failed = answers.iter().find_map(|(_, r)| r.clone().err());
            let done: Vec<&str> = answers
                .iter()
                .filter(|(_, r)| r.is_ok())
                .map(|(step, _)| done_word(step))
                .collect();
            let label = match first_failed {
                Some(_) if !done.is_empty() => {
                    format!("{member} ({} before this)", done.join(", "))
                }
                _ => member.clone(),
            };
            (label, first_failed.map_or(Ok(()), Err))
        })
        .collect()
}

/// The username an outcome is labelled with (usernames hold no spaces).
pub fn member_of(label: &str) -> &str {
    label.split(" (").next().unwrap_or(label)
}
