//! One access-log line per request, as text or JSON, and never a secret in either.

use connect_error_page::routes::CALLBACK_ERROR_PATH;
use connect_error_page::status::poller::install_crypto_provider;

use crate::binary::start_binary;

const SECRETS: [&str; 5] = [
    "SECRETcode4711xyz",
    "SECRETaccess0815tok",
    "SECRETstate99",
    "SECRETdesc1234abcd",
    "SECRETbody5678efgh",
];

/// Requests that carry secrets every way a caller could: query, form body, 404 path.
async fn send_secret_laden_requests(address: &str) -> Vec<String> {
    install_crypto_provider();
    let client = reqwest::Client::new();
    let query = format!(
        "error=invalid_grant&code={}&access_token={}&state={}&error_description=exchange+failed+code%3D{}",
        SECRETS[0], SECRETS[1], SECRETS[2], SECRETS[3]
    );
    let mut references = Vec::new();
    let page = client
        .get(format!("{address}{CALLBACK_ERROR_PATH}?{query}"))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    let start = html.find("id=\"reference\">").unwrap() + "id=\"reference\">".len();
    references.push(html[start..start + 10].to_owned());
    let json: serde_json::Value = client
        .post(format!(
            "{address}{CALLBACK_ERROR_PATH}?access_token={}",
            SECRETS[1]
        ))
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("error=server_error&code={}", SECRETS[4]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    references.push(json["reference"].as_str().unwrap().to_owned());
    let missing = client
        .get(format!("{address}/nowhere?code={}", SECRETS[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    references
}

fn assert_no_secrets(log: &[String]) {
    let text = log.join("\n");
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} reached the log:\n{text}");
    }
    assert!(
        !text.contains("code=SECRET") && !text.contains("access_token="),
        "{text}"
    );
}

#[tokio::test]
async fn text_logs_have_one_line_per_request_and_no_secrets() {
    let binary = start_binary(&[]).await;
    let references = send_secret_laden_requests(&binary.address).await;
    let log = binary.stop().await;
    assert_no_secrets(&log);
    let requests: Vec<&String> = log.iter().filter(|l| l.contains(" reference=")).collect();
    assert_eq!(requests.len(), 3, "{log:#?}");
    assert!(
        requests[0].contains(&format!("GET {CALLBACK_ERROR_PATH} 200 ")),
        "{}",
        requests[0]
    );
    assert!(requests[0].contains(&format!(
        "code=\"invalid_grant\" reference={}",
        references[0]
    )));
    assert!(requests[1].contains(&format!("POST {CALLBACK_ERROR_PATH} 200 ")));
    assert!(requests[1].contains(&references[1]));
    assert!(requests[2].contains("GET /nowhere 404 "));
}

#[tokio::test]
async fn json_logs_are_one_object_per_line_with_the_request_fields_and_no_secrets() {
    let binary = start_binary(&[("LOG_FORMAT", "json")]).await;
    let references = send_secret_laden_requests(&binary.address).await;
    let log = binary.stop().await;
    assert_no_secrets(&log);
    let lines: Vec<serde_json::Value> = log
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let requests: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| l.get("reference").is_some())
        .collect();
    assert_eq!(requests.len(), 3, "{log:#?}");
    let page = requests[0];
    assert_eq!(page["level"], "INFO");
    assert_eq!(page["method"], "GET");
    assert_eq!(page["path"], CALLBACK_ERROR_PATH);
    assert_eq!(page["status"], 200);
    assert_eq!(page["code"], "invalid_grant");
    assert_eq!(page["reference"], references[0].as_str());
    assert!(page["latency_ms"].is_number());
    assert!(page["ts"].as_str().unwrap().ends_with('Z'));
    assert_eq!(requests[1]["reference"], references[1].as_str());
    assert_eq!(requests[2]["path"], "/nowhere");
    assert_eq!(requests[2]["status"], 404);
}

#[tokio::test]
async fn an_unknown_log_format_stops_start_up_with_the_fix() {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_connect-error-page"))
        .args(["--listen", "127.0.0.1:0"])
        .env("LOG_FORMAT", "yaml")
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "configuration key `LOG_FORMAT`: `yaml` is not a log format. Fix: set LOG_FORMAT=json"
        ),
        "{stderr}"
    );
}

