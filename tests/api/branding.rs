use crate::helpers::{SEED_QUERY, spawn_app, spawn_app_with};

/// The `href` of the `<link rel="stylesheet">` after the main one, if any.
fn brand_stylesheet(html: &str) -> Option<String> {
    let link = html.split("rel=\"stylesheet\" href=\"").nth(2)?;
    Some(link[..link.find('"').unwrap()].to_owned())
}

#[tokio::test]
async fn the_accent_colour_arrives_as_a_hashed_stylesheet_not_inline_style() {
    let app = spawn_app_with(&[("CEP_BRANDING__ACCENT_COLOR", "#0b6e4f")]).await;
    let (_, html) = app.page(SEED_QUERY).await;
    assert!(!html.contains("style="));
    assert!(!html.contains("<style"));
    let path = brand_stylesheet(&html).expect("a brand stylesheet is linked");
    assert!(path.starts_with("/static/brand."), "{path}");
    let response = app.get(&path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/css; charset=utf-8"
    );
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("--accent: #0b6e4f;")
    );

    let plain = spawn_app().await;
    let (_, html) = plain.page(SEED_QUERY).await;
    assert_eq!(brand_stylesheet(&html), None);
}

#[tokio::test]
async fn a_logo_is_shown_and_only_its_origin_is_allowed_by_the_csp() {
    let app = spawn_app_with(&[
        (
            "CEP_BRANDING__LOGO_URL",
            "https://cdn.example.com/acme/logo.svg",
        ),
        ("CEP_BRANDING__PRODUCT_NAME", "Acme Connect"),
    ])
    .await;
    let response = app
        .client
        .get(app.error_url(SEED_QUERY))
        .send()
        .await
        .unwrap();
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("img-src 'self' https://cdn.example.com;"),
        "{csp}"
    );
    let html = response.text().await.unwrap();
    assert!(
        html.contains(r#"<img class="logo" src="https://cdn.example.com/acme/logo.svg" alt="">"#)
    );
    assert!(html.contains(r#"<p class="product">Acme Connect</p>"#));
}

#[tokio::test]
async fn the_old_top_level_product_name_still_shows() {
    let app = spawn_app_with(&[("CEP_PRODUCT_NAME", "Acme Classic")]).await;
    let (_, html) = app.page(SEED_QUERY).await;
    assert!(html.contains(r#"<p class="product">Acme Classic</p>"#));
}

#[tokio::test]
async fn the_script_is_external_deferred_hashed_and_served() {
    let app = spawn_app().await;
    let (_, html) = app.page(SEED_QUERY).await;
    let src = html
        .split("<script src=\"")
        .nth(1)
        .expect("a script is linked");
    let (path, rest) = src.split_once('"').unwrap();
    assert!(rest.starts_with(" defer "), "{rest}");
    let (attributes, _) = rest
        .split_once("></script>")
        .expect("a closed script element");
    assert!(
        attributes.ends_with("data-page-path=\"/ui-handlers/connect/callback/error\""),
        "app.js is told the route it may rewrite on: {attributes}"
    );
    assert_eq!(html.matches("<script").count(), 1, "no inline script");
    assert!(path.starts_with("/static/app.") && path.ends_with(".js"));
    let response = app.get(path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(response.text().await.unwrap().contains("connect-error"));
}

#[tokio::test]
async fn popup_origins_reach_the_script_as_data_and_its_controls_start_hidden() {
    let app = spawn_app_with(&[(
        "CEP_POPUP__ALLOWED_OPENER_ORIGINS",
        r#"["https://app.example.com", "https://admin.example.com:8443/"]"#,
    )])
    .await;
    let (_, html) = app.page(SEED_QUERY).await;
    assert!(html.contains(
        r#"data-opener-origins="https://app.example.com https://admin.example.com:8443""#
    ));
    assert!(html.contains(r#"id="close-popup" hidden"#));
    assert!(html.contains(r#"id="copy-details" hidden"#));
    assert!(html.contains(r#"data-code="post_auth_hook_failed""#));
    assert!(html.contains(r#"data-retryable="true""#));
}

#[tokio::test]
async fn the_support_bundle_sits_in_the_technical_details() {
    let app = spawn_app().await;
    let (_, html) = app
        .page(&format!("{SEED_QUERY}&connection_name=jira-cloud"))
        .await;
    let details = &html[html.find("<details").unwrap()..html.find("</details>").unwrap()];
    let bundle = details
        .split("id=\"support-bundle\"")
        .nth(1)
        .expect("bundle");
    let bundle = &bundle[..bundle.find("</pre>").unwrap()];
    assert!(bundle.contains("Reference: CEP-"));
    assert!(bundle.contains("Error: failed_to_exchange_token"));
    assert!(bundle.contains("Diagnosed as: post_auth_hook_failed (platform_transient)"));
    assert!(bundle.contains("Connection: jira-cloud"));
}
