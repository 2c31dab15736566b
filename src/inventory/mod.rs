//! Everything the organization holds, as one row per licensed thing: what the overview's tables, its
//! "needs attention" list, the filter, sorting and the exports (`export`: CSV, iCalendar) all work from.

pub mod bulk;
mod dates;
mod export;
pub mod members;
mod ordering;
pub mod type_change;

pub use dates::iso_date;
pub(crate) use export::push_csv_line;
pub use export::{to_csv, to_ics};
pub use ordering::{soonest_expiration, sort_rows, SortKey};

use crate::portal::{
    app_name, user_type_name, Entitlement, Expiry, OrgLicense, ServerCapabilities, ServerFeature,
};

/// Share of seats at which a user type needs attention, in percent.
pub const NEARLY_FULL_PERCENT: u64 = 85;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    UserType,
    App,
    AppBundle,
    Extension,
    ServerFeature,
    ServerExtension,
    Level,
    Edition,
    DataFeature,
    MembershipLevel,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::UserType => "User type",
            Kind::App => "App",
            Kind::AppBundle => "App bundle",
            Kind::Extension => "Extension",
            Kind::ServerFeature => "Server feature",
            Kind::ServerExtension => "Server extension",
            Kind::Level => "Server level",
            Kind::Edition => "Server edition",
            Kind::DataFeature => "Data feature",
            Kind::MembershipLevel => "Membership level",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub kind: Option<Kind>,
    pub id: String,
    pub name: String,
    pub used: Option<u64>,
    pub allowed: Option<u64>,
    pub expiration: Option<i64>,
    pub can_expire: Option<bool>,
    pub valid: Option<bool>,
    pub version: Option<String>,
    pub cores: Option<u64>,
    /// The data feature's ECP code.
    pub code: Option<String>,
    /// When a future license takes effect.
    pub start: Option<i64>,
    /// Reported by the server authorizations (`admin/system/licenses`) and not so by the license: a thing the
    /// license does not list, or lists with another expiration or validity.
    pub from_server: bool,
}

/// Why a row needs attention, most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Attention {
    Expired,
    Invalid,
    SeatsFull,
    ExpiresWithin30,
    SeatsNearlyFull,
    ExpiresWithin90,
}

impl Attention {
    pub fn label(self) -> &'static str {
        match self {
            Attention::Expired => "expired",
            Attention::Invalid => "not valid",
            Attention::SeatsFull => "all seats used",
            Attention::ExpiresWithin30 => "expires within 30 days",
            Attention::SeatsNearlyFull => "85 % of seats used",
            Attention::ExpiresWithin90 => "expires within 90 days",
        }
    }

    /// A CSS class for its warning colour.
    pub fn level(self) -> &'static str {
        match self {
            Attention::Expired | Attention::Invalid | Attention::SeatsFull => "expired",
            Attention::ExpiresWithin30 | Attention::SeatsNearlyFull => "soon",
            Attention::ExpiresWithin90 => "approaching",
        }
    }
}

impl Row {
    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::App)
    }

    /// The kind in words, saying where a row of the server authorizations comes from.
    pub fn kind_label(&self) -> String {
        let kind = self.kind().label();
        if self.from_server {
            format!("{kind} (server authorization)")
        } else {
            kind.to_owned()
        }
    }

    pub fn expiry(&self, now_ms: i64) -> Expiry {
        Expiry::of(self.expiration, self.can_expire, now_ms)
    }

    pub fn attention(&self, now_ms: i64) -> Vec<Attention> {
        let mut reasons = Vec::new();
        match self.expiry(now_ms) {
            Expiry::Expired { .. } => reasons.push(Attention::Expired),
            Expiry::Soon { .. } => reasons.push(Attention::ExpiresWithin30),
            Expiry::Approaching { .. } => reasons.push(Attention::ExpiresWithin90),
            Expiry::Never | Expiry::Unknown | Expiry::Later { .. } => {}
        }
        if self.valid == Some(false) {
            reasons.push(Attention::Invalid);
        }
        if let (Some(used), Some(allowed)) = (self.used, self.allowed) {
            if allowed > 0 && used >= allowed {
                reasons.push(Attention::SeatsFull);
            } else if allowed > 0
                && used.saturating_mul(100) >= allowed.saturating_mul(NEARLY_FULL_PERCENT)
            {
                reasons.push(Attention::SeatsNearlyFull);
            }
        }
        reasons.sort();
        reasons
    }
}

