//! deploy/observability: the Grafana dashboard has what Grafana needs to import it, and
//! every metric it and the alerting rules query is one a real server exposes.

use std::collections::{BTreeSet, HashSet};

use connect_error_page::config::{FlagOverrides, Settings};
use connect_error_page::startup::Application;
use serde_json::Value;

const DASHBOARD: &str = include_str!("../deploy/observability/dashboard.json");
const ALERTS: &str = include_str!("../deploy/observability/alerts.yml");

fn dashboard() -> Value {
    serde_json::from_str(DASHBOARD).expect("dashboard.json is JSON")
}

fn alert_rules() -> Vec<serde_yaml_ng::Value> {
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(ALERTS).expect("alerts.yml is YAML");
    doc["groups"]
        .as_sequence()
        .expect("groups")
        .iter()
        .flat_map(|g| g["rules"].as_sequence().expect("rules").clone())
        .collect()
}

fn panel_exprs(dashboard: &Value) -> Vec<String> {
    dashboard["panels"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["targets"].as_array().unwrap().clone())
        .map(|t| t["expr"].as_str().unwrap().to_owned())
        .collect()
}

fn rule_exprs() -> Vec<String> {
    alert_rules()
        .iter()
        .map(|r| r["expr"].as_str().unwrap().to_owned())
        .collect()
}

fn metric_names(exprs: &[String]) -> BTreeSet<String> {
    let name = regex::Regex::new(r"\bcep_[a-z_]+").unwrap();
    exprs
        .iter()
        .flat_map(|e| name.find_iter(e).map(|m| m.as_str().to_owned()))
        .collect()
}

#[test]
fn the_dashboard_has_the_fields_grafana_needs_to_import_it() {
    let d = dashboard();
    assert!(!d["title"].as_str().unwrap().is_empty());
    let uid = d["uid"].as_str().unwrap();
    assert!(!uid.is_empty() && uid.len() <= 40, "{uid}");
    assert!(d["schemaVersion"].as_u64().unwrap() >= 30);
    assert!(d["time"]["from"].is_string() && d["time"]["to"].is_string());
    let variables: Vec<&Value> = d["templating"]["list"].as_array().unwrap().iter().collect();
    let variable_names: HashSet<&str> = variables
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    let datasource = variables
        .iter()
        .find(|v| v["type"] == "datasource")
        .expect("a datasource variable");
    assert_eq!(datasource["query"], "prometheus");

    let variable_use = regex::Regex::new(r"\$([a-z_]+)").unwrap();
    let panels = d["panels"].as_array().unwrap();
    let mut ids = HashSet::new();
    let mut cells = HashSet::new();
    for p in panels {
        let title = p["title"].as_str().unwrap();
        assert!(
            ids.insert(p["id"].as_u64().unwrap()),
            "duplicate id: {title}"
        );
        assert!(
            ["timeseries", "table", "stat", "bargauge", "piechart"]
                .contains(&p["type"].as_str().unwrap()),
            "{title}"
        );
        assert_eq!(
            p["datasource"]["uid"],
            format!("${{{}}}", datasource["name"].as_str().unwrap()),
            "{title}"
        );
        let grid = &p["gridPos"];
        let [h, w, x, y] = ["h", "w", "x", "y"].map(|k| grid[k].as_u64().unwrap());
        assert!(h > 0 && w > 0 && x + w <= 24, "{title}: {grid}");
        for row in y..y + h {
            for col in x..x + w {
                assert!(cells.insert((row, col)), "{title} overlaps another panel");
            }
        }
        let targets = p["targets"].as_array().unwrap();
        assert!(!targets.is_empty(), "{title}");
        let ref_ids: HashSet<&str> = targets
            .iter()
            .map(|t| t["refId"].as_str().unwrap())
            .collect();
        assert_eq!(ref_ids.len(), targets.len(), "{title}: refIds must differ");
        for t in targets {
            let expr = t["expr"].as_str().unwrap();
            for variable in variable_use.captures_iter(expr) {
                let name = &variable[1];
                assert!(
                    name.starts_with("__") || variable_names.contains(name),
                    "{title}: ${name} is not a dashboard variable"
                );
            }
        }
    }
}

