//! Hostile input against the real server: every parameter, in the query and in a form
//! body, with markup, bidi overrides, NUL, CRLF, bad escapes, overlong UTF-8, look-alike
//! URLs, a thousand repeats and 16 KiB descriptions. No case may cause a 5xx, reflect
//! markup raw (in the page or the headers), link anywhere unconfigured, or break the JSON.

mod code_as_token;
mod fragment_redirects;
mod payloads;
mod pipelining;
mod redirect_paths;
mod stalled_bodies;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use connect_error_page::assets::{css_path, icon_path};
use connect_error_page::routes::CALLBACK_ERROR_PATH;
use reqwest::header::HeaderMap;
use url::Url;

use crate::helpers::{TestApp, hrefs, spawn_app_with};
use payloads::{LIMIT_BYTES, PARAMS, Payload, enc};

const RESTART_TEMPLATE: &str = "https://app.example.com/connect/{connection_name}/start";
const ALLOWED_ORIGIN: &str = "https://app.example.com";
const STATUS_URL: &str = "https://status.example.com";
const SUPPORT_URL: &str = "https://help.example.com/connect";
const SUPPORT_EMAIL: &str = "help@example.com";
/// A provider documentation host the page may link an `error_uri` on (built in, not input).
const DOCS_HOST: &str = "docs.github.com";
/// The benign rest of every callback, so the restart link is built whenever it may be.
const BENIGN: [(&str, &str); 3] = [
    ("error", "access_denied"),
    ("connection_name", "jira"),
    ("return_to", "https://app.example.com/done"),
];
/// Enough parallel requests to keep the server busy, few enough to stay polite.
const PARALLEL_REQUESTS: usize = 16;

#[derive(Clone, Copy, Debug)]
enum Transport {
    Query,
    FormBody,
}

struct Case {
    name: String,
    marker: String,
    transport: Transport,
    wire: Vec<u8>,
}

impl Case {
    fn oversized(&self) -> bool {
        self.wire.len() > LIMIT_BYTES
    }
}

/// `param=payload` first (the first occurrence wins), then the benign parameters.
fn with_benign_rest(param: &str, first: Vec<u8>) -> Vec<u8> {
    let mut wire = first;
    for (name, value) in BENIGN.iter().filter(|(name, _)| *name != param) {
        wire.extend_from_slice(format!("&{name}={}", enc(value)).as_bytes());
    }
    wire
}

/// Every payload for every parameter over both transports, each with its own marker.
fn generated_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for param in PARAMS {
        for transport in [Transport::Query, Transport::FormBody] {
            let kinds = payloads_for(transport, "").len();
            for i in 0..kinds {
                let marker = format!("cep{}x", cases.len());
                let Payload { kind, wire } = payloads_for(transport, &marker).swap_remove(i);
                let mut first = format!("{param}=").into_bytes();
                first.extend_from_slice(&wire);
                cases.push(Case {
                    name: format!("{param}: {kind} ({transport:?})"),
                    marker,
                    transport,
                    wire: with_benign_rest(param, first),
                });
            }
        }
    }
    cases
}

fn payloads_for(transport: Transport, marker: &str) -> Vec<Payload> {
    let mut all = payloads::all(marker);
    if matches!(transport, Transport::FormBody) {
        all.extend(payloads::raw_body_payloads(marker));
    }
    all
}

/// A thousand repeats of each parameter, and descriptions at and past the size limit.
fn hand_written_cases(first_marker: usize) -> Vec<Case> {
    let mut cases = Vec::new();
    for transport in [Transport::Query, Transport::FormBody] {
        for param in PARAMS {
            let marker = format!("cep{}x", first_marker + cases.len());
            cases.push(Case {
                name: format!("{param}: 1,000 repeats ({transport:?})"),
                wire: with_benign_rest(param, payloads::repeated(param, &marker)),
                marker,
                transport,
            });
        }
        let rest_len = with_benign_rest("error_description", Vec::new()).len();
        for (what, bytes) in [
            ("filling the limit", LIMIT_BYTES - rest_len),
            ("of 16 KiB", LIMIT_BYTES),
        ] {
            let marker = format!("cep{}x", first_marker + cases.len());
            let description = payloads::long_description(&marker, bytes);
            cases.push(Case {
                name: format!("error_description: markup {what} ({transport:?})"),
                wire: with_benign_rest("error_description", description),
                marker,
                transport,
            });
        }
    }
    cases
}

