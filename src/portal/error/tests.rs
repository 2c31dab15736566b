use super::*;

#[test]
fn sharing_token_errors_end_the_session() {
    let invalid = br#"{"error":{"code":498,"message":"Invalid token.","details":[]}}"#;
    assert_eq!(
        classify_response(200, invalid),
        Err(PortalError::SessionExpired {
            code: 498,
            message: "Invalid token.".into()
        })
    );
    let required = br#"{"error":{"code":499,"message":"Token Required","messageCode":"GWM_0003","details":["Token Required"]}}"#;
    assert!(classify_response(200, required)
        .unwrap_err()
        .is_session_expired());
}

#[test]
fn admin_token_error_ends_the_session() {
    let body = br#"{"status":"error","messages":["Unauthorized access. Token not found. You can generate a token using the 'generateToken' operation."],"code":499}"#;
    let err = classify_response(200, body).unwrap_err();
    assert!(err.is_session_expired());
    assert!(err.detail().contains("Token not found"));
    let without_code = br#"{"status":"error","messages":["Invalid token."]}"#;
    assert!(classify_response(200, without_code)
        .unwrap_err()
        .is_session_expired());
}

#[test]
fn forbidden_and_wrong_password() {
    let forbidden = br#"{"error":{"code":403,"message":"You do not have permissions to access this resource or perform this operation.","details":[]}}"#;
    assert!(matches!(
        classify_response(200, forbidden),
        Err(PortalError::Forbidden { .. })
    ));
    let wrong = br#"{"error":{"code":400,"message":"Unable to generate token.","details":["Invalid username or password."]}}"#;
    let err = classify_response(200, wrong).unwrap_err();
    assert_eq!(
        err,
        PortalError::Rejected {
            code: Some(400),
            message: "Unable to generate token.".into(),
            details: vec!["Invalid username or password.".into()]
        }
    );
    assert!(err.detail().contains("Invalid username or password."));
}

