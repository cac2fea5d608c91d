//! `[events] webhook_url`: a JSON event per page, sent off the request path.

use std::time::Duration;

use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{SEED_QUERY, TestApp, spawn_app_with};

async fn receiver(response: ResponseTemplate) -> MockServer {
    let server = MockServer::builder().start().await;
    Mock::given(method("POST"))
        .and(path("/hooks/cep"))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

async fn app_sending_to(url: &str, extra: &[(&str, &str)]) -> TestApp {
    let mut env = vec![("CEP_EVENTS__WEBHOOK_URL", url)];
    env.extend_from_slice(extra);
    spawn_app_with(&env).await
}

/// Waits (bounded) for `sample` in /metrics to reach at least `n`.
async fn wait_for_metric(app: &TestApp, sample: &str, n: f64) -> f64 {
    for _ in 0..200 {
        if let Some(v) = app.metric(sample).await.filter(|v| *v >= n) {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{sample} never reached {n}:\n{}", app.metrics_text().await);
}

#[tokio::test]
async fn each_page_posts_one_json_event_with_the_diagnosis_and_no_token() {
    let hooks = receiver(ResponseTemplate::new(204)).await;
    let app = app_sending_to(&format!("{}/hooks/cep", hooks.uri()), &[]).await;
    let secret_query = format!(
        "{SEED_QUERY}&connection_name=jira&code=SplxlOBeZQQYbYS6WxSbIA&access_token=at-SECRET-123"
    );
    let json = app.json(&secret_query).await;
    let reference = json["reference"].as_str().unwrap().to_owned();
    let leaky = "error=access_denied&error_description=callback%3Fcode%3D4%2F0AX4XfWh-SECRETCODE-abcdefghijklmnop";
    app.page(leaky).await;
    wait_for_metric(&app, "cep_events_sent_total", 2.0).await;

    let requests = hooks.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].headers["content-type"], "application/json");
    let event: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(event["reference"], reference.as_str());
    assert_eq!(event["category"], "platform_transient");
    assert_eq!(event["code"], "post_auth_hook_failed");
    assert_eq!(event["provider_family"], "platform");
    assert_eq!(event["connection_name"], "jira");
    assert_eq!(
        event["description"],
        "error = server_error, description = Error executing post auth hooks"
    );
    assert!(event["time"].as_str().unwrap().ends_with('Z'));
    let all = requests
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect::<String>();
    for secret in ["SplxlOBeZQQYbYS6WxSbIA", "at-SECRET-123", "SECRETCODE"] {
        assert!(!all.contains(secret), "{secret} leaked: {all}");
    }
    assert!(all.contains("[redacted]"), "{all}");
}

#[tokio::test]
async fn a_failing_receiver_is_retried_then_the_event_is_dropped_and_counted() {
    let hooks = receiver(ResponseTemplate::new(503)).await;
    let app = app_sending_to(
        &format!("{}/hooks/cep", hooks.uri()),
        &[("CEP_EVENTS__MAX_ATTEMPTS", "3")],
    )
    .await;
    let (status, _) = app.page(SEED_QUERY).await;
    assert_eq!(status, 200);
    wait_for_metric(
        &app,
        r#"cep_events_dropped_total{reason="undeliverable"}"#,
        1.0,
    )
    .await;
    assert_eq!(hooks.received_requests().await.unwrap().len(), 3);
    assert_eq!(app.metric("cep_events_sent_total").await, Some(0.0));
}

#[tokio::test]
async fn a_receiver_that_is_down_never_fails_a_page() {
    // Bind and drop: nothing listens on this port any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/hooks/cep");
    let app = app_sending_to(&url, &[("CEP_EVENTS__MAX_ATTEMPTS", "2")]).await;
    for _ in 0..3 {
        let (status, html) = app.page(SEED_QUERY).await;
        assert_eq!(status, 200);
        assert!(html.contains("We couldn&#39;t finish connecting your account"));
    }
    wait_for_metric(
        &app,
        r#"cep_events_dropped_total{reason="undeliverable"}"#,
        3.0,
    )
    .await;
}

#[tokio::test]
async fn a_hanging_receiver_never_makes_the_page_wait_and_the_full_queue_drops() {
    // Accepts connections and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/cep", listener.local_addr().unwrap());
    let (connected, mut first_connection) = tokio::sync::mpsc::channel(8);
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
            let _ = connected.try_send(());
        }
    });
    let app = app_sending_to(
        &url,
        &[
            ("CEP_EVENTS__QUEUE_SIZE", "2"),
            ("CEP_EVENTS__TIMEOUT_MS", "60000"),
            ("CEP_EVENTS__MAX_ATTEMPTS", "1"),
        ],
    )
    .await;
    for n in 0..6 {
        // The receiver would hold a waiting page for a minute; the page answers at once.
        let page = tokio::time::timeout(Duration::from_secs(20), app.page(SEED_QUERY))
            .await
            .expect("the page does not wait on the webhook");
        assert_eq!(page.0, 200);
        if n == 0 {
            // The first event is now in flight, held by the receiver.
            first_connection.recv().await.unwrap();
        }
    }
    // One event is in flight, two wait in the queue: the other three are dropped.
    let dropped = wait_for_metric(
        &app,
        r#"cep_events_dropped_total{reason="queue_full"}"#,
        3.0,
    )
    .await;
    assert_eq!(dropped, 3.0);
    held.abort();
}
