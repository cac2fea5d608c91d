//! The real server on port 0, and small loopback sites standing in for the app
//! a person came from (restart target, popup openers).

use actix_web::{App, HttpResponse, HttpServer, web};
use connect_error_page::config::{FlagOverrides, Settings};
use connect_error_page::routes::CALLBACK_ERROR_PATH;
use connect_error_page::startup::Application;

pub struct TestApp {
    pub address: String,
}

impl TestApp {
    pub fn error_url(&self, query: &str) -> String {
        format!("{}{CALLBACK_ERROR_PATH}?{query}", self.address)
    }
}

/// The server with `CEP_*` settings layered over the defaults.
pub async fn spawn_app_with(env: &[(&str, &str)]) -> TestApp {
    let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
    let flags = FlagOverrides {
        listen: Some("127.0.0.1:0".into()),
    };
    let settings = Settings::load(None, env, &flags).expect("test settings are valid");
    let app = Application::build(settings).expect("server builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp { address }
}

/// A loopback site answering every path with `html`; returns its origin.
pub fn spawn_site(html: &'static str) -> String {
    let server = HttpServer::new(move || {
        App::new().default_service(web::to(move || async move {
            HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body(html)
        }))
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .expect("a loopback port");
    let origin = format!("http://127.0.0.1:{}", server.addrs()[0].port());
    tokio::spawn(server.run());
    origin
}

/// Where the Restart button should lead.
pub const RESTART_LANDING: &str = "<!doctype html><html lang=\"en\"><title>Restart</title><h1 id=\"landed\">Restart landed</h1></html>";

/// An app page that opens the error page as a popup and records every message it gets.
pub const OPENER: &str = "<!doctype html><html lang=\"en\"><title>Opener</title><h1>Opener</h1><script>window.received = []; window.addEventListener('message', function (e) { window.received.push({ origin: e.origin, data: e.data }); });</script></html>";

/// One seeded query per category, as a person would meet each.
pub const CATEGORY_QUERIES: [(&str, &str); 7] = [
    (
        "user_cancelled",
        "error=access_denied&error_description=The+user+denied+access",
    ),
    (
        "user_action",
        "error=atlassian_site_admin_approval_required",
    ),
    ("session_expired", "error=dropbox_code_expired"),
    (
        "developer_config",
        "error=dropbox_redirect_uri_not_registered",
    ),
    (
        "platform_transient",
        "error=failed_to_exchange_token&error_description=error+%3D+server_error%2C+description+%3D+Error+executing+post+auth+hooks",
    ),
    ("provider_outage", "error=AADSTS90033"),
    (
        "unknown",
        "error=quantum_flux_misaligned&error_description=Something+odd",
    ),
];
