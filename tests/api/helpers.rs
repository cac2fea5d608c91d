//! Starts the real server on port 0 and speaks HTTP to it.

use connect_error_page::config::{FlagOverrides, Settings};
use connect_error_page::routes::CALLBACK_ERROR_PATH;
use connect_error_page::startup::Application;

pub struct TestApp {
    pub address: String,
    /// Set when `[metrics] listen` moves /metrics to its own listener.
    pub metrics_address: Option<String>,
    pub client: reqwest::Client,
}

/// The server with its embedded defaults.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// The server with `CEP_*` settings layered over the defaults, as the environment would.
pub async fn spawn_app_with(env: &[(&str, &str)]) -> TestApp {
    let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
    let flags = FlagOverrides {
        listen: Some("127.0.0.1:0".into()),
    };
    let settings = Settings::load(None, env, &flags).expect("test settings are valid");
    let app = Application::build(settings).expect("server builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = app
        .metrics_port()
        .map(|port| format!("http://127.0.0.1:{port}"));
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        metrics_address,
        client,
    }
}

impl TestApp {
    /// GET a path on the server, e.g. `/healthz`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    pub fn error_url(&self, query: &str) -> String {
        format!("{}{CALLBACK_ERROR_PATH}?{query}", self.address)
    }

    /// POST a form body to the error page; the HTML it answers with.
    pub async fn post_form(&self, body: &str) -> String {
        let url = format!("{}{CALLBACK_ERROR_PATH}", self.address);
        let request = self.client.post(url).body(body.to_owned());
        let request = request.header("Content-Type", "application/x-www-form-urlencoded");
        request.send().await.unwrap().text().await.unwrap()
    }

    pub async fn page(&self, query: &str) -> (reqwest::StatusCode, String) {
        let response = self.client.get(self.error_url(query)).send().await.unwrap();
        (response.status(), response.text().await.unwrap())
    }

    pub async fn json(&self, query: &str) -> serde_json::Value {
        let response = self
            .client
            .get(self.error_url(query))
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        response.json().await.unwrap()
    }
}

/// Every `href="…"` in a page, unescaped of `&amp;` and `&#38;`.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|rest| {
            rest[..rest.find('"').unwrap()]
                .replace("&amp;", "&")
                .replace("&#38;", "&")
        })
        .collect()
}

/// The text of the first `<h1>`.
pub fn headline(html: &str) -> String {
    let start = html.find("<h1>").expect("page has a headline") + 4;
    let end = html[start..].find("</h1>").unwrap() + start;
    html[start..end].replace("&#39;", "'")
}

pub const SEED_QUERY: &str = "error=failed_to_exchange_token&error_description=error+%3D+server_error%2C+description+%3D+Error+executing+post+auth+hooks";

/// Every `/static/` address the page links to (`href` and `src`).
pub fn asset_paths(html: &str) -> Vec<String> {
    ["href=\"", "src=\""]
        .iter()
        .flat_map(|attr| html.split(attr).skip(1))
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .filter(|url| url.contains("/static/"))
        .collect()
}
