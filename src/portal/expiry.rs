//! How close a license is to running out, in the bands administrators act on.

/// A day, in the milliseconds the portal gives dates in.
pub const DAY_MS: i64 = 86_400_000;

/// Whole days from `now_ms` until `expiration_ms`; negative once it has passed.
pub fn days_left(expiration_ms: i64, now_ms: i64) -> i64 {
    (expiration_ms - now_ms).div_euclid(DAY_MS)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// `canExpire: false`, or no expiration given as 0.
    Never,
    Unknown,
    Expired {
        days_ago: i64,
    },
    /// Within 30 days.
    Soon {
        days: i64,
    },
    /// Within 90 days.
    Approaching {
        days: i64,
    },
    Later {
        days: i64,
    },
}

impl Expiry {
    pub fn of(expiration_ms: Option<i64>, can_expire: Option<bool>, now_ms: i64) -> Self {
        if can_expire == Some(false) {
            return Expiry::Never;
        }
        match expiration_ms {
            None => Expiry::Unknown,
            Some(ms) if ms <= 0 => Expiry::Never,
            Some(ms) if ms <= now_ms => Expiry::Expired {
                days_ago: days_left(now_ms, ms),
            },
            Some(ms) => match days_left(ms, now_ms) {
                days @ ..=30 => Expiry::Soon { days },
                days @ ..=90 => Expiry::Approaching { days },
                days => Expiry::Later { days },
            },
        }
    }

    /// Short words for a badge.
    pub fn label(&self) -> String {
        match self {
            Expiry::Never => "does not expire".into(),
            Expiry::Unknown => "no date".into(),
            Expiry::Expired { days_ago: 0 } => "expired today".into(),
            Expiry::Expired { days_ago: 1 } => "expired yesterday".into(),
            Expiry::Expired { days_ago } => format!("expired {days_ago} days ago"),
            Expiry::Soon { days: 0 } => "expires today".into(),
            Expiry::Soon { days: 1 }
            | Expiry::Approaching { days: 1 }
            | Expiry::Later { days: 1 } => "1 day left".into(),
            Expiry::Soon { days } | Expiry::Approaching { days } | Expiry::Later { days } => {
                format!("{days} days left")
            }
        }
    }

    /// A CSS class naming the warning level.
    pub fn level(&self) -> &'static str {
        match self {
            Expiry::Expired { .. } => "expired",
            Expiry::Soon { .. } => "soon",
            Expiry::Approaching { .. } => "approaching",
            Expiry::Never | Expiry::Unknown | Expiry::Later { .. } => "ok",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000_000;

    #[test]
    fn bands_at_their_edges() {
        let at = |days: i64| Expiry::of(Some(NOW + days * DAY_MS), Some(true), NOW);
        assert_eq!(at(30), Expiry::Soon { days: 30 });
        assert_eq!(at(31), Expiry::Approaching { days: 31 });
        assert_eq!(at(90), Expiry::Approaching { days: 90 });
        assert_eq!(at(91), Expiry::Later { days: 91 });
        assert_eq!(
            Expiry::of(Some(NOW + 1), None, NOW),
            Expiry::Soon { days: 0 }
        );
        assert_eq!(
            Expiry::of(Some(NOW), None, NOW),
            Expiry::Expired { days_ago: 0 }
        );
        assert_eq!(at(-3), Expiry::Expired { days_ago: 3 });
        assert_eq!(at(-3).level(), "expired");
    }

    #[test]
    fn never_and_unknown() {
        assert_eq!(
            Expiry::of(Some(NOW - DAY_MS), Some(false), NOW),
            Expiry::Never
        );
        assert_eq!(Expiry::of(Some(0), None, NOW), Expiry::Never);
        assert_eq!(Expiry::of(None, Some(true), NOW), Expiry::Unknown);
        assert_eq!(Expiry::Never.label(), "does not expire");
    }
}
