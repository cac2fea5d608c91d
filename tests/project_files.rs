//! What an adopter looks for before using the crate: the licence, said the Rust way
//! (MIT or Apache-2.0), a changelog and how to report a vulnerability.

use std::fs;
use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

#[test]
fn the_crate_is_dual_licensed_under_mit_and_apache_2() {
    let manifest: toml::Table = read("Cargo.toml").parse().unwrap();
    assert_eq!(
        manifest["package"]["license"].as_str(),
        Some("MIT OR Apache-2.0")
    );
    assert!(read("LICENSE-MIT").contains("Permission is hereby granted, free of charge"));
    let apache = read("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(
        apache.contains("END OF TERMS AND CONDITIONS"),
        "the whole licence"
    );
}

#[test]
fn there_is_a_changelog_and_a_security_policy() {
    let changelog = read("CHANGELOG.md");
    assert!(changelog.contains("## [Unreleased]"));
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        changelog.contains(&format!("## [{version}]")),
        "{version} is listed"
    );
    let security = read("SECURITY.md");
    assert!(security.contains("## Reporting a vulnerability"));
    assert!(security.contains("privately"));
}
