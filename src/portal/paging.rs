//! Planning the reads of paged listings and searches: the portal answers 100 results a page and never pages past
//! its 10,000th result, however many `total` says there are. `Pages` is what is left to read of one listing (a
//! failed page is simply read again); `gap_queries` covers the usernames a search could not reach by prefix
//! queries read from the right end.

use std::collections::BTreeSet;

/// Results per page: the most the portal answers.
pub const PAGE_SIZE: u64 = 100;
/// The most results a listing or a search pages through.
pub const RESULT_WINDOW: u64 = 10_000;

/// The pages of one listing or search, known from its first page's `total`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pages {
    total: u64,
    read: BTreeSet<u64>,
}

impl Pages {
    /// After the first page (start 1) has been read and said `total`.
    pub fn after_first(total: u64) -> Self {
        Self {
            total,
            read: BTreeSet::from([1]),
        }
    }

    /// Every page the window lets us read.
    fn starts(&self) -> impl Iterator<Item = u64> {
        let readable = self.total.min(RESULT_WINDOW);
        (0..readable.div_ceil(PAGE_SIZE)).map(|page| page * PAGE_SIZE + 1)
    }

    /// The `start`s still to read, in order: every page but those read.
    pub fn pending(&self) -> Vec<u64> {
        self.starts().filter(|s| !self.read.contains(s)).collect()
    }

    pub fn mark_read(&mut self, start: u64) {
        self.read.insert(start);
    }

    /// How many pages there are to read in all (the first included).
    pub fn count(&self) -> u64 {
        self.starts().count() as u64
    }
}

/// Which end of a prefix query to read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Ascending,
    Descending,
}

/// A search for usernames starting with `prefix`, read from one end; reading stops at `until` (a username
/// already read), when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GapQuery {
    pub prefix: String,
    pub order: Order,
    pub until: Option<String>,
}

/// The characters usernames are made of, in the order the portal sorts them (lower case; the portal compares
/// usernames without regard to case).
const ALPHABET: &str = "-.0123456789@_abcdefghijklmnopqrstuvwxyz";

/// Queries that together return every username strictly between `low` and `high` (which have been read): the
/// prefixes that lie wholly between them, read in full, and the two prefixes `low` and `high` sit in, read from
/// the gap's side and stopped at them. `low < high`, both lower case.
pub fn gap_queries(low: &str, high: &str) -> Vec<GapQuery> {
    let shared = low
        .chars()
        .zip(high.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let prefix: String = low.chars().take(shared).collect();
    let (Some(after), Some(before)) = (low.chars().nth(shared), high.chars().nth(shared)) else {
        // One is a prefix of the other: everything between starts with `low`.
        return vec![GapQuery {
            prefix: low.to_owned(),
            order: Order::Ascending,
            until: Some(high.to_owned()),
        }];
    };
    let mut queries = vec![GapQuery {
        prefix: format!("{prefix}{after}"),
        order: Order::Descending,
        until: Some(low.to_owned()),
    }];
    queries.extend(
        ALPHABET
            .chars()
            .filter(|c| *c > after && *c < before)
            .map(|c| GapQuery {
                prefix: format!("{prefix}{c}"),
                order: Order::Ascending,
                until: None,
            }),
    );
    queries.push(GapQuery {
        prefix: format!("{prefix}{before}"),
        order: Order::Ascending,
        until: Some(high.to_owned()),
    });
    queries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_read_up_to_the_window_and_no_further() {
        assert_eq!(Pages::after_first(0).pending(), Vec::<u64>::new());
        assert_eq!(Pages::after_first(100).pending(), Vec::<u64>::new());
        assert_eq!(Pages::after_first(101).pending(), vec![101]);
        assert_eq!(Pages::after_first(250).pending(), vec![101, 201]);
        let at_window = Pages::after_first(10_000);
        assert_eq!(at_window.count(), 100);
        assert_eq!(at_window.pending().last(), Some(&9_901));
        let past = Pages::after_first(12_000);
        assert_eq!(past.count(), 100, "the window, not the total");
        assert_eq!(past.pending().len(), 99);
    }

    #[test]
    fn a_page_that_failed_is_still_pending_and_nothing_read_is_read_again() {
        let mut pages = Pages::after_first(450);
        assert_eq!(pages.pending(), vec![101, 201, 301, 401]);
        // 201 failed (a dropped connection, a sign-in that was cancelled): the rest were read.
        for start in [101, 301, 401] {
            pages.mark_read(start);
        }
        assert_eq!(
            pages.pending(),
            vec![201],
            "resumes with the one page missing"
        );
        pages.mark_read(201);
        assert!(pages.pending().is_empty());
    }

    #[test]
    fn the_gap_between_two_usernames_is_covered_by_prefixes_from_its_ends() {
        assert_eq!(
            gap_queries("member09964", "member39965"),
            vec![
                GapQuery {
                    prefix: "member0".into(),
                    order: Order::Descending,
                    until: Some("member09964".into())
                },
                GapQuery {
                    prefix: "member1".into(),
                    order: Order::Ascending,
                    until: None
                },
                GapQuery {
                    prefix: "member2".into(),
                    order: Order::Ascending,
                    until: None
                },
                GapQuery {
                    prefix: "member3".into(),
                    order: Order::Ascending,
                    until: Some("member39965".into())
                },
            ]
        );
        let letters = gap_queries("anna", "dora");
        let prefixes: Vec<&str> = letters.iter().map(|q| q.prefix.as_str()).collect();
        assert_eq!(prefixes, ["a", "b", "c", "d"]);
        assert_eq!(
            gap_queries("ann", "anna"),
            vec![GapQuery {
                prefix: "ann".into(),
                order: Order::Ascending,
                until: Some("anna".into())
            }]
        );
    }
}
