//! Parses a Statuspage `/api/v2/summary.json` into what the page needs. Pure: the
//! caller supplies the bytes and the time they were fetched.

use serde::Deserialize;
use time::OffsetDateTime;

/// At most this many incidents or components are kept; a page needs only the first few.
pub(super) const MAX_ITEMS: usize = 5;
/// Names longer than this are cut; they come from a third party.
const MAX_NAME_CHARS: usize = 200;

/// The last good reading of one status page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusSnapshot {
    pub fetched_at: OffsetDateTime,
    pub incidents: Vec<Incident>,
    /// Counted components whose status is not `operational`.
    pub degraded: Vec<DegradedComponent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub name: String,
    /// The latest status: `investigating`, `identified`, `monitoring`.
    pub status: String,
    /// The incident's page on the polled status page's own host; never a host the
    /// upstream names.
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DegradedComponent {
    pub name: String,
    /// `degraded_performance`, `partial_outage`, `major_outage`, `under_maintenance`.
    pub status: String,
}

impl StatusSnapshot {
    /// A reading from a feed that reports incidents only, no component states.
    pub fn of_incidents(fetched_at: OffsetDateTime, incidents: Vec<Incident>) -> Self {
        Self {
            fetched_at,
            incidents,
            degraded: Vec::new(),
        }
    }

    pub fn all_operational(&self) -> bool {
        self.incidents.is_empty() && self.degraded.is_empty()
    }
}

/// The body is not the feed it should be; names the feed ("Statuspage summary").
#[derive(Debug, thiserror::Error)]
#[error("not a {feed}: {problem}")]
pub struct SummaryError {
    feed: &'static str,
    problem: String,
}

impl SummaryError {
    pub fn new(feed: &'static str, problem: impl ToString) -> Self {
        Self {
            feed,
            problem: problem.to_string(),
        }
    }
}

#[derive(Deserialize)]
struct RawSummary {
    components: Vec<RawComponent>,
    incidents: Vec<RawIncident>,
}

#[derive(Deserialize)]
struct RawComponent {
    id: String,
    name: String,
    status: String,
    #[serde(default)]
    group: bool,
}

#[derive(Deserialize)]
struct RawIncident {
    id: String,
    name: String,
    status: String,
    shortlink: Option<String>,
    #[serde(default)]
    components: Vec<RawIncidentComponent>,
}

#[derive(Deserialize)]
struct RawIncidentComponent {
    id: String,
    name: String,
}

/// `components` (names or ids) narrows which components and incidents count; empty
/// counts them all. An incident that names no component always counts. `own_page` is
/// the configured base that was polled: incidents link there and nowhere else.
pub fn parse_summary(
    body: &[u8],
    components: &[String],
    own_page: &str,
    fetched_at: OffsetDateTime,
) -> Result<StatusSnapshot, SummaryError> {
    let raw: RawSummary =
        serde_json::from_slice(body).map_err(|e| SummaryError::new("Statuspage summary", e))?;
    let counts = |id: &str, name: &str| {
        components.is_empty() || components.iter().any(|c| c == id || c == name)
    };
    let own_host = url::Url::parse(own_page).ok();
    let incidents = raw
        .incidents
        .into_iter()
        .filter(|i| !matches!(i.status.as_str(), "resolved" | "postmortem" | "completed"))
        .filter(|i| i.components.is_empty() || i.components.iter().any(|c| counts(&c.id, &c.name)))
        .take(MAX_ITEMS)
        .map(|i| Incident {
            url: i
                .shortlink
                .filter(|u| on_host(u, own_host.as_ref()))
                .or_else(|| incident_page(own_page, &i.id)),
            name: cap(&i.name),
            status: cap(&i.status),
        })
        .collect();
    let degraded = raw
        .components
        .into_iter()
        .filter(|c| !c.group && c.status != "operational" && counts(&c.id, &c.name))
        .take(MAX_ITEMS)
        .map(|c| DegradedComponent {
            name: cap(&c.name),
            status: cap(&c.status),
        })
        .collect();
    Ok(StatusSnapshot {
        fetched_at,
        incidents,
        degraded,
    })
}

/// Whether `value` is on the scheme, host and port of the polled page `own_page`.
pub(super) fn on_own_page(value: &str, own_page: &str) -> bool {
    on_host(value, url::Url::parse(own_page).ok().as_ref())
}

/// A link from the upstream is kept only on the polled page's own scheme, host and port.
fn on_host(value: &str, own: Option<&url::Url>) -> bool {
    let Some(own) = own else { return false };
    url::Url::parse(value).is_ok_and(|u| {
        matches!(u.scheme(), "https" | "http")
            && u.origin() == own.origin()
            && u.username().is_empty()
            && u.password().is_none()
    })
}

/// `<own page>/incidents/<id>`, the Statuspage address of an incident, for a plain id.
fn incident_page(own_page: &str, id: &str) -> Option<String> {
    let plain = !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric());
    plain.then(|| format!("{}/incidents/{id}", own_page.trim_end_matches('/')))
}

