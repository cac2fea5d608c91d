//! The status feeds providers really publish, each an adapter from its JSON to the same
//! `StatusSnapshot`. Pure: the poller supplies the bytes and the time they were fetched.

mod google_workspace;
mod incident_io;
mod instatus;
mod slack;

use serde::Deserialize;
use time::OffsetDateTime;

use super::summary::{StatusSnapshot, SummaryError, on_own_page, parse_summary};

/// Which API a status page speaks; `providers.toml` names one per catalog family.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feed {
    /// Atlassian Statuspage: `/api/v2/summary.json`.
    #[default]
    Statuspage,
    /// Slack's own status API: `/api/v2.0.0/current`.
    Slack,
    /// Google Workspace's dashboard: `/appsstatus/dashboard/incidents.json`.
    GoogleWorkspace,
    /// An incident.io status page: `/proxy/<host>`.
    IncidentIo,
    /// An Instatus page: `/summary.json`.
    Instatus,
    /// No machine-readable feed: the page is linked, never polled.
    None,
}

/// A real Statuspage summary is tens of kilobytes; anything past this is refused.
pub const MAX_BYTES: usize = 1024 * 1024;
/// Google's feed carries a year of incidents with every update's text.
const MAX_GOOGLE_BYTES: usize = 8 * 1024 * 1024;

impl Feed {
    pub fn as_str(self) -> &'static str {
        match self {
            Feed::Statuspage => "statuspage",
            Feed::Slack => "slack",
            Feed::GoogleWorkspace => "google_workspace",
            Feed::IncidentIo => "incident_io",
            Feed::Instatus => "instatus",
            Feed::None => "none",
        }
    }

    /// The URL to poll, from the page's base URL (no trailing slash).
    pub fn url(self, base: &str) -> String {
        match self {
            Feed::Statuspage | Feed::None => format!("{base}/api/v2/summary.json"),
            Feed::Slack => format!("{base}/api/v2.0.0/current"),
            Feed::GoogleWorkspace => format!("{base}/appsstatus/dashboard/incidents.json"),
            Feed::IncidentIo => {
                let host = url::Url::parse(base)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                    .unwrap_or_default();
                format!("{base}/proxy/{host}")
            }
            Feed::Instatus => format!("{base}/summary.json"),
        }
    }

    /// Bodies past this are refused from `Content-Length` or cut off while reading.
    pub fn max_bytes(self) -> usize {
        match self {
            Feed::GoogleWorkspace => MAX_GOOGLE_BYTES,
            _ => MAX_BYTES,
        }
    }

    /// `components` (names or ids; Google's product names, Slack's services) narrows
    /// what counts; empty counts everything. `base` builds links the feed leaves relative.
    pub fn parse(
        self,
        body: &[u8],
        base: &str,
        components: &[String],
        fetched_at: OffsetDateTime,
    ) -> Result<StatusSnapshot, SummaryError> {
        let mut snapshot = match self {
            Feed::Statuspage | Feed::None => parse_summary(body, components, base, fetched_at),
            Feed::Slack => slack::parse(body, components, fetched_at),
            Feed::GoogleWorkspace => google_workspace::parse(body, base, components, fetched_at),
            Feed::IncidentIo => incident_io::parse(body, base, components, fetched_at),
            Feed::Instatus => instatus::parse(body, fetched_at),
        }?;
        // Whatever the feed, an incident links only to the status page's own host.
        for incident in &mut snapshot.incidents {
            incident.url = incident.url.take().filter(|u| on_own_page(u, base));
        }
        Ok(snapshot)
    }
}

/// Whether an item tagged with `tags` counts under the configured `components`.
/// Untagged items always count: the feed did not say they are elsewhere.
fn counts(components: &[String], tags: &[&str]) -> bool {
    components.is_empty()
        || tags.is_empty()
        || tags.iter().any(|t| components.iter().any(|c| c == t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_feed_is_polled_at_its_documented_path() {
        for (feed, page, polled) in [
            (
                Feed::Slack,
                "https://slack-status.com",
                "https://slack-status.com/api/v2.0.0/current",
            ),
            (
                Feed::GoogleWorkspace,
                "https://www.google.com",
                "https://www.google.com/appsstatus/dashboard/incidents.json",
            ),
            (
                Feed::IncidentIo,
                "https://status.openai.com",
                "https://status.openai.com/proxy/status.openai.com",
            ),
            (
                Feed::Instatus,
                "https://status.example.com",
                "https://status.example.com/summary.json",
            ),
            (
                Feed::Statuspage,
                "https://www.githubstatus.com",
                "https://www.githubstatus.com/api/v2/summary.json",
            ),
        ] {
            assert_eq!(feed.url(page), polled);
        }
    }

    #[test]
    fn untagged_items_count_and_tagged_ones_only_when_listed() {
        let listed = ["Gmail".to_owned()];
        assert!(counts(&listed, &[]));
        assert!(counts(&listed, &["Gmail", "Google Chat"]));
        assert!(!counts(&listed, &["Google Chat"]));
        assert!(counts(&[], &["Google Chat"]));
    }
}
