//! The QA and docs commands print what the service would serve.

use std::process::Command;

use connect_error_page::config::Settings;
use connect_error_page::docs::{DocsFormat, troubleshooting_guide};
use connect_error_page::i18n::{Locale, Translations};

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_connect-error-page"));
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("CEP_")) {
        command.env_remove(key);
    }
    command
}

#[test]
fn committed_troubleshooting_guide_is_up_to_date() {
    let settings = Settings::defaults();
    let fresh = troubleshooting_guide(
        &settings.load_catalog().unwrap(),
        &settings,
        &Translations::built_in().unwrap(),
        Locale::En,
        DocsFormat::Mdx,
    );
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/troubleshooting.mdx"
    ))
    .unwrap();
    assert!(
        fresh == committed,
        "docs/troubleshooting.mdx is stale: run `cargo run -- docs --out docs/troubleshooting.mdx`"
    );
}

#[test]
fn docs_command_prints_markdown_or_writes_a_file() {
    let out = binary().args(["docs", "--format", "md"]).output().unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("---\ntitle: "));
    assert!(md.contains("<summary><code>post_auth_hook_failed</code>"));

    let path = std::env::temp_dir().join(format!("cep-guide-{}.mdx", std::process::id()));
    let out = binary()
        .args(["docs", "--out"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("## Get help")
    );
}

#[test]
fn render_prints_the_page_and_the_json_the_route_serves() {
    let out = binary()
        .args([
            "render",
            "--error",
            "failed_to_exchange_token",
            "--description",
        ])
        .arg("error = server_error, description = Error executing post auth hooks")
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("<h1>We couldn&#39;t finish connecting your account</h1>"));

    let out = binary()
        .args(["render", "--error", "<b>x</b>", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnosis"]["category"], "unknown");
    assert_eq!(json["diagnosis"]["code"], "(none)", "markup is not a code");
    assert_eq!(json["error_description"], "<b>x</b>");
}

#[test]
fn docs_and_render_speak_the_language_asked_for() {
    let translations = Translations::built_in().unwrap();
    let out = binary().args(["docs", "--lang", "ja"]).output().unwrap();
    assert!(out.status.success());
    let guide = String::from_utf8(out.stdout).unwrap();
    assert!(guide.contains(&translations.page(Locale::Ja).docs.title));
    let out = binary()
        .args(["render", "--error", "access_denied", "--lang", "ar"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#));
}

#[test]
fn render_refuses_an_unknown_language() {
    let out = binary()
        .args(["render", "--error", "x", "--lang", "xx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--lang"));
}

#[test]
fn check_config_reports_a_bad_overrides_file_by_entry_and_field() {
    let dir = std::env::temp_dir().join(format!("cep-overrides-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let overrides = dir.join("overrides.toml");
    std::fs::write(
        &overrides,
        "[[override]]\ncode = \"invalid_client\"\ncategory = \"sometimes\"\n",
    )
    .unwrap();
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[catalog]\noverrides = {:?}\n",
            overrides.display().to_string()
        ),
    )
    .unwrap();
    let out = binary()
        .args(["check-config", "--config"])
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`catalog.overrides`"), "{stderr}");
    assert!(
        stderr.contains("override `invalid_client` field `category`"),
        "{stderr}"
    );
}

/// The route's JSON and `render --query`'s, without what differs per request.
fn comparable(mut json: serde_json::Value) -> serde_json::Value {
    for per_request in ["reference", "time_utc", "support_bundle"] {
        json.as_object_mut().unwrap().remove(per_request);
    }
    json
}

#[tokio::test]
async fn render_with_a_raw_query_says_exactly_what_the_route_says() {
    let app = crate::helpers::spawn_app().await;
    for raw in [
        "error=failed_to_exchange_token&error_description=error+%3D+tenant_locked%2C+description+%3D+Tenant+is+locked",
        "state=abc&error_description=The+user+has+denied+your+application+access.&error=access_denied",
        "error=invalid_grant&error=other&error_description=PKCE%20verification%20failed&code=SplxlOBeZQQYbYS6WxSbIA",
        "errorCode=USER_CANCELLED&errorDescription=user+canceled&ui_locales=fr",
        "error=unauthorized&connection_name=hubspot-eu",
        "error_description=%ff%fe+bad%zz+escape",
    ] {
        let served = comparable(app.json(raw).await);
        let out = binary()
            .args(["render", "--format", "json", "--query", raw])
            .output()
            .unwrap();
        assert!(out.status.success(), "{raw}");
        let rendered = comparable(serde_json::from_slice(&out.stdout).unwrap());
        assert_eq!(rendered, served, "{raw}");
    }
    // A pasted URL is read from its query, without the fragment a browser never sends.
    let out = binary()
        .args(["render", "--format", "json", "--query"])
        .arg("https://app.example.com/callback?error=access_denied&error_subcode=cancel#/home")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnosis"]["code"], "user_declined");
    assert_eq!(json["diagnosis"]["evidence"], "cancel");
}
