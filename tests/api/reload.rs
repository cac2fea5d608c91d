//! SIGHUP re-reads the configuration file, the environment and the overrides file.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use connect_error_page::routes::CALLBACK_ERROR_PATH;
use connect_error_page::status::poller::install_crypto_provider;

use crate::binary::{RunningBinary, start_binary_with};
use crate::helpers::headline;

const QUERY: &str = "error=unauthorized_client&connection_name=jira";

struct Files {
    dir: PathBuf,
    config: PathBuf,
}

impl Files {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("cep-reload-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("config.toml");
        Self { dir, config }
    }

    /// A configuration naming the product, with an overrides file retitling a code.
    fn write(&self, product: &str, title: &str, extra: &str) {
        let overrides = self.dir.join("overrides.toml");
        std::fs::write(
            &overrides,
            format!("[[override]]\ncode = \"unauthorized_client\"\ntitle = \"{title}\"\n"),
        )
        .unwrap();
        std::fs::write(
            &self.config,
            format!(
                "{extra}\n[branding]\nproduct_name = \"{product}\"\n\n[catalog]\noverrides = \"overrides.toml\"\n"
            ),
        )
        .unwrap();
    }

    fn config_arg(&self) -> String {
        self.config.display().to_string()
    }
}

async fn start(files: &Files) -> RunningBinary {
    install_crypto_provider();
    let config = files.config_arg();
    start_binary_with(&["--config", &config], &[]).await
}

async fn page(binary: &RunningBinary) -> String {
    let url = format!("{}{CALLBACK_ERROR_PATH}?{QUERY}", binary.address);
    let response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

async fn reloads(binary: &RunningBinary, result: &str) -> String {
    let metrics = reqwest::get(format!("{}/metrics", binary.address))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let series = format!("cep_config_reloads_total{{result=\"{result}\"}} ");
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&series))
        .unwrap_or_else(|| panic!("no {series} in\n{metrics}"))
        .to_owned()
}

fn product(html: &str) -> &str {
    let rest = html
        .split("<p class=\"product\">")
        .nth(1)
        .expect("a product name");
    &rest[..rest.find('<').unwrap()]
}

#[tokio::test]
async fn a_valid_change_takes_effect_for_the_next_request() {
    let files = Files::new("valid");
    files.write("Acme Connect", "Acme has not approved this app", "");
    let binary = start(&files).await;
    let before = page(&binary).await;
    assert_eq!(product(&before), "Acme Connect");
    assert_eq!(headline(&before), "Acme has not approved this app");

    files.write(
        "Bolt Connect",
        "Bolt has not approved this app",
        "workers = 3",
    );
    let seen = binary.log().len();
    binary.sighup();
    binary.wait_for_log(seen, "configuration reloaded").await;
    let restart = binary.wait_for_log(seen, "needs a restart").await;
    assert!(restart.contains("workers"), "{restart}");

    let after = page(&binary).await;
    assert_eq!(product(&after), "Bolt Connect");
    assert_eq!(headline(&after), "Bolt has not approved this app");
    assert_eq!(reloads(&binary, "ok").await, "1");
    assert_eq!(reloads(&binary, "refused").await, "0");
    binary.stop().await;
}

/// What `check-config` says about `config`, without its `error: ` prefix.
fn check_config_message(config: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_connect-error-page"))
        .args(["check-config", "--config"])
        .arg(config)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    stderr.trim().trim_start_matches("error: ").to_owned()
}

#[tokio::test]
async fn a_broken_file_is_refused_and_the_old_configuration_keeps_serving() {
    let files = Files::new("broken");
    files.write("Acme Connect", "Acme has not approved this app", "");
    let binary = start(&files).await;

    std::fs::write(
        &files.config,
        "[branding]\nproduct_name = \"Bolt Connect\"\n[support]\nemial = \"x@example.com\"\n",
    )
    .unwrap();
    let message = check_config_message(&files.config);
    assert!(message.contains("support.emial"), "{message}");
    let seen = binary.log().len();
    binary.sighup();
    let refused = binary
        .wait_for_log(seen, "configuration reload refused")
        .await;
    assert!(
        refused.contains(&message),
        "{refused}\nnot the check-config message: {message}"
    );

    let html = page(&binary).await;
    assert_eq!(product(&html), "Acme Connect");
    assert_eq!(headline(&html), "Acme has not approved this app");
    assert_eq!(reloads(&binary, "refused").await, "1");
    assert_eq!(reloads(&binary, "ok").await, "0");

    // A broken overrides file is refused the same way.
    files.write("Bolt Connect", "Bolt", "");
    std::fs::write(files.dir.join("overrides.toml"), "[[override]]\ncode = 3\n").unwrap();
    let seen = binary.log().len();
    binary.sighup();
    binary
        .wait_for_log(seen, "configuration reload refused")
        .await;
    assert_eq!(product(&page(&binary).await), "Acme Connect");
    assert_eq!(reloads(&binary, "refused").await, "2");
    binary.stop().await;
}

#[tokio::test]
async fn reloading_under_load_fails_no_request() {
    let files = Files::new("load");
    files.write("Acme Connect", "Acme has not approved this app", "");
    let binary = start(&files).await;
    let url = format!("{}{CALLBACK_ERROR_PATH}?{QUERY}", binary.address);
    let client = reqwest::Client::new();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let (client, url, stopped) = (client.clone(), url.clone(), stopped.clone());
            tokio::spawn(async move {
                let mut products = Vec::new();
                while !*stopped.borrow() {
                    let response = client.get(&url).send().await.expect("no request fails");
                    assert_eq!(response.status(), 200);
                    let html = response.text().await.expect("every body arrives whole");
                    assert!(html.trim_end().ends_with("</html>"));
                    products.push(product(&html).to_owned());
                }
                products
            })
        })
        .collect();
    let seen = binary.log().len();
    for round in 0..10 {
        let name = if round % 2 == 0 {
            "Bolt Connect"
        } else {
            "Acme Connect"
        };
        files.write(name, "Retitled", "");
        binary.sighup();
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    stop.send(true).unwrap();
    let mut products = Vec::new();
    for worker in workers {
        products.extend(worker.await.expect("a client saw a failure"));
    }
    assert!(products.len() > 50, "{} requests", products.len());
    for name in ["Acme Connect", "Bolt Connect"] {
        assert!(products.iter().any(|p| p == name), "never served {name}");
    }
    let log = binary.log();
    let reloaded = log[seen..]
        .iter()
        .filter(|l| l.contains("configuration reloaded"))
        .count();
    assert!(reloaded >= 1, "{}", log.join("\n"));
    let last = binary.stop().await;
    assert!(
        !last.iter().any(|l| l.contains(" 500 ")),
        "{}",
        last.join("\n")
    );
}
