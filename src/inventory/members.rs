//! The Members screen's logic, without Leptos: finding and filtering members (the reclaim list among them),
//! counting seats per entitlement, the CSV export, and the batches a bulk revoke is sent in.

use crate::inventory::export::push_csv_line;
use std::collections::HashMap;

use crate::inventory::iso_date;
use crate::inventory::type_change::role_of;
use crate::inventory::{Attention, NEARLY_FULL_PERCENT};
use crate::portal::{
    entitlement_name, user_type_name, AppLicense, Holding, LastSignIn, MemberRow, Role, DAY_MS,
};

/// "Not signed in for N days", unless the administrator says otherwise.
pub const DEFAULT_IDLE_DAYS: u32 = 90;

/// What the table shows: every condition set must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Words found in the username or full name.
    pub find: String,
    /// Holds this app (index in `Directory::apps`).
    pub app: Option<usize>,
    /// Holds this entitlement (of any app).
    pub entitlement: Option<String>,
    pub user_type: Option<String>,
    /// Holds some app's license offline.
    pub offline: bool,
    /// Has not signed in for this many days (or never); unknown is not idle.
    pub idle_days: Option<u32>,
}

/// Whether `text` contains `find`: each place its first byte is found, compared with the rest. Short texts
/// searched tens of thousands of times: no searcher is set up for each, as `str::contains` does.
fn contains(text: &str, find: &str) -> bool {
    let (text, find) = (text.as_bytes(), find.as_bytes());
    let Some((&first, rest)) = find.split_first() else {
        return true;
    };
    let Some(last_start) = text.len().checked_sub(find.len()) else {
        return false;
    };
    text[..=last_start]
        .iter()
        .enumerate()
        .any(|(at, &b)| b == first && text[at + 1..at + find.len()] == *rest)
}

impl Filter {
    /// Whether `row` matches; `find` is `self.find` trimmed and in lower case (worked out once per filtering).
    fn matches(&self, row: &MemberRow, find: &str, now_ms: i64) -> bool {
        let member = &row.member;
        if !contains(&row.find_text, find) {
            return false;
        }
        if let Some(app) = self.app {
            if row.holdings.get(app).is_none_or(Option::is_none) {
                return false;
            }
        }
        if let Some(code) = &self.entitlement {
            let holds = row
                .holdings
                .iter()
                .flatten()
                .any(|h| h.entitlements.iter().any(|e| e == code));
            if !holds {
                return false;
            }
        }
        if self
            .user_type
            .as_ref()
            .is_some_and(|t| *t != member.user_type)
        {
            return false;
        }
        if self.offline && !row.holds_offline() {
            return false;
        }
        if let Some(days) = self.idle_days {
            if !idle_for(member.last_sign_in, days, now_ms) {
                return false;
            }
        }
        true
    }

    /// Indexes of the rows that match, in order.
    pub fn apply(&self, rows: &[MemberRow], now_ms: i64) -> Vec<usize> {
        let find = self.find.trim().to_lowercase();
        rows.iter()
            .enumerate()
            .filter(|(_, row)| self.matches(row, &find, now_ms))
            .map(|(i, _)| i)
            .collect()
    }
}

/// User type names: the portal's own where it gave one (`portals/self/userLicenseTypes`), else the console's
/// friendly name for a known id, else the id — one name per type on the whole screen and in its export.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypeNames(HashMap<String, String>);

impl TypeNames {
    pub fn new(portal_names: impl IntoIterator<Item = (String, String)>) -> Self {
        Self(portal_names.into_iter().collect())
    }

    /// The name of `id`; "not said" when the member record gave none.
    pub fn of(&self, id: &str) -> String {
        match self.0.get(id) {
            _ if id.is_empty() => "not said".to_owned(),
            Some(name) => name.clone(),
            None => user_type_name(id),
        }
    }
}

/// Whether `last` says the member has not signed in for `days` days (or never).
pub fn idle_for(last: LastSignIn, days: u32, now_ms: i64) -> bool {
    last.idle_since(now_ms - i64::from(days) * DAY_MS)
}

/// A last sign-in in words for the table and the CSV.
pub fn sign_in_text(last: LastSignIn) -> String {
    match last {
        LastSignIn::At(ms) => iso_date(ms),
        LastSignIn::Never => "never".to_owned(),
        LastSignIn::Unknown => "unknown".to_owned(),
    }
}

