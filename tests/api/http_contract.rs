use connect_error_page::routes::CALLBACK_ERROR_PATH;

use crate::helpers::{SEED_QUERY, headline, spawn_app};

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = spawn_app().await;
    let response = app
        .client
        .head(app.error_url(SEED_QUERY))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn form_post_callbacks_are_diagnosed_from_the_body() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}{CALLBACK_ERROR_PATH}", app.address))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(SEED_QUERY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert_eq!(
        headline(&html),
        "We couldn't finish connecting your account"
    );
}

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let app = spawn_app().await;
    for url in [
        app.error_url(SEED_QUERY),
        format!("{}/nowhere", app.address),
    ] {
        let response = app.client.get(&url).send().await.unwrap();
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        for directive in [
            "default-src 'none'",
            "style-src 'self'",
            "script-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{url}: {directive}");
        }
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["cache-control"], "no-store");
    }
}

#[tokio::test]
async fn the_stylesheet_is_embedded_hashed_and_cached_long() {
    let app = spawn_app().await;
    let (_, html) = app.page(SEED_QUERY).await;
    let css_path = html.split("rel=\"stylesheet\" href=\"").nth(1).unwrap();
    let css_path = &css_path[..css_path.find('"').unwrap()];
    let response = app.get(css_path).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("prefers-color-scheme: dark")
    );
    let stale = app.get("/static/app.0000.css").await;
    assert_eq!(stale.status(), 404);
}

#[tokio::test]
async fn a_16_kib_query_renders_and_a_17_kib_query_gets_a_clear_414() {
    let app = spawn_app().await;
    let prefix = "error=access_denied&error_description=";
    let fits = format!("{prefix}{}", "a".repeat(16 * 1024 - prefix.len()));
    assert_eq!(fits.len(), 16 * 1024);
    let (status, html) = app.page(&fits).await;
    assert_eq!(status, 200);
    assert!(html.contains("access_denied"));

    let too_long = format!("{prefix}{}", "a".repeat(17 * 1024 - prefix.len()));
    let (status, html) = app.page(&too_long).await;
    assert_eq!(status, 414);
    assert_eq!(headline(&html), "This link is too long to read");
}

#[tokio::test]
async fn an_oversized_form_body_gets_a_clear_413() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}{CALLBACK_ERROR_PATH}", app.address))
        .body(format!(
            "error=x&error_description={}",
            "a".repeat(17 * 1024)
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("too long"));
}

#[tokio::test]
async fn unknown_paths_get_a_small_404_page_and_other_methods_a_405() {
    let app = spawn_app().await;
    let response = app.get("/wp-admin").await;
    assert_eq!(response.status(), 404);
    assert_eq!(headline(&response.text().await.unwrap()), "Page not found");
    let response = app.client.delete(app.error_url("")).send().await.unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD, POST");
}

#[tokio::test]
async fn healthz_is_ok() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
}

/// Raw bytes to the server; returns the whole answer (the server closes after these).
async fn raw_exchange(address: &str, request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address.trim_start_matches("http://"))
        .await
        .unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// actix-http writes 400 and 431 itself, before any middleware, so they cannot carry the
/// security headers (README, Security model). They must stay bodiless: nothing to render,
/// sniff or frame, and the connection closes.
#[tokio::test]
async fn parser_refusals_are_bodiless_and_close_the_connection() {
    let app = spawn_app().await;
    let many_headers: String = (0..200).map(|i| format!("X-{i}: a\r\n")).collect();
    for (expected, request) in [
        (
            "400",
            "GET /x HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n".to_owned(),
        ),
        (
            "431",
            format!("GET / HTTP/1.1\r\nHost: a\r\n{many_headers}\r\n"),
        ),
    ] {
        let answer = raw_exchange(&app.address, request.as_bytes()).await;
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with(&format!("HTTP/1.1 {expected} ")), "{head}");
        assert!(head.to_lowercase().contains("content-length: 0"), "{head}");
        assert!(head.to_lowercase().contains("connection: close"), "{head}");
        assert_eq!(body, "");
    }
}