/// Sends bytes actix cannot parse as a request and returns the status line it answers.
async fn send_malformed(address: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    stream
        .write_all(b"GET /x HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_secret_in_the_path_is_redacted_in_both_log_formats() {
    install_crypto_provider();
    for format in ["text", "json"] {
        let binary = start_binary(&[("LOG_FORMAT", format)]).await;
        let response = reqwest::get(format!(
            "{}/x;access_token=SECRETpath4711abc/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnU0VDUkVU",
            binary.address
        ))
        .await
        .unwrap();
        assert_eq!(response.status(), 404);
        let log = binary.stop().await.join("\n");
        assert!(!log.contains("SECRETpath4711abc"), "{format}: {log}");
        assert!(!log.contains("eyJzdWIiOiJ4In0"), "{format}: {log}");
        assert!(
            log.contains("/x;access_token=[redacted]"),
            "{format}: {log}"
        );
    }
}

#[tokio::test]
async fn malformed_requests_are_logged_at_a_level_an_operator_can_filter() {
    let binary = start_binary(&[]).await;
    assert!(
        send_malformed(&binary.address)
            .await
            .starts_with("HTTP/1.1 400")
    );
    let log = binary.stop().await;
    assert!(!log.iter().any(|l| l.contains("ERROR")), "{log:#?}");
    assert!(
        log.iter()
            .any(|l| l.contains("INFO  connect_error_page::malformed_request]")),
        "{log:#?}"
    );

    let binary =
        start_binary(&[("RUST_LOG", "info,connect_error_page::malformed_request=off")]).await;
    assert!(
        send_malformed(&binary.address)
            .await
            .starts_with("HTTP/1.1 400")
    );
    let log = binary.stop().await;
    assert!(
        !log.iter()
            .any(|l| l.contains("malformed") || l.contains("ERROR")),
        "{log:#?}"
    );
}

/// The reference on the page is only useful if the log line says what happened.
#[tokio::test]
async fn a_page_line_carries_what_support_needs_to_trace_a_reference() {
    install_crypto_provider();
    let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SECRETsig0123456789abcdef";
    let query = format!(
        "error=server_error&error_description=AADSTS50020%3A+User+account+does+not+exist.+Trace+ID%3A+5f1b2c3d-0000-4a4a-9b9b-123456789abc+Correlation+ID%3A+abc&connection_name=jira-cloud&ui_locales=fr&id_token={token}"
    );
    for format in ["text", "json"] {
        let binary = start_binary(&[("LOG_FORMAT", format)]).await;
        let html = reqwest::get(format!("{}{CALLBACK_ERROR_PATH}?{query}", binary.address))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let start = html.find("id=\"reference\">").unwrap() + "id=\"reference\">".len();
        let reference = html[start..start + 10].to_owned();
        let log = binary.stop().await;
        let line = log
            .iter()
            .find(|l| l.contains(&reference))
            .unwrap_or_else(|| panic!("{format}: no line for {reference}\n{log:#?}"));
        assert!(!line.contains("SECRETsig"), "{line}");
        let fields = [
            ("error", "server_error"),
            ("inner_code", "AADSTS50020"),
            ("connection_name", "jira-cloud"),
            ("locale", "fr"),
            ("trace_id", "5f1b2c3d-0000-4a4a-9b9b-123456789abc"),
        ];
        if format == "json" {
            let json: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(json["status"], 200);
            for (key, value) in fields {
                assert_eq!(json[key], value, "{key} in {line}");
            }
            assert!(json["category"].as_str().is_some_and(|c| !c.is_empty()));
        } else {
            assert!(line.contains(" 200 "), "{line}");
            for (key, value) in fields {
                let quoted = format!("{key}=\"{value}\"");
                let bare = format!("{key}={value}");
                assert!(
                    line.contains(&quoted) || line.contains(&bare),
                    "{key} in {line}"
                );
            }
            assert!(line.contains(" category="), "{line}");
        }
    }
}
