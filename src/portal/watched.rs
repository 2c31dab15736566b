//! One pass over an answer for two readers: the answer decoded as `T` (as `lenient::from_slice` decodes it), and
//! the few top-level fields a portal's error is told by, kept aside as values. Reading a 900 KB answer once for
//! its error and again for `T` cost a quarter of its decoding.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::lenient::{absent_otherwise, drain_seq};

/// `T` from `text` — `None` when they are JSON but not an object — and the values of the top-level fields named in
/// `watched` that the object has. `T` sees every field, the watched ones too.
pub fn from_str_watching<T: DeserializeOwned>(
    text: &str,
    watched: &'static [&'static str],
) -> (Result<Option<T>, serde_json::Error>, Map<String, Value>) {
    let mut seen = Map::new();
    let mut reader = serde_json::Deserializer::from_str(text);
    let decoded = Watching {
        watched,
        seen: &mut seen,
        kind: PhantomData::<T>,
    }
    .deserialize(&mut reader)
    .and_then(|decoded| reader.end().map(|()| decoded));
    (decoded, seen)
}

struct Watching<'w, T> {
    watched: &'static [&'static str],
    seen: &'w mut Map<String, Value>,
    kind: PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Watching<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Watching<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        let watcher = Watcher {
            map,
            watched: self.watched,
            seen: self.seen,
            pending: None,
        };
        T::deserialize(de::value::MapAccessDeserializer::new(watcher)).map(Some)
    }

    absent_otherwise!(None; bool number str null seq);
}

/// The object's fields as `T` asks for them; a watched field's value is kept as its JSON text, read as a value, and
/// handed on read from that text by the same kind of reader as every other field — so that `T`'s decoding is not
/// compiled a second time for another reader.
struct Watcher<'w, 'de, A> {
    map: A,
    watched: &'static [&'static str],
    seen: &'w mut Map<String, Value>,
    pending: Option<&'de RawValue>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Watcher<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.map.next_key::<String>()? else {
            return Ok(None);
        };
        if self.watched.contains(&key.as_str()) {
            let raw: &'de RawValue = self.map.next_value()?;
            let value = serde_json::from_str(raw.get()).map_err(de::Error::custom)?;
            self.seen.insert(key.clone(), value);
            self.pending = Some(raw);
        }
        seed.deserialize(de::value::StringDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(raw) => seed
                .deserialize(&mut serde_json::Deserializer::from_str(raw.get()))
                .map_err(de::Error::custom),
            None => self.map.next_value_seed(seed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portal::lenient::{from_slice, Number, Text};

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Probe {
        status: Text,
        name: Text,
        total: Number,
    }

    const WATCHED: &[&str] = &["status", "error"];

    #[test]
    fn the_object_is_decoded_as_alone_and_the_watched_fields_kept() {
        let body =
            r#"{"name": "a", "status": "success", "error": {"code": 1}, "total": 3, "other": [1]}"#;
        let (decoded, seen) = from_str_watching::<Probe>(body, WATCHED);
        assert_eq!(
            decoded.unwrap(),
            from_slice::<Probe>(body.as_bytes()).unwrap()
        );
        assert_eq!(
            Value::Object(seen),
            serde_json::json!({"status": "success", "error": {"code": 1}})
        );
    }

    #[test]
    fn not_an_object_is_none_and_broken_json_an_error() {
        for body in ["[1, {\"status\": 1}]", "12", "\"status\"", "null"] {
            let (decoded, seen) = from_str_watching::<Probe>(body, WATCHED);
            assert_eq!(decoded.unwrap(), None);
            assert!(seen.is_empty());
        }
        for body in ["{\"status\": \"error\"", "{} x", "{\"a\":\u{fffd}}"] {
            assert!(from_str_watching::<Probe>(body, WATCHED).0.is_err());
        }
    }
}
