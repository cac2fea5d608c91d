use fantoccini::Client;
use serde_json::{Value, json};

use crate::app::{CATEGORY_QUERIES, spawn_app_with};
use crate::browser::{
    Driver, ONE_BROWSER_AT_A_TIME, emulate, node_modules, skip_or_fail, tools_or_skip, with_session,
};

const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Injects axe-core and runs it over the whole page, technical details open.
async fn axe(client: &Client, source: &str) -> Value {
    client
        .execute(source, vec![])
        .await
        .expect("axe-core loads");
    client
        .execute("document.getElementById('technical').open = true;", vec![])
        .await
        .unwrap();
    client
        .execute_async(
            "const done = arguments[1];
             axe.run(document, { runOnly: { type: 'tag', values: arguments[0] } })
               .then(r => done({
                 version: axe.version,
                 passes: r.passes.length,
                 violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary) })),
               }))
               .catch(e => done({ error: String(e) }));",
            vec![json!(TAGS)],
        )
        .await
        .expect("axe runs")
}

#[tokio::test]
async fn axe_finds_no_wcag_22_aa_violation_in_light_and_dark_at_phone_and_desktop_widths() {
    let Some(tools) = tools_or_skip("the axe-core accessibility test") else {
        return;
    };
    let axe_path = node_modules().join("axe-core/axe.min.js");
    let Ok(source) = std::fs::read_to_string(&axe_path) else {
        return skip_or_fail(
            "the axe-core accessibility test",
            "tests/browser/node_modules is missing (run npm ci in tests/browser)",
        )
        .unwrap_or(());
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let app =
        spawn_app_with(&[("CEP_RESTART__URL", "https://app.example.com/connect/again")]).await;
    let mut pages: Vec<(String, String)> = CATEGORY_QUERIES
        .iter()
        .map(|(category, query)| (category.to_string(), app.error_url(query)))
        .collect();
    for lang in ["ar", "ja"] {
        let query = format!("{}&lang={lang}", CATEGORY_QUERIES[3].1);
        pages.push((format!("developer_config ({lang})"), app.error_url(&query)));
    }
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        let mut failures = Vec::new();
        let mut runs = 0;
        for (name, url) in &pages {
            client.goto(url).await.unwrap();
            emulate(&client, "light", 320).await;
            let overflow = client
                .execute("return document.documentElement.scrollWidth - window.innerWidth;", vec![])
                .await
                .unwrap();
            assert_eq!(overflow, json!(0), "{name} scrolls sideways at 320px");
            for scheme in ["light", "dark"] {
                for width in [360, 1280] {
                    emulate(&client, scheme, width).await;
                    let result = axe(&client, &source).await;
                    assert!(result.get("error").is_none(), "{result}");
                    let violations = result["violations"].as_array().unwrap();
                    runs += 1;
                    println!(
                        "axe-core {} [{}] {name:<26} {scheme:<5} {width:>4}px: {} violations, {} rules passed",
                        result["version"].as_str().unwrap_or("?"),
                        TAGS.join(", "),
                        violations.len(),
                        result["passes"],
                    );
                    if !violations.is_empty() {
                        failures.push(format!("{name} {scheme} {width}px: {violations:#?}"));
                    }
                }
            }
        }
        println!("axe-core: {runs} runs, {} with violations", failures.len());
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    })
    .await;
}
