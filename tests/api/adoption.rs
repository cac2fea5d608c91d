//! What a new adopter hits first: optional links, form posts, start-up messages and files.

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::binary::start_binary;
use crate::check_config::check_config;
use crate::helpers::{SEED_QUERY, hrefs, spawn_app, spawn_app_with};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh directory for files one test writes.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cep-adopt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Starts the binary, waits until it answers, stops it, and returns its log.
async fn log_of_a_run(env: &[(&str, &str)]) -> Vec<String> {
    let running = start_binary(env).await;
    let health = reqwest::get(format!("{}/healthz", running.address)).await;
    assert_eq!(health.unwrap().status(), 200);
    running.stop().await
}

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_connect-error-page"));
    command.env_remove("RUST_LOG").env_remove("LOG_FORMAT");
    for (key, _) in std::env::vars() {
        if key.starts_with("CEP_") || key == "PORT" {
            command.env_remove(key);
        }
    }
    command
}

#[tokio::test]
async fn an_empty_status_page_url_switches_the_status_link_off() {
    let app = spawn_app_with(&[("CEP_STATUS_PAGE__URL", "")]).await;
    let (status, html) = app.page(SEED_QUERY).await;
    assert_eq!(status, 200);
    assert!(!html.contains(r#"id="status""#), "{html}");
    assert!(!hrefs(&html).iter().any(|h| h.contains("statuspage")));
    assert!(app.json(SEED_QUERY).await["status_page_url"].is_null());
    let (_, html) = spawn_app().await.page(SEED_QUERY).await;
    assert!(html.contains(r#"id="status""#));
}

#[tokio::test]
async fn a_form_post_reads_ui_locales_and_lang_from_its_body() {
    let app = spawn_app().await;
    for (body, lang) in [
        ("error=access_denied&ui_locales=fr", r#"lang="fr""#),
        ("error=access_denied&lang=de", r#"lang="de""#),
    ] {
        let html = app.post_form(body).await;
        assert!(html.contains(lang), "{body}: {}", &html[..200]);
    }
}

#[test]
fn an_unfilled_support_placeholder_is_refused_by_check_config() {
    let out = check_config("[support]\nurl = \"https://help.example.com/new?c={error_code}\"\n");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`support.url`"), "{err}");
    assert!(err.contains("{reference} and {code}"), "{err}");
}

#[test]
fn a_list_written_as_a_string_shows_the_array_syntax() {
    let out = check_config("[restart]\nallowed_return_origins = \"https://app.example.com\"\n");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("`restart.allowed_return_origins`"), "{err}");
    assert!(err.contains(r#"= ["https://app.example.com"]"#), "{err}");
}

#[test]
fn a_restart_placeholder_error_names_the_valid_placeholders() {
    let out = check_config("[restart]\nurl = \"https://app.example.com/{user}/start\"\n");
    let err = stderr(&out);
    assert!(err.contains("{connection_name} and {return_to}"), "{err}");
}

#[test]
fn toml_syntax_errors_name_the_file_line_and_column() {
    let out = check_config("[support]\nemail = support@example.com\n");
    let err = stderr(&out);
    assert!(err.contains("line 2, column 9"), "{err}");
    assert!(!err.contains("\n. Fix:"), "{err}");
    let out = check_config("[support]\nemail = \"a@example.com\"\nemail = \"b@example.com\"\n");
    assert!(
        stderr(&out).contains("duplicate key `email`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_overrides_file_is_found_next_to_the_config_and_its_errors_are_located() {
    let dir = scratch("overrides");
    std::fs::write(
        dir.join("cep.toml"),
        "[catalog]\noverrides = \"overrides.toml\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("overrides.toml"),
        "[[override]]\ncode = \"access_denied\"\ncode = \"x\"\n",
    )
    .unwrap();
    // Run from elsewhere, as systemd does from `/`.
    let check_from_root = || {
        binary()
            .current_dir("/")
            .args(["check-config", "--config"])
            .arg(dir.join("cep.toml"))
            .output()
            .unwrap()
    };
    let out = check_from_root();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("overrides.toml"), "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("duplicate key `code`"), "{err}");
    std::fs::write(
        dir.join("overrides.toml"),
        "[[override]]\ncode = \"access_denied\"\ntitle = \"Declined\"\n",
    )
    .unwrap();
    let out = check_from_root();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn the_example_config_passes_check_config() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/config.toml");
    let out = binary()
        .args(["check-config", "--config", example])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn with_log_format_json_a_start_up_error_is_json() {
    let out = binary()
        .env("LOG_FORMAT", "JSON")
        .env("CEP_PAGE_STATUS", "302")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line: serde_json::Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!(line["level"], "ERROR");
    assert!(line["msg"].as_str().unwrap().contains("`page_status`"));
}

#[tokio::test]
async fn serve_warns_once_when_the_seed_defaults_are_unchanged() {
    let seeded = log_of_a_run(&[]).await;
    let warnings = seeded
        .iter()
        .filter(|l| l.contains("seed platform"))
        .count();
    assert_eq!(warnings, 1, "{}", seeded.join("\n"));
    let own = log_of_a_run(&[
        ("CEP_SUPPORT__EMAIL", "help@example.com"),
        ("CEP_STATUS_PAGE__URL", "https://status.example.com"),
    ])
    .await;
    assert!(!own.iter().any(|l| l.contains("seed platform")));
}

#[tokio::test]
async fn the_workers_setting_reaches_the_server() {
    let log = log_of_a_run(&[("CEP_WORKERS", "3")]).await;
    assert!(
        log.iter().any(|l| l.contains("starting 3 workers")),
        "{}",
        log.join("\n")
    );
}

/// `[docs] base_url` links each page to its code's section of the generated guide.
#[tokio::test]
async fn learn_more_links_to_the_codes_section_of_the_published_guide() {
    let base = "https://docs.example.com/connect/troubleshooting";
    let app = spawn_app_with(&[("CEP_DOCS__BASE_URL", base)]).await;
    let (_, html) = app.page("error=access_denied&ui_locales=de").await;
    let link = hrefs(&html)
        .into_iter()
        .find(|h| h.starts_with(base))
        .expect("a Learn more link");
    assert_eq!(link, format!("{base}#code-access_denied"));
    assert!(
        html.contains("Mehr über diesen Fehler"),
        "in the page's language"
    );
    let json = app.json("error=access_denied").await;
    assert_eq!(json["learn_more_url"], link);
    // The fragment names a section the docs command writes.
    let guide = binary().args(["docs", "--format", "mdx"]).output().unwrap();
    let guide = String::from_utf8(guide.stdout).unwrap();
    assert!(guide.contains(r#"<details id="code-access_denied">"#));
    let (_, plain) = spawn_app().await.page("error=access_denied").await;
    assert!(!plain.contains("id=\"learn-more\""));
}
