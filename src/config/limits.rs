//! `[limits]`: how many connections the server holds, and how long a client may take.

use std::time::Duration;

use serde::Deserialize;

use super::ConfigError;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLimits {
    pub max_connections: usize,
    pub request_timeout_ms: u64,
    pub body_timeout_ms: u64,
    pub disconnect_timeout_ms: u64,
}

/// Bounds on what one client, or many, can hold of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections across all workers; past it new ones wait in the listen backlog.
    pub max_connections: usize,
    /// A request head must arrive within this.
    pub request_timeout: Duration,
    /// A request body must arrive within this, or the request gets a 408.
    pub body_timeout: Duration,
    /// After the response, how long a closing client gets before the socket is dropped.
    pub disconnect_timeout: Duration,
}

pub(super) fn connection_limits(raw: &RawLimits) -> Result<ConnectionLimits, ConfigError> {
    if !(1..=1_000_000).contains(&raw.max_connections) {
        return Err(ConfigError::new(
            "limits.max_connections",
            format!("{} is outside 1..=1000000", raw.max_connections),
            "use a count below the open-file limit (LimitNOFILE), e.g. 512 (the default)",
        ));
    }
    Ok(ConnectionLimits {
        max_connections: raw.max_connections,
        request_timeout: millis("limits.request_timeout_ms", raw.request_timeout_ms)?,
        body_timeout: millis("limits.body_timeout_ms", raw.body_timeout_ms)?,
        disconnect_timeout: millis("limits.disconnect_timeout_ms", raw.disconnect_timeout_ms)?,
    })
}

/// A timeout of 1 ms to 10 minutes; 0 would switch the bound off.
fn millis(key: &str, value: u64) -> Result<Duration, ConfigError> {
    if !(1..=600_000).contains(&value) {
        return Err(ConfigError::new(
            key,
            format!("{value} is outside 1..=600000"),
            "use a timeout in milliseconds; the defaults are in the README's configuration table",
        ));
    }
    Ok(Duration::from_millis(value))
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::config::tests::load_env;

    #[test]
    fn defaults_bound_connections_and_slow_clients() {
        let limits = Settings::defaults().limits;
        assert_eq!(limits.max_connections, 512);
        assert_eq!(limits.request_timeout.as_millis(), 5000);
        assert_eq!(limits.body_timeout.as_millis(), 5000);
        assert_eq!(limits.disconnect_timeout.as_millis(), 1000);
    }

    #[test]
    fn zero_connections_is_refused_with_the_key() {
        let err = load_env(&[("CEP_LIMITS__MAX_CONNECTIONS", "0")]).unwrap_err();
        assert_eq!(err.key, "limits.max_connections");
        assert!(err.fix.contains("LimitNOFILE"), "{err}");
    }

    #[test]
    fn a_zero_body_timeout_is_refused_with_the_key() {
        let err = load_env(&[("CEP_LIMITS__BODY_TIMEOUT_MS", "0")]).unwrap_err();
        assert_eq!(err.key, "limits.body_timeout_ms");
    }

    #[test]
    fn limits_come_from_the_environment() {
        let limits = load_env(&[
            ("CEP_LIMITS__MAX_CONNECTIONS", "64"),
            ("CEP_LIMITS__BODY_TIMEOUT_MS", "1500"),
        ])
        .unwrap()
        .limits;
        assert_eq!(limits.max_connections, 64);
        assert_eq!(limits.body_timeout.as_millis(), 1500);
    }
}
