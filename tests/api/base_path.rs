//! `[http] base_path`: the page, its assets, the gallery and the probes move under it.

use connect_error_page::config::{FlagOverrides, Settings};

use crate::helpers::{asset_paths, hrefs, spawn_app_with};

const PAGE: &str = "/connect/ui-handlers/connect/callback/error";

#[tokio::test]
async fn every_route_and_link_moves_under_the_base_path() {
    let app = spawn_app_with(&[
        ("CEP_HTTP__BASE_PATH", "/connect"),
        ("CEP_QA__GALLERY", "true"),
    ])
    .await;
    let response = app.get(&format!("{PAGE}?error=access_denied")).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let assets = asset_paths(&html);
    assert_eq!(assets.len(), 3, "{assets:?}");
    for path in assets {
        assert!(path.starts_with("/connect/static/"), "{path}");
        assert_eq!(app.get(&path).await.status(), 200, "{path}");
    }
    assert!(html.contains(&format!("data-page-path=\"{PAGE}\"")));
    assert!(
        html.contains(&format!("Page: {}{PAGE}?error=access_denied", app.address)),
        "the support bundle names the page where it is"
    );

    let gallery = app.get(&format!("{PAGE}/catalog")).await;
    assert_eq!(gallery.status(), 200);
    let previews = hrefs(&gallery.text().await.unwrap());
    assert!(!previews.is_empty());
    for link in previews.iter().filter(|l| l.contains("?error=")) {
        assert!(link.starts_with(&format!("{PAGE}?error=")), "{link}");
    }
    let preview = app.get(&previews[previews.len() - 1]).await;
    assert_eq!(preview.status(), 200);

    for probe in ["/connect/healthz", "/connect/readyz"] {
        assert_eq!(app.get(probe).await.status(), 200, "{probe}");
    }
    // Nothing is left at the old addresses; /metrics stays where scrapers look.
    for old in [
        "/ui-handlers/connect/callback/error?error=access_denied",
        "/healthz",
        "/readyz",
        "/connectx/healthz",
    ] {
        assert_eq!(app.get(old).await.status(), 404, "{old}");
    }
    assert_eq!(app.get("/metrics").await.status(), 200);
}

#[tokio::test]
async fn a_brand_stylesheet_follows_the_base_path() {
    let app = spawn_app_with(&[
        ("CEP_HTTP__BASE_PATH", "/auth/errors"),
        ("CEP_BRANDING__ACCENT_COLOR", "#0055aa"),
    ])
    .await;
    let html = app
        .get("/auth/errors/ui-handlers/connect/callback/error?error=x")
        .await
        .text()
        .await
        .unwrap();
    let assets = asset_paths(&html);
    assert_eq!(assets.len(), 4, "{assets:?}");
    for path in assets {
        assert!(path.starts_with("/auth/errors/static/"), "{path}");
        assert_eq!(app.get(&path).await.status(), 200, "{path}");
    }
}

#[test]
fn a_base_path_that_is_not_a_plain_path_is_refused_at_start_up() {
    for bad in ["connect", "/connect/", "/con nect", "//evil.example.com"] {
        let env = [("CEP_HTTP__BASE_PATH".to_owned(), bad.to_owned())];
        let err = Settings::load(None, env, &FlagOverrides::default()).unwrap_err();
        assert_eq!(err.key, "http.base_path", "{bad}");
        assert!(err.to_string().contains("Fix:"), "{err}");
    }
}
