//! Changing members' user types: the organization's roles, and the steps of a plan sent in the order that keeps
//! every type within its seats — releases, revokes, the roles and types of those who move down, then the types,
//! roles and add-ons of those who move up. A member whose step fails is sent nothing more; Stop sends nothing
//! more at all; every step of every member gets an answer.

use std::collections::HashMap;

use super::{Client, PortalError, Run};
use crate::portal::member_requests::{provision_batches, PROVISION_BATCH};
use crate::portal::paging::{PAGE_SIZE, RESULT_WINDOW};
use crate::portal::request::Request;
use crate::portal::roles::{decode_roles, with_listed, Role};
use crate::portal::seat_change::{decode_statuses, SeatChange, SeatStep, StepAnswers};

/// The most members one `updateUserLicenseType` request carries (API.md: not documented; 25 is safe).
pub const USER_TYPE_BATCH: usize = 25;

/// The members of each request of a phase, in order: consecutive changes grouped by `key`, at most `size` each.
fn batches<K: PartialEq>(
    changes: &[&SeatChange],
    key: impl Fn(&SeatChange) -> K,
    size: usize,
) -> Vec<(K, Vec<String>)> {
    let mut out: Vec<(K, Vec<String>)> = Vec::new();
    for change in changes {
        let k = key(change);
        match out.last_mut() {
            Some((last, members)) if *last == k && members.len() < size => {
                members.push(change.username.clone())
            }
            _ => out.push((k, vec![change.username.clone()])),
        }
    }
    out
}

/// The requests of every phase, in the order they are sent; each with its members and the step it is for them.
fn phases(changes: &[SeatChange]) -> Vec<(SeatStep, Vec<String>)> {
    let (up, down): (Vec<&SeatChange>, Vec<&SeatChange>) = changes.iter().partition(|c| c.upgrade);
    let all: Vec<&SeatChange> = changes.iter().collect();
    let mut out = Vec::new();
    for c in &all {
        out.extend(
            c.release
                .iter()
                .map(|app| (SeatStep::Release(*app), vec![c.username.clone()])),
        );
    }
    let mut items: Vec<&String> = all
        .iter()
        .flat_map(|c| c.revoke.iter().map(|(i, _)| i))
        .collect();
    items.dedup();
    items.sort();
    items.dedup();
    for item in items {
        let holders: Vec<(String, Option<bool>)> = all
            .iter()
            .filter_map(|c| {
                c.revoke
                    .iter()
                    .find(|(i, _)| i == item)
                    .map(|(_, o)| (c.username.clone(), *o))
            })
            .collect();
        out.extend(
            provision_batches(&holders)
                .into_iter()
                .map(|b| (SeatStep::Revoke(item.clone()), b)),
        );
    }
    let roles = |list: &[&SeatChange]| -> Vec<(SeatStep, Vec<String>)> {
        list.iter()
            .filter_map(|c| Some((SeatStep::Role(c.role.clone()?), vec![c.username.clone()])))
            .collect()
    };
    let types = |list: &[&SeatChange]| -> Vec<(SeatStep, Vec<String>)> {
        batches(list, |c| c.user_type.clone(), USER_TYPE_BATCH)
            .into_iter()
            .map(|(t, members)| (SeatStep::UserType(t), members))
            .collect()
    };
    out.extend(roles(&down));
    out.extend(types(&down));
    out.extend(types(&up));
    out.extend(roles(&up));
    let mut grants: Vec<(&String, &Vec<String>)> = all
        .iter()
        .flat_map(|c| c.grant.iter().map(|(i, e)| (i, e)))
        .collect();
    grants.sort();
    grants.dedup();
    for (item, entitlements) in grants {
        let to: Vec<&SeatChange> = all
            .iter()
            .copied()
            .filter(|c| c.grant.iter().any(|(i, e)| i == item && e == entitlements))
            .collect();
        out.extend(
            batches(&to, |_| (), PROVISION_BATCH)
                .into_iter()
                .map(|(_, members)| (SeatStep::Grant(item.clone()), members)),
        );
    }
    out
}

