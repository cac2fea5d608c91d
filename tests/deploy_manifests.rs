//! The deployment files say what the service needs: probes on /healthz and /readyz,
//! bounded resources, non-root everywhere, and an autoscaler and disruption budget that
//! point at the Deployment they are meant for. Docker and Kubernetes do not run here,
//! so these read the files.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_yaml_ng::Value;

const KUBERNETES_DIR: &str = "deploy/kubernetes";

fn manifest(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(KUBERNETES_DIR)
        .join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{name} is not valid YAML: {e}"))
}

fn text_of(relative: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

fn str_at<'v>(value: &'v Value, what: &str) -> &'v str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{what} is missing or not a string"))
}

/// `64Mi`, `1Gi`, `500M` as bytes.
fn bytes_of(quantity: &str) -> u64 {
    let split = quantity
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(quantity.len());
    let (number, unit) = quantity.split_at(split);
    let factor = match unit {
        "" => 1,
        "Ki" => 1 << 10,
        "Mi" => 1 << 20,
        "Gi" => 1 << 30,
        "K" | "k" => 1_000,
        "M" => 1_000_000,
        "G" => 1_000_000_000,
        other => panic!("unknown quantity unit {other}"),
    };
    number.parse::<u64>().expect("a whole number") * factor
}

fn container(deployment: &Value) -> &Value {
    &deployment["spec"]["template"]["spec"]["containers"][0]
}

#[test]
fn every_manifest_is_yaml_with_a_kind_and_the_kustomization_lists_them_all() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(KUBERNETES_DIR);
    let mut files: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".yaml") && n != "kustomization.yaml")
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "expected a Deployment, Service, PDB and HPA: {files:?}"
    );
    for name in &files {
        let m = manifest(name);
        str_at(&m["apiVersion"], &format!("{name} apiVersion"));
        str_at(&m["kind"], &format!("{name} kind"));
        assert_eq!(str_at(&m["metadata"]["name"], name), "connect-error-page");
    }
    let mut listed: Vec<String> = manifest("kustomization.yaml")["resources"]
        .as_sequence()
        .expect("kustomization resources")
        .iter()
        .map(|r| str_at(r, "resource").to_owned())
        .collect();
    listed.sort();
    assert_eq!(listed, files);
}

