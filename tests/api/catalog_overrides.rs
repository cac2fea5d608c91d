use crate::helpers::{hrefs, spawn_app_with};

#[tokio::test]
async fn the_qa_gallery_is_off_by_default() {
    let app = spawn_app_with(&[]).await;
    let response = app
        .client
        .get(format!(
            "{}/ui-handlers/connect/callback/error/catalog",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_qa_gallery_lists_every_code_with_a_working_preview() {
    let app = spawn_app_with(&[("CEP_QA__GALLERY", "true")]).await;
    let html = app
        .client
        .get(format!(
            "{}/ui-handlers/connect/callback/error/catalog",
            app.address
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let catalog = connect_error_page::diagnosis::Catalog::built_in().unwrap();
    let links = hrefs(&html);
    let previews: Vec<&String> = links.iter().filter(|h| h.contains("?error=")).collect();
    assert_eq!(previews.len(), catalog.len());
    for category in [
        "user_cancelled",
        "user_action",
        "session_expired",
        "developer_config",
        "platform_transient",
        "provider_outage",
        "unknown",
    ] {
        assert!(
            html.contains(&format!("id=\"gallery-{category}\"")),
            "{category}"
        );
    }
    let preview = previews
        .iter()
        .find(|h| h.ends_with("=OAUTH%5FAPP%5FBLOCKED"))
        .unwrap();
    let json: serde_json::Value = app
        .client
        .get(format!("{}{preview}", app.address))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["diagnosis"]["code"], "OAUTH_APP_BLOCKED");
}

#[tokio::test]
async fn operator_overrides_change_the_page_without_recompiling() {
    let dir = std::env::temp_dir().join(format!("cep-ov-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("overrides.toml");
    std::fs::write(
        &path,
        r#"
[[entry]]
code = "acme_seat_limit"
title = "Your Acme plan has no seats left"
explanation = "Your organisation's Acme plan has no free seats for another connection."
category = "user_action"
fixable_by = "user_admin"
retryable = false
user_steps = ["Ask your Acme administrator to free or add a seat."]
developer_steps = ["Show the seat count before starting the connection."]

[[override]]
code = "unauthorized_client"
title = "This Jira app is not allowed to connect yet"

[connections.jira]
developer_steps = ["Jira apps are configured at developer.atlassian.com under Authorization."]
"#,
    )
    .unwrap();
    let path = path.display().to_string();
    let app = spawn_app_with(&[("CEP_CATALOG__OVERRIDES", path.as_str())]).await;
    let (_, html) = app.page("error=acme-seat-limit").await;
    assert!(html.contains("Your Acme plan has no seats left"));
    let (_, html) = app
        .page("error=unauthorized_client&connection_name=jira")
        .await;
    assert!(html.contains("This Jira app is not allowed to connect yet"));
    assert!(
        html.contains("Jira apps are configured at developer.atlassian.com under Authorization.")
    );
    let (_, html) = app
        .page("error=unauthorized_client&connection_name=slack")
        .await;
    assert!(!html.contains("developer.atlassian.com under Authorization"));
    assert!(hrefs(&html).iter().all(|h| !h.contains("atlassian")));
}
