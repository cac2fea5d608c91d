use crate::helpers::{SEED_QUERY, headline, hrefs, spawn_app, spawn_app_with};

#[tokio::test]
async fn seed_post_auth_hook_failure_says_what_happened_and_that_a_retry_usually_works() {
    let app = spawn_app().await;
    let (status, html) = app.page(SEED_QUERY).await;
    assert_eq!(status, 200);
    assert_eq!(
        headline(&html),
        "We couldn't finish connecting your account"
    );
    assert!(
        html.contains(
            "The service failed while completing the connection after you approved access."
        )
    );
    assert!(html.contains("temporary problem on the platform&#39;s side"));
    assert!(html.contains("Trying again usually works."));
    assert!(html.contains("nothing needs reconfiguring"));
    assert!(
        !html
            .to_lowercase()
            .contains("verification session has expired")
    );
}

#[tokio::test]
async fn seed_page_offers_restart_status_and_support_with_a_reference() {
    let app =
        spawn_app_with(&[("CEP_RESTART__URL", "https://app.example.com/connect/start")]).await;
    let (_, html) = app.page(SEED_QUERY).await;
    assert!(
        html.contains(r#"href="https://app.example.com/connect/start">Restart connection</a>"#)
    );
    assert!(html.contains(r#"href="https://scalekit.statuspage.io""#));
    assert!(html.contains("Check service status"));
    assert!(html.contains("mailto:support@scalekit.com"));
    let reference = html.split("id=\"reference\">").nth(1).unwrap();
    let reference = &reference[..10];
    assert!(reference.starts_with("CEP-"), "{reference}");
    assert!(
        reference[4..]
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    );
    assert!(html.contains(" UTC</time>"));
}

#[tokio::test]
async fn technical_details_are_collapsed_and_quote_the_raw_values() {
    let app = spawn_app().await;
    let (_, html) = app.page(SEED_QUERY).await;
    let details = &html[html.find("<details").unwrap()..html.find("</details>").unwrap()];
    assert!(!html.contains("<details open"));
    assert!(details.contains("<code>failed_to_exchange_token</code>"));
    assert!(details.contains("<blockquote class=\"quoted\"><p>error = server_error, description = Error executing post auth hooks</p></blockquote>"));
    assert!(details.contains("<code>server_error</code>"));
}

#[tokio::test]
async fn every_category_has_its_own_verdict() {
    let app = spawn_app().await;
    let cases = [
        ("error=access_denied&error_subcode=cancel", "user_cancelled"),
        ("error=insufficient_scopes_granted", "user_action"),
        ("error=invalid_state", "session_expired"),
        ("error=redirect_uri_mismatch", "developer_config"),
        (SEED_QUERY, "platform_transient"),
        (
            "error=temporarily_unavailable&error_description=The+service+is+under+maintenance",
            "provider_outage",
        ),
        ("error=never_heard_of_it", "unknown"),
    ];
    let mut headlines = std::collections::HashSet::new();
    for (query, category) in cases {
        let (status, html) = app.page(query).await;
        assert_eq!(status, 200, "{query}");
        assert!(
            html.contains(&format!("class=\"verdict category-{category}\"")),
            "{query}"
        );
        assert_eq!(
            app.json(query).await["diagnosis"]["category"],
            category,
            "{query}"
        );
        assert!(
            headlines.insert(headline(&html)),
            "{query} repeats a headline"
        );
    }
}

#[tokio::test]
async fn unknown_code_gets_an_honest_page_not_a_generic_expiry_message() {
    let app = spawn_app_with(&[("CEP_SUPPORT__URL", "https://help.example.com/")]).await;
    let (status, html) = app
        .page("error=quantum_flux_failure&error_description=Something+odd")
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("The error code we received was: <code>quantum_flux_failure</code>"));
    assert!(!html.to_lowercase().contains("expired"));
    assert!(html.contains("Start again"));
    assert!(html.contains("Check service status"));
    assert!(hrefs(&html).contains(&"https://help.example.com/".to_owned()));
    assert!(html.contains("id=\"reference\""));
}

#[tokio::test]
async fn markup_and_quotes_from_every_field_are_escaped() {
    let app = spawn_app().await;
    let payload =
        "%3Cscript%3Ealert(%27x%27)%3C%2Fscript%3E%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E";
    let query = format!(
        "error={payload}&error_description={payload}&error_uri={payload}&connection_name={payload}&return_to={payload}&state={payload}"
    );
    let (status, html) = app.page(&query).await;
    assert_eq!(status, 200);
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
    assert!(!html.contains("alert('x')"));
    assert!(html.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;&#34;&#62;&#60;img"));
    for href in hrefs(&html) {
        if href.starts_with("mailto:") {
            // The support email's body quotes the error as text, percent-encoded.
            assert!(!href.contains(['<', '>', '"', '\'', ' ']), "{href}");
            assert!(href.contains("%3Cscript%3E"), "{href}");
            continue;
        }
        assert!(
            !href.contains("script") && !href.contains("onerror"),
            "{href}"
        );
    }
}

#[tokio::test]
async fn secrets_in_the_callback_are_never_echoed() {
    let app = spawn_app().await;
    let (_, html) = app
        .page("error=access_denied&code=SECRETCODE123&access_token=SECRETTOKEN&id_token=SECRETID&state=SECRETSTATE")
        .await;
    for secret in ["SECRETCODE123", "SECRETTOKEN", "SECRETID", "SECRETSTATE"] {
        assert!(!html.contains(secret), "{secret} leaked");
    }
}

#[tokio::test]
async fn microsoft_trace_ids_go_in_the_support_box_and_known_docs_are_linked() {
    let app = spawn_app().await;
    let (_, html) = app
        .page("error=invalid_grant&error_description=AADSTS54005%3A+OAuth2+Authorization+code+was+already+redeemed.%0D%0ATrace+ID%3A+d7c6a70e-5f5b-4542-bb68-b7f41a780600%0D%0ACorrelation+ID%3A+67eba14f-5fa4-4785-b88d-d3e7bc4b0d29%0D%0ATimestamp%3A+2019-01-10+00%3A34%3A34Z&error_uri=https%3A%2F%2Flearn.microsoft.com%2Fen-us%2Fentra%2Fidentity-platform%2Freference-error-codes")
        .await;
    let support = &html[html.find("class=\"support\"").unwrap()..html.find("<details").unwrap()];
    assert!(support.contains("d7c6a70e-5f5b-4542-bb68-b7f41a780600"));
    assert!(support.contains("67eba14f-5fa4-4785-b88d-d3e7bc4b0d29"));
    assert!(support.contains("2019-01-10 00:34:34Z"));
    assert!(
        hrefs(&html).contains(
            &"https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes"
                .to_owned()
        )
    );
    let (_, html) = app
        .page("error=access_denied&error_uri=https%3A%2F%2Fevil.example%2Fdocs")
        .await;
    // The mailto body may quote the received error_uri as text; no link points there.
    let links = hrefs(&html);
    assert!(
        links
            .iter()
            .filter(|h| !h.starts_with("mailto:"))
            .all(|h| !h.contains("evil.example"))
    );
}

#[tokio::test]
async fn documentation_links_stay_inside_documentation_paths_without_a_query() {
    let app = spawn_app().await;
    for elsewhere in [
        "https://www.dropbox.com/scl/fi/x1/shared.zip?dl=1",
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x&redirect_uri=https%3A%2F%2Fevil.example",
        "https://support.google.com/accounts/ServiceLogin?continue=https%3A%2F%2Fevil.example",
    ] {
        let json = app
            .json(&format!(
                "error=access_denied&error_uri={}",
                urlencode(elsewhere)
            ))
            .await;
        assert_eq!(
            json["diagnosis"]["documentation_link"],
            serde_json::Value::Null,
            "{elsewhere}"
        );
    }
    let json = app
        .json(&format!(
            "error=access_denied&error_uri={}",
            urlencode("https://docs.github.com/apps/oauth?return=https%3A%2F%2Fevil.example#fix")
        ))
        .await;
    assert_eq!(
        json["diagnosis"]["documentation_link"],
        "https://docs.github.com/apps/oauth#fix"
    );
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn an_unrecognised_code_page_admits_it_does_not_know_and_agrees_with_itself() {
    let app = spawn_app().await;
    let (_, html) = app
        .page("error=failed_to_exchange_token&error_description=error+%3D+tenant_locked%2C+description+%3D+Tenant+is+locked")
        .await;
    assert!(html.contains("<code>tenant_locked</code>"), "{html}");
    assert!(
        html.contains("We don&#39;t know what caused this"),
        "{html}"
    );
    assert!(html.contains("It depends on the cause"), "{html}");
    assert!(html.contains("Trying once more is safe"), "{html}");
    // No claim that contradicts not knowing.
    for claim in [
        "No action is needed from you",
        "Trying again usually works",
        "temporary problem on the platform",
    ] {
        assert!(!html.contains(claim), "{claim}");
    }
}