/// The rows the person viewing asked for: every word of the Find text (case-insensitive) in the row's name, id,
/// kind or code, and, when asked, only rows that need attention.
pub struct Selection {
    words: Vec<String>,
    attention_only: bool,
    now_ms: i64,
}

impl Selection {
    pub fn new(find: &str, attention_only: bool, now_ms: i64) -> Self {
        Self {
            words: find.split_whitespace().map(str::to_lowercase).collect(),
            attention_only,
            now_ms,
        }
    }

    pub fn shows(&self, row: &Row) -> bool {
        if self.attention_only && row.attention(self.now_ms).is_empty() {
            return false;
        }
        if self.words.is_empty() {
            return true;
        }
        let haystack = format!(
            "{} {} {} {}",
            row.name,
            row.id,
            row.kind_label(),
            row.code.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        self.words
            .iter()
            .all(|word| haystack.contains(word.as_str()))
    }
}

fn entitlement_row(kind: Kind, item: &Entitlement) -> Row {
    let name = if kind == Kind::UserType {
        user_type_name(&item.id)
    } else {
        app_name(&item.id)
    };
    Row {
        kind: Some(kind),
        id: item.id.clone(),
        name,
        used: item.current,
        allowed: item.maximum,
        expiration: item.expiration,
        start: item.start,
        ..Row::default()
    }
}

fn server_row(kind: Kind, feature: &ServerFeature) -> Row {
    Row {
        kind: Some(kind),
        id: feature.name.clone(),
        name: feature.title().to_owned(),
        expiration: feature.expiration,
        can_expire: feature.can_expire,
        valid: feature.is_valid,
        version: feature.version.clone(),
        cores: feature.core_count,
        code: feature.ecp_code.clone(),
        ..Row::default()
    }
}

/// The server rows of `caps`: features, extensions, then level, edition and data feature.
fn server_rows(caps: &ServerCapabilities) -> impl Iterator<Item = Row> + '_ {
    let singles = [
        (Kind::Level, &caps.level),
        (Kind::Edition, &caps.edition),
        (Kind::DataFeature, &caps.data_feature),
    ];
    caps.features
        .iter()
        .map(|f| server_row(Kind::ServerFeature, f))
        .chain(
            caps.extensions
                .iter()
                .map(|f| server_row(Kind::ServerExtension, f)),
        )
        .chain(
            singles
                .into_iter()
                .filter_map(|(kind, f)| f.as_ref().map(|f| server_row(kind, f))),
        )
}