/// How many requests applying `changes` takes when every step succeeds.
pub fn requests_needed(changes: &[SeatChange]) -> usize {
    phases(changes).len()
}

impl<F: Clone + 'static> Client<F> {
    /// The organization's roles: the known ones, with what `portals/self/roles` lists.
    pub async fn roles(&self) -> Result<Vec<Role>, PortalError> {
        let portal = self.portal()?;
        let mut listed = Vec::new();
        let mut start = 1;
        loop {
            let page = self
                .call_json(Request::roles(&portal, start), decode_roles)
                .await?;
            let empty = page.items.is_empty();
            listed.extend(page.items);
            start += PAGE_SIZE;
            if empty || start > page.total.min(RESULT_WINDOW) {
                break;
            }
        }
        Ok(with_listed(listed))
    }

    /// Sends every step of `changes`, reporting after each request; what each member's steps were answered.
    pub async fn apply_seat_changes(
        &self,
        changes: &[SeatChange],
        run: &Run<'_>,
    ) -> Vec<(String, StepAnswers)> {
        let requests = phases(changes);
        let of = requests.len();
        let by_name: HashMap<&str, &SeatChange> =
            changes.iter().map(|c| (c.username.as_str(), c)).collect();
        let mut answered: HashMap<(String, SeatStep), Result<(), PortalError>> = HashMap::new();
        let mut failed: std::collections::HashSet<String> = Default::default();
        for (done, (step, members)) in requests.into_iter().enumerate() {
            let members: Vec<String> = members
                .into_iter()
                .filter(|m| !failed.contains(m))
                .collect();
            if !members.is_empty() && !(run.stopped)() {
                let results = self.send_step(&step, &members, &by_name).await;
                for (member, result) in members.into_iter().zip(results) {
                    if result.is_err() {
                        failed.insert(member.clone());
                    }
                    answered.insert((member, step.clone()), result);
                }
            }
            (run.sent)(done + 1, of);
        }
        changes
            .iter()
            .map(|c| {
                let answers = c
                    .steps()
                    .into_iter()
                    .map(|step| {
                        let result = answered
                            .remove(&(c.username.clone(), step.clone()))
                            .unwrap_or(Err(PortalError::Cancelled));
                        (step, result)
                    })
                    .collect();
                (c.username.clone(), answers)
            })
            .collect()
    }

    /// One request of a plan, answered for each of its members.
    async fn send_step(
        &self,
        step: &SeatStep,
        members: &[String],
        by_name: &HashMap<&str, &SeatChange>,
    ) -> Vec<Result<(), PortalError>> {
        let portal = match self.portal() {
            Ok(portal) => portal,
            Err(err) => return vec![Err(err); members.len()],
        };
        let request = match step {
            SeatStep::UserType(user_type) => {
                let request = Request::update_user_type(&portal, members, user_type);
                return match self
                    .call_json(request, |v| Ok(decode_statuses(v, members)))
                    .await
                {
                    Ok(results) => results,
                    Err(err) => vec![Err(err); members.len()],
                };
            }
            SeatStep::Release(app) => Request::release_license(&portal, &members[0], *app),
            SeatStep::Revoke(item) => Request::provision(&portal, item, members, &[]),
            SeatStep::Role(role) => Request::update_role(&portal, &members[0], role),
            SeatStep::Grant(item) => {
                let entitlements = by_name
                    .get(members[0].as_str())
                    .and_then(|c| c.grant.iter().find(|(i, _)| i == item))
                    .map(|(_, e)| e.clone())
                    .unwrap_or_default();
                Request::provision(&portal, item, members, &entitlements)
            }
        };
        vec![self.change(Some(request)).await; members.len()]
    }
}
