//! A real Statuspage-shaped upstream on loopback, and waiting for the poller to read it.

use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{TestApp, spawn_app_with};

pub const SUMMARY_PATH: &str = "/api/v2/summary.json";

/// A `summary.json` with `(name, status)` components and `(name, status, shortlink)` incidents.
pub fn summary(components: &[(&str, &str)], incidents: &[(&str, &str, &str)]) -> String {
    let components: Vec<_> = components
        .iter()
        .enumerate()
        .map(|(i, (name, status))| {
            json!({"id": format!("c{i}"), "name": name, "status": status, "group": false,
                   "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-11-25T12:00:00Z"})
        })
        .collect();
    let incidents: Vec<_> = incidents
        .iter()
        .enumerate()
        .map(|(i, (name, status, shortlink))| {
            json!({"id": format!("i{i}"), "name": name, "status": status, "impact": "major",
                   "shortlink": shortlink, "components": [],
                   "incident_updates": [{"status": status, "body": "We are looking into it."}]})
        })
        .collect();
    json!({
        "page": {"id": "p1", "name": "Example", "url": "https://status.example.com", "updated_at": "2026-11-25T12:00:00Z"},
        "status": {"indicator": "none", "description": "All Systems Operational"},
        "components": components,
        "incidents": incidents,
        "scheduled_maintenances": []
    })
    .to_string()
}

pub fn all_operational() -> String {
    summary(&[("API", "operational"), ("Login", "operational")], &[])
}

/// A status page that answers every summary request with `response`.
pub async fn statuspage(response: ResponseTemplate) -> MockServer {
    // A server of its own (not pooled): logs are matched by its address.
    let server = MockServer::builder().start().await;
    answer_instead(&server, response, 10).await;
    server
}

/// From now on the page answers `response`; `priority` must be lower (stronger) than
/// the previous answer's, so there is never a moment without an answer.
pub async fn answer_instead(server: &MockServer, response: ResponseTemplate, priority: u8) {
    Mock::given(method("GET"))
        .and(path(SUMMARY_PATH))
        .respond_with(response)
        .with_priority(priority)
        .mount(server)
        .await;
}

pub fn json_body(body: impl Into<Vec<u8>>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json")
}

/// The server polling `api_url` every second with a short timeout, plus `extra` settings.
pub async fn app_polling(api_url: &str, extra: &[(&str, &str)]) -> TestApp {
    let mut env = vec![
        ("CEP_STATUS_PAGE__API_URL", api_url),
        ("CEP_STATUS_PAGE__POLL_INTERVAL_SECS", "1"),
        ("CEP_STATUS_PAGE__TIMEOUT_MS", "300"),
    ];
    env.extend_from_slice(extra);
    spawn_app_with(&env).await
}

impl TestApp {
    pub async fn metrics_text(&self) -> String {
        let base = self.metrics_address.as_ref().unwrap_or(&self.address);
        let response = self
            .client
            .get(format!("{base}/metrics"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.text().await.unwrap()
    }

    /// The value of one sample in /metrics, e.g. `cep_status_consecutive_failures{upstream="platform"}`.
    pub async fn metric(&self, sample: &str) -> Option<f64> {
        let text = self.metrics_text().await;
        text.lines()
            .find_map(|line| line.strip_prefix(sample)?.strip_prefix(' ')?.parse().ok())
    }

    /// Waits (bounded) until the poller of `upstream` has failed `n` times in a row.
    pub async fn wait_for_failures(&self, upstream: &str, n: f64) {
        let sample = format!("cep_status_consecutive_failures{{upstream=\"{upstream}\"}}");
        self.wait_until(&sample, |v| v >= n).await;
    }

    /// Waits (bounded) until the poller of `upstream` has read its page successfully.
    pub async fn wait_for_success(&self, upstream: &str) {
        let sample =
            format!("cep_status_last_success_timestamp_seconds{{upstream=\"{upstream}\"}}");
        self.wait_until(&sample, |v| v > 0.0).await;
        let failures = format!("cep_status_consecutive_failures{{upstream=\"{upstream}\"}}");
        self.wait_until(&failures, |v| v == 0.0).await;
    }

    async fn wait_until(&self, sample: &str, done: impl Fn(f64) -> bool) {
        for _ in 0..300 {
            if self.metric(sample).await.is_some_and(&done) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "{sample} never reached the expected value:\n{}",
            self.metrics_text().await
        );
    }
}
