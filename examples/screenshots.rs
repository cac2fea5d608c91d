//! Regenerates `docs/screenshots/*.png` in headless Chromium: light, dark, phone and Arabic.
//! Run `docs/screenshots/generate.sh` (needs chromium and chromium-driver).

#[allow(dead_code)]
#[path = "../tests/browser/app.rs"]
mod app;
#[allow(dead_code)]
#[path = "../tests/browser/browser.rs"]
mod browser;

use std::path::PathBuf;

use serde_json::json;

/// `(file, color scheme, width, extra query)`.
const SHOTS: [(&str, &str, u32, &str); 4] = [
    ("light.png", "light", 1100, ""),
    ("dark.png", "dark", 1100, ""),
    ("mobile.png", "light", 360, ""),
    ("mobile-ar-dark.png", "dark", 360, "&lang=ar"),
];

#[tokio::main]
async fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or("docs/screenshots".into()));
    let Some(tools) = browser::tools_or_skip("the screenshots") else {
        std::process::exit(1);
    };
    std::fs::create_dir_all(&out).expect("the output directory");
    let app = app::spawn_app_with(&[
        ("CEP_BRANDING__PRODUCT_NAME", "Acme Connect"),
        (
            "CEP_RESTART__URL",
            "https://app.example.com/connect/{connection_name}/start",
        ),
        ("CEP_SUPPORT__URL", "https://help.example.com/new"),
    ])
    .await;
    let url = app.error_url(&format!(
        "{}&connection_name=jira",
        app::CATEGORY_QUERIES[4].1
    ));
    let mut driver = browser::Driver::start(&tools);
    let client = driver.session(true).await;
    for (file, scheme, width, extra) in SHOTS {
        browser::emulate(&client, scheme, width).await;
        client
            .goto(&format!("{url}{extra}"))
            .await
            .expect("the page loads");
        let height = client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .expect("page height");
        browser::cdp(
            &client,
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
        )
        .await;
        let png = client.screenshot().await.expect("a screenshot");
        std::fs::write(out.join(file), png).expect("write the screenshot");
        println!("wrote {}", out.join(file).display());
    }
    let _ = client.close().await;
}
