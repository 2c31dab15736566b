//! The record of an applied plan, kept as a JSON file: for each member the type, role and add-ons before and
//! after, and what the portal answered to each step. Loading it plans the way back.

use serde_json::{json, Value};

use super::plan::{AddOn, Plan, Wish};
use crate::portal::{PortalError, SeatStep, StepAnswers};

const KIND: &str = "license-console/user-type-changes";

/// A member's seat at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Seat {
    pub user_type: String,
    pub role: String,
    pub add_ons: Vec<AddOn>,
}

/// What the portal answered to one step: its name, whether it was done, and its words where it was not.
#[derive(Clone, Debug, PartialEq)]
pub struct StepRecord {
    pub step: String,
    pub done: bool,
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MemberRecord {
    pub username: String,
    pub before: Seat,
    pub after: Seat,
    pub answers: Vec<StepRecord>,
}

impl MemberRecord {
    fn done(&self, prefix: &str) -> bool {
        self.answers
            .iter()
            .any(|a| a.done && a.step.starts_with(prefix))
    }
}

/// An applied plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    pub portal: String,
    pub applied_at: String,
    pub members: Vec<MemberRecord>,
}

fn step_name(step: &SeatStep) -> String {
    match step {
        SeatStep::Release(app) => format!("release:{}", app.app_id()),
        SeatStep::Revoke(item) => format!("revoke:{item}"),
        SeatStep::Role(role) => format!("role:{role}"),
        SeatStep::UserType(t) => format!("userType:{t}"),
        SeatStep::Grant(item) => format!("grant:{item}"),
    }
}

/// The record of `plan` as the portal answered it (`results`, per member).
pub fn record(
    plan: &Plan,
    results: &[(String, StepAnswers)],
    portal: &str,
    applied_at: &str,
) -> Applied {
    let members = plan
        .changes
        .iter()
        .map(|p| {
            let answers: Vec<StepRecord> = results
                .iter()
                .find(|(u, _)| *u == p.change.username)
                .map(|(_, a)| a.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|(step, result)| StepRecord {
                    step: step_name(step),
                    done: result.is_ok(),
                    message: result
                        .as_ref()
                        .err()
                        .filter(|e| **e != PortalError::Cancelled)
                        .map(PortalError::summary),
                })
                .collect();
            let mut add_ons: Vec<AddOn> = p
                .held
                .iter()
                .filter(|a| !p.revoked.contains(a))
                .cloned()
                .collect();
            add_ons.extend(p.granted.iter().cloned());
            MemberRecord {
                username: p.change.username.clone(),
                before: Seat {
                    user_type: p.from_type.clone(),
                    role: p.from_role.clone(),
                    add_ons: p.held.clone(),
                },
                after: Seat {
                    user_type: p.change.user_type.clone(),
                    role: p.change.role.clone().unwrap_or_else(|| p.from_role.clone()),
                    add_ons,
                },
                answers,
            }
        })
        .collect();
    Applied {
        portal: portal.into(),
        applied_at: applied_at.into(),
        members,
    }
}

/// The members whose type was changed, each back to their type and role before, with the add-ons that were
/// revoked from them given back.
pub fn way_back(applied: &Applied) -> Vec<Wish> {
    applied
        .members
        .iter()
        .filter(|m| m.done("userType:"))
        .map(|m| Wish {
            username: m.username.clone(),
            user_type: m.before.user_type.clone(),
            role: Some(m.before.role.clone()),
            grant: m
                .before
                .add_ons
                .iter()
                .filter(|a| m.done(&format!("revoke:{}", a.item_id)))
                .cloned()
                .collect(),
        })
        .collect()
}

impl Applied {
    /// This record with a retry of some of its members: each keeps the seat it had before the first attempt, takes
    /// the retry's seat after, and both attempts' answers — so one file undoes the whole change.
    pub fn merge(&self, retry: &Applied) -> Applied {
        let mut merged = self.clone();
        for again in &retry.members {
            match merged
                .members
                .iter_mut()
                .find(|m| m.username == again.username)
            {
                Some(first) => {
                    first.after = again.after.clone();
                    first.answers.extend(again.answers.iter().cloned());
                }
                None => merged.members.push(again.clone()),
            }
        }
        merged
    }
}