pub(super) fn cap(text: &str) -> String {
    crate::diagnosis::query::clean_text(text, MAX_NAME_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: OffsetDateTime = time::macros::datetime!(2026-11-25 13:20 UTC);
    const OWN: &str = "https://status.example.com";

    fn parse_summary(
        body: &[u8],
        components: &[String],
        fetched_at: OffsetDateTime,
    ) -> Result<StatusSnapshot, SummaryError> {
        super::parse_summary(body, components, OWN, fetched_at)
    }

    fn summary(components: &str, incidents: &str) -> String {
        format!(
            r#"{{"page":{{"id":"p1","name":"Example","url":"https://status.example.com","updated_at":"2026-11-25T13:00:00Z"}},
               "status":{{"indicator":"none","description":"All Systems Operational"}},
               "components":[{components}],"incidents":[{incidents}],"scheduled_maintenances":[]}}"#
        )
    }

    const API_UP: &str = r#"{"id":"c1","name":"API","status":"operational","group":false}"#;
    const LOGIN_DOWN: &str = r#"{"id":"c2","name":"Login","status":"major_outage","group":false}"#;

    #[test]
    fn an_all_operational_page_has_nothing_to_report() {
        let snapshot = parse_summary(summary(API_UP, "").as_bytes(), &[], NOW).unwrap();
        assert!(snapshot.all_operational());
        assert_eq!(snapshot.fetched_at, NOW);
    }

    fn incident_url(id: &str, shortlink: &str) -> Option<String> {
        let incident = format!(
            r#"{{"id":"{id}","name":"Slow","status":"investigating","shortlink":"{shortlink}"}}"#
        );
        let snapshot = parse_summary(summary(API_UP, &incident).as_bytes(), &[], NOW).unwrap();
        snapshot.incidents[0].url.clone()
    }

    #[test]
    fn an_unresolved_incident_keeps_its_name_status_and_a_link_on_the_polled_page() {
        let incident = r#"{"id":"i1","name":"Elevated login errors","status":"identified","impact":"major",
            "shortlink":"https://status.example.com/incidents/i1?u=1","incident_updates":[{"status":"identified","body":"x"}],"components":[]}"#;
        let snapshot = parse_summary(summary(API_UP, incident).as_bytes(), &[], NOW).unwrap();
        assert_eq!(
            snapshot.incidents,
            vec![Incident {
                name: "Elevated login errors".into(),
                status: "identified".into(),
                url: Some("https://status.example.com/incidents/i1?u=1".into()),
            }]
        );
    }

    #[test]
    fn a_link_to_any_other_host_is_replaced_by_the_incident_page_on_the_polled_host() {
        for foreign in [
            "https://stspg.io/abc",
            "https://evil.example/phish",
            "http://169.254.169.254/latest/meta-data",
            "https://status.example.com.evil.example/x",
            "https://status.example.com@evil.example/x",
            "https://user@status.example.com/x",
            "http://status.example.com/x",
            "https://status.example.com:8443/x",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                incident_url("i9", foreign).as_deref(),
                Some("https://status.example.com/incidents/i9"),
                "{foreign}"
            );
        }
    }

    #[test]
    fn an_incident_id_that_is_not_plain_gets_no_link_of_its_own() {
        assert_eq!(incident_url("../../admin", "https://evil.example/x"), None);
        assert_eq!(incident_url("i9?x=1", ""), None);
    }

    #[test]
    fn the_page_url_the_upstream_names_is_not_used() {
        // summary() names https://status.example.com; a different polled page wins.
        let incident = r#"{"id":"i3","name":"Slow","status":"investigating","shortlink":null}"#;
        let body = summary(API_UP, incident);
        let snapshot =
            super::parse_summary(body.as_bytes(), &[], "https://www.githubstatus.com/", NOW)
                .unwrap();
        assert_eq!(
            snapshot.incidents[0].url.as_deref(),
            Some("https://www.githubstatus.com/incidents/i3")
        );
    }

    #[test]
    fn only_listed_components_count_when_a_list_is_given() {
        let components = format!("{API_UP},{LOGIN_DOWN}");
        let body = summary(&components, "");
        let all = parse_summary(body.as_bytes(), &[], NOW).unwrap();
        assert_eq!(all.degraded[0].name, "Login");
        assert_eq!(all.degraded[0].status, "major_outage");
        let narrowed = parse_summary(body.as_bytes(), &["API".into()], NOW).unwrap();
        assert!(narrowed.all_operational());
        let by_id = parse_summary(body.as_bytes(), &["c2".into()], NOW).unwrap();
        assert_eq!(by_id.degraded.len(), 1);
    }

    #[test]
    fn an_incident_on_an_unlisted_component_does_not_count() {
        let incident = r#"{"id":"i2","name":"Billing delays","status":"monitoring","shortlink":null,
            "components":[{"id":"c3","name":"Billing"}]}"#;
        let body = summary(API_UP, incident);
        assert!(
            parse_summary(body.as_bytes(), &["API".into()], NOW)
                .unwrap()
                .all_operational()
        );
        assert_eq!(
            parse_summary(body.as_bytes(), &[], NOW)
                .unwrap()
                .incidents
                .len(),
            1
        );
    }

    #[test]
    fn garbage_and_truncated_bodies_are_errors_not_empty_snapshots() {
        assert!(parse_summary(b"<html>Bad gateway</html>", &[], NOW).is_err());
        let body = summary(LOGIN_DOWN, "");
        assert!(parse_summary(&body.as_bytes()[..body.len() / 2], &[], NOW).is_err());
        assert!(parse_summary(b"{}", &[], NOW).is_err());
    }
}
