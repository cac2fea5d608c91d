use crate::helpers::{SEED_QUERY, spawn_app, spawn_app_with};

#[tokio::test]
async fn json_clients_get_problem_details_with_the_same_diagnosis() {
    let app = spawn_app().await;
    let json = app.json(SEED_QUERY).await;
    assert_eq!(json["title"], "We couldn't finish connecting your account");
    assert!(
        json["detail"]
            .as_str()
            .unwrap()
            .starts_with("The service failed while completing")
    );
    assert_eq!(json["status"], 200);
    assert_eq!(json["error"], "failed_to_exchange_token");
    assert_eq!(json["diagnosis"]["code"], "post_auth_hook_failed");
    assert_eq!(json["diagnosis"]["category"], "platform_transient");
    assert_eq!(json["diagnosis"]["fixable_by"], "platform");
    assert_eq!(json["diagnosis"]["inner_code"], "server_error");
    assert_eq!(json["retryable"], true);
    assert!(json["reference"].as_str().unwrap().starts_with("CEP-"));
    assert!(json["restart_url"].is_null());
    assert_eq!(json["status_page_url"], "https://scalekit.statuspage.io");
    assert_eq!(json["support"]["email"], "support@scalekit.com");
    assert!(!json["user_steps"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn problem_json_accept_header_and_configured_status_are_honoured() {
    let app = spawn_app_with(&[("CEP_PAGE_STATUS", "400")]).await;
    let response = app
        .client
        .get(app.error_url("error=access_denied&error_description=The+user+cancelled+the+sign-in"))
        .header("Accept", "application/problem+json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let json: serde_json::Value = response.json().await.unwrap();
    assert_eq!(json["status"], 400);
    assert_eq!(json["diagnosis"]["category"], "user_cancelled");
}

#[tokio::test]
async fn unknown_codes_are_named_in_json_too() {
    let app = spawn_app().await;
    let json = app.json("error=bold_new_failure").await;
    assert_eq!(json["diagnosis"]["code"], "bold_new_failure");
    assert_eq!(json["diagnosis"]["recognised"], false);
    assert_eq!(json["diagnosis"]["category"], "unknown");
}

#[tokio::test]
async fn markup_sent_as_the_code_is_quoted_as_description_not_named() {
    let app = spawn_app().await;
    let json = app.json("error=%3Cb%3Ebold%3C%2Fb%3E").await;
    assert_eq!(json["diagnosis"]["code"], "(none)");
    assert_eq!(json["error_description"], "<b>bold</b>");
    assert_eq!(json["diagnosis"]["recognised"], false);
    assert_eq!(json["diagnosis"]["category"], "unknown");
}
