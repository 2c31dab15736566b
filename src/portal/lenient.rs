//! Lenient decoding with serde derive: a portal may omit any field, send null, or change a field's kind. Each type
//! here accepts every JSON value and keeps only what it can use — a field of another kind is absent (`None`, empty),
//! never a refused answer — so structs derived with `#[serde(default)]` over them decode any object, straight from
//! the answer's bytes with no `serde_json::Value` in between. Unknown fields are ignored, as serde does by default.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// Skips the rest of a list or an object that is not wanted.
pub(super) fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

pub(super) fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Implements the visits a field's kind does not use: each answers `$absent`.
macro_rules! absent_otherwise {
    ($absent:expr; $($skip:ident)*) => {
        $(absent_otherwise!(@one $skip, $absent);)*
    };
    (@one bool, $absent:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> { Ok($absent) }
    };
    (@one number, $absent:expr) => {
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> { Ok($absent) }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> { Ok($absent) }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> { Ok($absent) }
    };
    (@one str, $absent:expr) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> { Ok($absent) }
    };
    (@one null, $absent:expr) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> { Ok($absent) }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> { Ok($absent) }
    };
    (@one seq, $absent:expr) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            drain_seq(seq).map(|_| $absent)
        }
    };
    (@one map, $absent:expr) => {
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            drain_map(map).map(|_| $absent)
        }
    };
}

pub(super) use absent_otherwise;

/// `Deserialize` for a type that takes any JSON value: the visits given, and `absent_otherwise!` for the rest.
macro_rules! any_json_value {
    ($ty:ident { $($visits:tt)* }) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("any JSON value")
                    }
                    $($visits)*
                }
                deserializer.deserialize_any(V)
            }
        }
    };
}

/// `s` unless it is blank. Stops at the first character that is not white space: most strings are read in one
/// step, where trimming looked at both ends (a few per cent of decoding a large answer).
fn not_blank(s: &str) -> Option<String> {
    s.chars().any(|c| !c.is_whitespace()).then(|| s.to_owned())
}

