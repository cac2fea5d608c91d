use std::process::Command;

pub fn check_config(toml: &str) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("cep-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!(
        "{:x}.toml",
        toml.len() * 31 + toml.bytes().map(usize::from).sum::<usize>()
    ));
    std::fs::write(&path, toml).unwrap();
    Command::new(env!("CARGO_BIN_EXE_connect-error-page"))
        .args(["check-config", "--config"])
        .arg(&path)
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

#[test]
fn a_good_file_passes() {
    let out = check_config(
        "[restart]\nurl = \"https://app.example.com/connect/{connection_name}/start\"\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("configuration OK"));
}

#[test]
fn a_bad_url_fails_naming_the_key_and_the_fix() {
    let out = check_config("[status_page]\nurl = \"ftp:/nowhere\"\n");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`status_page.url`"), "{stderr}");
    assert!(stderr.contains("Fix:"), "{stderr}");
}

#[test]
fn an_unknown_key_fails_naming_it() {
    let out = check_config("[support]\nemial = \"x@example.com\"\n");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("support.emial"), "{stderr}");
}

#[test]
fn invalid_toml_fails_with_a_message() {
    let out = check_config("listen = \n");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid TOML"));
}
