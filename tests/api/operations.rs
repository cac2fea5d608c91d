//! What operators scrape and probe: /metrics, /readyz, /healthz.

use crate::helpers::{SEED_QUERY, spawn_app, spawn_app_with};
use crate::statuspage::{all_operational, app_polling, json_body, statuspage};

#[tokio::test]
async fn metrics_count_renders_by_category_and_code_with_unknown_codes_pooled() {
    let app = spawn_app().await;
    app.page(SEED_QUERY).await;
    app.json(SEED_QUERY).await;
    app.page("error=access_denied").await;
    app.page("error=never_heard_of_this_one").await;
    app.page("error=nor_this_one").await;

    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = response.text().await.unwrap();
    assert!(text.contains(r#"cep_page_renders_total{category="platform_transient",code="post_auth_hook_failed"} 2"#), "{text}");
    assert!(text.contains(r#"cep_page_renders_total{category="unknown",code="access_denied"} 1"#));
    assert!(text.contains(r#"cep_page_renders_total{category="unknown",code="unrecognised"} 2"#));
    assert!(!text.contains("never_heard_of_this_one"));
    assert!(text.contains("# TYPE cep_http_request_duration_seconds histogram"));
    assert!(text.contains(r#"cep_http_request_duration_seconds_count{route="/ui-handlers/connect/callback/error"} 5"#), "{text}");
    assert!(text.ends_with("# EOF\n"));
}

#[tokio::test]
async fn request_duration_routes_are_bounded_to_the_route_table() {
    let app = spawn_app().await;
    for path in ["/nope/1", "/nope/2", "/static/missing.css"] {
        app.get(path).await;
    }
    let text = app.metrics_text().await;
    assert!(
        text.contains(r#"cep_http_request_duration_seconds_count{route="unmatched"} 2"#),
        "{text}"
    );
    assert!(text.contains(r#"cep_http_request_duration_seconds_count{route="/static/{name}"} 1"#));
    assert!(!text.contains("nope"));
}

#[tokio::test]
async fn metrics_show_the_status_pollers_health() {
    let upstream = statuspage(json_body(all_operational())).await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_success("platform").await;
    let last_success = app
        .metric(r#"cep_status_last_success_timestamp_seconds{upstream="platform"}"#)
        .await
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    assert!(
        last_success > now - 600.0 && last_success <= now + 1.0,
        "{last_success}"
    );
    assert_eq!(
        app.metric(r#"cep_status_consecutive_failures{upstream="platform"}"#)
            .await,
        Some(0.0)
    );
}

#[tokio::test]
async fn metrics_listen_moves_metrics_off_the_main_listener() {
    let app = spawn_app_with(&[("CEP_METRICS__LISTEN", "127.0.0.1:0")]).await;
    app.page(SEED_QUERY).await;
    let main = app.get("/metrics").await;
    assert_eq!(main.status(), 404);
    let metrics_address = app.metrics_address.clone().expect("a metrics listener");
    assert_ne!(metrics_address, app.address);
    let text = app.metrics_text().await;
    assert!(
        text.contains(r#"code="post_auth_hook_failed"} 1"#),
        "{text}"
    );
    let page = app
        .client
        .get(format!(
            "{metrics_address}/ui-handlers/connect/callback/error?error=x"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.status(),
        404,
        "the metrics listener serves nothing else"
    );
}

#[tokio::test]
async fn readyz_is_ready_with_the_catalog_loaded_and_healthz_stays_liveness() {
    let app = spawn_app().await;
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body = ready.text().await.unwrap();
    assert!(body.starts_with("ready: catalog of "), "{body}");
    let entries: usize = body
        .trim_start_matches("ready: catalog of ")
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(entries > 100, "{entries}");
    let health = app.get("/healthz").await;
    assert_eq!(health.text().await.unwrap(), "ok\n");
}

#[tokio::test]
async fn bad_status_settings_stop_start_up_naming_the_key_and_the_fix() {
    let cases = [
        (
            "CEP_PROVIDER_STATUS__MYSPACE__API_URL",
            "https://status.example.com",
            "configuration key `provider_status.myspace`: `myspace` is not a provider family with a known status page. Fix: use one of: atlassian, dropbox, github",
        ),
        (
            "CEP_STATUS_PAGE__API_URL",
            "ftp://status.example.com",
            "configuration key `status_page.api_url`",
        ),
        (
            "CEP_STATUS_PAGE__POLL_INTERVAL_SECS",
            "0",
            "configuration key `status_page.poll_interval_secs`: 0 would poll without pause. Fix: use at least 1",
        ),
        (
            "CEP_METRICS__LISTEN",
            "everywhere",
            "configuration key `metrics.listen`",
        ),
    ];
    for (key, value, expected) in cases {
        let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_connect-error-page"))
            .args(["--listen", "127.0.0.1:0"])
            .env(key, value)
            .output()
            .await
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{key}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{key}: {stderr}");
    }
}
