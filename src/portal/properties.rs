//! Property tests: arbitrary portal answers never panic the classifier or the decoders.

use proptest::prelude::*;
use serde_json::Value;

use super::client::confirmed;
use super::error::{classify_response, classify_typed, PortalError};
use super::lenient::{self, Number, Text};
use super::license::{read_license, read_server_licenses};
use super::members::{
    decode_app_licenses, decode_bundle_ids, decode_counts, read_holders, read_member_holding,
    read_members,
};
use super::token::{decode_token, Session};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("creatorUT"),
            Just("features"),
            Just("expiration"),
            Just("<script>"),
            Just("error")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![
            Just("userTypes".to_owned()),
            Just("capabilities".to_owned()),
            Just("features".to_owned()),
            Just("id".to_owned()),
            Just("name".to_owned()),
            Just("expiration".to_owned()),
            Just("maximumRegisteredMembers".to_owned()),
            Just("currentRegisteredMembers".to_owned()),
            Just("licenseManagerInfo".to_owned()),
            Just("hostname".to_owned()),
            Just("error".to_owned()),
            Just("status".to_owned()),
            Just("code".to_owned()),
            Just("message".to_owned()),
            Just("messages".to_owned()),
            Just("purchases".to_owned()),
            Just("listing".to_owned()),
            Just("userEntitlements".to_owned()),
            Just("results".to_owned()),
            Just("users".to_owned()),
            Just("username".to_owned()),
            Just("lastLogin".to_owned()),
            Just("disconnected".to_owned()),
            Just("entitlements".to_owned()),
            Just("total".to_owned()),
            ".{0,6}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What `classify_typed` decodes in the tests that compare it with `classify_response`: fields the portal's error is
/// told by, and others.
#[derive(Debug, Default, serde::Deserialize, PartialEq)]
#[serde(default)]
struct Probe {
    status: Text,
    code: Number,
    error: Text,
    name: Text,
    total: Number,
}

/// Read once (`classify_typed`) or as a value (`classify_response`), an answer means the same.
fn same_meaning(status: u16, body: &[u8]) -> Result<(), TestCaseError> {
    match (
        classify_typed::<Probe>(status, body),
        classify_response(status, body),
    ) {
        (Ok(typed), Ok(value)) => prop_assert_eq!(typed, lenient::from_value::<Probe>(&value)),
        (Err(a), Err(b)) => prop_assert_eq!(a, b),
        (a, b) => prop_assert!(false, "typed {a:?}, as a value {b:?}"),
    }
    Ok(())
}

#[test]
fn deep_nesting_and_very_large_answers_are_refused_or_read_without_panicking() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(
        classify_response(200, deep.as_bytes()).is_err(),
        "nesting past serde_json's limit is an error, not a crash"
    );
    let entries: Vec<String> = (0..50_000)
        .map(|i| format!(r#"{{"id":"type{i}","maximumRegisteredMembers":{i},"currentRegisteredMembers":"{i}","expiration":null}}"#))
        .collect();
    let big = format!(r#"{{"userTypes":[{}]}}"#, entries.join(","));
    let license = read_license(200, big.as_bytes()).unwrap();
    assert_eq!(license.user_types.len(), 50_000);
    assert_eq!(license.user_types[49_999].current, Some(49_999));
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::with_cases(400) })]

    #[test]
    fn any_bytes_classify_without_panicking(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = classify_response(status, &body);
    }

    /// Decoded straight from the bytes with serde: an object is never refused for what its fields hold, unless it
    /// carries a portal error.
    #[test]
    fn any_json_object_decodes_as_a_license(value in json_value()) {
        let bytes = value.to_string();
        let license = read_license(200, bytes.as_bytes());
        let server = read_server_licenses(200, bytes.as_bytes());
        let error_shaped = value.get("error").is_some_and(Value::is_object)
            || value.get("status").is_some_and(|s| s == "error");
        if value.is_object() && !error_shaped {
            prop_assert!(license.is_ok(), "{license:?}");
            prop_assert!(server.is_ok(), "{server:?}");
        } else {
            prop_assert!(license.is_err() && server.is_err());
        }
    }

    #[test]
    fn any_answer_means_the_same_read_once(value in json_value(), status in prop_oneof![Just(200u16), Just(201), Just(400), Just(500)]) {
        same_meaning(status, value.to_string().as_bytes())?;
    }

    #[test]
    fn any_bytes_mean_the_same_read_once(status in prop_oneof![Just(200u16), Just(502)], body in prop::collection::vec(any::<u8>(), 0..200)) {
        same_meaning(status, &body)?;
    }

    #[test]
    fn any_json_decodes_without_panicking(value in json_value()) {
        let _ = decode_token(&value);
        let _ = classify_response(200, value.to_string().as_bytes());
        let _ = Session::from_storage(&value.to_string(), 0);
        let _ = confirmed(&value);
        let _ = decode_app_licenses(&value);
        let _ = decode_bundle_ids(&value);
        let _ = decode_counts(&value);
        let bytes = value.to_string();
        let _ = read_holders(200, bytes.as_bytes());
        let _ = read_member_holding(200, bytes.as_bytes());
        let _ = read_members(200, bytes.as_bytes());
    }
}

/// A refusal of 400 bytes of accented text (2- and 3-byte characters), with the 300th character falling at
/// every offset within one: shown, cut between characters, never a panic.
#[test]
fn a_long_accented_refusal_is_cut_between_characters() {
    for lead in 0..6 {
        for accent in ["é", "€", "ñ€"] {
            let mut text = "x".repeat(lead);
            while text.len() < 400 * (1 + lead % 2) {
                text.push_str(accent);
            }
            let answer = serde_json::json!({"status": "failed", "messages": [text]});
            let body = answer.to_string();
            let Err(PortalError::Unexpected { detail }) = confirmed(&answer) else {
                panic!("{body} taken for a success");
            };
            let shown = detail
                .strip_prefix("the portal answered ")
                .and_then(|d| d.strip_suffix(" instead of a success"))
                .expect("the refusal, in its words");
            match shown.strip_suffix('…') {
                Some(cut) => {
                    assert_eq!(cut.chars().count(), 300);
                    assert!(body.starts_with(cut));
                }
                None => assert_eq!(shown, body, "shown whole"),
            }
            let Err(err) = classify_response(502, format!("<p>{text}</p>").as_bytes()) else {
                panic!("a page taken for JSON");
            };
            assert!(
                err.detail().contains(&text[..lead + accent.len()]),
                "{}",
                err.detail()
            );
        }
    }
}