/// The members of `failed` again, as the record meant them: to the type, role and add-ons it planned.
pub fn retry(applied: &Applied, failed: &std::collections::HashSet<String>) -> Vec<Wish> {
    applied
        .members
        .iter()
        .filter(|m| failed.contains(&m.username))
        .map(|m| Wish {
            username: m.username.clone(),
            user_type: m.after.user_type.clone(),
            role: Some(m.after.role.clone()),
            grant: m
                .after
                .add_ons
                .iter()
                .filter(|a| !m.before.add_ons.contains(a))
                .cloned()
                .collect(),
        })
        .collect()
}

fn add_on_json(a: &AddOn) -> Value {
    json!({"itemId": a.item_id, "title": a.title, "entitlements": a.entitlements})
}

fn seat_json(s: &Seat) -> Value {
    json!({"userType": s.user_type, "role": s.role,
        "addOns": s.add_ons.iter().map(add_on_json).collect::<Vec<_>>()})
}

fn text(v: &Value, key: &str) -> Result<String, String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("'{key}' is missing"))
}

fn add_on_of(v: &Value) -> Result<AddOn, String> {
    let entitlements = v
        .get("entitlements")
        .and_then(Value::as_array)
        .ok_or("'entitlements' is missing")?;
    Ok(AddOn {
        item_id: text(v, "itemId")?,
        title: text(v, "title")?,
        entitlements: entitlements
            .iter()
            .filter_map(|e| e.as_str().map(str::to_owned))
            .collect(),
    })
}

fn seat_of(v: &Value) -> Result<Seat, String> {
    let add_ons = v
        .get("addOns")
        .and_then(Value::as_array)
        .ok_or("'addOns' is missing")?;
    Ok(Seat {
        user_type: text(v, "userType")?,
        role: text(v, "role")?,
        add_ons: add_ons.iter().map(add_on_of).collect::<Result<_, _>>()?,
    })
}

fn member_of(v: &Value) -> Result<MemberRecord, String> {
    let answers = v
        .get("answers")
        .and_then(Value::as_array)
        .ok_or("'answers' is missing")?;
    Ok(MemberRecord {
        username: text(v, "username")?,
        before: seat_of(v.get("before").ok_or("'before' is missing")?)?,
        after: seat_of(v.get("after").ok_or("'after' is missing")?)?,
        answers: answers
            .iter()
            .map(|a| {
                Ok(StepRecord {
                    step: text(a, "step")?,
                    done: a
                        .get("done")
                        .and_then(Value::as_bool)
                        .ok_or("'done' is missing")?,
                    message: a.get("message").and_then(Value::as_str).map(str::to_owned),
                })
            })
            .collect::<Result<_, String>>()?,
    })
}

impl Applied {
    pub fn to_json(&self) -> String {
        let members: Vec<Value> = self
            .members
            .iter()
            .map(|m| {
                let answers: Vec<Value> = m
                    .answers
                    .iter()
                    .map(|a| json!({"step": a.step, "done": a.done, "message": a.message}))
                    .collect();
                json!({"username": m.username, "before": seat_json(&m.before), "after": seat_json(&m.after),
                    "answers": answers})
            })
            .collect();
        let all = json!({"kind": KIND, "portal": self.portal, "appliedAt": self.applied_at, "members": members});
        serde_json::to_string_pretty(&all).unwrap_or_default()
    }

    /// A saved record, or what is wrong with the file.
    pub fn parse(text_in: &str) -> Result<Self, String> {
        let v: Value = serde_json::from_str(text_in).map_err(|e| {
            format!("this is not a record of user type changes: it is not JSON ({e})")
        })?;
        if v.get("kind").and_then(Value::as_str) != Some(KIND) {
            return Err("this is not a record of user type changes saved by the console".into());
        }
        let members = v
            .get("members")
            .and_then(Value::as_array)
            .ok_or("'members' is missing")?;
        Ok(Self {
            portal: text(&v, "portal")?,
            applied_at: text(&v, "appliedAt")?,
            members: members.iter().map(member_of).collect::<Result<_, _>>()?,
        })
    }
}
