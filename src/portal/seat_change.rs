//! What the portal is asked to do to change one member's user type, step by step (API.md, "User types"): offline
//! licenses released and add-ons revoked first, the role, the type, then add-ons given. The planner
//! (`inventory::type_change`) decides the steps; the client sends them (`client/seat_changes.rs`).

use serde_json::Value;

use super::error::{evidence, PortalError};
use super::json;
use super::request::LicensedApp;

/// One member's change.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatChange {
    pub username: String,
    /// The user type to hold afterwards (an id).
    pub user_type: String,
    /// To a type that allows more: the type goes first, then the role and add-ons. Otherwise the add-ons and role
    /// go first, so the member always fits the type they hold.
    pub upgrade: bool,
    /// Offline licenses to check in first.
    pub release: Vec<LicensedApp>,
    /// Listings whose app is revoked, and whether the member holds it offline (`None`: not known).
    pub revoke: Vec<(String, Option<bool>)>,
    /// The role to hold afterwards, where it changes.
    pub role: Option<String>,
    /// Listings whose app is given afterwards, with the entitlements.
    pub grant: Vec<(String, Vec<String>)>,
}

/// One step of a member's change.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SeatStep {
    Release(LicensedApp),
    Revoke(String),
    Role(String),
    UserType(String),
    Grant(String),
}

/// What the portal answered to each step it was sent for a member, in order; a step not sent (stopped, or an
/// earlier step failed) is `Cancelled`.
pub type StepAnswers = Vec<(SeatStep, Result<(), PortalError>)>;

impl SeatChange {
    /// Every step, in the order they are sent.
    pub fn steps(&self) -> Vec<SeatStep> {
        let before = self
            .release
            .iter()
            .map(|app| SeatStep::Release(*app))
            .chain(
                self.revoke
                    .iter()
                    .map(|(item, _)| SeatStep::Revoke(item.clone())),
            );
        let role = self.role.iter().map(|r| SeatStep::Role(r.clone()));
        let user_type = std::iter::once(SeatStep::UserType(self.user_type.clone()));
        let grant = self
            .grant
            .iter()
            .map(|(item, _)| SeatStep::Grant(item.clone()));
        if self.upgrade {
            before.chain(user_type).chain(role).chain(grant).collect()
        } else {
            before.chain(role).chain(user_type).chain(grant).collect()
        }
    }
}

/// `updateUserLicenseType`'s answer for the members of one request: each is changed only where its own `status`
/// is `true`; a member the answer does not mention is not changed.
pub(super) fn decode_statuses(v: &Value, members: &[String]) -> Vec<Result<(), PortalError>> {
    let results = json::items(v, "results");
    members
        .iter()
        .map(|member| {
            let Some(result) = results.iter().find(|r| {
                json::text(r, "username").is_some_and(|u| u.eq_ignore_ascii_case(member))
            }) else {
                return Err(PortalError::Unexpected {
                    detail: format!(
                        "the portal's answer did not say this member was changed: {}",
                        evidence(&v.to_string())
                    ),
                });
            };
            if result.get("status").and_then(Value::as_bool) == Some(true) {
                return Ok(());
            }
            let message = result
                .get("error")
                .and_then(|e| json::text(e, "message"))
                .unwrap_or_else(|| {
                    format!("the portal answered {}", evidence(&result.to_string()))
                });
            Err(PortalError::Rejected {
                code: None,
                message,
                details: Vec::new(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_member_is_changed_only_where_its_own_status_is_true() {
        let members = names(&["a", "B", "c", "d"]);
        let answer = json!({"results": [
            {"username": "a", "status": true},
            {"username": "b", "status": true},
            {"username": "c", "status": false, "error": {"message": "No seat."}}
        ]});
        let results = decode_statuses(&answer, &members);
        assert!(
            results[0].is_ok() && results[1].is_ok(),
            "usernames match whatever their case"
        );
        assert_eq!(
            results[2],
            Err(PortalError::Rejected {
                code: None,
                message: "No seat.".into(),
                details: vec![]
            })
        );
        assert!(results[3].is_err(), "not mentioned is not changed");
        for nothing in [
            json!({}),
            json!({"results": [{"status": false}]}),
            json!({"results": "x"}),
        ] {
            assert!(
                decode_statuses(&nothing, &members)
                    .iter()
                    .all(Result::is_err),
                "{nothing}"
            );
        }
    }

    #[test]
    fn downgrades_go_role_then_type_and_upgrades_type_then_role() {
        let mut change = SeatChange {
            username: "a".into(),
            user_type: "viewerUT".into(),
            upgrade: false,
            release: vec![LicensedApp::Pro],
            revoke: vec![("pro".into(), Some(true))],
            role: Some("iAAAAAAAAAAAAAAA".into()),
            grant: vec![],
        };
        let kinds = |c: &SeatChange| {
            c.steps()
                .into_iter()
                .map(|s| match s {
                    SeatStep::Release(_) => "release",
                    SeatStep::Revoke(_) => "revoke",
                    SeatStep::Role(_) => "role",
                    SeatStep::UserType(_) => "type",
                    SeatStep::Grant(_) => "grant",
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(&change), ["release", "revoke", "role", "type"]);
        change.upgrade = true;
        change.grant = vec![("pro".into(), vec!["desktopAdvN".into()])];
        assert_eq!(
            kinds(&change),
            ["release", "revoke", "type", "role", "grant"]
        );
    }
}
