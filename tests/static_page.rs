//! `index.html` and `web/start.js` hold facts the console's code holds too: the deployments offered on the
//! sign-in form, and the storage keys start.js reads before the code arrives. They must agree.
#![cfg(not(target_arch = "wasm32"))]

use license_console::portal::DeploymentChoice;
use license_console::storage_keys;

const INDEX_HTML: &str = include_str!("../index.html");
const START_JS: &str = include_str!("../web/start.js");

#[test]
fn the_form_offers_every_deployment_by_the_codes_names() {
    let select = &INDEX_HTML[INDEX_HTML.find("<select id=\"deployment\"").unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    let options: Vec<(String, String)> = select
        .split("<option value=\"")
        .skip(1)
        .map(|option| {
            let (value, rest) = option.split_once('"').unwrap();
            let label = rest.split_once('>').unwrap().1.split_once('<').unwrap().0;
            (value.to_owned(), label.to_owned())
        })
        .collect();
    let expected: Vec<(String, String)> = DeploymentChoice::ALL
        .iter()
        .map(|c| (c.as_str().to_owned(), c.label().to_owned()))
        .collect();
    assert_eq!(options, expected);
    assert!(
        select.contains("<option value=\"detect\" selected>"),
        "detection is the default"
    );
}

#[test]
fn start_js_reads_the_keys_the_code_writes() {
    for key in [storage_keys::SESSION, storage_keys::RECENT_PORTALS] {
        assert!(
            START_JS.contains(&format!("\"{key}\"")),
            "start.js reads {key}"
        );
    }
}
