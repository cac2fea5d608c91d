//! What the page and the JSON may claim about a status page, given its last snapshot
//! and the time now. Pure.

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use super::summary::StatusSnapshot;

/// Older than this, a snapshot supports no claim: the page shows the link alone.
pub const STALE_AFTER: Duration = Duration::minutes(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusState {
    /// An unresolved incident or a counted component that is not operational.
    Incident,
    Operational,
    /// Never fetched, or stale: no claim.
    Unknown,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReportedIssue {
    pub name: String,
    /// Latest status, for people: "Identified", "Major outage".
    pub status: String,
    pub url: String,
}

/// One status page as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// `None` for our own status page; the provider's name otherwise.
    pub provider: Option<String>,
    pub page_url: String,
    pub state: StatusState,
    /// `HH:MM UTC` of the snapshot behind a claim.
    pub as_of: Option<String>,
    pub incidents: Vec<ReportedIssue>,
    pub components: Vec<ReportedIssue>,
}

impl StatusReport {
    pub fn new(
        provider: Option<&str>,
        page_url: &str,
        snapshot: Option<&StatusSnapshot>,
        now: OffsetDateTime,
    ) -> Self {
        let fresh = snapshot.filter(|s| now - s.fetched_at <= STALE_AFTER);
        let state = match fresh {
            None => StatusState::Unknown,
            Some(s) if s.all_operational() => StatusState::Operational,
            Some(_) => StatusState::Incident,
        };
        let incidents = fresh
            .map(|s| {
                s.incidents
                    .iter()
                    .map(|i| ReportedIssue {
                        name: i.name.clone(),
                        status: for_people(&i.status),
                        url: i.url.clone().unwrap_or_else(|| page_url.to_owned()),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let components = fresh
            .map(|s| {
                s.degraded
                    .iter()
                    .map(|c| ReportedIssue {
                        name: c.name.clone(),
                        status: for_people(&c.status),
                        url: page_url.to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            provider: provider.map(str::to_owned),
            page_url: page_url.to_owned(),
            state,
            as_of: fresh.map(|s| hh_mm_utc(s.fetched_at)),
            incidents,
            components,
        }
    }

    pub fn has_incident(&self) -> bool {
        self.state == StatusState::Incident
    }

    pub fn is_operational(&self) -> bool {
        self.state == StatusState::Operational
    }
}

/// `partial_outage` -> `Partial outage`.
fn for_people(status: &str) -> String {
    let spaced = status.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

fn hh_mm_utc(at: OffsetDateTime) -> String {
    format!("{:02}:{:02} UTC", at.hour(), at.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::summary::{DegradedComponent, Incident};

    const FETCHED: OffsetDateTime = time::macros::datetime!(2026-11-25 13:07:45 UTC);
    const PAGE: &str = "https://status.example.com";

    fn snapshot(incidents: Vec<Incident>) -> StatusSnapshot {
        StatusSnapshot {
            fetched_at: FETCHED,
            incidents,
            degraded: vec![],
        }
    }

    #[test]
    fn a_fresh_quiet_snapshot_is_operational_as_of_its_time() {
        let report = StatusReport::new(
            None,
            PAGE,
            Some(&snapshot(vec![])),
            FETCHED + Duration::minutes(3),
        );
        assert_eq!(report.state, StatusState::Operational);
        assert_eq!(report.as_of.as_deref(), Some("13:07 UTC"));
    }

    #[test]
    fn a_snapshot_older_than_ten_minutes_supports_no_claim() {
        let incident = Incident {
            name: "Outage".into(),
            status: "investigating".into(),
            url: None,
        };
        let old = snapshot(vec![incident]);
        let at_ten = StatusReport::new(None, PAGE, Some(&old), FETCHED + STALE_AFTER);
        assert_eq!(at_ten.state, StatusState::Incident);
        let stale = StatusReport::new(
            None,
            PAGE,
            Some(&old),
            FETCHED + STALE_AFTER + Duration::seconds(1),
        );
        assert_eq!(stale.state, StatusState::Unknown);
        assert!(stale.incidents.is_empty());
        assert_eq!(stale.as_of, None);
    }

    #[test]
    fn never_fetched_supports_no_claim() {
        let report = StatusReport::new(Some("GitHub"), PAGE, None, FETCHED);
        assert_eq!(report.state, StatusState::Unknown);
        assert_eq!(report.provider.as_deref(), Some("GitHub"));
    }

    #[test]
    fn incidents_and_outages_read_for_people_and_always_have_a_link() {
        let mut s = snapshot(vec![Incident {
            name: "Login errors".into(),
            status: "identified".into(),
            url: None,
        }]);
        s.degraded.push(DegradedComponent {
            name: "API".into(),
            status: "partial_outage".into(),
        });
        let report = StatusReport::new(None, PAGE, Some(&s), FETCHED);
        assert_eq!(report.incidents[0].status, "Identified");
        assert_eq!(report.incidents[0].url, PAGE);
        assert_eq!(report.components[0].status, "Partial outage");
        assert!(report.has_incident());
    }
}
