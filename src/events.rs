//! `[events] webhook_url`: one JSON event per rendered page, posted by a background task.
//! The request only offers the event to a bounded queue and never waits: when the queue
//! is full, or the receiver stays down through every retry, the event is dropped and counted.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::config::EventSettings;
use crate::metrics::{DROPPED_QUEUE_FULL, DROPPED_UNDELIVERABLE, Metrics};
use crate::status::poller::status_client;

/// What a receiver gets for one page. Built from the diagnosis, whose description is
/// already redacted; tokens never reach the parser's output, so they cannot reach this.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PageEvent {
    pub reference: String,
    /// RFC 3339, UTC.
    pub time: String,
    pub category: &'static str,
    pub code: String,
    pub recognised: bool,
    pub provider_family: String,
    pub connection_name: Option<String>,
    pub description: Option<String>,
}

impl PageEvent {
    pub fn timestamp(at: OffsetDateTime) -> String {
        at.format(&Rfc3339).unwrap_or_default()
    }
}

/// The request side: offers events to the queue. Cheap to clone; a no-op when off.
#[derive(Clone, Default)]
pub struct EventSink {
    queue: Option<mpsc::Sender<PageEvent>>,
    metrics: Option<Arc<Metrics>>,
}

impl EventSink {
    /// Whether events go anywhere; when not, building one is wasted work.
    pub fn is_on(&self) -> bool {
        self.queue.is_some()
    }

    /// Never waits: a full queue drops the event and counts it.
    pub fn publish(&self, event: PageEvent) {
        let (Some(queue), Some(metrics)) = (&self.queue, &self.metrics) else {
            return;
        };
        if queue.try_send(event).is_err() {
            metrics.event_dropped(DROPPED_QUEUE_FULL);
        }
    }
}

/// Starts the sender task when a webhook is configured. Must run inside a tokio runtime.
pub fn start(
    settings: &EventSettings,
    metrics: &Arc<Metrics>,
) -> (EventSink, Option<JoinHandle<()>>) {
    let Some(url) = settings.webhook_url.clone() else {
        return (EventSink::default(), None);
    };
    let client = match status_client(settings.timeout) {
        Ok(client) => client,
        Err(e) => {
            log::error!("page events are off: cannot build an HTTP client: {e}");
            return (EventSink::default(), None);
        }
    };
    let (sender, receiver) = mpsc::channel(settings.queue_size);
    let task = tokio::spawn(send_forever(
        receiver,
        client,
        url,
        settings.clone(),
        metrics.clone(),
    ));
    let sink = EventSink {
        queue: Some(sender),
        metrics: Some(metrics.clone()),
    };
    (sink, Some(task))
}

async fn send_forever(
    mut queue: mpsc::Receiver<PageEvent>,
    client: reqwest::Client,
    url: String,
    settings: EventSettings,
    metrics: Arc<Metrics>,
) {
    let mut failing = false;
    while let Some(event) = queue.recv().await {
        let body = serde_json::to_vec(&event).unwrap_or_default();
        match deliver(&client, &url, body, &settings).await {
            Ok(()) => {
                metrics.event_sent();
                if failing {
                    log::info!("event webhook answers again");
                }
                failing = false;
            }
            Err(e) => {
                metrics.event_dropped(DROPPED_UNDELIVERABLE);
                if !failing {
                    log::warn!(
                        "event webhook is failing: {e}; events are dropped and counted in cep_events_dropped_total"
                    );
                }
                failing = true;
            }
        }
    }
}

/// Up to `max_attempts` tries, each within `timeout`, with a doubling pause between them.
async fn deliver(
    client: &reqwest::Client,
    url: &str,
    body: Vec<u8>,
    settings: &EventSettings,
) -> Result<(), String> {
    let mut pause = Duration::from_millis(100);
    let mut last_error = String::new();
    for attempt in 1..=settings.max_attempts {
        let post = client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body.clone())
            .send();
        match tokio::time::timeout(settings.timeout, post).await {
            Ok(Ok(response)) if response.status().is_success() => return Ok(()),
            Ok(Ok(response)) => {
                last_error = format!("answered HTTP {}", response.status().as_u16())
            }
            Ok(Err(e)) => last_error = e.without_url().to_string(),
            Err(_) => last_error = "no answer within timeout_ms".into(),
        }
        if attempt < settings.max_attempts {
            tokio::time::sleep(pause).await;
            pause *= 2;
        }
    }
    Err(last_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_times_are_rfc3339_utc() {
        let at = time::macros::datetime!(2026-12-01 01:02:03 UTC);
        assert_eq!(PageEvent::timestamp(at), "2026-12-01T01:02:03Z");
    }
}
