//! Credentials and sentences sent where a code belongs (`error`, the side parameters,
//! the code inside a nested description). A received code is shown, logged, linked,
//! posted or counted only when it looks like a code; anything else is description text,
//! redacted, and quoted only under Technical details.

use connect_error_page::routes::CALLBACK_ERROR_PATH;

use crate::helpers::TestApp;
use crate::log_capture;

use super::payloads::enc;
use super::spawn_configured_app;

/// Token shapes providers really issue; each ends in a tail unique to it.
const TOKENS: [(&str, &str); 6] = [
    (
        "JWT",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjZXAifQ.c2lnbmF0dXJlSldUdGFpbDAx",
    ),
    ("Google access token", "ya29.a0AfH6SMBx7Qk2LrT9pGoogTail02"),
    ("GitHub token", "gho_16C7e42F292c6912E7710c8GitHubTail03"),
    ("Slack token", "xoxb-123456789012-1234567890123-SlackTail04"),
    ("Stripe key", "sk_live_51H7qYbStripeKeyTail05"),
    (
        "long opaque code",
        "0.AVYA8fy2Ke7rPk2zZ3m5x1yA9QoXhg7sd8Fk2jOpaqueTail06",
    ),
];

/// Where a token can be sent in place of a code, as `name=value` pairs before encoding.
fn placements(token: &str) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    vec![
        ("as error", vec![("error", token.to_owned())]),
        (
            "as error=access_token=…",
            vec![("error", format!("access_token={token}"))],
        ),
        (
            "as the nested code",
            vec![
                ("error", "failed_to_exchange_token".into()),
                (
                    "error_description",
                    format!("error = {token}, description = boom"),
                ),
            ],
        ),
        (
            "as error_subtype",
            vec![
                ("error", "server_error".into()),
                ("error_subtype", token.into()),
            ],
        ),
        (
            "as error_reason",
            vec![
                ("error", "server_error".into()),
                ("error_reason", token.into()),
            ],
        ),
        (
            "as error_code",
            vec![
                ("error", "server_error".into()),
                ("error_code", token.into()),
            ],
        ),
    ]
}

/// The part of a token whose presence anywhere means it leaked.
fn tail(token: &str) -> &str {
    &token[token.len() - 12..]
}

async fn leaks(app: &TestApp, query: &str, token: &str) -> Vec<String> {
    let needle = tail(token);
    let url = format!("{}{CALLBACK_ERROR_PATH}?{query}", app.address);
    let mut found = Vec::new();
    for accept in ["text/html", "application/json"] {
        let response = app
            .client
            .get(&url)
            .header("Accept", accept)
            .send()
            .await
            .unwrap();
        if response
            .headers()
            .iter()
            .any(|(_, v)| String::from_utf8_lossy(v.as_bytes()).contains(needle))
        {
            found.push(format!("{accept} headers"));
        }
        let body = response.text().await.unwrap();
        if body.contains(needle) || body.contains(&enc(needle)) {
            found.push(format!("{accept} body"));
        }
    }
    if !log_capture::lines_with(needle).is_empty() {
        found.push("log".into());
    }
    found
}

#[tokio::test]
async fn tokens_sent_as_codes_never_come_back_anywhere() {
    log_capture::start();
    let app = spawn_configured_app().await;
    let mut leaked = Vec::new();
    let mut total = 0;
    for (shape, base) in TOKENS {
        for place in 0..placements("").len() {
            total += 1;
            // Unique per case, so a log line from one case is never blamed on another.
            let token = format!("{base}Q{total:03}");
            let (place, params) = placements(&token).swap_remove(place);
            let query: Vec<String> = params
                .iter()
                .map(|(name, value)| format!("{name}={}", enc(value)))
                .collect();
            let places = leaks(&app, &query.join("&"), &token).await;
            if !places.is_empty() {
                leaked.push(format!("{shape} {place}: in {}", places.join(", ")));
            }
        }
    }
    println!(
        "code-as-token: {} of {total} hostile callbacks leaked the token",
        leaked.len()
    );
    assert!(leaked.is_empty(), "{}", leaked.join("\n"));
}

#[tokio::test]
async fn a_sentence_sent_as_the_code_stays_out_of_the_headline_card_and_links() {
    let app = spawn_configured_app().await;
    let sentence = "Your account is suspended. Call 555 0100";
    let (_, html) = app.page(&format!("error={}", enc(sentence))).await;
    // The headline, explanation, code line, verdict and actions: catalog words only.
    let (card, _) = html.split_once("<section class=\"support\"").unwrap();
    // The sentence may steer which catalog entry is chosen, never the words shown.
    assert!(!card.contains("555 0100"), "{card}");
    assert!(!card.contains("Your account is suspended"), "{card}");
    let (_, technical) = html.split_once("<details").unwrap();
    assert!(
        technical.contains("<blockquote class=\"quoted\"><p>Your account is suspended."),
        "quoted as description text under Technical details: {technical}"
    );
    let json = app.json(&format!("error={}", enc(sentence))).await;
    // Diagnosed by the catalog phrase it contains; the sentence itself is never a code.
    assert_eq!(json["diagnosis"]["code"], "account_disabled");
    assert_eq!(
        json["diagnosis"]["identified_code"],
        serde_json::Value::Null
    );
    assert_eq!(json["error"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_code_shaped_unknown_code_is_still_named() {
    let app = spawn_configured_app().await;
    let (_, html) = app.page("error=flux_capacitor.jammed-2:x").await;
    assert!(html.contains("<code>flux_capacitor.jammed-2:x</code>"));
}
