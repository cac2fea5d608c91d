//! The page mounted into a host app (`examples/embed.rs`): the host keeps its routes,
//! its 404 and its headers; the page works under the prefix, assets included.

#[allow(dead_code)]
#[path = "../../examples/embed.rs"]
mod example;

use actix_web::{App, HttpServer};
use connect_error_page::config::Settings;
use connect_error_page::startup::CONTENT_SECURITY_POLICY;

async fn spawn_host() -> String {
    let page = example::page(Settings::defaults());
    let _running = page.start();
    let server = HttpServer::new(move || {
        let page = page.clone();
        App::new().configure(move |cfg| example::host_routes(cfg, &page))
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let address = format!("http://{}", server.addrs()[0]);
    tokio::spawn(server.run());
    address
}

fn page_url(address: &str, query: &str) -> String {
    format!(
        "{address}{}/ui-handlers/connect/callback/error?{query}",
        example::MOUNT
    )
}

#[tokio::test]
async fn the_host_keeps_its_routes_404_and_headers() {
    let address = spawn_host().await;
    let client = reqwest::Client::new();
    for (path, status, body) in [
        ("/", 200, "host home\n"),
        ("/healthz", 200, "host ok\n"),
        ("/readyz", 404, "host 404: nothing here\n"),
        ("/metrics", 404, "host 404: nothing here\n"),
        ("/static/app.css", 404, "host 404: nothing here\n"),
        (
            "/ui-handlers/connect/callback/error",
            404,
            "host 404: nothing here\n",
        ),
        // Under the prefix too: what the page does not serve is the host's.
        ("/auth/errors/nothing", 404, "host 404: nothing here\n"),
        ("/auth/errors/healthz", 404, "host 404: nothing here\n"),
    ] {
        let response = client.get(format!("{address}{path}")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{path}");
        let headers = response.headers().clone();
        assert_eq!(headers["x-served-by"], "host", "{path}");
        for added in [
            "content-security-policy",
            "x-frame-options",
            "referrer-policy",
        ] {
            assert!(
                !headers.contains_key(added),
                "{path} got the page's {added}"
            );
        }
        assert_eq!(response.text().await.unwrap(), body, "{path}");
    }
}

#[tokio::test]
async fn the_mounted_page_works_with_its_assets_and_headers() {
    let address = spawn_host().await;
    let client = reqwest::Client::new();
    let response = client
        .get(page_url(
            &address,
            "error=access_denied&connection_name=jira",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-security-policy"], CONTENT_SECURITY_POLICY);
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(!headers.contains_key("x-served-by"));
    let html = response.text().await.unwrap();
    assert!(html.contains("access_denied"), "{html}");
    let assets = crate::helpers::asset_paths(&html);
    assert_eq!(assets.len(), 3, "stylesheet, script and icon: {assets:?}");
    for path in assets {
        assert!(path.starts_with("/auth/errors/static/"), "{path}");
        let asset = client.get(format!("{address}{path}")).send().await.unwrap();
        assert_eq!(asset.status(), 200, "{path}");
        assert!(!asset.bytes().await.unwrap().is_empty(), "{path}");
    }
    assert!(
        html.contains("data-page-path=\"/auth/errors/ui-handlers/connect/callback/error\""),
        "app.js is told the mounted route"
    );
}

#[tokio::test]
async fn probes_and_metrics_are_claimed_only_when_asked_and_only_under_the_prefix() {
    connect_error_page::status::poller::install_crypto_provider();
    let page = connect_error_page::embed::ErrorPage::builder(Settings::defaults())
        .mount_at("/errors")
        .probes(true)
        .metrics(true)
        .build()
        .unwrap();
    let server = HttpServer::new(move || {
        let page = page.clone();
        App::new().configure(move |cfg| page.configure(cfg))
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let address = format!("http://{}", server.addrs()[0]);
    tokio::spawn(server.run());
    for (path, status) in [
        ("/errors/healthz", 200),
        ("/errors/readyz", 200),
        ("/errors/metrics", 200),
        ("/healthz", 404),
        ("/metrics", 404),
    ] {
        let response = reqwest::get(format!("{address}{path}")).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{path}");
    }
    let metrics = reqwest::get(format!("{address}/errors/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("route=\"/errors/healthz\",status=\"200\""),
        "the page's own routes are timed: {metrics}"
    );
}

#[test]
fn a_page_without_a_prefix_is_refused() {
    let err = connect_error_page::embed::ErrorPage::builder(Settings::defaults())
        .build()
        .err()
        .expect("no prefix");
    assert!(err.to_string().contains("mount_at"), "{err}");
    let err = connect_error_page::embed::ErrorPage::builder(Settings::defaults())
        .mount_at("auth/errors/")
        .build()
        .err()
        .expect("not a plain path");
    assert!(err.to_string().contains("http.base_path"), "{err}");
}
