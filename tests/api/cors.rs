//! `[cors] allowed_origins`: the JSON variant, read from another origin in a browser.

use crate::helpers::{SEED_QUERY, TestApp, spawn_app_with};

const APP_ORIGIN: &str = "https://app.example.com";

async fn cors_app() -> TestApp {
    spawn_app_with(&[(
        "CEP_CORS__ALLOWED_ORIGINS",
        r#"["https://app.example.com"]"#,
    )])
    .await
}

async fn json_from(app: &TestApp, origin: &str) -> reqwest::Response {
    app.client
        .get(app.error_url(SEED_QUERY))
        .header("Accept", "application/json")
        .header("Origin", origin)
        .send()
        .await
        .unwrap()
}

async fn preflight(app: &TestApp, origin: &str, method: &str) -> reqwest::Response {
    app.client
        .request(reqwest::Method::OPTIONS, app.error_url(SEED_QUERY))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", "accept")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_allowed_origin_can_read_the_json_and_never_with_credentials() {
    let app = cors_app().await;
    let response = json_from(&app, APP_ORIGIN).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], APP_ORIGIN);
    assert!(headers.get("access-control-allow-credentials").is_none());
    assert!(
        headers
            .get_all("vary")
            .iter()
            .any(|v| v.to_str().unwrap().contains("Origin"))
    );
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["diagnosis"]["code"], "post_auth_hook_failed");
}

#[tokio::test]
async fn an_allowed_origin_can_read_the_too_long_answer_too() {
    let app = cors_app().await;
    let long = format!(
        "error=access_denied&error_description={}",
        "x".repeat(20_000)
    );
    let response = app
        .client
        .get(app.error_url(&long))
        .header("Accept", "application/json")
        .header("Origin", APP_ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 414);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        APP_ORIGIN
    );
}

#[tokio::test]
async fn another_origin_gets_the_json_without_permission_to_read_it() {
    let app = cors_app().await;
    for origin in [
        "https://evil.example.net",
        "https://app.example.com.evil.example.net",
        "http://app.example.com",
        "null",
    ] {
        let response = json_from(&app, origin).await;
        assert!(
            response
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "{origin}"
        );
    }
}

#[tokio::test]
async fn the_html_page_is_never_shared_cross_origin() {
    let app = cors_app().await;
    let response = app
        .client
        .get(app.error_url(SEED_QUERY))
        .header("Origin", APP_ORIGIN)
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

#[tokio::test]
async fn a_preflight_from_an_allowed_origin_is_answered_for_get_only() {
    let app = cors_app().await;
    let response = preflight(&app, APP_ORIGIN, "GET").await;
    assert_eq!(response.status(), 204);
    let headers = response.headers();
    assert_eq!(headers["access-control-allow-origin"], APP_ORIGIN);
    assert_eq!(headers["access-control-allow-methods"], "GET, HEAD");
    assert!(
        headers["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("Accept")
    );
    assert_eq!(headers["access-control-max-age"], "600");
    assert!(headers.get("access-control-allow-credentials").is_none());

    for (origin, method) in [("https://evil.example.net", "GET"), (APP_ORIGIN, "DELETE")] {
        let refused = preflight(&app, origin, method).await;
        assert_eq!(refused.status(), 405, "{origin} {method}");
        assert!(
            refused
                .headers()
                .get("access-control-allow-origin")
                .is_none(),
            "{origin} {method}"
        );
    }
}

#[tokio::test]
async fn without_allowed_origins_nothing_is_shared() {
    let app = spawn_app_with(&[]).await;
    let response = json_from(&app, APP_ORIGIN).await;
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    assert_eq!(preflight(&app, APP_ORIGIN, "GET").await.status(), 405);
}

#[tokio::test]
async fn a_wildcard_origin_stops_start_up_naming_the_key() {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_connect-error-page"))
        .args(["--listen", "127.0.0.1:0"])
        .env("CEP_CORS__ALLOWED_ORIGINS", r#"["*"]"#)
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("configuration key `cors.allowed_origins`: `*` would let every website"),
        "{stderr}"
    );
}
