//! Repeated requests are answered from kept pages: each must still get its own values.
//! Every request below is sent at least twice, so the second answer can come from the
//! cache; what differs between two requests must never cross over.

use std::time::Duration;

use crate::helpers::{SEED_QUERY, TestApp, hrefs, spawn_app, spawn_app_with};
use crate::statuspage::{all_operational, answer_instead, app_polling, json_body};
use crate::statuspage::{statuspage, summary};

const INCIDENT_NAME: &str = "Callbacks failing for some customers";

impl TestApp {
    async fn page_with(&self, query: &str, headers: &[(&str, &str)]) -> String {
        let mut request = self.client.get(self.error_url(query));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.text().await.unwrap()
    }
}

fn reference(html: &str) -> &str {
    let start = html.find("id=\"reference\">").unwrap() + "id=\"reference\">".len();
    &html[start..start + 10]
}

/// A query, its request headers, and a text only its page may contain.
type Request<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);

/// The same request twice, then the other, then both again: each page is checked for
/// its own `mine` and not the other's.
async fn alternate(app: &TestApp, requests: [Request<'_>; 2]) {
    for round in 0..3 {
        for (i, (query, headers, mine)) in requests.iter().enumerate() {
            let theirs = requests[1 - i].2;
            let html = app.page_with(query, headers).await;
            assert!(html.contains(mine), "round {round}: {mine} missing");
            assert!(
                !html.contains(theirs),
                "round {round}: {theirs} leaked into {mine}"
            );
        }
    }
}

#[tokio::test]
async fn the_same_code_with_different_descriptions_shows_each_its_own() {
    let app = spawn_app().await;
    alternate(
        &app,
        [
            (
                "error=access_denied&error_description=first+marmot",
                &[],
                "first marmot",
            ),
            (
                "error=access_denied&error_description=second+walrus",
                &[],
                "second walrus",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn different_connection_names_each_get_their_own() {
    let app = spawn_app().await;
    alternate(
        &app,
        [
            (
                "error=access_denied&connection_name=acme-jira",
                &[],
                "Connection: acme-jira",
            ),
            (
                "error=access_denied&connection_name=acme-slack",
                &[],
                "Connection: acme-slack",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn different_return_to_each_get_their_own_restart_link() {
    let app = spawn_app_with(&[
        (
            "CEP_RESTART__URL",
            "https://app.example.com/connect/{connection_name}/start",
        ),
        (
            "CEP_RESTART__ALLOWED_RETURN_ORIGINS",
            r#"["https://allowed.example.com"]"#,
        ),
    ])
    .await;
    let query = |to: &str| {
        format!(
            "error=access_denied&connection_name=jira&return_to=https%3A%2F%2Fallowed.example.com%2F{to}"
        )
    };
    let (first, second) = (query("first"), query("second"));
    for _ in 0..3 {
        for (q, mine, theirs) in [(&first, "first", "second"), (&second, "second", "first")] {
            let html = app.page_with(q, &[]).await;
            let link = format!(
                "https://app.example.com/connect/jira/start?return_to=https%3A%2F%2Fallowed.example.com%2F{mine}"
            );
            assert!(hrefs(&html).contains(&link), "{mine}");
            assert!(!html.contains(&format!("example.com%2F{theirs}")));
        }
    }
}

#[tokio::test]
async fn the_same_query_in_different_languages_gets_each_language() {
    let app = spawn_app().await;
    alternate(
        &app,
        [
            (
                SEED_QUERY,
                &[("Accept-Language", "de")],
                "<html lang=\"de\"",
            ),
            (
                SEED_QUERY,
                &[("Accept-Language", "fr")],
                "<html lang=\"fr\"",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn the_same_query_on_different_hosts_names_each_host() {
    let app = spawn_app().await;
    alternate(
        &app,
        [
            (
                SEED_QUERY,
                &[("Host", "first.example")],
                "http://first.example/",
            ),
            (
                SEED_QUERY,
                &[("Host", "second.example")],
                "http://second.example/",
            ),
        ],
    )
    .await;
}

/// Pages are also found by what a query says once parsed: the same parameters in
/// another order, or a repeated one, must still show the first value of each.
#[tokio::test]
async fn the_same_parameters_in_another_order_each_show_their_first_value() {
    let app = spawn_app().await;
    alternate(
        &app,
        [
            (
                "error=access_denied&error_description=first+marmot&error_description=second+walrus",
                &[],
                "first marmot",
            ),
            (
                "error_description=second+walrus&error=access_denied&error_description=first+marmot",
                &[],
                "second walrus",
            ),
        ],
    )
    .await;
}

/// Callbacks that differ only in what the page never reads (each person's `state`, a
/// tracking parameter) get the same page, each with its own reference.
#[tokio::test]
async fn callbacks_differing_only_in_state_get_the_same_page_with_their_own_references() {
    let app = spawn_app().await;
    let first = app
        .page_with(&format!("{SEED_QUERY}&state=quokka1"), &[])
        .await;
    for n in 2..20 {
        let query = format!("state=quokka{n}&{SEED_QUERY}&utm_source=pelican{n}");
        let html = app.page_with(&query, &[]).await;
        assert_ne!(reference(&html), reference(&first));
        assert!(!html.contains("quokka") && !html.contains("pelican"));
        assert_eq!(
            html.replace(reference(&html), "").len(),
            first.replace(reference(&first), "").len()
        );
    }
}

/// A form post is looked up by what its body says, so bodies never cross over, nor a
/// post and a query.
#[tokio::test]
async fn form_posts_with_different_bodies_each_get_their_own() {
    let app = spawn_app().await;
    for round in 0..3 {
        for (body, mine, theirs) in [
            (
                "error=access_denied&error_description=posted+otter",
                "posted otter",
                "posted lynx",
            ),
            (
                "error=access_denied&error_description=posted+lynx",
                "posted lynx",
                "posted otter",
            ),
        ] {
            let html = app.post_form(body).await;
            assert!(html.contains(mine), "round {round}: {mine} missing");
            assert!(!html.contains(theirs), "round {round}: {theirs} leaked");
            let by_query = app.page_with(&format!("{body}&x=1"), &[]).await;
            assert!(by_query.contains(mine) && !by_query.contains(theirs));
        }
    }
}

#[tokio::test]
async fn the_same_query_as_json_and_html_gets_each_format() {
    let app = spawn_app().await;
    for _ in 0..3 {
        let json = app.json(SEED_QUERY).await;
        assert_eq!(json["diagnosis"]["code"], "post_auth_hook_failed");
        let html = app.page_with(SEED_QUERY, &[]).await;
        assert!(html.starts_with("<!doctype html>"));
    }
}

/// Every answer has a fresh reference, the same one everywhere the page shows it.
#[tokio::test]
async fn every_answer_has_its_own_reference_everywhere_on_the_page() {
    let app = spawn_app().await;
    let first = app.page_with(SEED_QUERY, &[]).await;
    let places = first.matches(reference(&first)).count();
    assert!(places >= 4, "reference, data attribute, bundle, mailto");
    let mut seen = vec![reference(&first).to_owned()];
    for _ in 0..20 {
        let html = app.page_with(SEED_QUERY, &[]).await;
        let this = reference(&html);
        assert_eq!(html.matches(this).count(), places);
        assert!(!seen.iter().any(|r| html.contains(r.as_str())), "{this}");
        // Apart from the reference (and the time, on a new second), the page is the same.
        assert_eq!(html.len(), first.len());
        seen.push(this.to_owned());
    }
}

/// A new status reading shows on the next request after it is stored, and never goes
/// back to the page kept from before.
#[tokio::test]
async fn a_status_change_shows_and_the_page_kept_before_it_is_not_served_again() {
    let upstream = statuspage(json_body(all_operational())).await;
    let app = app_polling(&upstream.uri(), &[]).await;
    app.wait_for_success("platform").await;
    for _ in 0..3 {
        let html = app.page_with(SEED_QUERY, &[]).await;
        assert!(!html.contains(INCIDENT_NAME));
    }
    answer_instead(
        &upstream,
        json_body(summary(
            &[],
            &[(INCIDENT_NAME, "identified", "https://stspg.io/x")],
        )),
        5,
    )
    .await;
    let mut shown = false;
    for _ in 0..100 {
        let html = app.page_with(SEED_QUERY, &[]).await;
        if shown {
            assert!(html.contains(INCIDENT_NAME), "the old page came back");
        }
        shown |= html.contains(INCIDENT_NAME);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(shown, "the incident never showed");
}
