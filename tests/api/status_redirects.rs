//! The poller follows redirects only within the status page it was configured with, so
//! a status page (or whoever took over its name) cannot make the server fetch internal
//! addresses and put what they answer on the error page.

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::SEED_QUERY;
use crate::log_capture;
use crate::statuspage::{SUMMARY_PATH, app_polling, json_body, statuspage, summary};

const INTERNAL_INCIDENT: (&str, &str, &str) = ("Internal-only incident 7f3k", "investigating", "");

fn redirect_to(location: &str) -> ResponseTemplate {
    ResponseTemplate::new(302).insert_header("Location", location)
}

/// A status page whose summary redirects to `location`.
async fn redirecting_page(location: impl Fn(&MockServer) -> String) -> MockServer {
    let page = MockServer::builder().start().await;
    Mock::given(method("GET"))
        .and(path(SUMMARY_PATH))
        .respond_with(redirect_to(&location(&page)))
        .mount(&page)
        .await;
    page
}

async fn mount_incident_at(server: &MockServer, at: &str) {
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(json_body(summary(&[], &[INTERNAL_INCIDENT])))
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_redirect_to_another_address_is_not_followed() {
    log_capture::start();
    // Stands in for an internal service on another port.
    let internal = statuspage(json_body(summary(&[], &[INTERNAL_INCIDENT]))).await;
    let target = format!("{}{SUMMARY_PATH}", internal.uri());
    let page = redirecting_page(|_| target.clone()).await;
    let app = app_polling(&page.uri(), &[]).await;
    app.wait_for_failures("platform", 1.0).await;

    assert!(internal.received_requests().await.unwrap().is_empty());
    let (_, html) = app.page(SEED_QUERY).await;
    assert!(!html.contains("Internal-only incident"));
    let warning = log_capture::lines_with(&format!("({}{SUMMARY_PATH}) is failing", page.uri()));
    assert!(
        warning[0].contains("redirected off its own host (HTTP 302)"),
        "{warning:?}"
    );
}

#[tokio::test]
async fn a_redirect_to_another_host_name_on_the_same_port_is_not_followed() {
    let page = redirecting_page(|page| {
        let port = page.address().port();
        format!("http://localhost:{port}/elsewhere")
    })
    .await;
    mount_incident_at(&page, "/elsewhere").await;
    let app = app_polling(&page.uri(), &[]).await;
    app.wait_for_failures("platform", 1.0).await;

    let requests = page.received_requests().await.unwrap();
    assert!(requests.iter().all(|r| r.url.path() == SUMMARY_PATH));
    let (_, html) = app.page(SEED_QUERY).await;
    assert!(!html.contains("Internal-only incident"));
}

#[tokio::test]
async fn a_redirect_within_the_status_page_is_followed() {
    let page = redirecting_page(|page| format!("{}/moved/summary.json", page.uri())).await;
    mount_incident_at(&page, "/moved/summary.json").await;
    let app = app_polling(&page.uri(), &[]).await;
    app.wait_for_success("platform").await;

    let (_, html) = app.page(SEED_QUERY).await;
    assert!(html.contains("Internal-only incident 7f3k"));
    assert!(html.contains(&format!(r#"href="{}/incidents/i0""#, page.uri())));
}
