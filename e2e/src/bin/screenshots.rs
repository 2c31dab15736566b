//! Saves a PNG of every screen, in light and dark themes, at desktop and phone widths, into
//! `target/screenshots/` (run through `cargo xtask screenshots`).

use std::path::PathBuf;

use demo_portal::Config;
use e2e::Harness;

const WIDTHS: [u32; 2] = [1280, 390];
const THEMES: [(&str, &str); 2] = [
    ("light", "--blink-settings=preferredColorScheme=1"),
    ("dark", "--blink-settings=preferredColorScheme=0"),
];

async fn save(h: &Harness, dir: &std::path::Path, name: &str) {
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
            let h = Harness::start_with(Config::default(), &[&size, flag]).await;
            let shot = |name: &str| format!("{name}-{theme}-{width}");
            h.browser.goto(&h.portal.url("/console/")).await.unwrap();
            h.wait_for("input[name=username]").await;
            save(&h, &dir, &shot("sign-in")).await;

            h.sign_in("portal", "viewer").await;
            h.wait_for("[role=alert]").await;
            save(&h, &dir, &shot("sign-in-error")).await;

            h.sign_in("arcgis", "admin").await;
            h.wait_for_text("ArcGIS GIS Server Advanced").await;
            save(&h, &dir, &shot("overview")).await;

            h.click("a[href='#/release']").await;
            h.fill("input[name=username]", "dev.okafor").await;
            h.click("form button[type=submit]").await;
            h.wait_for(".confirm").await;
            save(&h, &dir, &shot("release-confirm")).await;
            h.click(".confirm button.danger").await;
            h.wait_for("[role=status], [role=alert]").await;
            save(&h, &dir, &shot("release-result")).await;

            h.click("a[href='#/server-licenses']").await;
            h.wait_for_text("Current server authorizations").await;
            h.wait_for("table").await;
            save(&h, &dir, &shot("server-licenses")).await;
            h.close().await;
        }
    }
}
