//! Form posts whose body never arrives, or arrives a byte at a time. Each gets a 408
//! once `[limits] body_timeout_ms` has passed, and with more of them than
//! `[limits] max_connections`, `/healthz` still answers.

use std::time::Duration;

use connect_error_page::routes::CALLBACK_ERROR_PATH;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::spawn_app_with;

const SILENT: usize = 12;
const SLOW: usize = 12;
/// Far more than the body timeout; only a server that never answers reaches it.
const PATIENCE: Duration = Duration::from_secs(60);

fn head(host: &str) -> String {
    format!(
        "POST {CALLBACK_ERROR_PATH} HTTP/1.1\r\nHost: {host}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 16000\r\n\r\n"
    )
}

/// Sends the head and then nothing; returns everything the server sent back.
async fn silent_body(host: String) -> String {
    let mut stream = TcpStream::connect(&host).await.unwrap();
    stream.write_all(head(&host).as_bytes()).await.unwrap();
    read_answer(stream).await
}

/// Sends the head, then one byte of `error=…` every 100 ms for as long as it may.
async fn slow_body(host: String) -> String {
    let stream = TcpStream::connect(&host).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    write.write_all(head(&host).as_bytes()).await.unwrap();
    let dripping = tokio::spawn(async move {
        for byte in b"error=access_denied&".iter().cycle().take(16000) {
            if write.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(PATIENCE, read.read_to_end(&mut answer))
        .await
        .expect("the server answers a slow body and closes");
    dripping.abort();
    String::from_utf8_lossy(&answer).into_owned()
}

async fn read_answer(mut stream: TcpStream) -> String {
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut answer))
        .await
        .expect("the server answers a silent body and closes");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn stalled_bodies_get_a_408_and_healthz_keeps_answering() {
    let app = spawn_app_with(&[
        ("CEP_LIMITS__MAX_CONNECTIONS", "8"),
        ("CEP_LIMITS__BODY_TIMEOUT_MS", "1000"),
    ])
    .await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stalled = Vec::new();
    for _ in 0..SILENT {
        stalled.push(tokio::spawn(silent_body(host.clone())));
    }
    for _ in 0..SLOW {
        stalled.push(tokio::spawn(slow_body(host.clone())));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;

    // More stalled clients than the cap: /healthz waits at most for a body timeout.
    let health = app
        .client
        .get(format!("{}/healthz", app.address))
        .timeout(PATIENCE)
        .send()
        .await
        .expect("/healthz answers while bodies stall");
    assert_eq!(health.status(), 200);

    for (i, task) in stalled.into_iter().enumerate() {
        let answer = task.await.unwrap();
        let kind = if i < SILENT { "silent" } else { "slow" };
        assert!(
            answer.starts_with("HTTP/1.1 408"),
            "{kind} body #{i} got: {}",
            answer.lines().next().unwrap_or("(nothing)")
        );
        assert!(answer.contains("This took too long to arrive"), "{answer}");
        assert!(
            answer.contains("Content-Security-Policy")
                || answer.contains("content-security-policy")
        );
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn a_body_timeout_in_json_is_a_problem_document() {
    let app = spawn_app_with(&[("CEP_LIMITS__BODY_TIMEOUT_MS", "300")]).await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&host).await.unwrap();
    let request = head(&host).replace("\r\n\r\n", "\r\nAccept: application/json\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_answer(stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
    let problem: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(problem["status"], 408);
    assert_eq!(problem["title"], "This took too long to arrive");
}

/// The head itself dripping in: `[limits] request_timeout_ms` closes it, with actix's
/// own 408 (no page: the request never got that far).
#[tokio::test]
async fn a_request_head_that_never_ends_is_closed_after_the_request_timeout() {
    let app = spawn_app_with(&[("CEP_LIMITS__REQUEST_TIMEOUT_MS", "500")]).await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let stream = TcpStream::connect(&host).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    write
        .write_all(format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\n").as_bytes())
        .await
        .unwrap();
    let dripping = tokio::spawn(async move {
        for byte in b"X-Slow: a\r\n".iter().cycle().take(100_000) {
            if write.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(PATIENCE, read.read_to_end(&mut answer))
        .await
        .expect("the server closes a head that never ends");
    dripping.abort();
    assert!(
        answer.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
}
