//! A page an attacker loads with chosen parameters still posts only catalog words, and
//! the opener's own nonce lets it tell its flow from a forged one.

use serde_json::json;

use crate::app::{OPENER, spawn_app_with, spawn_site};
use crate::browser::{Driver, ONE_BROWSER_AT_A_TIME, tools_or_skip, with_session};
use crate::popup::{open_popup, received, switch_to_opener};

#[tokio::test]
async fn a_forged_code_is_posted_as_unrecognised_and_only_a_safe_nonce_is_echoed() {
    let Some(tools) = tools_or_skip("the forged-popup browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let opener = spawn_site(OPENER);
    let allowed = format!("[\"{opener}\"]");
    let app = spawn_app_with(&[("CEP_POPUP__ALLOWED_OPENER_ORIGINS", &allowed)]).await;
    let cases = [
        (
            "error=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E&opener_nonce=flow-0123456789abcdef",
            json!("flow-0123456789abcdef"),
        ),
        (
            "error=flux_capacitor_jammed&opener_nonce=%22%3E%3Cimg+src%3Dx%3E12345",
            json!(null),
        ),
    ];
    let urls: Vec<_> = cases
        .iter()
        .map(|(query, nonce)| (app.error_url(query), nonce.clone()))
        .collect();
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        for (url, nonce) in urls {
            open_popup(&client, &opener, &url).await;
            switch_to_opener(&client, &opener).await;
            let messages = received(&client).await;
            assert_eq!(messages.len(), 1, "{url}: {messages:?}");
            let data = &messages[0]["data"];
            assert_eq!(data["code"], "unrecognised", "{url}");
            assert_eq!(data["opener_nonce"], nonce, "{url}");
            // Back to a single window for the next case.
            let opener_window = client.window().await.unwrap();
            for window in client.windows().await.unwrap() {
                if window != opener_window {
                    client.switch_to_window(window).await.unwrap();
                    client.close_window().await.unwrap();
                }
            }
            client.switch_to_window(opener_window).await.unwrap();
        }
    })
    .await;
}