#[test]
fn admin_operation_failure_keeps_every_message() {
    let body = br#"{"status":"error","messages":["User 'x' does not exist.","Release failed."],"code":500}"#;
    match classify_response(200, body).unwrap_err() {
        PortalError::Rejected {
            code,
            message,
            details,
        } => {
            assert_eq!(code, Some(500));
            assert_eq!(message, "User 'x' does not exist.");
            assert_eq!(details, vec!["Release failed.".to_string()]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn pages_empty_truncated_and_gateway_answers() {
    let login =
        b"<!DOCTYPE html><html><head><title>Sign In</title></head><body>Sign in</body></html>";
    assert!(matches!(
        classify_response(200, login),
        Err(PortalError::NotJson { status: 200, .. })
    ));
    assert!(matches!(
        classify_response(502, b"<html>Bad Gateway</html>"),
        Err(PortalError::Http { status: 502, .. })
    ));
    assert!(matches!(
        classify_response(200, b"  \n"),
        Err(PortalError::Empty { status: 200 })
    ));
    assert!(matches!(
        classify_response(404, b""),
        Err(PortalError::Http { status: 404, .. })
    ));
    assert!(matches!(
        classify_response(200, br#"{"userTypes":[{"id":"crea"#),
        Err(PortalError::Truncated { .. })
    ));
    assert!(matches!(
        classify_response(500, br#"{"ok":true}"#),
        Err(PortalError::Http { status: 500, .. })
    ));
    assert!(matches!(
        classify_response(200, b"{\"a\":\xff}"),
        Err(PortalError::Unexpected { .. })
    ));
}

/// Bytes that are not UTF-8 read as U+FFFD inside a string, typed or as a value; outside one they are broken JSON,
/// and an answer cut within a character is cut off.
#[test]
fn bytes_that_are_not_utf8_read_as_replacement_characters() {
    let latin1 = b"{\"status\":\"r\xe9ussi\"}";
    assert_eq!(
        classify_response(200, latin1).unwrap()["status"],
        "r\u{fffd}ussi"
    );
    let typed = classify_typed::<PortalErrorFields>(200, latin1)
        .unwrap()
        .unwrap();
    assert_eq!(typed.status.0.as_deref(), Some("r\u{fffd}ussi"));
    assert!(matches!(
        classify_typed::<PortalErrorFields>(200, b"{\"a\":\xff}"),
        Err(PortalError::Unexpected { .. })
    ));
    assert!(matches!(
        classify_typed::<PortalErrorFields>(
            200,
            "{\"a\":\"\u{e9}".as_bytes().split_last().unwrap().1
        ),
        Err(PortalError::Truncated { .. })
    ));
}

#[test]
fn success_bodies_pass_through() {
    let ok = classify_response(200, br#"{"status":"success"}"#).unwrap();
    assert_eq!(ok["status"], "success");
}

#[test]
fn every_error_has_words_for_a_person() {
    let all = [
        PortalError::Invalid(InputError::MissingUsername),
        PortalError::InvalidUrl("x".into()),
        PortalError::InsecurePassword,
        PortalError::SessionExpired {
            code: 498,
            message: "m".into(),
        },
        PortalError::Forbidden {
            message: "m".into(),
        },
        PortalError::Rejected {
            code: None,
            message: "m".into(),
            details: vec![],
        },
        PortalError::Http {
            status: 502,
            snippet: "s".into(),
        },
        PortalError::NotJson {
            status: 200,
            snippet: "s".into(),
        },
        PortalError::Empty { status: 200 },
        PortalError::Truncated { detail: "d".into() },
        PortalError::Unexpected { detail: "d".into() },
        PortalError::Network {
            detail: "d".into(),
            cross_origin: true,
        },
        PortalError::Redirected {
            from: "https://gis.example.com".into(),
        },
        PortalError::Timeout { seconds: 30 },
        PortalError::Cancelled,
    ];
    for err in all {
        assert!(
            !err.title().is_empty() && !err.advice().is_empty(),
            "{err:?}"
        );
    }
    let cors = PortalError::Network {
        detail: String::new(),
        cross_origin: true,
    };
    assert!(cors.advice().contains("Allow Origins"));
}

/// What a decoder reads, read once: a page, a cut-off body and the portal's errors are errors, whatever the result
/// type; `{}` and `{"success":false}` are objects with nothing the result knows, for its decoder to judge.
#[test]
fn typed_answers_read_once_are_classified_as_before() {
    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Read {
        status: Text,
        total: Number,
    }
    let page = b"<!DOCTYPE html><html><body>Sign in</body></html>";
    assert!(matches!(
        classify_typed::<Read>(200, page),
        Err(PortalError::NotJson { status: 200, .. })
    ));
    assert!(matches!(
        classify_typed::<Read>(200, br#"{"total":3,"users":[{"username":"a"#),
        Err(PortalError::Truncated { .. })
    ));
    assert!(classify_typed::<Read>(
        200,
        br#"{"total":1,"error":{"code":498,"message":"Invalid token."}}"#
    )
    .unwrap_err()
    .is_session_expired());
    assert!(matches!(
        classify_typed::<Read>(
            200,
            br#"{"status":"error","messages":["Release failed."],"code":500}"#
        ),
        Err(PortalError::Rejected {
            code: Some(500),
            ..
        })
    ));
    assert_eq!(
        classify_typed::<Read>(200, b"{}"),
        Ok(Some(Read::default()))
    );
    assert_eq!(
        classify_typed::<Read>(200, br#"{"success":false}"#),
        Ok(Some(Read::default()))
    );
    assert_eq!(
        classify_typed::<Read>(200, br#"{"status":"success","total":2}"#),
        Ok(Some(Read {
            status: Text(Some("success".into())),
            total: Number(Some(2.0)),
        })),
        "a field the error is told by is the result's too"
    );
}
