use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::app::{CATEGORY_QUERIES, OPENER, spawn_app_with, spawn_site};
use crate::browser::{
    Driver, ONE_BROWSER_AT_A_TIME, console_errors, eventually, tools_or_skip, with_session,
};

/// From the opener page, opens `url` as a popup and switches to it once its script has run.
pub(crate) async fn open_popup(client: &Client, opener: &str, url: &str) {
    client.goto(&format!("{opener}/app")).await.unwrap();
    let opener_window = client.window().await.unwrap();
    client
        .execute(
            "window.open(arguments[0], 'connect', 'popup,width=480,height=720');",
            vec![json!(url)],
        )
        .await
        .unwrap();
    let popup = loop {
        let windows = client.windows().await.unwrap();
        if let Some(w) = windows.into_iter().find(|w| *w != opener_window) {
            break w;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    client.switch_to_window(popup).await.unwrap();
    // The close button appears after the message is posted.
    eventually(
        client,
        "const b = document.getElementById('close-popup'); return !!b && !b.hidden;",
        |v| v == &json!(true),
    )
    .await;
}

pub(crate) async fn switch_to_opener(client: &Client, opener: &str) {
    for window in client.windows().await.unwrap() {
        client.switch_to_window(window).await.unwrap();
        if client
            .current_url()
            .await
            .unwrap()
            .as_str()
            .starts_with(opener)
        {
            return;
        }
    }
    panic!("the opener window is gone");
}

/// Messages the opener has received, after letting any queued ones arrive.
pub(crate) async fn received(client: &Client) -> Vec<Value> {
    let messages = client
        .execute_async(
            "const done = arguments[0]; setTimeout(() => done(window.received), 500);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(messages).unwrap()
}

#[tokio::test]
async fn an_allowed_opener_hears_what_happened_and_the_popup_can_close_itself() {
    let Some(tools) = tools_or_skip("the allowed-opener browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let opener = spawn_site(OPENER);
    // Two allowed origins: the message is posted to each, and only the real opener's arrives.
    let allowed = format!("[\"https://app.example.com\", \"{opener}\"]");
    let app = spawn_app_with(&[("CEP_POPUP__ALLOWED_OPENER_ORIGINS", &allowed)]).await;
    let (server, url) = (app.address.clone(), app.error_url(CATEGORY_QUERIES[4].1));
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        open_popup(&client, &opener, &url).await;
        let reference = client
            .find(Locator::Id("reference"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(console_errors(&client).await.is_empty());
        let close = client.find(Locator::Id("close-popup")).await.unwrap();
        switch_to_opener(&client, &opener).await;
        let messages = received(&client).await;
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert_eq!(messages[0]["origin"], json!(server));
        assert_eq!(
            messages[0]["data"],
            json!({
                "type": "connect-error",
                "code": "post_auth_hook_failed",
                "category": "platform_transient",
                "reference": reference,
                "retryable": true,
            })
        );
        let opener_window = client.window().await.unwrap();
        let popup = client
            .windows()
            .await
            .unwrap()
            .into_iter()
            .find(|w| *w != opener_window)
            .unwrap();
        client.switch_to_window(popup).await.unwrap();
        close.click().await.unwrap();
        let mut left = client.windows().await.unwrap().len();
        for _ in 0..50 {
            if left == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            left = client.windows().await.unwrap().len();
        }
        assert_eq!(left, 1, "the popup closed itself");
    })
    .await;
}

#[tokio::test]
async fn an_opener_on_an_origin_that_is_not_allowed_hears_nothing() {
    let Some(tools) = tools_or_skip("the disallowed-opener browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let allowed_site = spawn_site(OPENER);
    let other_site = spawn_site(OPENER);
    let allowed = format!("[\"{allowed_site}\"]");
    let app = spawn_app_with(&[("CEP_POPUP__ALLOWED_OPENER_ORIGINS", &allowed)]).await;
    let url = app.error_url(CATEGORY_QUERIES[0].1);
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        open_popup(&client, &other_site, &url).await;
        switch_to_opener(&client, &other_site).await;
        assert_eq!(received(&client).await, Vec::<Value>::new());
    })
    .await;
}
