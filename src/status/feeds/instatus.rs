//! An Instatus page, `GET /summary.json`: `{page: {name, url, status}, activeIncidents: [...]}`
//! with upper-case statuses (`INVESTIGATING`) and no component per incident.

use serde::Deserialize;
use time::OffsetDateTime;

use crate::status::summary::{Incident, MAX_ITEMS, StatusSnapshot, SummaryError, cap};

const FEED: &str = "Instatus summary";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawSummary {
    page: RawPage,
    #[serde(default)]
    active_incidents: Vec<RawIncident>,
}

#[derive(Deserialize)]
struct RawPage {
    status: String,
}

#[derive(Deserialize)]
struct RawIncident {
    name: String,
    status: String,
    url: Option<String>,
}

pub(super) fn parse(
    body: &[u8],
    fetched_at: OffsetDateTime,
) -> Result<StatusSnapshot, SummaryError> {
    let raw: RawSummary = serde_json::from_slice(body).map_err(|e| SummaryError::new(FEED, e))?;
    if !matches!(
        raw.page.status.as_str(),
        "UP" | "HASISSUES" | "UNDERMAINTENANCE"
    ) {
        return Err(SummaryError::new(
            FEED,
            format!("unknown page status `{}`", cap(&raw.page.status)),
        ));
    }
    let incidents = raw
        .active_incidents
        .into_iter()
        .filter(|i| !matches!(i.status.as_str(), "RESOLVED"))
        .take(MAX_ITEMS)
        .map(|i| Incident {
            name: cap(&i.name),
            status: cap(&i.status.to_lowercase()),
            url: i.url,
        })
        .collect();
    Ok(StatusSnapshot::of_incidents(fetched_at, incidents))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: OffsetDateTime = time::macros::datetime!(2026-12-01 01:00 UTC);

    #[test]
    fn an_active_incident_reads_in_lower_case_with_its_link() {
        let body = r#"{"page":{"name":"Example","url":"https://example.instatus.com","status":"HASISSUES"},
            "activeIncidents":[{"id":"ckx1","name":"Webhooks delayed","started":"2026-12-01T00:30:00.000Z",
            "status":"INVESTIGATING","impact":"MAJOROUTAGE","url":"https://example.instatus.com/ckx1"}],
            "activeMaintenances":[]}"#;
        let snapshot = parse(body.as_bytes(), NOW).unwrap();
        assert_eq!(
            snapshot.incidents,
            vec![Incident {
                name: "Webhooks delayed".into(),
                status: "investigating".into(),
                url: Some("https://example.instatus.com/ckx1".into()),
            }]
        );
    }

    #[test]
    fn an_up_page_is_all_clear_and_garbage_is_an_error() {
        let up =
            r#"{"page":{"name":"Example","url":"https://example.instatus.com","status":"UP"}}"#;
        assert!(parse(up.as_bytes(), NOW).unwrap().all_operational());
        assert!(parse(br#"{"page":{"status":"MAYBE"}}"#, NOW).is_err());
        assert!(parse(b"[]", NOW).is_err());
    }
}
