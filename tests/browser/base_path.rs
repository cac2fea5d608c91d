//! The page under `[http] base_path`: every request it makes succeeds, nothing is
//! logged as an error, and app.js rewrites a fragment error on the prefixed route.

use fantoccini::Locator;

use crate::app::spawn_app_with;
use crate::browser::{
    Driver, ONE_BROWSER_AT_A_TIME, console_errors, eventually, tools_or_skip, with_session,
};

const PAGE: &str = "/connect/ui-handlers/connect/callback/error";

#[tokio::test]
async fn the_page_under_a_prefix_loads_everything_without_an_error() {
    let Some(tools) = tools_or_skip("the base path browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = spawn_app_with(&[
        ("CEP_HTTP__BASE_PATH", "/connect"),
        ("CEP_BRANDING__ACCENT_COLOR", "#0055aa"),
    ])
    .await;
    let address = app.address.clone();
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        // The fragment rewrite runs only on the page's own route, which moved.
        let url = format!("{address}{PAGE}?connection_name=jira#error=access_denied");
        client.goto(&url).await.unwrap();
        eventually(&client, "return location.search;", |s| {
            s.as_str().is_some_and(|s| s.contains("error=access_denied"))
        })
        .await;
        client.wait().for_element(Locator::Css("h1")).await.unwrap();
        let now = client.current_url().await.unwrap();
        assert_eq!(now.path(), PAGE, "{now}");
        assert_eq!(now.fragment(), None, "{now}");

        let resources = client
            .execute(
                "return performance.getEntriesByType('resource').map(function (e) { return [e.name, e.responseStatus]; });",
                vec![],
            )
            .await
            .unwrap();
        let resources: Vec<(String, u16)> = serde_json::from_value(resources).unwrap();
        // Stylesheet, brand stylesheet, script and icon.
        assert!(resources.len() >= 4, "{resources:?}");
        for (name, status) in &resources {
            assert!(name.starts_with(&format!("{address}/connect/static/")), "{name}");
            assert_eq!(*status, 200, "{name}");
        }
        let accent = client
            .execute(
                "return getComputedStyle(document.documentElement).getPropertyValue('--accent').trim();",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(accent.as_str(), Some("#0055aa"), "the brand stylesheet applied");
        let errors = console_errors(&client).await;
        assert!(errors.is_empty(), "{errors:?}");
    })
    .await;
}
