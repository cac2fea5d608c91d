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
