//! The block a person hands to support: visible without JS, mailed with one click.

use crate::helpers::{SEED_QUERY, hrefs, spawn_app, spawn_app_with};

/// The text of `<pre id="support-bundle">`, unescaped of the entities askama writes.
fn bundle(html: &str) -> String {
    let start = html
        .find("<pre id=\"support-bundle\" tabindex=\"-1\">")
        .expect("a support bundle")
        + "<pre id=\"support-bundle\" tabindex=\"-1\">".len();
    let end = html[start..].find("</pre>").unwrap() + start;
    html[start..end]
        .replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&#34;", "\"")
}

fn reference(html: &str) -> String {
    let start = html.find("id=\"reference\">").unwrap() + "id=\"reference\">".len();
    html[start..start + 10].to_owned()
}

#[tokio::test]
async fn the_technical_details_hold_one_block_with_everything_support_needs() {
    let app = spawn_app().await;
    let query = format!("{SEED_QUERY}&connection_name=acme-github");
    let (_, html) = app.page(&query).await;
    let details = &html[html.find("<details").unwrap()..html.find("</details>").unwrap()];
    assert!(
        details.contains("<pre id=\"support-bundle\" tabindex=\"-1\">"),
        "the bundle sits in the no-JS disclosure"
    );
    let text = bundle(&html);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("Reference: {}", reference(&html)));
    assert!(
        lines[1].starts_with("Time (UTC): 20") && lines[1].ends_with(" UTC"),
        "{text}"
    );
    assert_eq!(lines[2], "Error: failed_to_exchange_token");
    assert_eq!(
        lines[3],
        "Diagnosed as: post_auth_hook_failed (platform_transient)"
    );
    assert_eq!(
        lines[4],
        "Description: error = server_error, description = Error executing post auth hooks"
    );
    assert_eq!(lines[5], "Connection: acme-github");
    let page = lines[6]
        .strip_prefix("Page: http://127.0.0.1:")
        .expect("the page URL");
    assert!(page.contains("/ui-handlers/connect/callback/error?error=failed_to_exchange_token&error_description=error%20%3D%20server_error"), "{page}");
    assert!(page.ends_with("&connection_name=acme-github"));
}

#[tokio::test]
async fn microsoft_trace_and_correlation_ids_are_in_the_bundle() {
    let app = spawn_app().await;
    let (_, html) = app.page("error=invalid_grant&error_description=AADSTS70008%3A+The+provided+authorization+code+or+refresh+token+has+expired.%0D%0ATrace+ID%3A+0e3c2b1a-1111-2222-3333-444455556666%0D%0ACorrelation+ID%3A+9d8c7b6a-aaaa-bbbb-cccc-ddddeeeeffff%0D%0ATimestamp%3A+2026-11-25+13%3A00%3A00Z").await;
    let text = bundle(&html);
    assert!(
        text.contains("\nTrace ID: 0e3c2b1a-1111-2222-3333-444455556666\n"),
        "{text}"
    );
    assert!(text.contains("\nCorrelation ID: 9d8c7b6a-aaaa-bbbb-cccc-ddddeeeeffff\n"));
}

#[tokio::test]
async fn codes_tokens_and_state_never_reach_the_bundle_or_its_links() {
    let app = spawn_app().await;
    let query = "error=server_error&code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkjSTATE&access_token=ya29.TOKENvalue123&error_description=exchange+failed%3A+code%3DAbCdEf123456GhIj";
    let (_, html) = app.page(query).await;
    let text = bundle(&html);
    for secret in [
        "SplxlOBeZQQYbYS6WxSbIA",
        "af0ifjsldkjSTATE",
        "ya29.TOKENvalue123",
        "AbCdEf123456GhIj",
        "state=",
        "access_token=",
    ] {
        assert!(!text.contains(secret), "{secret} in bundle:\n{text}");
        assert!(!html.contains(secret), "{secret} in page");
    }
    assert!(text.contains("code=[redacted]"), "{text}");
}

#[tokio::test]
async fn the_support_email_is_prefilled_with_the_subject_and_the_block() {
    let app = spawn_app_with(&[("CEP_SUPPORT__EMAIL", "help@example.com")]).await;
    let (_, html) = app.page(SEED_QUERY).await;
    let reference = reference(&html);
    let mailto = hrefs(&html)
        .into_iter()
        .find(|h| h.starts_with("mailto:"))
        .expect("a mailto link");
    let (address, query) = mailto.split_once('?').unwrap();
    assert_eq!(address, "mailto:help@example.com");
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(
        fields[0],
        (
            "subject".into(),
            format!("Connection error {reference} (post_auth_hook_failed)")
        )
    );
    assert_eq!(fields[1].0, "body");
    assert_eq!(fields[1].1, bundle(&html).replace('\n', "\r\n"));
    assert!(
        !query.contains(' ') && !query.contains('\n'),
        "percent-encoded: {query}"
    );
}

