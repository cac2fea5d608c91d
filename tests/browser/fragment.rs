use fantoccini::Locator;
use serde_json::json;

use crate::app::{RESTART_LANDING, spawn_app_with, spawn_site};
use crate::browser::{Driver, ONE_BROWSER_AT_A_TIME, eventually, tools_or_skip, with_session};

#[tokio::test]
async fn an_error_in_the_fragment_moves_into_the_query_without_a_history_entry() {
    let Some(tools) = tools_or_skip("the fragment browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let before = spawn_site(RESTART_LANDING);
    let app = spawn_app_with(&[]).await;
    let url = format!(
        "{}/ui-handlers/connect/callback/error?connection_name=jira#error=access_denied&error_description=The+user+said+no&access_token=secret-token&state=xyz",
        app.address
    );
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        client.goto(&format!("{before}/app")).await.unwrap();
        let history_before = client
            .execute("return history.length;", vec![])
            .await
            .unwrap();
        client.goto(&url).await.unwrap();
        eventually(&client, "return location.search;", |s| {
            s.as_str()
                .is_some_and(|s| s.contains("error=access_denied"))
        })
        .await;
        client.wait().for_element(Locator::Css("h1")).await.unwrap();
        let now = client.current_url().await.unwrap();
        let query: Vec<(String, String)> = now.query_pairs().into_owned().collect();
        assert!(
            query.contains(&("connection_name".into(), "jira".into())),
            "{now}"
        );
        assert!(query.contains(&("error_description".into(), "The user said no".into())));
        assert!(
            !now.as_str().contains("secret-token"),
            "tokens never reach the server: {now}"
        );
        assert!(!now.as_str().contains("state="), "{now}");
        assert_eq!(now.fragment(), None);
        let code = client
            .find(Locator::Id("close-popup"))
            .await
            .unwrap()
            .attr("data-code")
            .await
            .unwrap();
        assert_eq!(
            code.as_deref(),
            Some("access_denied"),
            "the server diagnosed the moved error"
        );
        let history_after = client
            .execute("return history.length;", vec![])
            .await
            .unwrap();
        assert_eq!(
            history_after,
            json!(history_before.as_i64().unwrap() + 1),
            "one entry, not two"
        );
        client.back().await.unwrap();
        client
            .wait()
            .for_element(Locator::Id("landed"))
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_query_that_already_has_an_error_is_left_alone() {
    let Some(tools) = tools_or_skip("the no-loop browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = spawn_app_with(&[]).await;
    let url = app.error_url("error=access_denied#error=server_error");
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        client.goto(&url).await.unwrap();
        // The script has run once the copy button is revealed.
        eventually(
            &client,
            "return !document.getElementById('copy-details').hidden;",
            |v| v == &json!(true),
        )
        .await;
        let now = client.current_url().await.unwrap();
        assert_eq!(now.query(), Some("error=access_denied"));
        assert_eq!(now.fragment(), Some("error=server_error"));
        let loads = client
            .execute(
                "return performance.getEntriesByType('navigation').length;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(loads, json!(1));
    })
    .await;
}
