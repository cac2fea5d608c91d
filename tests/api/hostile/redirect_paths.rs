//! The fragment-redirect addresses, as the server sees them (a fragment never reaches
//! it): each is answered in place, with no redirect and no link off the origin. The
//! script's side of this class runs in a real browser (`tests/browser/fragment_redirect.rs`).

use connect_error_page::routes::CALLBACK_ERROR_PATH;

use super::fragment_redirects::fragment_cases;
use super::spawn_configured_app;
use crate::helpers::hrefs;

#[tokio::test]
async fn fragment_redirect_paths_are_answered_in_place() {
    let app = spawn_configured_app().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for case in fragment_cases("evil.example", CALLBACK_ERROR_PATH) {
        let response = client
            .get(format!("{}{}", app.address, case.path))
            .send()
            .await
            .unwrap();
        assert!(
            !response.status().is_redirection() && !response.headers().contains_key("location"),
            "{} (#{} stays in the browser): {}",
            case.kind,
            case.fragment,
            response.status()
        );
        let html = response.text().await.unwrap();
        for href in hrefs(&html) {
            assert!(!href.contains("evil.example"), "{}: {href}", case.kind);
        }
    }
}
