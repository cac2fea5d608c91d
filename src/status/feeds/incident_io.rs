//! An incident.io status page, `GET /proxy/<host>`: `{summary: {components, affected_components,
//! ongoing_incidents}}`. Components are named once and referenced by `component_id`.

use std::collections::HashMap;

use serde::Deserialize;
use time::OffsetDateTime;

use super::counts;
use crate::status::summary::{
    DegradedComponent, Incident, MAX_ITEMS, StatusSnapshot, SummaryError, cap, on_own_page,
};

const FEED: &str = "incident.io status page";

#[derive(Deserialize)]
struct RawProxy {
    summary: RawSummary,
}

#[derive(Deserialize)]
struct RawSummary {
    public_url: Option<String>,
    #[serde(default)]
    components: Vec<RawComponent>,
    #[serde(default)]
    affected_components: Vec<RawAffected>,
    ongoing_incidents: Vec<RawIncident>,
}

#[derive(Deserialize)]
struct RawComponent {
    id: String,
    name: String,
}

#[derive(Deserialize)]
struct RawAffected {
    component_id: String,
    status: String,
}

#[derive(Deserialize)]
struct RawIncident {
    id: String,
    name: String,
    status: String,
    url: Option<String>,
    #[serde(default)]
    affected_components: Vec<RawAffectedRef>,
}

#[derive(Deserialize)]
struct RawAffectedRef {
    component_id: String,
}

pub(super) fn parse(
    body: &[u8],
    base: &str,
    components: &[String],
    fetched_at: OffsetDateTime,
) -> Result<StatusSnapshot, SummaryError> {
    let raw: RawProxy = serde_json::from_slice(body).map_err(|e| SummaryError::new(FEED, e))?;
    let summary = raw.summary;
    let names: HashMap<&str, &str> = summary
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.name.as_str()))
        .collect();
    // An id and its name both count as the component's tags.
    let tags = |id: &'_ str| -> Vec<String> {
        let mut tags = vec![id.to_owned()];
        tags.extend(names.get(id).map(|n| (*n).to_owned()));
        tags
    };
    let page = summary
        .public_url
        .filter(|u| on_own_page(u, base))
        .unwrap_or_else(|| base.to_owned());
    let incidents = summary
        .ongoing_incidents
        .iter()
        .filter(|i| {
            let all: Vec<String> = i
                .affected_components
                .iter()
                .flat_map(|c| tags(&c.component_id))
                .collect();
            counts(
                components,
                &all.iter().map(String::as_str).collect::<Vec<_>>(),
            )
        })
        .take(MAX_ITEMS)
        .map(|i| Incident {
            name: cap(&i.name),
            status: cap(&i.status),
            url: i
                .url
                .clone()
                // Off the page's host, the incident's own page there stands in.
                .filter(|u| on_own_page(u, base))
                .or_else(|| Some(format!("{}/incidents/{}", page.trim_end_matches('/'), i.id))),
        })
        .collect();
    let degraded = summary
        .affected_components
        .iter()
        .filter(|c| c.status != "operational")
        .filter(|c| {
            let all = tags(&c.component_id);
            counts(
                components,
                &all.iter().map(String::as_str).collect::<Vec<_>>(),
            )
        })
        .take(MAX_ITEMS)
        .map(|c| DegradedComponent {
            name: cap(names
                .get(c.component_id.as_str())
                .copied()
                .unwrap_or("Component")),
            status: cap(&c.status),
        })
        .collect();
    Ok(StatusSnapshot {
        fetched_at,
        incidents,
        degraded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: OffsetDateTime = time::macros::datetime!(2026-12-01 01:00 UTC);
    const BASE: &str = "https://status.example.com";

    const BODY: &str = r#"{"summary":{"id":"01H","name":"Example","public_url":"https://status.example.com",
        "components":[{"id":"c-api","name":"API"},{"id":"c-login","name":"Login"}],
        "affected_components":[{"component_id":"c-login","status":"partial_outage"}],
        "ongoing_incidents":[{"id":"01J9","name":"Elevated login errors","status":"identified",
            "current_worst_impact":"partial_outage","affected_components":[{"component_id":"c-login"}]}],
        "in_progress_maintenances":[],"scheduled_maintenances":[]}}"#;

    #[test]
    fn ongoing_incidents_and_affected_components_are_named_from_the_component_list() {
        let snapshot = parse(BODY.as_bytes(), BASE, &[], NOW).unwrap();
        assert_eq!(snapshot.incidents[0].name, "Elevated login errors");
        assert_eq!(
            snapshot.incidents[0].url.as_deref(),
            Some("https://status.example.com/incidents/01J9")
        );
        assert_eq!(snapshot.degraded[0].name, "Login");
        assert_eq!(snapshot.degraded[0].status, "partial_outage");
        let api_only = ["API".to_owned()];
        assert!(
            parse(BODY.as_bytes(), BASE, &api_only, NOW)
                .unwrap()
                .all_operational()
        );
    }

    #[test]
    fn a_link_off_the_polled_host_gives_way_to_the_incident_page_on_it() {
        let elsewhere = BODY
            .replace(
                r#""public_url":"https://status.example.com""#,
                r#""public_url":"https://evil.example""#,
            )
            .replace(
                r#""name":"Elevated login errors","#,
                r#""name":"Elevated login errors","url":"https://evil.example/x","#,
            );
        let snapshot = parse(elsewhere.as_bytes(), BASE, &[], NOW).unwrap();
        assert_eq!(
            snapshot.incidents[0].url.as_deref(),
            Some("https://status.example.com/incidents/01J9")
        );
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse(b"{}", BASE, &[], NOW).is_err());
        assert!(parse(br#"{"summary":{}}"#, BASE, &[], NOW).is_err());
    }
}
