//! The feeds providers really publish (Slack, Google Workspace, incident.io, Instatus),
//! recorded in their real shape and served from loopback: incident, all clear, garbage, hang.

use std::time::Duration;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{SEED_QUERY, TestApp, spawn_app_with};

/// One feed: how the server is told to poll it, where it is fetched, and a page it shows on.
struct FeedCase {
    /// The metrics label of its poller: `platform` or the provider family.
    upstream: &'static str,
    /// The path the adapter fetches from the base URL.
    path: &'static str,
    /// A callback whose page shows this upstream's status.
    query: &'static str,
    fixture: &'static str,
}

const SLACK: FeedCase = FeedCase {
    upstream: "slack",
    path: "/api/v2.0.0/current",
    query: "error=fatal_error",
    fixture: "slack",
};
const GOOGLE: FeedCase = FeedCase {
    upstream: "google",
    path: "/appsstatus/dashboard/incidents.json",
    query: "error=admin_policy_enforced",
    fixture: "google",
};
const INCIDENT_IO: FeedCase = FeedCase {
    upstream: "platform",
    path: "/proxy/127.0.0.1",
    query: SEED_QUERY,
    fixture: "incident-io",
};
const INSTATUS: FeedCase = FeedCase {
    upstream: "platform",
    path: "/summary.json",
    query: SEED_QUERY,
    fixture: "instatus",
};

fn fixture(name: &str) -> Vec<u8> {
    let file = format!(
        "{}/tests/fixtures/status/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&file).unwrap_or_else(|e| panic!("{file}: {e}"))
}

async fn feed_server(case: &FeedCase, response: ResponseTemplate) -> MockServer {
    let server = MockServer::builder().start().await;
    Mock::given(method("GET"))
        .and(path(case.path))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// The server polling `base` as `case`'s feed every second with a short timeout.
async fn app_reading(case: &FeedCase, base: &str, extra: &[(&str, &str)]) -> TestApp {
    let mut env: Vec<(String, String)> = vec![
        ("CEP_STATUS_PAGE__POLL_INTERVAL_SECS".into(), "1".into()),
        ("CEP_STATUS_PAGE__TIMEOUT_MS".into(), "300".into()),
    ];
    match case.fixture {
        "incident-io" | "instatus" => {
            let feed = if case.fixture == "incident-io" {
                "incident_io"
            } else {
                "instatus"
            };
            env.push(("CEP_STATUS_PAGE__API_URL".into(), base.into()));
            env.push(("CEP_STATUS_PAGE__FEED".into(), feed.into()));
        }
        _ => {
            let family = case.upstream.to_uppercase();
            env.push((
                format!("CEP_PROVIDER_STATUS__{family}__API_URL"),
                base.into(),
            ));
        }
    }
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    spawn_app_with(&env).await
}

/// `case`'s recorded incident, served as if the recording's own host were this server:
/// incidents link only to the polled page's own host.
async fn incident_server(case: &FeedCase, recorded_host: &str) -> MockServer {
    let server = MockServer::builder().start().await;
    let body = String::from_utf8(fixture(&format!("{}-incident", case.fixture)))
        .unwrap()
        .replace(recorded_host, &server.uri());
    Mock::given(method("GET"))
        .and(path(case.path))
        .respond_with(json_body(body.into_bytes()))
        .mount(&server)
        .await;
    server
}

fn json_body(body: Vec<u8>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json")
}

/// The banner of the upstream's report, as the page shows it.
fn banner(html: &str, upstream: &str) -> String {
    let id = if upstream == "platform" {
        "id=\"status-banner\""
    } else {
        "id=\"provider-status-banner\""
    };
    let start = html.find(id).unwrap_or_else(|| panic!("no {id}:\n{html}"));
    let rest = &html[start..];
    rest[..rest.find("</aside>").unwrap()].to_owned()
}

fn report<'j>(json: &'j serde_json::Value, upstream: &str) -> &'j serde_json::Value {
    let key = if upstream == "platform" {
        "platform"
    } else {
        "provider"
    };
    &json["service_status"][key]
}

