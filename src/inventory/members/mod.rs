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
pub(crate) mod tests;
