//! The fragment rewrite never leaves the page's origin and never carries a credential.

use std::time::Duration;

use connect_error_page::routes::CALLBACK_ERROR_PATH;
use fantoccini::Locator;

use crate::app::{RESTART_LANDING, spawn_app_with, spawn_site};
use crate::browser::{Driver, ONE_BROWSER_AT_A_TIME, tools_or_skip, with_session};

#[path = "../api/hostile/fragment_redirects.rs"]
mod cases;

#[tokio::test]
async fn hostile_addresses_never_leave_the_origin_or_carry_a_secret() {
    let Some(tools) = tools_or_skip("the fragment redirect browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = spawn_app_with(&[]).await;
    let other = spawn_site(RESTART_LANDING);
    let other_host = other.trim_start_matches("http://").to_owned();
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        let all = cases::fragment_cases(&other_host, CALLBACK_ERROR_PATH);
        let mut escaped = Vec::new();
        for case in &all {
            let url = format!("{}{}#{}", app.address, case.path, case.fragment);
            client.goto(&url).await.unwrap();
            // The rewrite, if any, runs from a deferred script: give it time to land.
            tokio::time::sleep(Duration::from_millis(400)).await;
            client.wait().for_element(Locator::Css("h1")).await.unwrap();
            let now = client.current_url().await.unwrap();
            let left = !now.as_str().starts_with(&format!("{}/", app.address));
            // An address left as typed carries what the attacker typed, nothing more.
            let rewritten = now.fragment().is_none();
            let leaked = rewritten && now.as_str().to_lowercase().contains(cases::SECRET_PREFIX);
            if left || leaked {
                escaped.push(format!("{}: {url} -> {now}", case.kind));
            }
        }
        println!(
            "fragment redirect: {} of {} hostile addresses left the origin or carried a secret",
            escaped.len(),
            all.len()
        );
        assert!(escaped.is_empty(), "{}", escaped.join("\n"));
    })
    .await;
}

#[tokio::test]
async fn the_rewrite_runs_only_on_the_callback_route() {
    let Some(tools) = tools_or_skip("the rewrite-scope browser test") else {
        return;
    };
    let _one = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = spawn_app_with(&[]).await;
    let url = format!("{}/elsewhere#error=access_denied", app.address);
    let mut driver = Driver::start(&tools);
    with_session(&mut driver, true, move |client| async move {
        client.goto(&url).await.unwrap();
        tokio::time::sleep(Duration::from_millis(400)).await;
        let now = client.current_url().await.unwrap();
        assert_eq!(now.path(), "/elsewhere");
        assert_eq!(now.query(), None, "{now}");
        assert_eq!(now.fragment(), Some("error=access_denied"));
    })
    .await;
}
