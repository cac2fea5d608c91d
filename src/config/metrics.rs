//! `[metrics]`: where /metrics is served.

use std::net::SocketAddr;

use serde::Deserialize;

use super::ConfigError;
use super::values::non_empty;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMetrics {
    listen: String,
}

impl RawMetrics {
    /// `None` serves /metrics on the main listener.
    pub(super) fn validate(self) -> Result<Option<SocketAddr>, ConfigError> {
        non_empty(self.listen)
            .map(|listen| {
                listen.parse().map_err(|_| {
                    ConfigError::new(
                        "metrics.listen",
                        format!("`{listen}` is not an address and port"),
                        "use e.g. 127.0.0.1:9090, or leave it empty to serve /metrics on the main port",
                    )
                })
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use crate::config::tests::load_env;

    #[test]
    fn a_bad_metrics_address_is_named() {
        let err = load_env(&[("CEP_METRICS__LISTEN", "everywhere")]).unwrap_err();
        assert_eq!(err.key, "metrics.listen");
    }
}
