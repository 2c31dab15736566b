//! Seats over random organizations and selections: no type is ever over its seats at any step.

use proptest::prelude::*;

use super::*;

/// Members, spare seats per type, the members picked, and the type picked.
type Organization = (Vec<MemberRow>, Vec<(usize, u64)>, Vec<usize>, usize);

fn organization() -> impl Strategy<Value = Organization> {
    let member = (
        0..TYPES.len(),
        0..ROLES.len(),
        prop::option::of(any::<bool>()),
    );
    (
        prop::collection::vec(member, 1..40),
        prop::collection::vec((0..TYPES.len(), 0u64..4), 0..5),
        prop::collection::vec(0usize..40, 0..40),
        0..TYPES.len(),
    )
        .prop_map(|(members, spare, picks, target)| {
            let rows = members
                .into_iter()
                .enumerate()
                .map(|(i, (t, r, pro))| {
                    // Members hold roles their type allows, and Pro only where the type includes it.
                    let roles = known_roles();
                    let role = if fits(&role_of(&roles, ROLES[r]), TYPES[t]) == Fit::Yes {
                        ROLES[r]
                    } else {
                        VIEWER_ROLE
                    };
                    let pro = pro.filter(|_| includes_pro(TYPES[t]) == Some(true));
                    row(&format!("m{i}"), TYPES[t], role, pro)
                })
                .collect();
            (rows, spare, picks, target)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(300) })]

    #[test]
    fn no_type_is_ever_over_its_seats_at_any_step((rows, spare, picks, target) in organization(), swap_first in any::<bool>()) {
        let spare: Vec<(&str, u64)> = spare.iter().map(|(t, n)| (TYPES[*t], *n)).collect();
        let mut seats = seats(&rows, &spare);
        let picked: Vec<&MemberRow> = picks.iter().filter_map(|i| rows.get(*i)).collect();
        let mut wishes = to_type(&picked, TYPES[target]);
        if swap_first && rows.len() >= 2 {
            wishes = swap(&rows[0], &rows[1], &apps());
        }
        let plan = planned(&rows, &wishes, &seats, None);
        prop_assert_eq!(plan.changes.len() + plan.refused.len(), wishes.len());
        let ups = plan.changes.iter().skip_while(|p| !p.change.upgrade);
        prop_assert!(ups.clone().all(|p| p.change.upgrade), "every downgrade before any upgrade");
        for moved in &plan.seats {
            prop_assert!(moved.after.unwrap() <= moved.owned.unwrap() as i64 || moved.after <= moved.before.map(|b| b as i64));
        }
        let mut after = rows.clone();
        // `apply` asserts the seats, the roles and the add-ons at every step.
        apply(&mut after, &mut seats, &plan.seat_changes());
    }
}
