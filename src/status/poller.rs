//! Polls each Statuspage's `summary.json` in the background. A failed poll keeps the
//! last good snapshot; only changes between working and failing are logged.

use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::board::{StatusBoard, Upstream};
use crate::config::StatusPolling;
use crate::metrics::{Metrics, PollerHealth};

/// A real summary is tens of kilobytes; anything past this is refused while reading.
pub const MAX_SUMMARY_BYTES: usize = super::feeds::MAX_BYTES;

#[derive(Debug, thiserror::Error)]
pub enum PollError {
    #[error("no complete answer within timeout_ms")]
    TimedOut,
    #[error("answered HTTP {0}")]
    Status(u16),
    #[error("redirected off its own host (HTTP {0}); redirects are followed only within it")]
    Redirected(u16),
    #[error("body larger than {0} bytes")]
    TooLarge(usize),
    #[error("request failed: {0}")]
    Transport(String),
    #[error("{0}")]
    Parse(#[from] super::summary::SummaryError),
}

/// Starts one task per upstream; abort the handles to stop them.
pub fn spawn_pollers(
    board: &StatusBoard,
    polling: &StatusPolling,
    metrics: &Metrics,
) -> Vec<JoinHandle<()>> {
    let upstreams: Vec<_> = board.upstreams().cloned().collect();
    if upstreams.is_empty() {
        return Vec::new();
    }
    let client = match status_client(polling.timeout) {
        Ok(client) => client,
        Err(e) => {
            log::error!("status polling is off: cannot build an HTTP client: {e}");
            return Vec::new();
        }
    };
    upstreams
        .into_iter()
        .map(|upstream| {
            let health = metrics.poller_health(&upstream.name);
            tokio::spawn(poll_forever(
                upstream,
                client.clone(),
                polling.clone(),
                health,
            ))
        })
        .collect()
}

/// rustls with the ring provider: no OpenSSL, no C build tools. Every HTTPS client in
/// the process needs it installed first.
pub fn install_crypto_provider() {
    // Another part of the process may have installed one already; either is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

pub fn status_client(timeout: Duration) -> reqwest::Result<reqwest::Client> {
    install_crypto_provider();
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(same_origin_redirects())
        .user_agent(concat!("connect-error-page/", env!("CARGO_PKG_VERSION")))
        .build()
}

async fn poll_forever(
    upstream: Arc<Upstream>,
    client: reqwest::Client,
    polling: StatusPolling,
    health: PollerHealth,
) {
    let url = upstream.feed_url();
    let mut ticks = tokio::time::interval(polling.interval);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut failing: Option<bool> = None;
    loop {
        ticks.tick().await;
        let feed = upstream.feed;
        let result = fetch(&client, &url, polling.timeout, feed.max_bytes())
            .await
            .and_then(|body| {
                let now = OffsetDateTime::now_utc();
                Ok(feed.parse(&body, &upstream.api_url, &upstream.components, now)?)
            });
        match result {
            Ok(snapshot) => {
                health.succeeded(snapshot.fetched_at.unix_timestamp());
                upstream.store(snapshot);
                if failing == Some(true) {
                    log::info!("status page {} ({url}) answers again", upstream.name);
                }
                failing = Some(false);
            }
            Err(e) => {
                let in_a_row = health.failed();
                if failing != Some(true) {
                    log::warn!(
                        "status page {} ({url}) is failing: {e}; pages keep the last good reading and drop it after 10 minutes",
                        upstream.name
                    );
                }
                log::debug!(
                    "status page {} poll failed ({in_a_row} in a row): {e}",
                    upstream.name
                );
                failing = Some(true);
            }
        }
    }
}

/// Up to 3 redirects, each on the polled page's own origin (or its https upgrade);
/// anything else stops, so a status page cannot send the poller to internal addresses.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.stop();
        };
        let next = attempt.url();
        let same_origin = next.origin() == first.origin();
        let upgraded = first.scheme() == "http"
            && next.scheme() == "https"
            && next.host_str() == first.host_str()
            && next.port().is_none();
        let credentials = !next.username().is_empty() || next.password().is_some();
        if (same_origin || upgraded) && !credentials && attempt.previous().len() <= 3 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The whole exchange, body included, must finish within `timeout` and `max_bytes`.
async fn fetch(
    client: &reqwest::Client,
    url: &str,
    timeout: Duration,
    max_bytes: usize,
) -> Result<Vec<u8>, PollError> {
    let exchange = async {
        let mut response = client
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(transport)?;
        if response.status().is_redirection() {
            return Err(PollError::Redirected(response.status().as_u16()));
        }
        if !response.status().is_success() {
            return Err(PollError::Status(response.status().as_u16()));
        }
        if response
            .content_length()
            .is_some_and(|n| n > max_bytes as u64)
        {
            return Err(PollError::TooLarge(max_bytes));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > max_bytes {
                return Err(PollError::TooLarge(max_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    };
    tokio::time::timeout(timeout, exchange)
        .await
        .unwrap_or(Err(PollError::TimedOut))
}

fn transport(e: reqwest::Error) -> PollError {
    if e.is_timeout() {
        PollError::TimedOut
    } else {
        PollError::Transport(e.without_url().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_https_client_builds_without_openssl() {
        assert!(status_client(Duration::from_secs(2)).is_ok());
    }
}