/// "Pro Advanced · Spatial Analyst"; a bundle's member holds no entitlements of its own.
pub fn holding_text(holding: &Holding) -> String {
    if holding.entitlements.is_empty() {
        return "member of the bundle".to_owned();
    }
    holding
        .entitlements
        .iter()
        .map(|code| entitlement_name(code))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One entitlement's seats: owned (from the purchase) and assigned (counted from the holders read).
#[derive(Clone, Debug, PartialEq)]
pub struct Seats {
    pub app: usize,
    pub code: String,
    pub owned: u64,
    pub assigned: u64,
}

impl Seats {
    pub fn left(&self) -> i64 {
        self.owned as i64 - self.assigned as i64
    }

    /// More assigned than owned.
    pub fn over(&self) -> bool {
        self.assigned > self.owned
    }

    /// At 85 % or more of what is owned.
    pub fn nearly_full(&self) -> bool {
        self.owned > 0 && self.assigned * 100 >= self.owned * NEARLY_FULL_PERCENT
    }

    pub fn fullness(&self) -> Option<&'static str> {
        fullness(self.assigned, self.owned)
    }
}

/// How full seats are, in the words the overview uses for user types; more assigned than owned said as such.
pub fn fullness(assigned: u64, owned: u64) -> Option<&'static str> {
    if assigned > owned {
        Some("more assigned than owned")
    } else if owned > 0 && assigned >= owned {
        Some(Attention::SeatsFull.label())
    } else if owned > 0 && assigned * 100 >= owned * NEARLY_FULL_PERCENT {
        Some(Attention::SeatsNearlyFull.label())
    } else {
        None
    }
}

/// Seats of every entitlement an app owns or someone holds, per app, in code order.
pub fn seats(apps: &[AppLicense], rows: &[MemberRow]) -> Vec<Seats> {
    let mut all = Vec::new();
    for (app, license) in apps.iter().enumerate() {
        let mut codes: Vec<String> = license.owned.iter().map(|(c, _)| c.clone()).collect();
        for row in rows {
            if let Some(Some(holding)) = row.holdings.get(app) {
                codes.extend(holding.entitlements.iter().cloned());
            }
        }
        codes.sort();
        codes.dedup();
        for code in codes {
            let assigned = rows
                .iter()
                .filter(|row| {
                    matches!(row.holdings.get(app), Some(Some(h)) if h.entitlements.contains(&code))
                })
                .count() as u64;
            let owned = license
                .owned
                .iter()
                .find(|(c, _)| *c == code)
                .map_or(0, |(_, n)| *n);
            all.push(Seats {
                app,
                code,
                owned,
                assigned,
            });
        }
    }
    all
}

