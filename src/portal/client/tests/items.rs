//! An item read again: its answer is decoded again only when its bytes changed; an error is an error, and an
//! ended session is signed in again and the item read once more.

use super::*;
use crate::portal::ItemData;

#[derive(Debug, Default, PartialEq, serde::Deserialize)]
struct Doc {
    a: u64,
}

fn read_since(answers: Vec<Answer>, last: Option<&[u8]>) -> Result<ItemData<Doc>, PortalError> {
    let s = setup(answers, Some("t2"));
    run(s.client.item_data_since::<Doc>("item1", last.map(Rc::from)))
}

#[test]
fn an_answer_is_decoded_again_only_when_its_bytes_changed() {
    let first = read_since(vec![ok(br#"{"a":1}"#)], None).unwrap();
    assert!(matches!(&first, ItemData::Changed(Some(Doc { a: 1 }), _)));
    let bytes = first.bytes().clone();
    assert_eq!(&*bytes, br#"{"a":1}"#);

    let same = read_since(vec![ok(br#"{"a":1}"#)], Some(&bytes)).unwrap();
    assert!(matches!(same, ItemData::Unchanged(_)));
    assert_eq!(
        same.into_data(),
        Some(Doc { a: 1 }),
        "what the bytes decode to"
    );

    let changed = read_since(vec![ok(br#"{"a":2}"#)], Some(&bytes)).unwrap();
    assert!(matches!(changed, ItemData::Changed(Some(Doc { a: 2 }), _)));
}

#[test]
fn an_error_is_an_error_whatever_was_read_before_and_an_ended_session_reads_again() {
    let refused = br#"{"error":{"code":403,"message":"You do not have permissions to access this resource."}}"#;
    assert!(matches!(
        read_since(vec![ok(refused)], Some(br#"{"a":1}"#)),
        Err(PortalError::Forbidden { .. })
    ));
    assert!(
        matches!(
            read_since(
                vec![ok(b"<html><body>Sign in</body></html>")],
                Some(br#"{"a":1}"#)
            ),
            Err(PortalError::NotJson { status: 200, .. })
        ),
        "a web page where JSON was asked"
    );
    assert!(
        read_since(vec![Ok((500, br#"{"a":1}"#.to_vec()))], Some(br#"{"a":1}"#)).is_err(),
        "the same bytes with an error status"
    );
    let again = read_since(vec![ok(EXPIRED), ok(br#"{"a":1}"#)], Some(br#"{"a":1}"#)).unwrap();
    assert!(
        matches!(again, ItemData::Unchanged(_)),
        "signed in again, read once more"
    );
}
