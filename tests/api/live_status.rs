//! Live status from a real Statuspage-shaped server on loopback.

use crate::helpers::{SEED_QUERY, hrefs, spawn_app, spawn_app_with};
use crate::statuspage::{all_operational, app_polling, json_body, statuspage, summary};

const INCIDENT: (&str, &str, &str) = (
    "Elevated errors completing connections",
    "identified",
    "https://stspg.io/cep42",
);

#[tokio::test]
async fn an_unresolved_incident_shows_a_banner_with_its_name_status_and_link() {
    let upstream = statuspage(json_body(summary(&[("API", "operational")], &[INCIDENT]))).await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_success("platform").await;

    let (status, html) = app.page(SEED_QUERY).await;
    assert_eq!(status, 200);
    let banner = &html[html
        .find("<aside class=\"status-banner\"")
        .expect("a banner")..];
    let banner = &banner[..banner.find("</aside>").unwrap()];
    assert!(banner.contains("Known incident affecting this service"));
    // The upstream's shortlink is on another host: the incident links the polled page.
    let link = format!(
        r#"<a href="{}/incidents/i0" rel="noopener noreferrer" target="_blank">Elevated errors completing connections</a>: Identified"#,
        upstream.uri()
    );
    assert!(banner.contains(&link), "{banner}");
    assert!(!html.contains("stspg.io"));
    // The seed error is platform_transient: the page says plainly what to do.
    assert!(
        banner.contains(
            "This error is likely related to it. Retrying after it is resolved is the fix."
        )
    );
    // Near the top: before the explanation.
    assert!(html.find("status-banner").unwrap() < html.find("class=\"explanation\"").unwrap());
    assert!(!html.contains("No known incidents"));
}

#[tokio::test]
async fn a_user_error_during_an_incident_gets_the_banner_but_no_blame_on_it() {
    let upstream = statuspage(json_body(summary(&[], &[INCIDENT]))).await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_success("platform").await;
    let (_, html) = app.page("error=access_denied").await;
    assert!(html.contains("Elevated errors completing connections"));
    assert!(!html.contains("likely related"));
}

#[tokio::test]
async fn a_listed_component_in_outage_shows_a_banner_and_unlisted_ones_do_not() {
    let body = summary(
        &[
            ("API", "operational"),
            ("OAuth callbacks", "major_outage"),
            ("Billing", "partial_outage"),
        ],
        &[],
    );
    let upstream = statuspage(json_body(body)).await;
    let app = app_polling(
        &upstream.uri(),
        &[(
            "CEP_STATUS_PAGE__COMPONENTS",
            r#"["API", "OAuth callbacks"]"#,
        )],
    )
    .await;
    app.wait_for_success("platform").await;

    let (_, html) = app.page(SEED_QUERY).await;
    assert!(
        html.contains(r#">OAuth callbacks</a>: Major outage"#),
        "{html}"
    );
    assert!(!html.contains("Billing"));
    let json = app.json(SEED_QUERY).await;
    let platform = &json["service_status"]["platform"];
    assert_eq!(platform["state"], "incident");
    assert_eq!(platform["components"][0]["name"], "OAuth callbacks");
    assert_eq!(platform["components"][0]["status"], "Major outage");
    assert_eq!(json["service_status"]["likely_related"], true);
}

#[tokio::test]
async fn all_operational_is_one_quiet_line_with_the_time_it_was_read() {
    let upstream = statuspage(json_body(all_operational())).await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_success("platform").await;

    let (_, html) = app.page(SEED_QUERY).await;
    assert!(!html.contains("status-banner"));
    let line = html
        .split("<p class=\"status-quiet\" id=\"status-quiet\">")
        .nth(1)
        .expect("a quiet line");
    let line = &line[..line.find("</p>").unwrap()];
    assert!(line.starts_with("No known incidents as of "), "{line}");
    let time = line.trim_start_matches("No known incidents as of ");
    assert!(
        time.ends_with(" UTC") && time.len() == "13:07 UTC".len() && &time[2..3] == ":",
        "{time}"
    );

    let json = app.json(SEED_QUERY).await;
    assert_eq!(json["service_status"]["platform"]["state"], "operational");
    assert_eq!(json["service_status"]["platform"]["as_of"], time);
    assert_eq!(json["service_status"]["likely_related"], false);
}

#[tokio::test]
async fn without_an_api_url_the_page_shows_the_link_alone_and_claims_nothing() {
    let app = spawn_app().await;
    let (_, html) = app.page(SEED_QUERY).await;
    assert!(html.contains(r#"id="status" href="https://scalekit.statuspage.io""#));
    assert!(!html.contains("status-banner") && !html.contains("No known incidents"));
    let json = app.json(SEED_QUERY).await;
    assert_eq!(json["service_status"]["platform"]["state"], "unknown");
    assert_eq!(
        json["service_status"]["platform"]["as_of"],
        serde_json::Value::Null
    );
}

#[tokio::test]
async fn a_provider_outage_links_the_providers_own_status_page() {
    let app = spawn_app().await;
    let (_, html) = app.page("error=fatal_error").await;
    assert!(
        hrefs(&html).contains(&"https://slack-status.com".to_owned()),
        "{html}"
    );
    assert!(html.contains("Check the status of Slack"));
    let json = app.json("error=fatal_error").await;
    assert_eq!(json["diagnosis"]["category"], "provider_outage");
    assert_eq!(json["service_status"]["provider"]["provider"], "Slack");
    assert_eq!(
        json["service_status"]["provider"]["page_url"],
        "https://slack-status.com"
    );
    assert_eq!(json["service_status"]["provider"]["state"], "unknown");

    // A user's own mistake at the same provider does not send them to its status page.
    let (_, html) = app.page("error=access_denied").await;
    assert!(!html.contains("id=\"provider-status\""));
}

#[tokio::test]
async fn a_polled_provider_with_an_incident_gets_its_own_banner() {
    let upstream = statuspage(json_body(summary(
        &[],
        &[(
            "Degraded database performance",
            "investigating",
            "https://stspg.io/nt1",
        )],
    )))
    .await;
    let app = spawn_app_with(&[
        (
            "CEP_PROVIDER_STATUS__NOTION__API_URL",
            upstream.uri().as_str(),
        ),
        ("CEP_STATUS_PAGE__POLL_INTERVAL_SECS", "1"),
    ])
    .await;
    app.wait_for_success("notion").await;

    let query = "error=database_connection_unavailable";
    let (_, html) = app.page(query).await;
    let banner = &html[html
        .find("id=\"provider-status-banner\"")
        .expect("provider banner")..];
    assert!(banner.contains("Known incident at Notion"));
    assert!(banner.contains(&format!(r#"href="{}/incidents/i0""#, upstream.uri())));
    assert!(!html.contains("stspg.io"));
    assert!(banner.contains("Degraded database performance</a>: Investigating"));
    assert!(banner.contains("Retrying after it is resolved is the fix."));
    let json = app.json(query).await;
    assert_eq!(json["service_status"]["provider"]["state"], "incident");
    assert_eq!(json["service_status"]["platform"]["state"], "unknown");
}

#[tokio::test]
async fn incident_text_from_the_status_page_is_escaped() {
    let upstream = statuspage(json_body(summary(
        &[],
        &[(
            "<script>alert(1)</script>",
            "investigating",
            "javascript:alert(1)",
        )],
    )))
    .await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_success("platform").await;
    let (_, html) = app.page(SEED_QUERY).await;
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(!html.contains("<script>alert"));
    assert!(hrefs(&html).iter().all(|h| !h.starts_with("javascript:")));
}