/// The finite number `s` writes, white space around it allowed (a count sent as text).
fn number_in(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Text: a string that is not blank, or a number written out (an id sent as a number).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Text(pub Option<String>);

any_json_value!(Text {
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
        Ok(Text(not_blank(s)))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Text, E> {
        Ok(Text(Some(n.to_string())))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Text, E> {
        Ok(Text(Some(n.to_string())))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Text, E> {
        Ok(Text(serde_json::Number::from_f64(n).map(|n| n.to_string())))
    }
    absent_otherwise!(Text(None); bool null seq map);
});

/// A finite number, or a string that reads as one.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Number(pub Option<f64>);

impl Number {
    /// A whole, non-negative count (members, cores, ports): fractions are cut off, negatives are absent.
    pub fn count(self) -> Option<u64> {
        self.0
            .filter(|f| *f >= 0.0)
            .map(|f| f.min(u64::MAX as f64) as u64)
    }

    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> Option<i64> {
        self.0
            .map(|f| f.clamp(i64::MIN as f64, i64::MAX as f64) as i64)
    }
}

any_json_value!(Number {
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Number, E> {
        Ok(Number(Some(n as f64)))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Number, E> {
        Ok(Number(Some(n as f64)))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Number, E> {
        Ok(Number(Some(n).filter(|f| f.is_finite())))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Number, E> {
        Ok(Number(number_in(s)))
    }
    absent_otherwise!(Number(None); bool null seq map);
});

/// A yes or no: `true`/`false`, or those words as a string in any case.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Flag(pub Option<bool>);

any_json_value!(Flag {
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Flag, E> {
        Ok(Flag(Some(b)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Flag, E> {
        Ok(Flag(match s {
            s if s.eq_ignore_ascii_case("true") => Some(true),
            s if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }))
    }
    absent_otherwise!(Flag(None); number null seq map);
});

/// An object decoded as `T` (derived with `#[serde(default)]` over the types here); anything else is absent.
#[derive(Clone, Debug, PartialEq)]
pub struct Object<T>(pub Option<T>);

impl<T> Default for Object<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| Object(Some(t)))
            }
            absent_otherwise!(Object(None); bool number str null seq);
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// A list of objects decoded as `T`; anything but a list is empty, and an element that is not an object is left out.
#[derive(Clone, Debug, PartialEq)]
pub struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> List<T> {
    fn visit_objects<A: SeqAccess<'de>>(mut seq: A) -> Result<Self, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Object(item)) = seq.next_element::<Object<T>>()? {
            items.extend(item);
        }
        Ok(List(items))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<List<T>, A::Error> {
                List::visit_objects(seq)
            }
            absent_otherwise!(List(Vec::new()); bool number str null map);
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// A list of objects decoded as `T` (as `List`), or `None` when it is no list at all: a page of a listing without its
/// list is no page.
#[derive(Clone, Debug, PartialEq)]
pub struct Listed<T>(pub Option<Vec<T>>);

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Self(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Listed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Listed<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Listed<T>, A::Error> {
                List::visit_objects(seq).map(|list| Listed(Some(list.0)))
            }
            absent_otherwise!(Listed(None); bool number str null map);
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// Strings from a list (error `details`, admin `messages`): the blank ones and anything else left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strings(pub Vec<String>);

any_json_value!(Strings {
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
        let mut strings = Vec::new();
        while let Some(Text(text)) = seq.next_element::<StringOnly>()?.map(|s| s.0) {
            strings.extend(text);
        }
        Ok(Strings(strings))
    }
    absent_otherwise!(Strings(Vec::new()); bool number str null map);
});

/// A string that is not blank; a number is no string here.
struct StringOnly(Text);

any_json_value!(StringOnly {
    fn visit_str<E: de::Error>(self, s: &str) -> Result<StringOnly, E> {
        Ok(StringOnly(Text(not_blank(s))))
    }
    absent_otherwise!(StringOnly(Text(None)); bool number null seq map);
});

/// One value of a row kept as a list (`["userType", "creatorUT", 200, 60]`): its text where it is a string, its
/// number where it reads as one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    pub text: Text,
    pub number: Number,
}

impl Cell {
    /// Its text, or a whole number written out (an id sent as a number) — one an `f64` holds exactly (below 2^53,
    /// about 9.0e15).
    pub fn into_text(self) -> Option<String> {
        let whole = self
            .number
            .0
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15);
        self.text
            .0
            .or_else(|| whole.map(|f| (f as i64).to_string()))
    }
}

any_json_value!(Cell {
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Cell, E> {
        Ok(Cell {
            text: Text(not_blank(s)),
            number: Number(number_in(s)),
        })
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Cell, E> {
        Ok(Cell { text: Text(None), number: Number(Some(n as f64)) })
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Cell, E> {
        Ok(Cell { text: Text(None), number: Number(Some(n as f64)) })
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Cell, E> {
        Ok(Cell { text: Text(None), number: Number(Some(n).filter(|f| f.is_finite())) })
    }
    absent_otherwise!(Cell::default(); bool null seq map);
});

/// A row kept as a list: its cells; anything but a list has none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row(pub Vec<Cell>);

any_json_value!(Row {
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Row, A::Error> {
        let mut cells = Vec::new();
        while let Some(cell) = seq.next_element::<Cell>()? {
            cells.push(cell);
        }
        Ok(Row(cells))
    }
    absent_otherwise!(Row(Vec::new()); bool number str null map);
});

/// Rows kept as a list of lists; `None` when it is not a list at all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rows(pub Option<Vec<Row>>);

any_json_value!(Rows {
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Rows, A::Error> {
        let mut rows = Vec::new();
        while let Some(row) = seq.next_element::<Row>()? {
            rows.push(row);
        }
        Ok(Rows(Some(rows)))
    }
    absent_otherwise!(Rows(None); bool number str null map);
});

/// Decodes `T` from an answer's JSON bytes: `None` when the answer is not a JSON object; an `Err` only for bytes
/// that are not JSON at all (classified by the caller).
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<Option<T>, serde_json::Error> {
    serde_json::from_slice::<Object<T>>(bytes).map(|o| o.0)
}

/// Decodes `T` from a JSON value already read (tests, and answers read as values for other reasons).
pub fn from_value<T: DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    Object::<T>::deserialize(value).ok().and_then(|o| o.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Deserialize)]
    #[serde(default)]
    struct Odd {
        a: Text,
        b: Number,
        c: Number,
        d: Number,
        e: Flag,
        f: Number,
        g: Text,
        h: List<Inner>,
        i: Listed<Inner>,
        j: Strings,
        k: Rows,
        l: Object<Inner>,
    }

    #[derive(Default, Deserialize)]
    #[serde(default)]
    struct Inner {
        a: Text,
    }

    #[test]
    fn blank_is_white_space_alone_and_text_is_kept_as_sent() {
        for blank in ["", " ", "\t\n", "\u{a0}\u{2003} "] {
            assert_eq!(not_blank(blank), None, "{blank:?}");
        }
        for text in ["a", " a ", "\u{a0}x", "12"] {
            assert_eq!(not_blank(text).as_deref(), Some(text));
        }
    }

    #[test]
    fn odd_kinds_are_absent_never_refused() {
        let odd: Odd = from_slice(
            br#"{"a": null, "b": "12", "c": [1], "d": -3, "e": "TRUE", "f": 1.5e300, "g": "  ",
                 "h": [1, {"a": 7}, "x", null], "i": "not a list", "j": ["one", 2, " ", "two"],
                 "k": [["userType", "creatorUT", 200], "no", [null, {}, 12, 1.5]], "l": [], "unknown": {"deep": [1]}}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(odd.a, Text(None));
        assert_eq!(odd.g, Text(None));
        assert_eq!(odd.b.count(), Some(12));
        assert_eq!(odd.c, Number(None));
        assert_eq!(odd.d.count(), None);
        assert_eq!(odd.e, Flag(Some(true)));
        assert_eq!(odd.f.millis(), Some(i64::MAX));
        assert_eq!(odd.h.0.len(), 1, "only the object");
        assert_eq!(odd.h.0[0].a, Text(Some("7".into())));
        assert!(odd.i.0.is_none());
        assert_eq!(odd.j.0, ["one", "two"]);
        let rows = odd.k.0.unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].0[1].text, Text(Some("creatorUT".into())));
        assert_eq!(rows[0].0[2].number.count(), Some(200));
        assert!(rows[1].0.is_empty());
        let odd_cells: Vec<Option<String>> =
            rows[2].0.iter().cloned().map(Cell::into_text).collect();
        assert_eq!(
            odd_cells,
            [None, None, Some("12".into()), None],
            "a whole number reads as text"
        );
        assert!(odd.l.0.is_none());
        assert!(
            from_slice::<Odd>(b"[1, 2]").unwrap().is_none(),
            "not an object"
        );
        assert!(from_slice::<Odd>(b"{").is_err(), "not JSON");
    }
}
