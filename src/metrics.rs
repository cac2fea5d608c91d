//! Prometheus metrics: renders by category, code, provider family and connection,
//! request durations, the health of each status poller, and event delivery. Labels are
//! bounded: codes come from the catalog (anything else is `unrecognised`), connections
//! from the operator's overrides (anything else is `other`), routes from the route table.

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
/// The connection label of a render whose `connection_name` the operator did not configure.
pub const OTHER_CONNECTION: &str = "other";
/// The connection label of a render without a `connection_name`.
pub const NO_CONNECTION: &str = "none";

/// The labels one render is counted under; see `Metrics::render_labels`.
#[derive(Debug, Clone, Default, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RenderLabels {
    category: &'static str,
    code: String,
    family: String,
    connection: String,
    restart_link: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DroppedLabels {
    reason: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReloadLabels {
    result: &'static str,
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
    events_sent: Counter,
    events_dropped: Family<DroppedLabels, Counter>,
    config_reloads: Family<ReloadLabels, Counter>,
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
        let events_sent = Counter::default();
        registry.register(
            "events_sent",
            "Page events the webhook receiver accepted",
            events_sent.clone(),
        );
        let events_dropped = Family::<DroppedLabels, Counter>::default();
        registry.register(
            "events_dropped",
            "Page events given up on: queue_full, or undeliverable after every retry",
            events_dropped.clone(),
        );
        registry.register(
            "log_lines_dropped",
            "Log lines dropped because the log writer fell behind",
            crate::log_writer::DROPPED_LINES.clone(),
        );
        for reason in [DROPPED_QUEUE_FULL, DROPPED_UNDELIVERABLE] {
            let _ = events_dropped.get_or_create_owned(&DroppedLabels { reason });
        }
        let config_reloads = Family::<ReloadLabels, Counter>::default();
        registry.register(
            "config_reloads",
            "Configuration reloads on SIGHUP, by result: ok, or refused as invalid",
            config_reloads.clone(),
        );
        for result in ["ok", "refused"] {
            let _ = config_reloads.get_or_create_owned(&ReloadLabels { result });
        }
        Self {
            registry,
            config_reloads,
            renders,
            request_duration,
            status_last_success,
            status_failures,
            events_sent,
            events_dropped,
        }
    }

    pub fn config_reloaded(&self, ok: bool) {
        let result = if ok { "ok" } else { "refused" };
        self.config_reloads
            .get_or_create(&ReloadLabels { result })
            .inc();
    }

    /// `connection` must already be bounded: see `connection_label`.
    pub fn count_render(&self, diagnosis: &Diagnosis, connection: &str, restart_link: bool) {
        let labels = Self::render_labels(diagnosis, connection, restart_link);
        self.renders.get_or_create(&labels).inc();
    }

    /// The labels `count_render` counts under.
    pub fn render_labels(
        diagnosis: &Diagnosis,
        connection: &str,
        restart_link: bool,
    ) -> RenderLabels {
        let code = if diagnosis.recognised {
            diagnosis.entry.code.clone()
        } else {
            UNRECOGNISED.to_owned()
        };
        RenderLabels {
            category: diagnosis.entry.category.as_str(),
            code,
            family: diagnosis.entry.family.clone(),
            connection: connection.to_owned(),
            restart_link: if restart_link { "offered" } else { "none" },
        }
    }

    /// The counter of renders under `labels`, to keep with a cached page: counting the
    /// next render is then one atomic add, without hashing the labels again.
    pub fn render_counter(&self, labels: &RenderLabels) -> Counter {
        self.renders.get_or_create(labels).clone()
    }

    pub fn event_sent(&self) {
        self.events_sent.inc();
    }

    /// `reason` is `DROPPED_QUEUE_FULL` or `DROPPED_UNDELIVERABLE`.
    pub fn event_dropped(&self, reason: &'static str) {
        self.events_dropped
            .get_or_create(&DroppedLabels { reason })
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

pub const DROPPED_QUEUE_FULL: &str = "queue_full";
pub const DROPPED_UNDELIVERABLE: &str = "undeliverable";

/// The connection label: a name the operator configured, or one value for all others.
pub fn connection_label(name: Option<&str>, configured: impl Fn(&str) -> bool) -> &str {
    match name {
        None => NO_CONNECTION,
        Some(name) if configured(name) => name,
        Some(_) => OTHER_CONNECTION,
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
            metrics.count_render(&diagnose(&query, &catalog), NO_CONNECTION, false);
        }
        let text = metrics.render();
        assert!(
            text.contains(r#"cep_page_renders_total{category="unknown",code="unrecognised",family="platform",connection="none",restart_link="none"} 2"#),
            "{text}"
        );
        assert!(
            text.contains(r#"code="access_denied",family="standards""#),
            "{text}"
        );
        assert!(!text.contains("made_up"));
    }

    #[test]
    fn only_configured_connection_names_become_labels() {
        let configured = |name: &str| name == "jira";
        assert_eq!(connection_label(Some("jira"), configured), "jira");
        assert_eq!(
            connection_label(Some("made-up-42"), configured),
            OTHER_CONNECTION
        );
        assert_eq!(connection_label(None, configured), NO_CONNECTION);
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
