use connect_error_page::i18n::{Locale, Translations};
use fantoccini::{Client, Locator};
use serde_json::json;

use crate::app::{CATEGORY_QUERIES, RESTART_LANDING, spawn_app_with, spawn_site};
use crate::browser::{
    Driver, ONE_BROWSER_AT_A_TIME, cdp, click_and_land, console_errors, csp_violations, eventually,
    record_csp_violations, tools_or_skip, with_session,
};

const SEED: &str = CATEGORY_QUERIES[4].1;

fn english_copy_texts() -> (String, String) {
    let t = Translations::built_in().unwrap();
    let bundle = &t.page(Locale::En).support_bundle;
    (bundle.copied.clone(), bundle.copy_failed.clone())
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

async fn bundle_text(client: &Client) -> String {
    let text = client
        .execute(
            "return document.getElementById('support-bundle').textContent;",
            vec![],
        )
        .await
        .unwrap();
    text.as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_restart_button_leads_to_the_configured_restart_url() {
    let Some(tools) = tools_or_skip("the Restart browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let landing = spawn_site(RESTART_LANDING);
    let template = format!("{landing}/connect/{{connection_name}}/start");
    let app = spawn_app_with(&[("CEP_RESTART__URL", &template)]).await;
    let url = app.error_url(&format!("{SEED}&connection_name=jira-cloud"));
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        client.goto(&url).await.unwrap();
        let now = click_and_land(&client, "restart").await;
        assert_eq!(now, format!("{landing}/connect/jira-cloud/start"));
    })
    .await;
}

#[tokio::test]
async fn the_technical_details_open_and_close_with_the_keyboard() {
    let Some(tools) = tools_or_skip("the keyboard browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = spawn_app_with(&[]).await;
    let url = app.error_url(SEED);
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        client.goto(&url).await.unwrap();
        let is_open = "return document.getElementById('technical').open;";
        assert_eq!(client.execute(is_open, vec![]).await.unwrap(), json!(false));
        client
            .execute(
                "document.querySelector('#technical summary').focus();",
                vec![],
            )
            .await
            .unwrap();
        let summary = client.active_element().await.unwrap();
        assert_eq!(summary.tag_name().await.unwrap(), "summary");
        summary.send_keys("\u{E007}").await.unwrap(); // Enter
        assert_eq!(client.execute(is_open, vec![]).await.unwrap(), json!(true));
        let bundle = client.find(Locator::Id("support-bundle")).await.unwrap();
        assert!(bundle.is_displayed().await.unwrap());
        summary.send_keys(" ").await.unwrap(); // Space
        assert_eq!(client.execute(is_open, vec![]).await.unwrap(), json!(false));
    })
    .await;
}

#[tokio::test]
async fn copy_details_puts_the_support_block_on_the_clipboard() {
    let Some(tools) = tools_or_skip("the clipboard browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = spawn_app_with(&[]).await;
    let (origin, url) = (
        app.address.clone(),
        app.error_url(&format!("{SEED}&connection_name=jira-cloud")),
    );
    let (copied, _) = english_copy_texts();
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        cdp(
            &client,
            "Browser.grantPermissions",
            json!({ "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
        )
        .await;
        client.goto(&url).await.unwrap();
        client.find(Locator::Id("copy-details")).await.unwrap().click().await.unwrap();
        let status = "return document.getElementById('copy-status').textContent;";
        eventually(&client, status, |s| s.as_str().is_some_and(|s| !s.is_empty())).await;
        assert_eq!(client.execute(status, vec![]).await.unwrap(), json!(copied));
        let clipboard = client
            .execute_async(
                "const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('refused: ' + e));",
                vec![],
            )
            .await
            .unwrap();
        let expected = bundle_text(&client).await;
        assert!(expected.contains("Connection: jira-cloud"), "{expected}");
        assert_eq!(clipboard.as_str().unwrap(), expected);
        assert!(console_errors(&client).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn where_the_clipboard_is_refused_the_block_is_shown_and_selected() {
    let Some(tools) = tools_or_skip("the refused-clipboard browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = spawn_app_with(&[]).await;
    let (origin, url) = (app.address.clone(), app.error_url(SEED));
    let (_, refused) = english_copy_texts();
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        for name in ["clipboard-write", "clipboard-read"] {
            cdp(
                &client,
                "Browser.setPermission",
                json!({ "origin": origin, "permission": { "name": name }, "setting": "denied" }),
            )
            .await;
        }
        client.goto(&url).await.unwrap();
        assert_eq!(
            client
                .execute("return document.getElementById('technical').open;", vec![])
                .await
                .unwrap(),
            json!(false)
        );
        client
            .find(Locator::Id("copy-details"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let status = "return document.getElementById('copy-status').textContent;";
        eventually(&client, status, |s| {
            s.as_str().is_some_and(|s| !s.is_empty())
        })
        .await;
        assert_eq!(
            client.execute(status, vec![]).await.unwrap(),
            json!(refused)
        );
        let bundle = client.find(Locator::Id("support-bundle")).await.unwrap();
        assert!(bundle.is_displayed().await.unwrap(), "the block is shown");
        let selected = client
            .execute("return window.getSelection().toString();", vec![])
            .await
            .unwrap();
        assert_eq!(
            squash(selected.as_str().unwrap()),
            squash(&bundle_text(&client).await)
        );
    })
    .await;
}

#[tokio::test]
async fn no_page_logs_a_console_error_or_breaks_the_csp() {
    let Some(tools) = tools_or_skip("the console and CSP browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = spawn_app_with(&[("CEP_BRANDING__ACCENT_COLOR", "#0b6e4f")]).await;
    let mut urls: Vec<String> = CATEGORY_QUERIES
        .iter()
        .map(|(_, q)| app.error_url(q))
        .collect();
    urls.push(app.error_url(&format!("{SEED}&lang=ar")));
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        record_csp_violations(&client).await;
        for url in &urls {
            client.goto(url).await.unwrap();
            if let Ok(summary) = client.find(Locator::Css("#technical summary")).await {
                summary.click().await.unwrap();
            }
            let violations = csp_violations(&client).await;
            let errors = console_errors(&client).await;
            println!(
                "{url}: {} console errors, {} CSP violations",
                errors.len(),
                violations.len()
            );
            assert!(errors.is_empty(), "{url}: {errors:?}");
            assert!(violations.is_empty(), "{url}: {violations:?}");
        }
    })
    .await;
}
