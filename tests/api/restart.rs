use crate::helpers::{hrefs, spawn_app_with};

const TEMPLATE: (&str, &str) = (
    "CEP_RESTART__URL",
    "https://app.example.com/connect/{connection_name}/start",
);
const ALLOWED: (&str, &str) = (
    "CEP_RESTART__ALLOWED_RETURN_ORIGINS",
    r#"["https://allowed.example.com"]"#,
);

#[tokio::test]
async fn restart_fills_the_template_with_a_valid_connection_name_and_allowed_return_to() {
    let app = spawn_app_with(&[TEMPLATE, ALLOWED]).await;
    let (_, html) = app
        .page("error=access_denied&connection_name=jira&return_to=https%3A%2F%2Fallowed.example.com%2Fintegrations")
        .await;
    assert!(hrefs(&html).contains(
        &"https://app.example.com/connect/jira/start?return_to=https%3A%2F%2Fallowed.example.com%2Fintegrations".to_owned()
    ));
    assert!(html.contains("Restart connection"));
    let json = app.json("error=access_denied&connection_name=jira").await;
    assert_eq!(
        json["restart_url"],
        "https://app.example.com/connect/jira/start"
    );
}

#[tokio::test]
async fn hostile_return_to_is_dropped_and_never_linked() {
    let app = spawn_app_with(&[TEMPLATE, ALLOWED]).await;
    for hostile in [
        "javascript:alert(document.domain)",
        "//evil.example/",
        "https://allowed.example.com.evil.example/",
        "https://allowed.example.com@evil.example/",
        "https:\\\\evil.example",
        "https://allowed.example.com\\@evil.example/",
    ] {
        let encoded: String = url_encode(hostile);
        let (status, html) = app
            .page(&format!(
                "error=access_denied&connection_name=jira&return_to={encoded}"
            ))
            .await;
        assert_eq!(status, 200);
        let links = hrefs(&html);
        assert!(
            links.contains(&"https://app.example.com/connect/jira/start".to_owned()),
            "{hostile}"
        );
        for link in &links {
            assert!(
                !link.contains("evil") && !link.starts_with("javascript"),
                "{hostile} -> {link}"
            );
        }
    }
}

#[tokio::test]
async fn invalid_connection_name_means_start_again_without_inventing_a_link() {
    let app = spawn_app_with(&[TEMPLATE]).await;
    for name in [
        "..%2Fadmin",
        "..",
        ".",
        "a%20b",
        "%3Cx%3E",
        "x".repeat(65).as_str(),
        "",
    ] {
        let (_, html) = app
            .page(&format!("error=access_denied&connection_name={name}"))
            .await;
        assert!(html.contains("Start again"), "{name}");
        assert!(html.contains("start the connection again from the app you came from"));
        assert!(!html.contains("Restart connection"), "{name}");
        assert!(
            hrefs(&html).iter().all(|h| !h.contains("app.example.com")),
            "{name}"
        );
    }
    assert!(app.json("error=access_denied").await["restart_url"].is_null());
}

#[tokio::test]
async fn without_a_template_an_allowed_return_to_is_the_way_back() {
    let app = spawn_app_with(&[ALLOWED]).await;
    let (_, html) = app
        .page("error=access_denied&return_to=https%3A%2F%2Fallowed.example.com%2Fback")
        .await;
    assert!(hrefs(&html).contains(&"https://allowed.example.com/back".to_owned()));
    let (_, html) = app
        .page("error=access_denied&return_to=https%3A%2F%2Fevil.example%2F")
        .await;
    assert!(html.contains("Start again"));
}

fn url_encode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// The button appears whenever a safe link can be built, and only then.
#[tokio::test]
async fn restart_appears_whenever_a_safe_link_can_be_built() {
    let name_only = spawn_app_with(&[TEMPLATE, ALLOWED]).await;
    let json = name_only
        .json("error=access_denied&connection_name=jira-cloud")
        .await;
    assert_eq!(
        json["restart_url"],
        "https://app.example.com/connect/jira-cloud/start"
    );
    let return_only = spawn_app_with(&[
        (
            "CEP_RESTART__URL",
            "https://app.example.com/start?next={return_to}",
        ),
        ALLOWED,
    ])
    .await;
    let json = return_only
        .json("error=access_denied&return_to=https%3A%2F%2Fallowed.example.com%2Fapps")
        .await;
    assert_eq!(
        json["restart_url"],
        "https://app.example.com/start?next=https%3A%2F%2Fallowed.example.com%2Fapps"
    );
    let relative = spawn_app_with(&[ALLOWED]).await;
    let (_, html) = relative
        .page("error=access_denied&return_to=%2Fsettings")
        .await;
    assert!(
        hrefs(&html).contains(&"https://allowed.example.com/settings".to_owned()),
        "{:?}",
        hrefs(&html)
    );
    for unsafe_target in [
        "%2F%2Fevil.example%2F",
        "https%3A%2F%2Fevil.example%2F",
        "javascript%3Aalert(1)",
    ] {
        let json = relative
            .json(&format!("error=access_denied&return_to={unsafe_target}"))
            .await;
        assert!(json["restart_url"].is_null(), "{unsafe_target}");
    }
}
