//! Google Workspace's dashboard feed, `GET /appsstatus/dashboard/incidents.json`: an array
//! of incidents, each with `external_desc`, `begin`, `end` (absent or null while ongoing),
//! `most_recent_update.status`, `affected_products[].title` and a relative `uri`.

use serde::Deserialize;
use time::OffsetDateTime;

use super::counts;
use crate::status::summary::{Incident, MAX_ITEMS, StatusSnapshot, SummaryError, cap};

const FEED: &str = "Google Workspace incidents feed";

#[derive(Deserialize)]
struct RawIncident {
    external_desc: String,
    end: Option<String>,
    status_impact: Option<String>,
    most_recent_update: Option<RawUpdate>,
    #[serde(default)]
    affected_products: Vec<RawProduct>,
    uri: Option<String>,
}

#[derive(Deserialize)]
struct RawUpdate {
    status: Option<String>,
}

#[derive(Deserialize)]
struct RawProduct {
    title: String,
    #[serde(default)]
    id: String,
}

/// `components` lists the products the connections use ("Gmail", "Google Calendar").
pub(super) fn parse(
    body: &[u8],
    base: &str,
    components: &[String],
    fetched_at: OffsetDateTime,
) -> Result<StatusSnapshot, SummaryError> {
    let raw: Vec<RawIncident> =
        serde_json::from_slice(body).map_err(|e| SummaryError::new(FEED, e))?;
    let dashboard = format!("{base}/appsstatus/dashboard/");
    let incidents = raw
        .into_iter()
        .filter(|i| i.end.as_deref().is_none_or(str::is_empty))
        .filter(|i| {
            let tags: Vec<&str> = i
                .affected_products
                .iter()
                .flat_map(|p| [p.title.as_str(), p.id.as_str()])
                .filter(|t| !t.is_empty())
                .collect();
            counts(components, &tags)
        })
        .take(MAX_ITEMS)
        .map(|i| {
            let status = i
                .most_recent_update
                .and_then(|u| u.status)
                .or(i.status_impact)
                .unwrap_or_default()
                .to_lowercase();
            Incident {
                name: cap(i.external_desc.lines().next().unwrap_or_default()),
                status: cap(&status),
                url: i
                    .uri
                    .filter(|u| !u.contains("://") && !u.starts_with('/'))
                    .map(|u| format!("{dashboard}{u}")),
            }
        })
        .collect();
    Ok(StatusSnapshot::of_incidents(fetched_at, incidents))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: OffsetDateTime = time::macros::datetime!(2026-12-01 01:00 UTC);
    const BASE: &str = "https://www.google.com";

    fn incident(end: &str, products: &str) -> String {
        format!(
            r#"{{"id":"a1B2","number":"1234","begin":"2026-12-01T00:10:00+00:00","created":"2026-12-01T00:20:00+00:00",{end}
               "modified":"2026-12-01T00:50:00+00:00","external_desc":"Users are unable to access Gmail\nMore detail.",
               "updates":[],"most_recent_update":{{"created":"2026-12-01T00:50:00+00:00","when":"2026-12-01T00:50:00+00:00",
               "text":"We are investigating.","status":"SERVICE_OUTAGE","affected_locations":[]}},
               "status_impact":"SERVICE_OUTAGE","severity":"high","service_key":"","service_name":"Multiple Products",
               "affected_products":[{products}],"uri":"incidents/a1B2"}}"#
        )
    }

    const GMAIL: &str = r#"{"title":"Gmail","id":"NNnDkY9CVd5C0j3a9hvY"}"#;

    #[test]
    fn an_ongoing_incident_is_read_with_its_first_line_status_and_dashboard_link() {
        let body = format!("[{}]", incident("", GMAIL));
        let snapshot = parse(body.as_bytes(), BASE, &[], NOW).unwrap();
        assert_eq!(
            snapshot.incidents,
            vec![Incident {
                name: "Users are unable to access Gmail".into(),
                status: "service_outage".into(),
                url: Some("https://www.google.com/appsstatus/dashboard/incidents/a1B2".into()),
            }]
        );
    }

    #[test]
    fn ended_incidents_and_unused_products_do_not_count() {
        let ended = format!(
            r#"[{}]"#,
            incident(r#""end":"2026-12-01T00:40:00+00:00","#, GMAIL)
        );
        assert!(
            parse(ended.as_bytes(), BASE, &[], NOW)
                .unwrap()
                .all_operational()
        );
        let ongoing = format!("[{}]", incident("", GMAIL));
        let calendar_only = ["Google Calendar".to_owned()];
        assert!(
            parse(ongoing.as_bytes(), BASE, &calendar_only, NOW)
                .unwrap()
                .all_operational()
        );
        let gmail = ["Gmail".to_owned()];
        assert_eq!(
            parse(ongoing.as_bytes(), BASE, &gmail, NOW)
                .unwrap()
                .incidents
                .len(),
            1
        );
    }

    #[test]
    fn garbage_is_an_error_and_an_empty_list_is_all_clear() {
        assert!(parse(b"[]", BASE, &[], NOW).unwrap().all_operational());
        assert!(parse(br#"{"incidents":[]}"#, BASE, &[], NOW).is_err());
        assert!(parse(b")]}'\n[", BASE, &[], NOW).is_err());
    }
}
