use std::process::Command;

use crate::app::{CATEGORY_QUERIES, spawn_app_with};
use crate::browser::{node_modules, on_path, skip_or_fail};

#[tokio::test]
async fn the_nu_html_checker_finds_no_error_on_any_page() {
    let what = "the Nu HTML Checker test";
    let jar = node_modules().join("vnu-jar/build/dist/vnu.jar");
    if !jar.is_file() {
        return skip_or_fail(
            what,
            "tests/browser/node_modules is missing (run npm ci in tests/browser)",
        )
        .unwrap_or(());
    }
    let Some(java) = on_path(&["java"]) else {
        return skip_or_fail(
            what,
            "java is missing (apt-get install default-jre-headless)",
        )
        .unwrap_or(());
    };
    let app = spawn_app_with(&[
        (
            "CEP_RESTART__URL",
            "https://app.example.com/connect/{connection_name}/start",
        ),
        ("CEP_BRANDING__LOGO_URL", "https://cdn.example.com/logo.svg"),
        ("CEP_BRANDING__PRODUCT_NAME", "Acme"),
        ("CEP_BRANDING__ACCENT_COLOR", "#0b6e4f"),
    ])
    .await;
    let mut pages: Vec<(String, String)> = CATEGORY_QUERIES
        .iter()
        .map(|(category, query)| {
            (
                category.to_string(),
                app.error_url(&format!("{query}&connection_name=jira")),
            )
        })
        .collect();
    pages.push((
        "platform_transient-ar".into(),
        app.error_url(&format!("{}&lang=ar", CATEGORY_QUERIES[4].1)),
    ));
    pages.push(("not_found".into(), format!("{}/nowhere", app.address)));
    let dir = std::env::temp_dir().join(format!("cep-vnu-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let client = reqwest::Client::new();
    let mut files = Vec::new();
    for (name, url) in &pages {
        let html = client.get(url).send().await.unwrap().text().await.unwrap();
        let file = dir.join(format!("{name}.html"));
        std::fs::write(&file, html).unwrap();
        files.push(file);
    }
    let output = Command::new(java)
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json", "--version"])
        .output()
        .unwrap();
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let output = Command::new(on_path(&["java"]).unwrap())
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("the Nu HTML Checker runs");
    std::fs::remove_dir_all(&dir).ok();
    // vnu writes its JSON report to stderr.
    let report = [&output.stderr, &output.stdout]
        .iter()
        .find_map(|bytes| serde_json::from_slice::<serde_json::Value>(bytes).ok())
        .unwrap_or_else(|| {
            panic!(
                "no JSON report: {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let messages = report["messages"].as_array().unwrap();
    for (name, _) in &pages {
        let errors = messages
            .iter()
            .filter(|m| {
                m["url"]
                    .as_str()
                    .is_some_and(|u| u.ends_with(&format!("/{name}.html")))
            })
            .count();
        println!("Nu HTML Checker {version}: {name}.html: {errors} errors");
    }
    println!(
        "Nu HTML Checker {version}: {} pages, {} errors",
        pages.len(),
        messages.len()
    );
    assert!(messages.is_empty(), "{messages:#?}");
}
