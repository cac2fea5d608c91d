//! Slack's status API, `GET /api/v2.0.0/current`: `{status, active_incidents: [...]}`,
//! each incident with a title, a type (incident, outage, notice), its services and a URL.

use serde::Deserialize;
use time::OffsetDateTime;

use super::counts;
use crate::status::summary::{Incident, MAX_ITEMS, StatusSnapshot, SummaryError, cap};

const FEED: &str = "Slack status";

#[derive(Deserialize)]
struct RawCurrent {
    status: String,
    active_incidents: Vec<RawIncident>,
}

#[derive(Deserialize)]
struct RawIncident {
    title: String,
    #[serde(rename = "type")]
    kind: String,
    status: String,
    url: Option<String>,
    #[serde(default)]
    services: Vec<String>,
}

/// `components` lists Slack services ("Login/SSO", "Apps/Integrations/APIs").
pub(super) fn parse(
    body: &[u8],
    components: &[String],
    fetched_at: OffsetDateTime,
) -> Result<StatusSnapshot, SummaryError> {
    let raw: RawCurrent = serde_json::from_slice(body).map_err(|e| SummaryError::new(FEED, e))?;
    // `ok` or `active`; the incidents say what is wrong, so the word itself is not needed.
    let _ = raw.status;
    let incidents = raw
        .active_incidents
        .into_iter()
        .filter(|i| !matches!(i.status.as_str(), "resolved" | "completed"))
        .filter(|i| {
            counts(
                components,
                &i.services.iter().map(String::as_str).collect::<Vec<_>>(),
            )
        })
        .take(MAX_ITEMS)
        .map(|i| Incident {
            name: cap(&i.title),
            status: cap(&i.kind),
            url: i.url,
        })
        .collect();
    Ok(StatusSnapshot::of_incidents(fetched_at, incidents))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: OffsetDateTime = time::macros::datetime!(2026-12-01 01:00 UTC);

    fn current(incidents: &str) -> String {
        format!(
            r#"{{"status":"active","date_created":"2026-12-01T00:40:00-08:00","date_updated":"2026-12-01T00:55:00-08:00","active_incidents":[{incidents}]}}"#
        )
    }

    const OUTAGE: &str = r#"{"id":1187,"date_created":"2026-12-01T00:40:00-08:00","date_updated":"2026-12-01T00:55:00-08:00",
        "title":"Trouble installing apps","type":"outage","status":"active","url":"https://slack-status.com/2026-12/abc",
        "services":["Apps/Integrations/APIs"],"notes":[{"date_created":"2026-12-01T00:55:00-08:00","body":"We're looking into it."}]}"#;

    #[test]
    fn an_active_outage_keeps_its_title_type_and_link() {
        let snapshot = parse(current(OUTAGE).as_bytes(), &[], NOW).unwrap();
        assert_eq!(
            snapshot.incidents,
            vec![Incident {
                name: "Trouble installing apps".into(),
                status: "outage".into(),
                url: Some("https://slack-status.com/2026-12/abc".into()),
            }]
        );
    }

    #[test]
    fn an_outage_of_an_unlisted_service_does_not_count() {
        let only_calls = ["Huddles".to_owned()];
        assert!(
            parse(current(OUTAGE).as_bytes(), &only_calls, NOW)
                .unwrap()
                .all_operational()
        );
    }

    #[test]
    fn all_clear_and_garbage_differ() {
        let ok = r#"{"status":"ok","date_created":"x","date_updated":"x","active_incidents":[]}"#;
        assert!(parse(ok.as_bytes(), &[], NOW).unwrap().all_operational());
        assert!(parse(b"{}", &[], NOW).is_err());
        assert!(parse(br#"{"active_incidents":[]}"#, &[], NOW).is_err());
        assert!(parse(b"<html>", &[], NOW).is_err());
    }
}
