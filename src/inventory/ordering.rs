//! Which row comes first: the soonest to run out, and the table sorted by a column.

use std::borrow::Borrow;

use super::Row;

/// The row that runs out first among those that have not yet.
pub fn soonest_expiration<R: Borrow<Row>>(rows: &[R], now_ms: i64) -> Option<&Row> {
    rows.iter()
        .map(Borrow::borrow)
        .filter(|r| r.can_expire != Some(false))
        .filter(|r| r.expiration.is_some_and(|e| e > now_ms))
        .min_by_key(|r| r.expiration)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Used,
    Expiration,
}

/// Sorts by a column; rows without a value go last either way.
pub fn sort_rows<R: Borrow<Row>>(rows: &mut [R], key: SortKey, ascending: bool) {
    rows.sort_by(|a, b| {
        let (a, b): (&Row, &Row) = (a.borrow(), b.borrow());
        let ordering = match key {
            SortKey::Name => Some(a.name.to_lowercase().cmp(&b.name.to_lowercase())),
            SortKey::Used => a.used.zip(b.used).map(|(x, y)| x.cmp(&y)),
            SortKey::Expiration => a.expiration.zip(b.expiration).map(|(x, y)| x.cmp(&y)),
        };
        let present = |r: &Row| match key {
            SortKey::Name => true,
            SortKey::Used => r.used.is_some(),
            SortKey::Expiration => r.expiration.is_some(),
        };
        match ordering {
            Some(o) if ascending => o,
            Some(o) => o.reverse(),
            None => present(b).cmp(&present(a)),
        }
    });
}