#[tokio::test]
async fn a_slack_outage_shows_slacks_live_incident_for_the_services_that_count() {
    let server = incident_server(&SLACK, "https://slack-status.com").await;
    let app = app_reading(
        &SLACK,
        &server.uri(),
        &[(
            "CEP_PROVIDER_STATUS__SLACK__COMPONENTS",
            r#"["Apps/Integrations/APIs"]"#,
        )],
    )
    .await;
    app.wait_for_success("slack").await;
    let (_, html) = app.page(SLACK.query).await;
    let banner = banner(&html, "slack");
    assert!(banner.contains("Known incident at Slack"), "{banner}");
    let link = format!(r#"href="{}/2026-12/0a1b2c3d4e5f""#, server.uri());
    assert!(banner.contains(&link), "{banner}");
    assert!(banner.contains("Some users may have trouble installing apps</a>: Incident"));
    assert!(banner.contains("Retrying after it is resolved is the fix."));
    // Huddles is not a service the connection uses.
    assert!(!html.contains("Huddles"));
    let json = app.json(SLACK.query).await;
    assert_eq!(report(&json, "slack")["state"], "incident");
    assert_eq!(json["service_status"]["likely_related"], true);
}

#[tokio::test]
async fn a_google_workspace_incident_shows_for_the_products_a_connection_uses() {
    let server = feed_server(&GOOGLE, json_body(fixture("google-incident"))).await;
    let app = app_reading(
        &GOOGLE,
        &server.uri(),
        &[("CEP_PROVIDER_STATUS__GOOGLE__COMPONENTS", r#"["Gmail"]"#)],
    )
    .await;
    app.wait_for_success("google").await;
    let (_, html) = app.page(GOOGLE.query).await;
    let banner = banner(&html, "google");
    assert!(
        banner.contains("Known incident at Google Workspace"),
        "{banner}"
    );
    let link = format!(
        r#"href="{}/appsstatus/dashboard/incidents/Qd9ts3ecQhFgyMLRmFuC""#,
        server.uri()
    );
    assert!(banner.contains(&link), "{banner}");
    assert!(banner.contains("Some users are unable to sign in to Gmail</a>: Service outage"));
    // Meet is not used, and the ended Gmail incident is over.
    assert!(!html.contains("Google Meet recordings"));
    assert!(!html.contains("Gmail messages were delayed"));
}

#[tokio::test]
async fn an_incident_io_page_shows_its_ongoing_incident_and_affected_component() {
    let server = incident_server(&INCIDENT_IO, "https://status.example.com").await;
    let app = app_reading(&INCIDENT_IO, &server.uri(), &[]).await;
    app.wait_for_success("platform").await;
    let (_, html) = app.page(INCIDENT_IO.query).await;
    let banner = banner(&html, "platform");
    let link = format!(r#"href="{}/incidents/01JDX8Q4T7R1""#, server.uri());
    assert!(banner.contains(&link), "{banner}");
    assert!(banner.contains("Connections failing to complete</a>: Identified"));
    assert!(banner.contains("Connections</a>: Partial outage"));
    assert!(banner.contains("This error is likely related to it."));
}

#[tokio::test]
async fn an_instatus_page_shows_its_active_incident() {
    let server = incident_server(&INSTATUS, "https://example.instatus.com").await;
    let app = app_reading(&INSTATUS, &server.uri(), &[]).await;
    app.wait_for_success("platform").await;
    let (_, html) = app.page(INSTATUS.query).await;
    let banner = banner(&html, "platform");
    let link = format!(r#"href="{}/clq9x2m4k0001""#, server.uri());
    assert!(banner.contains(&link), "{banner}");
    assert!(banner.contains("Delays completing connections</a>: Investigating"));
}

#[tokio::test]
async fn an_incident_linking_off_the_polled_host_is_shown_without_the_link() {
    // As recorded, the incident links to https://example.instatus.com, not to this server.
    let server = feed_server(&INSTATUS, json_body(fixture("instatus-incident"))).await;
    let app = app_reading(&INSTATUS, &server.uri(), &[]).await;
    app.wait_for_success("platform").await;
    let (_, html) = app.page(INSTATUS.query).await;
    let banner = banner(&html, "platform");
    assert!(banner.contains("Delays completing connections"), "{banner}");
    assert!(!html.contains("example.instatus.com"), "{banner}");
}

#[tokio::test]
async fn every_feed_all_clear_is_operational_with_no_banner() {
    for case in [SLACK, GOOGLE, INCIDENT_IO, INSTATUS] {
        let body = fixture(&format!("{}-all-clear", case.fixture));
        let server = feed_server(&case, json_body(body)).await;
        let app = app_reading(&case, &server.uri(), &[]).await;
        app.wait_for_success(case.upstream).await;
        let (status, html) = app.page(case.query).await;
        assert_eq!(status, 200);
        assert!(!html.contains("status-banner"), "{}", case.fixture);
        let json = app.json(case.query).await;
        assert_eq!(
            report(&json, case.upstream)["state"],
            "operational",
            "{}",
            case.fixture
        );
        assert!(report(&json, case.upstream)["as_of"].is_string());
    }
}

/// The feed answers `response` and its poller fails: the page renders and claims nothing.
async fn a_failing_feed_claims_nothing(case: &FeedCase, response: ResponseTemplate) {
    let server = feed_server(case, response).await;
    let app = app_reading(case, &server.uri(), &[]).await;
    app.wait_for_failures(case.upstream, 1.0).await;
    let (status, html) = app.page(case.query).await;
    assert_eq!(status, 200);
    assert!(!html.contains("status-banner"), "{}", case.fixture);
    let json = app.json(case.query).await;
    let state = &report(&json, case.upstream)["state"];
    assert_eq!(state, "unknown", "{}", case.fixture);
}

#[tokio::test]
async fn every_feed_answering_garbage_is_a_failure_that_claims_nothing() {
    for case in [SLACK, GOOGLE, INCIDENT_IO, INSTATUS] {
        let garbage = b"<html><body>Bad gateway</body></html>".to_vec();
        a_failing_feed_claims_nothing(&case, json_body(garbage)).await;
    }
}

#[tokio::test]
async fn every_feed_that_hangs_times_out_and_the_page_still_renders() {
    for case in [SLACK, GOOGLE, INCIDENT_IO, INSTATUS] {
        let body = fixture(&format!("{}-incident", case.fixture));
        let hanging = json_body(body).set_delay(Duration::from_secs(30));
        a_failing_feed_claims_nothing(&case, hanging).await;
    }
}
