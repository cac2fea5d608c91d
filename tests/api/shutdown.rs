//! SIGTERM stops new connections and lets the ones in flight finish.

use std::convert::Infallible;
use std::time::Duration;

use connect_error_page::routes::CALLBACK_ERROR_PATH;
use connect_error_page::status::poller::install_crypto_provider;
use futures_util::stream;
use tokio::sync::{mpsc, watch};

use crate::binary::start_binary;

const IN_FLIGHT: usize = 24;

/// A form body whose second half is held back until `release` fires, so the request
/// is accepted and in flight for as long as the test wants.
fn held_body(
    sent_first_half: mpsc::UnboundedSender<()>,
    release: watch::Receiver<bool>,
) -> reqwest::Body {
    let parts = stream::unfold(0, move |step| {
        let sent = sent_first_half.clone();
        let mut release = release.clone();
        async move {
            match step {
                0 => {
                    let _ = sent.send(());
                    Some((
                        Ok::<_, Infallible>("error=server_error&error_description=held+"),
                        1,
                    ))
                }
                1 => {
                    let _ = release.wait_for(|released| *released).await;
                    Some((Ok("until+shutdown"), 2))
                }
                _ => None,
            }
        }
    });
    reqwest::Body::wrap_stream(parts)
}

#[tokio::test]
async fn sigterm_during_a_burst_finishes_every_accepted_request() {
    burst_then_sigterm(&[]).await;
}

/// The safe setup the README recommends: /metrics on its own listener. Only the main
/// server may react to the signal, or the first to stop ends the process.
#[tokio::test]
async fn sigterm_finishes_requests_in_flight_with_a_separate_metrics_listener() {
    burst_then_sigterm(&[("CEP_METRICS__LISTEN", "127.0.0.1:0")]).await;
}

async fn burst_then_sigterm(extra_env: &[(&str, &str)]) {
    install_crypto_provider();
    let mut env = vec![("CEP_SHUTDOWN_TIMEOUT_SECS", "20")];
    env.extend_from_slice(extra_env);
    let binary = start_binary(&env).await;
    let url = format!("{}{CALLBACK_ERROR_PATH}", binary.address);
    // One connection per request, so a refusal can only mean "not accepted".
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();

    let (release, released) = watch::channel(false);
    let (sent_tx, mut sent_rx) = mpsc::unbounded_channel();
    let in_flight: Vec<_> = (0..IN_FLIGHT)
        .map(|_| {
            let request = client
                .post(&url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(held_body(sent_tx.clone(), released.clone()));
            tokio::spawn(async move {
                let response = request.send().await?;
                let status = response.status();
                Ok::<_, reqwest::Error>((status, response.text().await?))
            })
        })
        .collect();
    for _ in 0..IN_FLIGHT {
        sent_rx
            .recv()
            .await
            .expect("every request sent its first half");
    }
    // The burst: quick requests that must all succeed while the server is up.
    let quick: Vec<_> = (0..IN_FLIGHT)
        .map(|_| {
            let request = client.get(format!("{url}?error=access_denied"));
            tokio::spawn(async move { request.send().await?.text().await })
        })
        .collect();
    for request in quick {
        let html = request
            .await
            .unwrap()
            .expect("before SIGTERM every request succeeds");
        assert!(html.trim_end().ends_with("</html>"));
    }

    binary.sigterm();
    // New connections are refused while the held requests are still in flight.
    let mut refused = false;
    for _ in 0..200 {
        match client
            .get(format!("{url}?error=access_denied"))
            .send()
            .await
        {
            Err(e) if e.is_connect() => {
                refused = true;
                break;
            }
            _ => tokio::time::sleep(Duration::from_millis(25)).await,
        }
    }
    assert!(refused, "the server kept accepting after SIGTERM");
    // Held well past the signal, as a slow form POST would be.
    tokio::time::sleep(Duration::from_secs(1)).await;
    release.send(true).unwrap();
    for request in in_flight {
        let (status, html) = request
            .await
            .unwrap()
            .expect("an accepted request finished");
        assert_eq!(status, 200);
        assert!(
            html.contains("held until shutdown"),
            "the whole body was read"
        );
        assert!(html.trim_end().ends_with("</html>"));
    }
    let (status, log) = binary.exit().await;
    assert!(status.success(), "{status:?}\n{}", log.join("\n"));
    let completed = log
        .iter()
        .filter(|l| l.contains(&format!("POST {CALLBACK_ERROR_PATH} 200")))
        .count();
    assert_eq!(completed, IN_FLIGHT);
}

#[tokio::test]
async fn shutdown_timeout_secs_bounds_how_long_stuck_requests_hold_the_exit() {
    install_crypto_provider();
    let binary = start_binary(&[("CEP_SHUTDOWN_TIMEOUT_SECS", "1")]).await;
    let url = format!("{}{CALLBACK_ERROR_PATH}", binary.address);
    let (_release, released) = watch::channel(false);
    let (sent_tx, mut sent_rx) = mpsc::unbounded_channel();
    let stuck = reqwest::Client::new()
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(held_body(sent_tx, released))
        .send();
    let stuck = tokio::spawn(stuck);
    sent_rx
        .recv()
        .await
        .expect("the request sent its first half");
    tokio::time::sleep(Duration::from_millis(200)).await;
    binary.sigterm();
    // The body never completes: only the one-second shutdown timeout can end the
    // process within exit()'s 20-second bound (actix's own default is 30 seconds).
    let (status, _) = binary.exit().await;
    assert!(status.success());
    assert!(
        stuck.await.unwrap().is_err(),
        "a request cut off at the timeout fails"
    );
}
