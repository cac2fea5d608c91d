//! Headless Chromium over WebDriver: finds the tools, starts chromedriver on a free
//! loopback port, opens sessions, and speaks Chrome DevTools commands through it.
//! Shared by the browser tests and `examples/screenshots.rs`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// The browser and its driver, from Debian's `chromium` and `chromium-driver`.
#[derive(Debug, Clone)]
pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// The tools, or `None` with a printed reason. Under CI a missing tool fails loudly.
pub fn tools_or_skip(what: &str) -> Option<Tools> {
    let chromium = on_path(&["chromium", "chromium-browser"]);
    let chromedriver = on_path(&["chromedriver"]);
    match (chromium, chromedriver) {
        (Some(chromium), Some(chromedriver)) => Some(Tools {
            chromium,
            chromedriver,
        }),
        _ => skip_or_fail(
            what,
            "chromium and chromedriver are needed (apt-get install chromium chromium-driver)",
        ),
    }
}

/// Skipping is only for a developer's machine; CI must have every tool.
pub fn skip_or_fail<T>(what: &str, reason: &str) -> Option<T> {
    if std::env::var_os("CI").is_some() {
        panic!("CI: {what} cannot run: {reason}. .ci/run installs these tools.");
    }
    eprintln!("skipping {what}: {reason}");
    None
}

pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A free loopback port: bind port 0, read it, release it.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// A running chromedriver in its own process group; dropping it ends that group.
pub struct Driver {
    child: Child,
    pub url: String,
    tools: Tools,
    profiles: Vec<PathBuf>,
}

impl Driver {
    pub fn start(tools: &Tools) -> Self {
        use std::os::unix::process::CommandExt;
        let port = free_port();
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            child,
            url,
            tools: tools.clone(),
            profiles: Vec::new(),
        }
    }

    /// A new headless session; `javascript: false` turns scripting off for the whole profile.
    pub async fn session(&mut self, javascript: bool) -> Client {
        let profile = std::env::temp_dir().join(format!(
            "cep-browser-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&profile).expect("a fresh profile directory");
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        if !javascript {
            args.push("--blink-settings=scriptEnabled=false".into());
        }
        self.profiles.push(profile);
        let mut chrome_options = json!({
            "binary": self.tools.chromium,
            "args": args,
        });
        if !javascript {
            chrome_options["prefs"] =
                json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let mut caps = Capabilities::new();
        caps.insert("goog:chromeOptions".into(), chrome_options);
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("a chromedriver session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group holds chromedriver and any browser it left behind.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.child.wait();
        for profile in &self.profiles {
            let _ = std::fs::remove_dir_all(profile);
        }
    }
}

/// Runs `body` with a session, then always ends the session, so a failing test
/// leaves no browser behind; the failure is then re-raised.
pub async fn with_session<F, Fut>(driver: &mut Driver, javascript: bool, body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let client = driver.session(javascript).await;
    let outcome = tokio::spawn(body(client.clone())).await;
    let _ = client.close().await;
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// A raw chromedriver endpoint under the session: `goog/cdp/execute`, `se/log`.
#[derive(Debug)]
struct SessionCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// A Chrome DevTools Protocol command, e.g. `Emulation.setEmulatedMedia`.
pub async fn cdp(client: &Client, cmd: &'static str, params: Value) -> Value {
    client
        .issue_cmd(SessionCommand {
            path: "goog/cdp/execute",
            body: json!({ "cmd": cmd, "params": params }),
        })
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
}

/// Console messages at error level since the last call.
pub async fn console_errors(client: &Client) -> Vec<String> {
    let log = client
        .issue_cmd(SessionCommand {
            path: "se/log",
            body: json!({ "type": "browser" }),
        })
        .await
        .expect("the browser log");
    log.as_array()
        .into_iter()
        .flatten()
        .filter(|entry| entry["level"] == "SEVERE")
        .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// From now on, every document in this session records its CSP violations in
/// `window.__cspViolations` (installed before any page script runs).
pub async fn record_csp_violations(client: &Client) {
    cdp(client, "Page.enable", json!({})).await;
    cdp(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', function (e) { window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });" }),
    )
    .await;
}

pub async fn csp_violations(client: &Client) -> Vec<String> {
    let found = client
        .execute("return window.__cspViolations || null;", vec![])
        .await
        .expect("read CSP violations");
    serde_json::from_value(found).expect("the recorder was installed before the page loaded")
}

/// Light or dark, at a given viewport width.
pub async fn emulate(client: &Client, scheme: &str, width: u32) {
    cdp(
        client,
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
    )
    .await;
    cdp(
        client,
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600 }),
    )
    .await;
}

/// `tests/browser/node_modules`, where `npm ci` puts axe-core and vnu-jar.
pub fn node_modules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules")
}

/// Each test drives its own browser; one at a time keeps a small machine responsive.
pub static ONE_BROWSER_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Polls `script` (which returns JSON) until `ready` accepts its value, for up to ten seconds.
pub async fn eventually(client: &Client, script: &str, ready: impl Fn(&Value) -> bool) -> Value {
    let mut last = Value::Null;
    for _ in 0..100 {
        last = client.execute(script, vec![]).await.expect("script runs");
        if ready(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("`{script}` never became ready; last value {last}");
}

/// Clicks the element with `id` and waits for the restart landing page; returns where it landed.
pub async fn click_and_land(client: &Client, id: &str) -> String {
    use fantoccini::Locator;
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Id("landed"))
        .await
        .unwrap();
    client.current_url().await.unwrap().to_string()
}