fn all_cases() -> Vec<Case> {
    let mut cases = generated_cases();
    cases.extend(hand_written_cases(cases.len()));
    cases
}

pub(crate) async fn spawn_configured_app() -> TestApp {
    spawn_app_with(&[
        ("CEP_RESTART__URL", RESTART_TEMPLATE),
        (
            "CEP_RESTART__ALLOWED_RETURN_ORIGINS",
            &format!("[\"{ALLOWED_ORIGIN}\"]"),
        ),
        ("CEP_STATUS_PAGE__URL", STATUS_URL),
        ("CEP_SUPPORT__URL", SUPPORT_URL),
        ("CEP_SUPPORT__EMAIL", SUPPORT_EMAIL),
    ])
    .await
}

async fn send(app: &TestApp, case: &Case, accept: &str) -> reqwest::Response {
    let path = format!("{}{CALLBACK_ERROR_PATH}", app.address);
    let request = match case.transport {
        Transport::Query => {
            let query = String::from_utf8(case.wire.clone()).expect("query payloads are ASCII");
            app.client.get(format!("{path}?{query}"))
        }
        Transport::FormBody => app
            .client
            .post(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(case.wire.clone()),
    };
    request.header("Accept", accept).send().await.unwrap()
}

/// Everything wrong with the server's two answers to one case; empty when it held.
async fn check(app: &TestApp, case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let expected_status = if case.oversized() {
        match case.transport {
            Transport::Query => 414,
            Transport::FormBody => 413,
        }
    } else {
        200
    };

    let page = send(app, case, "text/html").await;
    if page.status() != expected_status {
        problems.push(format!(
            "page status {} (expected {expected_status})",
            page.status()
        ));
    }
    problems.extend(header_leaks(page.headers(), &case.marker));
    let html = page.text().await.unwrap();
    problems.extend(raw_reflections(&html, &case.marker));
    for href in hrefs(&html) {
        if !href_is_allowed(&href) {
            problems.push(format!("link to an unconfigured place: {href}"));
        }
    }

    let json = send(app, case, "application/json").await;
    if json.status() != expected_status {
        problems.push(format!(
            "JSON status {} (expected {expected_status})",
            json.status()
        ));
    }
    problems.extend(header_leaks(json.headers(), &case.marker));
    if json.headers()["content-type"] != "application/problem+json" {
        problems.push("JSON variant is not application/problem+json".into());
    }
    match serde_json::from_slice::<serde_json::Value>(&json.bytes().await.unwrap()) {
        Ok(problem) => {
            for key in ["restart_url", "status_page_url"] {
                if let Some(link) = problem[key].as_str().filter(|l| !href_is_allowed(l)) {
                    problems.push(format!("JSON {key} points somewhere unconfigured: {link}"));
                }
            }
        }
        Err(e) => problems.push(format!("JSON variant does not parse: {e}")),
    }
    problems
}

/// Nothing from the input belongs in a header: not the marker, not an injected cookie.
fn header_leaks(headers: &HeaderMap, marker: &str) -> Vec<String> {
    let mut leaks: Vec<String> = headers
        .iter()
        .filter(|(name, value)| {
            name.as_str().contains(marker)
                || String::from_utf8_lossy(value.as_bytes()).contains(marker)
        })
        .map(|(name, _)| format!("input reflected in header {name}"))
        .collect();
    if headers.contains_key("set-cookie") {
        leaks.push("a Set-Cookie header appeared".into());
    }
    leaks
}

/// Markup characters straight before the marker, or control and direction characters.
fn raw_reflections(html: &str, marker: &str) -> Vec<String> {
    let mut found: Vec<String> = payloads::forbidden(marker)
        .into_iter()
        .filter(|raw| html.contains(raw.as_str()))
        .map(|raw| format!("reflected unescaped: {raw}"))
        .collect();
    if let Some(c) = html.chars().find(|c| {
        matches!(c, '\0' | '\r' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }) {
        found.push(format!("control or direction character U+{:04X} in the page", c as u32));
    }
    found
}

/// A link is allowed when it is configured (assets, status page, support), is a provider
/// documentation page, or points to the allowed origin (and so does any `return_to` it carries).
fn href_is_allowed(href: &str) -> bool {
    let configured = [css_path(), icon_path(), STATUS_URL, SUPPORT_URL];
    if configured.contains(&href) {
        return true;
    }
    // The support email may carry a prefilled, percent-encoded subject and body.
    if let Some(mailto) = Url::parse(href).ok().filter(|u| u.scheme() == "mailto") {
        return mailto.path() == SUPPORT_EMAIL;
    }
    let at_allowed_origin = |url: &Url| url.origin().ascii_serialization() == ALLOWED_ORIGIN;
    let documentation =
        |url: &Url| url.origin().ascii_serialization() == format!("https://{DOCS_HOST}");
    Url::parse(href).is_ok_and(|url| {
        documentation(&url) && url.username().is_empty()
            || at_allowed_origin(&url)
                && url.query_pairs().all(|(name, value)| {
                    name == "return_to" && Url::parse(&value).is_ok_and(|r| at_allowed_origin(&r))
                })
    })
}

#[tokio::test]
async fn hostile_input_never_fails_reflects_markup_or_links_elsewhere() {
    let app = Arc::new(spawn_configured_app().await);
    let cases = Arc::new(all_cases());
    println!(
        "hostile input: {} cases, each as HTML and as JSON",
        cases.len()
    );
    assert!(cases.len() >= 500, "only {} cases", cases.len());

    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..PARALLEL_REQUESTS)
        .map(|_| {
            let (app, cases, next) = (app.clone(), cases.clone(), next.clone());
            tokio::spawn(async move {
                let mut failures = Vec::new();
                while let Some(case) = cases.get(next.fetch_add(1, Ordering::Relaxed)) {
                    for problem in check(&app, case).await {
                        failures.push(format!("{}: {problem}", case.name));
                    }
                }
                failures
            })
        })
        .collect();
    let mut failures = Vec::new();
    for worker in workers {
        failures.extend(worker.await.unwrap());
    }
    assert!(
        failures.is_empty(),
        "{} failures, first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(30)].join("\n")
    );
}

#[test]
fn the_checks_catch_what_they_look_for() {
    let marker = "cep0x";
    assert!(raw_reflections(&format!("<p>&lt;{marker}&gt; &#39;{marker}</p>"), marker).is_empty());
    assert_eq!(
        raw_reflections(&format!("<p><{marker}></p>"), marker).len(),
        1
    );
    assert_eq!(raw_reflections("<p>a\u{202E}b</p>", marker).len(), 1);
    assert!(href_is_allowed(
        "https://app.example.com/connect/jira/start?return_to=https%3A%2F%2Fapp.example.com%2Fdone"
    ));
    assert!(href_is_allowed(
        "mailto:help@example.com?subject=Connection%20error"
    ));
    for hostile in [
        "//evil.example/",
        "javascript:alert(1)",
        "https://app.example.com.evil.example/",
        "https://app.example.com/start?return_to=https%3A%2F%2Fevil.example",
        "https://docs.github.com.evil.example/",
        "https://docs.github.com@evil.example/",
        "mailto:someone@evil.example?body=hi",
    ] {
        assert!(!href_is_allowed(hostile), "{hostile}");
    }
}
