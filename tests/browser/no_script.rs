use fantoccini::Locator;

use crate::app::{CATEGORY_QUERIES, RESTART_LANDING, spawn_app_with, spawn_site};
use crate::browser::{Driver, ONE_BROWSER_AT_A_TIME, click_and_land, tools_or_skip, with_session};

#[tokio::test]
async fn without_javascript_the_page_is_complete_and_every_action_is_a_plain_link() {
    let Some(tools) = tools_or_skip("the no-JavaScript browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let landing = spawn_site(RESTART_LANDING);
    let template = format!("{landing}/connect/{{connection_name}}/start");
    let app = spawn_app_with(&[
        ("CEP_RESTART__URL", &template),
        ("CEP_SUPPORT__URL", "https://help.example.com/new"),
    ])
    .await;
    let url = app.error_url(&format!("{}&connection_name=jira", CATEGORY_QUERIES[4].1));
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, false, move |client| async move {
        client.goto(&url).await.unwrap();
        for id in [
            "restart",
            "status",
            "support-email",
            "support-url",
            "reference",
            "technical",
        ] {
            let element = client.find(Locator::Id(id)).await.unwrap();
            assert!(element.is_displayed().await.unwrap(), "#{id} is shown");
        }
        let headline = client
            .find(Locator::Css("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!headline.is_empty());
        let steps = client.find_all(Locator::Css(".steps li")).await.unwrap();
        assert!(!steps.is_empty(), "the steps are listed");

        // The script would have revealed these; with scripting off they stay hidden.
        for id in ["copy-details", "close-popup"] {
            let button = client.find(Locator::Id(id)).await.unwrap();
            assert!(
                !button.is_displayed().await.unwrap(),
                "#{id} needs JavaScript, so it stays hidden"
            );
        }
        let mut visible_controls = 0;
        for control in client
            .find_all(Locator::Css("a, button, input, select, textarea"))
            .await
            .unwrap()
        {
            if !control.is_displayed().await.unwrap() {
                continue;
            }
            visible_controls += 1;
            assert_eq!(
                control.tag_name().await.unwrap(),
                "a",
                "every visible action is a link"
            );
            let href = control.attr("href").await.unwrap().unwrap_or_default();
            assert!(
                ["https://", "http://", "mailto:"]
                    .iter()
                    .any(|p| href.starts_with(p)),
                "{href}"
            );
        }
        assert!(
            visible_controls >= 4,
            "restart, status and both support links"
        );

        // The details disclosure is plain HTML.
        client
            .find(Locator::Css("#technical summary"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        assert!(
            client
                .find(Locator::Id("support-bundle"))
                .await
                .unwrap()
                .is_displayed()
                .await
                .unwrap()
        );

        let now = click_and_land(&client, "restart").await;
        assert_eq!(now, format!("{landing}/connect/jira/start"));
    })
    .await;
}
