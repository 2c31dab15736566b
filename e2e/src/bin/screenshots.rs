//! Saves a PNG of every screen, in light and dark themes, at desktop and phone widths, into
//! `target/screenshots/` (run through `cargo xtask screenshots`).

use std::path::{Path, PathBuf};

use demo_portal::Config;
use e2e::Harness;

const WIDTHS: [u32; 2] = [1280, 390];
const THEMES: [(&str, &str); 2] = [
    ("light", "--blink-settings=preferredColorScheme=1"),
    ("dark", "--blink-settings=preferredColorScheme=0"),
];

async fn save(h: &Harness, dir: &Path, name: &str) {
    let png = h.browser.screenshot().await.expect("a screenshot");
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).expect("screenshot written");
    println!("{}", path.display());
}

#[tokio::main]
async fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    std::fs::create_dir_all(&dir).expect("target/screenshots");
    for width in WIDTHS {
        for (theme, flag) in THEMES {
            let size = format!("--window-size={width},1500");
            // 11.3, where a license manager is still needed, so that every screen is offered.
            let every_screen = Config {
                kubernetes_version: "11.3".into(),
                ..Config::default()
            };
            let h = Harness::start_with(every_screen, &[&size, flag]).await;
            let shot = |name: &str| format!("{name}-{theme}-{width}");
            h.browser.goto(&h.portal.url("/console/")).await.unwrap();
            h.wait_for("input[name=username]").await;
            save(&h, &dir, &shot("sign-in")).await;

            h.sign_in("portal", "viewer").await;
            h.wait_for("[role=alert]").await;
            save(&h, &dir, &shot("sign-in-error")).await;

            h.sign_in("arcgis", "admin").await;
            h.wait_for_text("Needs attention").await;
            save(&h, &dir, &shot("overview")).await;

            h.click("a[href='#/members']").await;
            h.wait_for_text("Complete:").await;
            save(&h, &dir, &shot("members")).await;
            h.click("input[name=reclaim]").await;
            h.click(".bulk button").await;
            h.click("button.revoke").await;
            h.wait_for(".confirm").await;
            save(&h, &dir, &shot("members-revoke-confirm")).await;
            h.click(".confirm button.cancel").await;

            h.click("a[href='#/release']").await;
            h.wait_for("button.release-one").await;
            h.click("button.release-one").await;
            h.wait_for(".confirm").await;
            save(&h, &dir, &shot("release-confirm")).await;
            h.click(".confirm button.danger").await;
            h.wait_for("[role=status] .notice-title, [role=alert]")
                .await;
            save(&h, &dir, &shot("release-result")).await;

            h.click("a[href='#/server-licenses']").await;
            h.wait_for_text("Server capabilities").await;
            save(&h, &dir, &shot("server-licenses")).await;

            h.click("a[href='#/license-file']").await;
            h.choose_sample("#org-license-file", "Organization_License.json")
                .await;
            h.click("form button[type=submit]").await;
            h.wait_for("table.comparison").await;
            save(&h, &dir, &shot("license-file")).await;

            h.click("a[href='#/license-manager']").await;
            h.wait_for_text("none configured").await;
            save(&h, &dir, &shot("license-manager")).await;

            h.portal.portal.kubernetes.advance_clock(61 * 60_000);
            h.click("a[href='#/overview']").await;
            h.wait_for("[role=dialog]").await;
            save(&h, &dir, &shot("sign-in-again")).await;
            h.close().await;

            // A license with more add-ons than a table shows at first.
            let long = Config {
                stress_entries: 150,
                ..Config::default()
            };
            let h = Harness::start_with(long, &[&size, flag]).await;
            h.sign_in("arcgis", "admin").await;
            h.wait_for(".more-rows").await;
            h.browser
                .execute(
                    "document.querySelector('.more-rows').scrollIntoView({block: 'end'})",
                    vec![],
                )
                .await
                .unwrap();
            save(&h, &dir, &shot("overview-more-rows")).await;
            h.close().await;
        }
    }
}
