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
    assert!(text.contains(r#"cep_page_renders_total{category="platform_transient",code="post_auth_hook_failed",family="platform",connection="none",restart_link="none"} 2"#), "{text}");
    assert!(text.contains(
        r#"cep_page_renders_total{category="unknown",code="access_denied",family="standards",connection="none",restart_link="none"} 1"#
    ));
    assert!(text.contains(r#"cep_page_renders_total{category="unknown",code="unrecognised",family="platform",connection="none",restart_link="none"} 2"#));
    assert!(!text.contains("never_heard_of_this_one"));
    assert!(text.contains("# TYPE cep_http_request_duration_seconds histogram"));
    assert!(text.contains(r#"cep_http_request_duration_seconds_count{route="/ui-handlers/connect/callback/error",status="200"} 5"#), "{text}");
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
        text.contains(
            r#"cep_http_request_duration_seconds_count{route="unmatched",status="404"} 2"#
        ),
        "{text}"
    );
    assert!(text.contains(
        r#"cep_http_request_duration_seconds_count{route="/static/{name}",status="404"} 1"#
    ));
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
        text.contains(r#"code="post_auth_hook_failed",family="platform""#),
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
            "configuration key `provider_status.myspace`: `myspace` is not a provider family with a known status page. Fix: use one of: atlassian, bitbucket, discord, dropbox, github",
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

/// Uptime monitors probe with HEAD: every GET route answers it, with no body.
#[tokio::test]
async fn every_get_route_answers_head() {
    let app = spawn_app_with(&[("CEP_QA__GALLERY", "true")]).await;
    let separate = spawn_app_with(&[("CEP_METRICS__LISTEN", "127.0.0.1:0")]).await;
    let css = connect_error_page::assets::css_path();
    let mut urls: Vec<String> = [
        "/healthz",
        "/readyz",
        "/metrics",
        css,
        "/ui-handlers/connect/callback/error/catalog",
    ]
    .iter()
    .map(|path| format!("{}{path}", app.address))
    .collect();
    urls.push(app.error_url("error=access_denied"));
    urls.push(format!(
        "{}/metrics",
        separate.metrics_address.as_ref().unwrap()
    ));
    for url in urls {
        let response = app.client.head(&url).send().await.unwrap();
        assert_eq!(response.status(), 200, "HEAD {url}");
        assert!(response.bytes().await.unwrap().is_empty(), "HEAD {url}");
    }
}

#[tokio::test]
async fn head_is_not_a_render_and_requests_are_counted_by_status() {
    let app = spawn_app().await;
    for _ in 0..3 {
        app.client
            .head(app.error_url("error=access_denied"))
            .send()
            .await
            .unwrap();
    }
    app.page("error=access_denied").await;
    app.get("/static/missing.css").await;
    let text = app.metrics_text().await;
    assert!(
        text.contains(
            r#"cep_page_renders_total{category="unknown",code="access_denied",family="standards",connection="none",restart_link="none"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains(
        r#"cep_http_request_duration_seconds_count{route="/ui-handlers/connect/callback/error",status="200"} 4"#
    ));
    assert!(text.contains(
        r#"cep_http_request_duration_seconds_count{route="/static/{name}",status="404"} 1"#
    ));
}