#[test]
fn the_dashboard_answers_the_questions_a_team_asks() {
    let exprs = panel_exprs(&dashboard()).join("\n");
    for view in [
        "sum by (category) (rate(cep_page_renders_total",
        "sum by (family) (rate(cep_page_renders_total",
        "sum by (code) (rate(cep_page_renders_total",
        "topk(",
        r#"restart_link="offered""#,
        "cep_status_consecutive_failures",
        "cep_status_last_success_timestamp_seconds",
        "histogram_quantile(0.99",
    ] {
        assert!(exprs.contains(view), "no panel queries {view}");
    }
}

#[test]
fn every_alert_has_a_severity_and_a_summary() {
    let rules = alert_rules();
    let names: Vec<&str> = rules.iter().map(|r| r["alert"].as_str().unwrap()).collect();
    for expected in [
        "ConnectErrorSpike",
        "ConnectNewErrorCode",
        "ConnectStatusPollingFailing",
        "ConnectServerError",
    ] {
        assert!(names.contains(&expected), "{expected} missing: {names:?}");
    }
    for rule in &rules {
        let severity = rule["labels"]["severity"].as_str().unwrap();
        assert!(["page", "ticket"].contains(&severity), "{rule:?}");
        assert!(!rule["annotations"]["summary"].as_str().unwrap().is_empty());
    }
}

#[tokio::test]
async fn every_metric_the_dashboard_and_alerts_query_is_exposed_by_a_real_server() {
    // Nothing listens on this port: the status poller and the webhook both fail, which
    // is enough to create their series.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let closed_url = format!("http://{closed}");
    let env = [
        ("CEP_STATUS_PAGE__API_URL", closed_url.clone()),
        ("CEP_EVENTS__WEBHOOK_URL", format!("{closed_url}/hooks")),
    ]
    .map(|(k, v)| (k.to_owned(), v));
    let flags = FlagOverrides {
        listen: Some("127.0.0.1:0".into()),
    };
    let app = Application::build(Settings::load(None, env, &flags).unwrap()).unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    client
        .get(format!(
            "{base}/ui-handlers/connect/callback/error?error=access_denied"
        ))
        .send()
        .await
        .unwrap();
    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    let mut queried = metric_names(&panel_exprs(&dashboard()));
    queried.extend(metric_names(&rule_exprs()));
    assert!(queried.len() >= 6, "{queried:?}");
    for name in &queried {
        let exposed = metrics.lines().any(|l| {
            l.strip_prefix(name.as_str())
                .is_some_and(|rest| rest.starts_with(['{', ' ']))
        });
        assert!(exposed, "{name} is queried but not exposed:\n{metrics}");
    }
}

/// promtool itself: the rules parse, and each alert fires on the data it is meant for
/// (deploy/observability/alerts.test.yml). Under CI a missing promtool is a failure.
#[test]
fn promtool_accepts_the_rules_and_their_unit_tests_pass() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/observability");
    let run = |args: &[&str]| {
        std::process::Command::new("promtool")
            .args(args)
            .current_dir(dir)
            .output()
    };
    let output = match run(&["check", "rules", "alerts.yml"]) {
        Ok(output) => output,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: promtool is not installed ({e}); .ci/run installs it");
            return;
        }
        Err(e) => panic!("CI: promtool is missing: {e}"),
    };
    let said = |o: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    assert!(
        output.status.success(),
        "promtool check rules: {}",
        said(&output)
    );
    let tested = run(&["test", "rules", "alerts.test.yml"]).expect("promtool runs");
    assert!(
        tested.status.success(),
        "promtool test rules: {}",
        said(&tested)
    );
    assert!(said(&tested).contains("SUCCESS"), "{}", said(&tested));
}