/// One row per licensed thing, in the license's own order within each kind; then what the server
/// authorizations add or say otherwise, so that nothing either lists goes unseen.
pub fn rows(license: &OrgLicense) -> Vec<Row> {
    let entitlements = [
        (Kind::UserType, &license.user_types),
        (Kind::App, &license.apps),
        (Kind::AppBundle, &license.app_bundles),
        (Kind::Extension, &license.extensions),
        (Kind::MembershipLevel, &license.membership_levels),
    ];
    let mut all: Vec<Row> = entitlements
        .into_iter()
        .flat_map(|(kind, items)| items.iter().map(move |item| entitlement_row(kind, item)))
        .chain(server_rows(&license.capabilities))
        .collect();
    if let Some(server) = &license.server_authorizations {
        let licensed = all.len();
        let differs = |row: &Row| {
            !all[..licensed].iter().any(|known| {
                known.kind == row.kind
                    && known.id == row.id
                    && known.expiration == row.expiration
                    && known.valid == row.valid
            })
        };
        let extra: Vec<Row> = server_rows(server)
            .filter(differs)
            .map(|row| Row {
                from_server: true,
                ..row
            })
            .collect();
        all.extend(extra);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portal::read_license;

    const DAY: i64 = 86_400_000;
    const NOW: i64 = 1_727_740_800_000; // 2024-10-01T00:00:00Z

    fn seed001() -> Vec<Row> {
        let body = include_bytes!("../../tests/fixtures/seed001_license.json");
        rows(&read_license(200, body).unwrap())
    }

    #[test]
    fn every_section_becomes_rows() {
        let rows = seed001();
        let count = |kind| rows.iter().filter(|r| r.kind() == kind).count();
        assert_eq!(count(Kind::UserType), 6);
        assert_eq!(count(Kind::App), 2);
        assert_eq!(count(Kind::AppBundle), 1);
        assert_eq!(count(Kind::Extension), 2);
        assert_eq!(count(Kind::ServerFeature), 8);
        assert_eq!(count(Kind::ServerExtension), 9);
        assert_eq!(count(Kind::DataFeature), 1);
        assert_eq!(rows.len(), 6 + 2 + 1 + 2 + 8 + 9 + 3);
        let soonest = soonest_expiration(&rows, NOW).unwrap();
        assert_eq!(soonest.expiration, Some(1_729_036_800_000));
    }

    #[test]
    fn attention_at_the_edges() {
        let row = |days: i64, used, allowed| Row {
            expiration: Some(NOW + days * DAY),
            used: Some(used),
            allowed: Some(allowed),
            ..Row::default()
        };
        assert_eq!(row(30, 0, 10).attention(NOW), [Attention::ExpiresWithin30]);
        assert_eq!(row(31, 0, 10).attention(NOW), [Attention::ExpiresWithin90]);
        assert_eq!(row(91, 0, 10).attention(NOW), []);
        assert_eq!(row(-1, 0, 10).attention(NOW), [Attention::Expired]);
        assert_eq!(
            row(200, 85, 100).attention(NOW),
            [Attention::SeatsNearlyFull]
        );
        assert_eq!(row(200, 84, 100).attention(NOW), []);
        assert_eq!(row(200, 100, 100).attention(NOW), [Attention::SeatsFull]);
        assert_eq!(
            row(200, 5, 0).attention(NOW),
            [],
            "0 allowed means none or unlimited, not full"
        );
        let never = Row {
            can_expire: Some(false),
            expiration: Some(NOW - DAY),
            valid: Some(false),
            ..Row::default()
        };
        assert_eq!(never.attention(NOW), [Attention::Invalid]);
    }

    #[test]
    fn filter_and_sort() {
        let mut rows = seed001();
        let count = |find: &str, attention_only: bool| {
            let selection = Selection::new(find, attention_only, NOW);
            rows.iter().filter(|r| selection.shows(r)).count()
        };
        assert_eq!(count("notebook ADVANCED", false), 1);
        assert_eq!(count("ecp644564588", false), 1);
        assert_eq!(count("user type", false), 6);
        assert_eq!(
            count("  ", false),
            rows.len(),
            "blank Find text shows every row"
        );
        let flagged = rows.iter().filter(|r| !r.attention(NOW).is_empty()).count();
        assert!(flagged > 0 && flagged < rows.len());
        assert_eq!(count("", true), flagged);
        sort_rows(&mut rows, SortKey::Used, false);
        assert_eq!(rows[0].id, "creatorUT");
        assert!(rows.last().unwrap().used.is_none());
        sort_rows(&mut rows, SortKey::Name, true);
        assert_eq!(rows[0].name, "3dserver");
    }

    #[test]
    fn server_authorizations_add_to_the_license_and_take_nothing_away() {
        let feature = |name: &str, expiration: i64| ServerFeature {
            name: name.into(),
            expiration: Some(expiration),
            ..ServerFeature::default()
        };
        let license = OrgLicense {
            capabilities: ServerCapabilities {
                features: vec![
                    feature("licensedOnly", NOW + 21 * DAY),
                    feature("both", 5),
                    feature("differs", 5),
                ],
                ..ServerCapabilities::default()
            },
            server_authorizations: Some(ServerCapabilities {
                features: vec![
                    feature("both", 5),
                    feature("differs", 6),
                    feature("serverOnly", 7),
                ],
                ..ServerCapabilities::default()
            }),
            ..OrgLicense::default()
        };
        let all = rows(&license);
        let listed: Vec<(&str, bool)> =
            all.iter().map(|r| (r.id.as_str(), r.from_server)).collect();
        assert_eq!(
            listed,
            [
                ("licensedOnly", false),
                ("both", false),
                ("differs", false),
                ("differs", true),
                ("serverOnly", true)
            ]
        );
        assert_eq!(all[3].kind_label(), "Server feature (server authorization)");
        assert_eq!(
            all[0].attention(NOW),
            [Attention::ExpiresWithin30],
            "what only the license lists still needs attention"
        );
    }
}
