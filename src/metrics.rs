//! Prometheus metrics: renders by category and code, request durations, and the
//! health of each status poller. Labels are bounded: codes come from the catalog
//! (anything else is `unrecognised`), routes from the route table.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::diagnosis::Diagnosis;

pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// The code label of a render whose code is not in the catalog.
pub const UNRECOGNISED: &str = "unrecognised";

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RenderLabels {
    category: &'static str,
    code: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    status: u16,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct UpstreamLabels {
    upstream: String,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

pub struct Metrics {
    registry: Registry,
    renders: Family<RenderLabels, Counter>,
    request_duration: HistogramFamily,
    status_last_success: Family<UpstreamLabels, Gauge>,
    status_failures: Family<UpstreamLabels, Gauge>,
}

/// One poller's view of its own health, updated after every poll.
#[derive(Clone)]
pub struct PollerHealth {
    last_success: Gauge,
    consecutive_failures: Gauge,
}

impl PollerHealth {
    pub fn succeeded(&self, unix_seconds: i64) {
        self.last_success.set(unix_seconds);
        self.consecutive_failures.set(0);
    }

    /// Returns the number of failures in a row, this one included.
    pub fn failed(&self) -> i64 {
        self.consecutive_failures.inc() + 1
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("cep");
        let renders = Family::<RenderLabels, Counter>::default();
        registry.register(
            "page_renders",
            "Error pages rendered (HTML or JSON), by diagnosed category and code",
            renders.clone(),
        );
        let request_duration: HistogramFamily =
            Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.0005, 2.0, 14)));
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route pattern and HTTP status",
            request_duration.clone(),
        );
        let status_last_success = Family::<UpstreamLabels, Gauge>::default();
        registry.register(
            "status_last_success_timestamp_seconds",
            "Unix time of the last good status page reading, 0 if none yet",
            status_last_success.clone(),
        );
        let status_failures = Family::<UpstreamLabels, Gauge>::default();
        registry.register(
            "status_consecutive_failures",
            "Status page polls that failed in a row",
            status_failures.clone(),
        );
        Self {
            registry,
            renders,
            request_duration,
            status_last_success,
            status_failures,
        }
    }

    pub fn count_render(&self, diagnosis: &Diagnosis) {
        let code = if diagnosis.recognised {
            diagnosis.entry.code.clone()
        } else {
            UNRECOGNISED.to_owned()
        };
        self.renders
            .get_or_create(&RenderLabels {
                category: diagnosis.entry.category.as_str(),
                code,
            })
            .inc();
    }

    /// `route` is the matched route pattern, or `unmatched`; `status` the HTTP status sent.
    pub fn observe_request(&self, route: &str, status: u16, seconds: f64) {
        self.request_duration
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
                status,
            })
            .observe(seconds);
    }

    /// The health gauges of one upstream (`platform` or a provider family), created at zero.
    pub fn poller_health(&self, upstream: &str) -> PollerHealth {
        let labels = UpstreamLabels {
            upstream: upstream.to_owned(),
        };
        PollerHealth {
            last_success: self.status_last_success.get_or_create_owned(&labels),
            consecutive_failures: self.status_failures.get_or_create_owned(&labels),
        }
    }

    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut text, &self.registry);
        text
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::{CallbackQuery, Catalog, diagnose};

    #[test]
    fn unknown_codes_share_one_label_so_input_cannot_grow_the_series() {
        let catalog = Catalog::built_in().unwrap();
        let metrics = Metrics::new();
        for code in ["made_up_1", "made_up_2", "access_denied"] {
            let query = CallbackQuery::parse(format!("error={code}").as_bytes());
            metrics.count_render(&diagnose(&query, &catalog));
        }
        let text = metrics.render();
        assert!(
            text.contains(r#"cep_page_renders_total{category="unknown",code="unrecognised"} 2"#),
            "{text}"
        );
        assert!(text.contains(r#"code="access_denied"} 1"#), "{text}");
        assert!(!text.contains("made_up"));
    }

    #[test]
    fn poller_health_counts_failures_in_a_row_and_resets_on_success() {
        let metrics = Metrics::new();
        let health = metrics.poller_health("platform");
        assert_eq!(health.failed(), 1);
        assert_eq!(health.failed(), 2);
        assert!(
            metrics
                .render()
                .contains(r#"cep_status_consecutive_failures{upstream="platform"} 2"#)
        );
        health.succeeded(1_764_076_800);
        let text = metrics.render();
        assert!(text.contains(r#"cep_status_consecutive_failures{upstream="platform"} 0"#));
        assert!(text.contains(
            r#"cep_status_last_success_timestamp_seconds{upstream="platform"} 1764076800"#
        ));
    }
}
