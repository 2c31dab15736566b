//! Changing which user type members hold: the rules the console knows (`rules`), the plan made before anything
//! is sent (`plan`), and the record of an applied plan that plans the way back (`record`). Plain Rust.

mod plan;
mod record;
mod rules;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
mod words;

pub use plan::{plan, role_of, AddOn, Plan, Planned, SeatsMoved, Setting, Wish};
pub use record::{record, retry, way_back, Applied};
pub use rules::{fits, includes_pro, Fit};
pub use words::{member_of, outcomes, question, steps_in_words, TAKES_EFFECT};

use crate::portal::{AppLicense, LicensedApp, MemberRow};

/// Every member of `rows` to `user_type`, their role kept where the type allows it.
pub fn to_type(rows: &[&MemberRow], user_type: &str) -> Vec<Wish> {
    rows.iter()
        .map(|r| Wish {
            username: r.member.username.clone(),
            user_type: user_type.into(),
            role: None,
            grant: Vec::new(),
        })
        .collect()
}

/// Two members exchange their seats: each takes the other's user type and role, and the ArcGIS Pro license the
/// one moving down must give up goes to the one moving up.
pub fn swap(a: &MemberRow, b: &MemberRow, apps: &[AppLicense]) -> Vec<Wish> {
    let pro_of = |row: &MemberRow| -> Vec<AddOn> {
        apps.iter()
            .zip(&row.holdings)
            .filter(|(app, _)| app.app == Some(LicensedApp::Pro))
            .filter_map(|(app, h)| {
                let h = h.as_ref().filter(|h| !h.entitlements.is_empty())?;
                Some(AddOn {
                    item_id: app.item_id.clone(),
                    title: app.title.clone(),
                    entitlements: h.entitlements.clone(),
                })
            })
            .collect()
    };
    let wish = |who: &MemberRow, from: &MemberRow| Wish {
        username: who.member.username.clone(),
        user_type: from.member.user_type.clone(),
        role: Some(from.member.role_key().to_owned()),
        // Pro follows the seat: the one moving down gives it up (their new type cannot hold it), the one moving
        // up gets it.
        grant: if includes_pro(&from.member.user_type) == Some(true)
            && includes_pro(&who.member.user_type) == Some(false)
        {
            pro_of(from)
        } else {
            Vec::new()
        },
    };
    vec![wish(a, b), wish(b, a)]
}
