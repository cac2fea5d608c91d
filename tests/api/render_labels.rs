//! The labels a team filters renders by: provider family, category, connection, restart link.

use crate::helpers::spawn_app_with;

#[tokio::test]
async fn renders_are_labelled_by_provider_family_and_only_configured_connections_are_named() {
    let dir = std::env::temp_dir().join(format!("cep-labels-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let overrides = dir.join("overrides.toml");
    std::fs::write(
        &overrides,
        "[connections.jira]\ndeveloper_steps = [\"Check the Jira app.\"]\n",
    )
    .unwrap();
    let app = spawn_app_with(&[
        ("CEP_CATALOG__OVERRIDES", overrides.to_str().unwrap()),
        (
            "CEP_RESTART__URL",
            "https://app.example.com/connect/{connection_name}/start",
        ),
    ])
    .await;
    app.page("error=access_denied&connection_name=jira").await;
    app.page("error=access_denied&connection_name=made-up-one")
        .await;
    app.page("error=access_denied&connection_name=made-up-two")
        .await;
    app.page("error=invalid_team_for_non_distributed_app").await;
    app.page("error=access_denied").await;

    let text = app.metrics_text().await;
    let renders = |labels: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("cep_page_renders_total{{{labels}}} ")))
            .map(|v| v.parse::<f64>().unwrap())
    };
    assert_eq!(
        renders(
            r#"category="unknown",code="access_denied",family="standards",connection="jira",restart_link="offered""#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        renders(
            r#"category="unknown",code="access_denied",family="standards",connection="other",restart_link="offered""#
        ),
        Some(2.0),
        "{text}"
    );
    assert!(!text.contains("made-up"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("cep_page_renders_total{") && l.contains(r#"family="slack""#)),
        "{text}"
    );
    // Without a connection_name the restart template has nothing safe to fill in.
    assert_eq!(
        renders(
            r#"category="unknown",code="access_denied",family="standards",connection="none",restart_link="none""#
        ),
        Some(1.0),
        "{text}"
    );
}