#[tokio::test]
async fn the_support_url_gets_the_reference_and_code_filled_in() {
    let app = spawn_app_with(&[(
        "CEP_SUPPORT__URL",
        "https://help.example.com/new?ref={reference}&topic={code}",
    )])
    .await;
    let (_, html) = app.page(SEED_QUERY).await;
    let expected = format!(
        "https://help.example.com/new?ref={}&topic=post_auth_hook_failed",
        reference(&html)
    );
    assert!(hrefs(&html).contains(&expected), "{:?}", hrefs(&html));
    let json = app.json(SEED_QUERY).await;
    let url = json["support"]["url"].as_str().unwrap();
    assert_eq!(
        url,
        format!(
            "https://help.example.com/new?ref={}&topic=post_auth_hook_failed",
            json["reference"].as_str().unwrap()
        )
    );
    assert!(
        json["support_bundle"]
            .as_str()
            .unwrap()
            .starts_with("Reference: CEP-")
    );
}

#[tokio::test]
async fn an_unknown_code_in_the_support_url_is_percent_encoded() {
    let app = spawn_app_with(&[(
        "CEP_SUPPORT__URL",
        "https://help.example.com/new?topic={code}",
    )])
    .await;
    let (_, html) = app.page("error=weird:code").await;
    assert!(
        hrefs(&html).contains(&"https://help.example.com/new?topic=weird%3Acode".to_owned()),
        "{:?}",
        hrefs(&html)
    );
}

#[tokio::test]
async fn a_long_description_keeps_the_prefilled_email_short_enough_for_mail_clients() {
    let app = spawn_app_with(&[("CEP_SUPPORT__EMAIL", "help@example.com")]).await;
    let description = "word+".repeat(400);
    let (_, html) = app
        .page(&format!(
            "error=server_error&error_description={description}"
        ))
        .await;
    let mailto = hrefs(&html)
        .into_iter()
        .find(|h| h.starts_with("mailto:"))
        .expect("a mailto link");
    let body: String = url::form_urlencoded::parse(mailto.split_once('?').unwrap().1.as_bytes())
        .find(|(k, _)| k == "body")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    assert!(body.lines().all(|l| l.chars().count() <= 300), "{body}");
    assert!(body.contains("Description: word word"));
    assert!(
        bundle(&html).contains(&"word ".repeat(399)),
        "the page keeps the full block"
    );
}

#[tokio::test]
async fn a_code_in_the_support_url_path_cannot_climb_out_of_it() {
    let app =
        spawn_app_with(&[("CEP_SUPPORT__URL", "https://help.example.com/kb/{code}/new")]).await;
    for error in ["..", ".", "..%2Fadmin", "%2E%2E"] {
        let (_, html) = app.page(&format!("error={error}")).await;
        let link = hrefs(&html)
            .into_iter()
            .find(|h| h.starts_with("https://help.example.com/"))
            .unwrap();
        let path = url::Url::parse(&link).unwrap().path().to_owned();
        assert!(
            path.starts_with("/kb/") && path.ends_with("/new") && path.matches('/').count() == 3,
            "{error}: {link}"
        );
    }
}

async fn page_line(app: &crate::helpers::TestApp, forwarded: &[(&str, &str)]) -> String {
    let mut request = app
        .client
        .get(app.error_url("error=access_denied"))
        .header("Accept", "application/json");
    for (name, value) in forwarded {
        request = request.header(*name, *value);
    }
    let json: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
    let bundle = json["support_bundle"].as_str().unwrap().to_owned();
    bundle
        .lines()
        .find_map(|l| l.strip_prefix("Page: "))
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn forwarding_headers_are_ignored_unless_they_come_from_a_trusted_proxy() {
    let app = spawn_app().await;
    let forged = [
        ("X-Forwarded-Host", "evil.example"),
        ("X-Forwarded-Proto", "javascript"),
    ];
    let line = page_line(&app, &forged).await;
    assert!(
        line.starts_with(&format!("{}/ui-handlers/", app.address)),
        "{line}"
    );
}

#[tokio::test]
async fn a_trusted_proxy_names_the_public_address_with_http_or_https_only() {
    let app = spawn_app_with(&[("CEP_PROXY__TRUSTED_ADDRESSES", "[\"127.0.0.0/8\"]")]).await;
    let public = [
        ("X-Forwarded-Host", "connect.example.com"),
        ("X-Forwarded-Proto", "https"),
    ];
    let line = page_line(&app, &public).await;
    assert!(
        line.starts_with("https://connect.example.com/ui-handlers/"),
        "{line}"
    );
    let odd = [
        ("X-Forwarded-Host", "connect.example.com"),
        ("X-Forwarded-Proto", "javascript"),
    ];
    let line = page_line(&app, &odd).await;
    assert!(
        line.starts_with("http://connect.example.com/ui-handlers/"),
        "{line}"
    );
}
