//! A broken status page never breaks or slows the error page, and the poller says so
//! once per change, not once per poll.

use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use wiremock::ResponseTemplate;

use crate::helpers::{SEED_QUERY, TestApp};
use crate::log_capture;
use crate::statuspage::{all_operational, answer_instead, app_polling, json_body, statuspage};

/// The page still renders, shows the status link alone, and claims nothing.
async fn page_shows_the_link_alone(app: &TestApp) {
    let (status, html) = app.page(SEED_QUERY).await;
    assert_eq!(status, 200);
    assert!(html.contains("We couldn&#39;t finish connecting your account"));
    assert!(html.contains(r#"id="status" href="https://scalekit.statuspage.io""#));
    assert!(!html.contains("status-banner"));
    assert!(!html.contains("No known incidents"));
    let json = app.json(SEED_QUERY).await;
    assert_eq!(json["service_status"]["platform"]["state"], "unknown");
}

async fn warnings_for(upstream: &str) -> Vec<String> {
    log_capture::lines_with(&format!("({upstream}/api/v2/summary.json) is failing"))
}

#[tokio::test]
async fn a_status_page_that_times_out_is_a_failure_and_the_page_still_renders() {
    log_capture::start();
    let upstream =
        statuspage(json_body(all_operational()).set_delay(Duration::from_secs(30))).await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_failures("platform", 1.0).await;
    page_shows_the_link_alone(&app).await;
    assert!(
        warnings_for(&upstream.uri()).await[0].contains("no complete answer within timeout_ms")
    );
}

#[tokio::test]
async fn a_status_page_answering_500_is_a_failure() {
    log_capture::start();
    let upstream = statuspage(ResponseTemplate::new(500)).await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_failures("platform", 1.0).await;
    page_shows_the_link_alone(&app).await;
    assert!(warnings_for(&upstream.uri()).await[0].contains("answered HTTP 500"));
}

#[tokio::test]
async fn a_status_page_answering_garbage_is_a_failure() {
    log_capture::start();
    let upstream = statuspage(json_body("<html><body>Bad gateway</body></html>")).await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_failures("platform", 1.0).await;
    page_shows_the_link_alone(&app).await;
    assert!(warnings_for(&upstream.uri()).await[0].contains("not a Statuspage summary"));
}

#[tokio::test]
async fn a_status_page_answering_truncated_json_is_a_failure() {
    log_capture::start();
    let body = all_operational();
    let upstream = statuspage(json_body(&body.as_bytes()[..body.len() / 2])).await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_failures("platform", 1.0).await;
    page_shows_the_link_alone(&app).await;
    assert!(warnings_for(&upstream.uri()).await[0].contains("not a Statuspage summary"));
}

#[tokio::test]
async fn a_10_mb_status_body_is_refused_not_buffered() {
    log_capture::start();
    let mut body = String::from(r#"{"components":[],"incidents":[],"padding":""#);
    body.push_str(&"x".repeat(10 * 1024 * 1024));
    body.push_str(r#""}"#);
    let upstream = statuspage(json_body(body)).await;
    let app = app_polling(&upstream.uri(), &[("CEP_STATUS_PAGE__TIMEOUT_MS", "20000")]).await;
    app.wait_for_failures("platform", 1.0).await;
    page_shows_the_link_alone(&app).await;
    assert!(warnings_for(&upstream.uri()).await[0].contains("body larger than 1048576 bytes"));
}

/// A server that answers 200 and then streams JSON-looking bytes forever, with no length.
async fn endless_body_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                socket.write_all(head.as_bytes()).await?;
                let chunk = format!("10000\r\n{}\r\n", " ".repeat(0x10000));
                loop {
                    socket.write_all(chunk.as_bytes()).await?;
                }
                #[allow(unreachable_code)]
                Ok::<_, std::io::Error>(())
            });
        }
    });
    address
}

#[tokio::test]
async fn an_endless_status_body_is_cut_off_at_the_cap_long_before_the_timeout() {
    log_capture::start();
    let upstream = endless_body_server().await;
    // With a one-minute timeout, only the size cap can end this poll within the wait.
    let app = app_polling(&upstream, &[("CEP_STATUS_PAGE__TIMEOUT_MS", "60000")]).await;
    app.wait_for_failures("platform", 1.0).await;
    page_shows_the_link_alone(&app).await;
    assert!(warnings_for(&upstream).await[0].contains("body larger than"));
}

#[tokio::test]
async fn a_status_page_that_accepts_and_never_answers_does_not_hold_up_the_page() {
    log_capture::start();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let upstream = format!("http://{}", listener.local_addr().unwrap());
    let (accepted_tx, mut accepted) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket); // accepted, never read, never answered
            let _ = accepted_tx.send(());
        }
    });
    // The poll can hang for a minute; the page must not wait for it.
    let app = app_polling(&upstream, &[("CEP_STATUS_PAGE__TIMEOUT_MS", "60000")]).await;
    accepted.recv().await.expect("the poller connected");
    let quick = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let response = quick.get(app.error_url(SEED_QUERY)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Check service status")
    );
    // The poll is still in flight: nothing has failed yet, and nothing is claimed.
    let failures = app
        .metric("cep_status_consecutive_failures{upstream=\"platform\"}")
        .await;
    assert_eq!(failures, Some(0.0));
    page_shows_the_link_alone(&app).await;
}

#[tokio::test]
async fn the_poller_warns_once_per_change_not_once_per_poll() {
    log_capture::start();
    let upstream = statuspage(ResponseTemplate::new(503)).await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_failures("platform", 3.0).await;
    assert_eq!(warnings_for(&upstream.uri()).await.len(), 1);

    answer_instead(&upstream, json_body(all_operational()), 5).await;
    app.wait_for_success("platform").await;
    let recovered = log_capture::lines_with(&format!(
        "({}/api/v2/summary.json) answers again",
        upstream.uri()
    ));
    assert_eq!(recovered.len(), 1);
    assert!(recovered[0].starts_with("INFO"));
    let (_, html) = app.page(SEED_QUERY).await;
    assert!(html.contains("No known incidents as of"));

    answer_instead(&upstream, ResponseTemplate::new(500), 1).await;
    app.wait_for_failures("platform", 2.0).await;
    let warnings = warnings_for(&upstream.uri()).await;
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(warnings.iter().all(|w| w.starts_with("WARN")));
    // The last good reading is kept while it is fresh.
    let (_, html) = app.page(SEED_QUERY).await;
    assert!(html.contains("No known incidents as of"));
}
