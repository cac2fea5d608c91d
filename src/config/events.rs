//! `[events]`: where a JSON event per rendered page is posted, and how hard we try.

use std::time::Duration;

use serde::Deserialize;

use super::ConfigError;
use super::values::{http_url, non_empty};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawEvents {
    pub webhook_url: String,
    pub queue_size: usize,
    pub max_attempts: u32,
    pub timeout_ms: u64,
}

impl Default for RawEvents {
    fn default() -> Self {
        Self {
            webhook_url: String::new(),
            queue_size: 1024,
            max_attempts: 3,
            timeout_ms: 2000,
        }
    }
}

/// The webhook, off unless `webhook_url` is set.
#[derive(Debug, Clone)]
pub struct EventSettings {
    pub webhook_url: Option<String>,
    /// Events waiting to be sent; past this, new ones are dropped and counted.
    pub queue_size: usize,
    /// Tries per event, the first included.
    pub max_attempts: u32,
    /// Per try: connect, headers and body.
    pub timeout: Duration,
}

pub(super) fn events(raw: &RawEvents) -> Result<EventSettings, ConfigError> {
    let webhook_url = non_empty(raw.webhook_url.clone())
        .map(|url| http_url("events.webhook_url", &url))
        .transpose()?;
    if webhook_url
        .as_deref()
        .is_some_and(|u| u.contains(['{', '}']))
    {
        return Err(ConfigError::new(
            "events.webhook_url",
            "contains a placeholder",
            "use the receiver's full URL, e.g. https://hooks.example.com/cep",
        ));
    }
    if !(1..=100_000).contains(&raw.queue_size) {
        return Err(ConfigError::new(
            "events.queue_size",
            format!("{} is outside 1..=100000", raw.queue_size),
            "use a bound such as 1024 (the default)",
        ));
    }
    if !(1..=10).contains(&raw.max_attempts) {
        return Err(ConfigError::new(
            "events.max_attempts",
            format!("{} is outside 1..=10", raw.max_attempts),
            "use 3 (the default); 1 means no retry",
        ));
    }
    if !(1..=60_000).contains(&raw.timeout_ms) {
        return Err(ConfigError::new(
            "events.timeout_ms",
            format!("{} is outside 1..=60000", raw.timeout_ms),
            "use a timeout in milliseconds such as 2000 (the default)",
        ));
    }
    Ok(EventSettings {
        webhook_url,
        queue_size: raw.queue_size,
        max_attempts: raw.max_attempts,
        timeout: Duration::from_millis(raw.timeout_ms),
    })
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::config::tests::load_env;

    #[test]
    fn events_are_off_by_default_with_documented_limits() {
        let s = Settings::defaults();
        assert_eq!(s.events.webhook_url, None);
        assert_eq!(s.events.queue_size, 1024);
        assert_eq!(s.events.max_attempts, 3);
        assert_eq!(s.events.timeout.as_millis(), 2000);
    }

    #[test]
    fn a_webhook_that_is_not_an_http_url_is_named() {
        let err = load_env(&[("CEP_EVENTS__WEBHOOK_URL", "hooks.example.com")]).unwrap_err();
        assert_eq!(err.key, "events.webhook_url");
        let ok = load_env(&[("CEP_EVENTS__WEBHOOK_URL", "https://hooks.example.com/cep")]);
        assert_eq!(
            ok.unwrap().events.webhook_url.as_deref(),
            Some("https://hooks.example.com/cep")
        );
    }

    #[test]
    fn an_unbounded_queue_or_endless_retries_are_refused() {
        assert_eq!(
            load_env(&[("CEP_EVENTS__QUEUE_SIZE", "0")])
                .unwrap_err()
                .key,
            "events.queue_size"
        );
        assert_eq!(
            load_env(&[("CEP_EVENTS__MAX_ATTEMPTS", "0")])
                .unwrap_err()
                .key,
            "events.max_attempts"
        );
    }
}