#[test]
fn the_deployment_probes_liveness_on_healthz_and_readiness_on_readyz() {
    let deployment = manifest("deployment.yaml");
    assert_eq!(str_at(&deployment["kind"], "kind"), "Deployment");
    let c = container(&deployment);
    assert_eq!(
        str_at(&c["livenessProbe"]["httpGet"]["path"], "liveness path"),
        "/healthz"
    );
    assert_eq!(
        str_at(&c["readinessProbe"]["httpGet"]["path"], "readiness path"),
        "/readyz"
    );
    for probe in ["livenessProbe", "readinessProbe"] {
        assert_eq!(str_at(&c[probe]["httpGet"]["port"], probe), "http");
    }
    let port = c["ports"][0]["containerPort"]
        .as_u64()
        .expect("containerPort");
    assert_eq!(str_at(&c["ports"][0]["name"], "port name"), "http");
    let config: toml::Table = fs::read_to_string(config_map_files("probes").join("config.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        config["listen"].as_str(),
        Some(format!("0.0.0.0:{port}").as_str())
    );
}

#[test]
fn the_deployment_bounds_its_resources() {
    let deployment = manifest("deployment.yaml");
    let resources = &container(&deployment)["resources"];
    let request = bytes_of(str_at(&resources["requests"]["memory"], "memory request"));
    let limit = bytes_of(str_at(&resources["limits"]["memory"], "memory limit"));
    str_at(&resources["requests"]["cpu"], "cpu request");
    assert!(
        request >= 16 << 20,
        "a memory request below 16 MiB would not fit one replica"
    );
    assert!(limit >= request, "the memory limit is below the request");
    assert!(limit <= 1 << 30, "a stateless page should not need a GiB");
}

#[test]
fn the_pod_runs_as_non_root_on_a_read_only_root_filesystem() {
    let deployment = manifest("deployment.yaml");
    let pod = &deployment["spec"]["template"]["spec"];
    assert_eq!(pod["securityContext"]["runAsNonRoot"], Value::Bool(true));
    assert_ne!(pod["securityContext"]["runAsUser"].as_u64(), Some(0));
    let c = &container(&deployment)["securityContext"];
    assert_eq!(c["runAsNonRoot"], Value::Bool(true));
    assert_eq!(c["readOnlyRootFilesystem"], Value::Bool(true));
    assert_eq!(c["allowPrivilegeEscalation"], Value::Bool(false));
    assert_eq!(c["capabilities"]["drop"][0], "ALL");
}

#[test]
fn the_service_budget_and_autoscaler_all_point_at_the_deployment() {
    let deployment = manifest("deployment.yaml");
    let pod_labels = &deployment["spec"]["template"]["metadata"]["labels"];
    assert_eq!(&deployment["spec"]["selector"]["matchLabels"], pod_labels);
    let replicas = deployment["spec"]["replicas"].as_u64().expect("replicas");

    let service = manifest("service.yaml");
    assert_eq!(str_at(&service["kind"], "kind"), "Service");
    assert_eq!(&service["spec"]["selector"], pod_labels);
    assert_eq!(
        str_at(&service["spec"]["ports"][0]["targetPort"], "targetPort"),
        "http"
    );

    let pdb = manifest("pdb.yaml");
    assert_eq!(str_at(&pdb["kind"], "kind"), "PodDisruptionBudget");
    assert_eq!(&pdb["spec"]["selector"]["matchLabels"], pod_labels);
    let min_available = pdb["spec"]["minAvailable"].as_u64().expect("minAvailable");
    assert!(
        (1..replicas).contains(&min_available),
        "minAvailable {min_available} with {replicas} replicas would block drains or protect nothing"
    );

    let hpa = manifest("hpa.yaml");
    assert_eq!(str_at(&hpa["kind"], "kind"), "HorizontalPodAutoscaler");
    let target = &hpa["spec"]["scaleTargetRef"];
    assert_eq!(str_at(&target["kind"], "target kind"), "Deployment");
    assert_eq!(
        str_at(&target["apiVersion"], "target apiVersion"),
        str_at(&deployment["apiVersion"], "apiVersion")
    );
    assert_eq!(&target["name"], &deployment["metadata"]["name"]);
    let (min, max) = (
        hpa["spec"]["minReplicas"].as_u64().expect("minReplicas"),
        hpa["spec"]["maxReplicas"].as_u64().expect("maxReplicas"),
    );
    assert!(
        min > min_available && min <= max,
        "HPA {min}..{max} against minAvailable {min_available}"
    );
}

#[test]
fn the_dockerfile_builds_locked_and_ships_a_non_root_distroless_image() {
    let dockerfile = text_of("deploy/Dockerfile");
    let stages: Vec<&str> = dockerfile
        .lines()
        .filter(|l| l.starts_with("FROM "))
        .collect();
    assert!(stages.len() >= 2, "multi-stage build expected: {stages:?}");
    assert!(stages[0].contains(" AS builder"));
    let last = stages.last().unwrap();
    assert!(
        last.contains("gcr.io/distroless/") && last.ends_with(":nonroot")
            || last == &"FROM scratch",
        "final image {last}"
    );
    assert!(dockerfile.contains("cargo build --release --locked"));
    let user = dockerfile
        .lines()
        .rfind(|l| l.starts_with("USER "))
        .expect("a USER line");
    let who = user["USER ".len()..].split(':').next().unwrap();
    assert!(!["root", "0"].contains(&who), "the image runs as {who}");
    let exposed = dockerfile
        .lines()
        .find_map(|l| l.strip_prefix("EXPOSE "))
        .expect("EXPOSE");
    assert!(dockerfile.contains(&format!("CEP_LISTEN=0.0.0.0:{exposed}")));
}

#[test]
fn the_systemd_unit_is_hardened() {
    let unit = text_of("deploy/systemd/connect-error-page.service");
    let mut settings: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, value) in unit.lines().filter_map(|l| l.split_once('=')) {
        settings.entry(key.trim()).or_default().push(value.trim());
    }
    for (key, expected) in [
        ("DynamicUser", "yes"),
        ("ProtectSystem", "strict"),
        ("ProtectHome", "yes"),
        ("PrivateTmp", "yes"),
        ("NoNewPrivileges", "yes"),
        ("CapabilityBoundingSet", ""),
        ("MemoryDenyWriteExecute", "yes"),
        ("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
        ("SystemCallFilter", "@system-service"),
    ] {
        let values = settings
            .get(key)
            .unwrap_or_else(|| panic!("{key} is not set"));
        assert!(
            values.contains(&expected),
            "{key}={values:?}, expected {expected:?}"
        );
    }
    assert!(settings["ExecStart"][0].ends_with("connect-error-page serve"));
    let memory_max = settings["MemoryMax"][0].trim_end_matches('M');
    assert!(memory_max.parse::<u64>().is_ok(), "MemoryMax in MiB");
}

fn pod_spec(deployment: &Value) -> &Value {
    &deployment["spec"]["template"]["spec"]
}

/// A scratch directory holding the ConfigMap's files, as the pod sees them.
fn config_map_files(test: &str) -> std::path::PathBuf {
    let config_map = manifest("configmap.yaml");
    let dir = std::env::temp_dir().join(format!("cep-configmap-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for (name, content) in config_map["data"].as_mapping().expect("data").iter() {
        let name = name.as_str().unwrap();
        fs::write(dir.join(name), str_at(content, name)).unwrap();
    }
    dir
}

#[test]
fn every_object_is_structurally_sound_and_selectors_match_their_pods() {
    for name in [
        "deployment.yaml",
        "service.yaml",
        "pdb.yaml",
        "hpa.yaml",
        "configmap.yaml",
    ] {
        let object = manifest(name);
        let api_version = str_at(&object["apiVersion"], "apiVersion");
        assert!(!api_version.is_empty(), "{name}");
        str_at(&object["kind"], "kind");
        let object_name = str_at(&object["metadata"]["name"], "metadata.name");
        assert!(
            object_name.len() <= 63 && !object_name.contains('_'),
            "{name}"
        );
    }
    let deployment = manifest("deployment.yaml");
    let labels = &deployment["spec"]["template"]["metadata"]["labels"];
    for (key, value) in deployment["spec"]["selector"]["matchLabels"]
        .as_mapping()
        .unwrap()
    {
        assert_eq!(&labels[key.as_str().unwrap()], value, "selector {key:?}");
    }
    let c = container(&deployment);
    str_at(&c["image"], "image");
    let ports = c["ports"].as_sequence().unwrap();
    for port in ports {
        // IANA service names: at most 15 characters, what Kubernetes accepts.
        assert!(str_at(&port["name"], "port name").len() <= 15);
        assert!(
            port["containerPort"]
                .as_u64()
                .is_some_and(|p| p > 0 && p < 65536)
        );
    }
    let service = manifest("service.yaml");
    for (key, value) in service["spec"]["selector"].as_mapping().unwrap() {
        assert_eq!(
            &labels[key.as_str().unwrap()],
            value,
            "service selector {key:?}"
        );
    }
    let named: Vec<&str> = ports.iter().map(|p| str_at(&p["name"], "name")).collect();
    for port in service["spec"]["ports"].as_sequence().unwrap() {
        let target = str_at(&port["targetPort"], "targetPort");
        assert!(
            named.contains(&target),
            "service targets unknown port {target}"
        );
    }
}

#[test]
fn the_pod_opts_out_of_service_links() {
    let deployment = manifest("deployment.yaml");
    assert_eq!(
        pod_spec(&deployment)["enableServiceLinks"].as_bool(),
        Some(false),
        "a Service named cep… would inject CEP_*_PORT variables the config refuses"
    );
}

#[test]
fn the_config_map_is_mounted_read_only_and_passes_check_config() {
    let deployment = manifest("deployment.yaml");
    let c = container(&deployment);
    let mount = c["volumeMounts"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "config")
        .expect("the config volume is mounted");
    assert_eq!(mount["readOnly"].as_bool(), Some(true));
    let mount_path = str_at(&mount["mountPath"], "mountPath");
    let volume = pod_spec(&deployment)["volumes"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "config")
        .expect("a config volume");
    assert_eq!(
        volume["configMap"]["name"],
        manifest("configmap.yaml")["metadata"]["name"]
    );
    let args: Vec<&str> = c["args"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let config_arg = args
        .windows(2)
        .find(|w| w[0] == "--config")
        .map(|w| w[1])
        .expect("--config");
    assert_eq!(config_arg, format!("{mount_path}/config.toml"));

    let dir = config_map_files("check");
    assert!(dir.join("overrides.toml").is_file());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_connect-error-page"))
        .current_dir("/")
        .args(["check-config", "--config"])
        .arg(dir.join("config.toml"))
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn metrics_have_their_own_port_in_the_manifests_and_the_config() {
    let deployment = manifest("deployment.yaml");
    let port_of = |name: &str| {
        container(&deployment)["ports"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .and_then(|p| p["containerPort"].as_u64())
            .unwrap_or_else(|| panic!("no {name} port"))
    };
    let (http, metrics) = (port_of("http"), port_of("metrics"));
    assert_ne!(http, metrics);
    let config: toml::Table = fs::read_to_string(config_map_files("metrics").join("config.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let listen = config["metrics"]["listen"].as_str().unwrap();
    assert!(listen.ends_with(&format!(":{metrics}")), "{listen}");
    assert!(
        config["listen"]
            .as_str()
            .unwrap()
            .ends_with(&format!(":{http}"))
    );
    for probe in ["livenessProbe", "readinessProbe"] {
        assert_eq!(container(&deployment)[probe]["httpGet"]["port"], "http");
    }
}

#[test]
fn a_pre_stop_sleep_runs_before_the_shutdown_within_the_grace_period() {
    let deployment = manifest("deployment.yaml");
    let sleep = container(&deployment)["lifecycle"]["preStop"]["sleep"]["seconds"]
        .as_u64()
        .expect("a preStop sleep (the image has no shell for an exec sleep)");
    assert!(sleep >= 3, "endpoints need a few seconds to drop the pod");
    let grace = pod_spec(&deployment)["terminationGracePeriodSeconds"]
        .as_u64()
        .unwrap();
    let config: toml::Table = fs::read_to_string(config_map_files("grace").join("config.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let shutdown = config["shutdown_timeout_secs"].as_integer().unwrap() as u64;
    assert!(sleep + shutdown < grace, "{sleep}+{shutdown} >= {grace}");
}

#[test]
fn one_dockerignore_at_the_root_and_a_dependency_layer_before_the_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(!root.join("deploy/Dockerfile.dockerignore").exists());
    let ignore = text_of(".dockerignore");
    let ignored: Vec<&str> = ignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for needed in ["target", ".git", "**/node_modules"] {
        assert!(ignored.contains(&needed), "{needed} is sent to the builder");
    }
    for kept in [
        "src",
        "templates",
        "static",
        "Cargo.lock",
        "tests",
        "benches",
    ] {
        assert!(!ignored.contains(&kept), "{kept} is needed by the build");
    }
    let dockerfile = text_of("deploy/Dockerfile");
    let line_of = |needle: &str| {
        dockerfile
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}"))
    };
    let manifests = line_of("COPY Cargo.toml Cargo.lock");
    let deps = line_of("cargo build --release --locked");
    let sources = line_of("COPY . .");
    assert!(
        manifests < deps && deps < sources,
        "dependencies build before the sources are copied"
    );
}

/// Open files must outnumber `[limits] max_connections`, or stalled clients reach the
/// open-file limit first and `/healthz` fails with "Too many open files".
#[test]
fn the_systemd_unit_has_room_for_every_allowed_connection() {
    let unit = text_of("deploy/systemd/connect-error-page.service");
    let nofile: usize = unit
        .lines()
        .find_map(|l| l.strip_prefix("LimitNOFILE="))
        .expect("LimitNOFILE is set")
        .trim()
        .parse()
        .expect("LimitNOFILE is one number");
    let allowed = connect_error_page::config::Settings::defaults()
        .limits
        .max_connections;
    assert!(
        nofile >= allowed * 2,
        "LimitNOFILE={nofile} leaves too little room over max_connections={allowed}"
    );
}