/// The table as CSV: one line per member, one column per app (its entitlements, "offline" when held so).
pub fn to_csv(
    apps: &[AppLicense],
    rows: &[&MemberRow],
    types: &TypeNames,
    roles: &[Role],
) -> String {
    let mut header = vec![
        "username".to_owned(),
        "full name".to_owned(),
        "user type".to_owned(),
        "role".to_owned(),
        "last sign-in".to_owned(),
    ];
    header.extend(apps.iter().map(|a| a.title.clone()));
    let mut out = String::new();
    push_csv_line(&mut out, &header);
    for row in rows {
        let member = &row.member;
        let mut fields = vec![
            member.username.clone(),
            member.full_name.clone(),
            types.of(&member.user_type),
            role_of(roles, member.role_key()).name.clone(),
            sign_in_text(member.last_sign_in),
        ];
        fields.extend(row.holdings.iter().map(|h| match h {
            Some(h) if h.offline == Some(true) => format!("{} (offline)", holding_text(h)),
            Some(h) if h.offline.is_none() && !h.entitlements.is_empty() => {
                format!("{} (offline: unknown)", holding_text(h))
            }
            Some(h) => holding_text(h),
            None => String::new(),
        }));
        push_csv_line(&mut out, &fields);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::portal::MemberRecord;

    const NOW: i64 = 1_790_000_000_000;

    pub(crate) fn row(
        username: &str,
        last_login: Option<i64>,
        pro: Option<(&[&str], bool)>,
    ) -> MemberRow {
        MemberRow::new(
            MemberRecord {
                username: username.into(),
                full_name: format!("Full {username}"),
                user_type: "creatorUT".into(),
                role: "org_user".into(),
                role_id: None,
                last_sign_in: last_login.map_or(LastSignIn::Never, LastSignIn::At),
            },
            true,
            vec![pro.map(|(codes, offline)| Holding {
                entitlements: codes.iter().map(|c| (*c).to_owned()).collect(),
                offline: Some(offline),
                last_sign_in: LastSignIn::Unknown,
            })],
        )
    }

    pub(crate) fn pro() -> AppLicense {
        AppLicense {
            item_id: "p".into(),
            title: "ArcGIS Pro".into(),
            app: Some(crate::portal::LicensedApp::Pro),
            owned: vec![("desktopAdvN".into(), 2), ("spatialAnalystN".into(), 10)],
            bundle: false,
            bundled: None,
            can_disconnect: Some(true),
        }
    }

    #[test]
    fn the_reclaim_list_is_who_has_not_signed_in_for_n_days_or_never() {
        let rows = vec![
            row(
                "recent",
                Some(NOW - 10 * DAY_MS),
                Some((&["desktopAdvN"], false)),
            ),
            row(
                "idle",
                Some(NOW - 200 * DAY_MS),
                Some((&["desktopAdvN"], false)),
            ),
            row("never", None, None),
            MemberRow {
                member: MemberRecord {
                    last_sign_in: LastSignIn::Unknown,
                    ..row("unknown", None, None).member
                },
                ..row("unknown", None, None)
            },
        ];
        let reclaim = Filter {
            app: Some(0),
            idle_days: Some(DEFAULT_IDLE_DAYS),
            ..Filter::default()
        };
        assert_eq!(reclaim.apply(&rows, NOW), vec![1]);
        let idle_only = Filter {
            idle_days: Some(90),
            ..Filter::default()
        };
        assert_eq!(idle_only.apply(&rows, NOW), vec![1, 2]);
        let find = Filter {
            find: "FULL NEV".into(),
            ..Filter::default()
        };
        assert_eq!(find.apply(&rows, NOW), vec![2]);
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn contains_answers_as_str_contains(text in "[a-cé ]{0,12}", find in "[a-cé]{0,4}") {
            proptest::prop_assert_eq!(contains(&text, &find), text.contains(find.as_str()));
        }
    }

    #[test]
    fn find_ignores_case_in_any_script_in_username_or_full_name_not_across_them() {
        let named = |username: &str, full_name: &str| {
            let mut member = row(username, None, None).member;
            member.full_name = full_name.into();
            MemberRow::new(member, true, vec![None])
        };
        let rows = [
            named("Member12", "Åsa Öberg"),
            named("olstrup", "ØLSTRUP Élise"),
            named("member", "Any One"),
        ];
        let found = |find: &str| {
            let filter = Filter {
                find: find.into(),
                ..Filter::default()
            };
            filter.apply(&rows, NOW)
        };
        assert_eq!(found("member1"), vec![0]);
        assert_eq!(found("  ÅSA "), vec![0]);
        assert_eq!(found("øl"), vec![1]);
        assert_eq!(found("élise"), vec![1]);
        assert_eq!(found("elise"), Vec::<usize>::new());
        assert_eq!(found("members"), Vec::<usize>::new());
        assert_eq!(found("member"), vec![0, 2]);
        // The username's end and the full name's start are not one text.
        assert_eq!(found("12åsa"), Vec::<usize>::new());
        assert_eq!(found("12 åsa"), Vec::<usize>::new());
        assert_eq!(found(""), vec![0, 1, 2]);
    }

    #[test]
    fn seats_count_holders_and_flag_over_assignment() {
        let rows = vec![
            row(
                "a",
                None,
                Some((&["desktopAdvN", "spatialAnalystN"], false)),
            ),
            row("b", None, Some((&["desktopAdvN"], true))),
            row("c", None, Some((&["desktopAdvN", "3DAnalystN"], false))),
        ];
        let seats = seats(&[pro()], &rows);
        let of = |code: &str| seats.iter().find(|s| s.code == code).unwrap().clone();
        assert_eq!(
            (of("desktopAdvN").assigned, of("desktopAdvN").owned),
            (3, 2)
        );
        assert!(of("desktopAdvN").over());
        assert_eq!(of("desktopAdvN").left(), -1);
        assert_eq!(of("3DAnalystN").owned, 0, "held but not owned");
        assert!(!of("spatialAnalystN").nearly_full());
        assert_eq!(
            of("desktopAdvN").fullness(),
            Some("more assigned than owned")
        );
        assert_eq!(of("spatialAnalystN").fullness(), None);
        let offline = Filter {
            offline: true,
            ..Filter::default()
        };
        assert_eq!(offline.apply(&rows, NOW), vec![1]);
    }

    #[test]
    fn a_user_type_is_named_as_the_portal_names_it() {
        let names = TypeNames::new([(
            "GISProfessionalAdvUT".to_owned(),
            "Professional Plus".to_owned(),
        )]);
        assert_eq!(names.of("GISProfessionalAdvUT"), "Professional Plus");
        assert_eq!(
            names.of("creatorUT"),
            "Creator",
            "the console's name where the portal gave none"
        );
        assert_eq!(names.of("newKindUT"), "newKindUT");
        assert_eq!(names.of(""), "not said");
    }

    #[test]
    fn csv_has_a_column_per_app_and_defuses_formulas() {
        let mut evil = row(
            "=cmd",
            None,
            Some((&["desktopAdvN", "spatialAnalystN"], true)),
        );
        evil.member.full_name = "Smith, Jo".into();
        let csv = to_csv(
            &[pro()],
            &[&evil, &row("plain", Some(NOW), None)],
            &TypeNames::default(),
            &crate::portal::known_roles(),
        );
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "username,full name,user type,role,last sign-in,ArcGIS Pro"
        );
        assert_eq!(
            lines[1],
            "'=cmd,\"Smith, Jo\",Creator,User,never,Pro Advanced · Spatial Analyst (offline)"
        );
        assert!(lines[2].starts_with("plain,Full plain,Creator,User,20"));
    }
}
