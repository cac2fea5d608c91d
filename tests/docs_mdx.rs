//! The generated troubleshooting guide is MDX a docs site can use: every locale, with
//! and without support placeholders, and with a hostile overrides file, compiles and
//! renders under the real MDX 3 compiler (tests/docs/package.json, installed by
//! `npm ci` in that directory), and no text in it runs as an expression.

use std::path::{Path, PathBuf};
use std::process::Command;

const LOCALES: [&str; 8] = ["en", "es", "fr", "de", "pt-BR", "ja", "zh-CN", "ar"];
const PLACEHOLDERS: (&str, &str) = (
    "CEP_SUPPORT__URL",
    "https://help.example.com/new?reference={reference}&code={code}",
);

/// Every way an overrides entry could smuggle markup or code into the guide.
const HOSTILE: &str = r#"
[[entry]]
code = "hostile_entry"
aliases = ["{globalThis.__ran.push('alias')}", "a`{globalThis.__ran.push('tick')}`b", "<img src=x onerror=alert(1)>"]
title = "{globalThis.__ran.push('title')} <script>alert(1)</script>"
explanation = "Text with {globalThis.__ran.push('explanation')} and [a link](javascript:alert(1)) and <https://evil.example>."
category = "developer_config"
fixable_by = "developer"
retryable = false
user_steps = ["{globalThis.__ran.push('step')}", "export const x = globalThis.__ran.push('esm')"]
developer_steps = ["import x from 'node:fs'", "<Danger />"]
docs_url = "https://docs.example.com/{globalThis.__ran.push('docs_url')}/)(javascript:alert(1)"
"#;

fn docs_tools() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docs");
    let installed = dir.join("node_modules/@mdx-js/mdx/package.json").is_file()
        && dir.join("node_modules/react-dom/package.json").is_file();
    let node = Command::new("node").arg("--version").output().is_ok();
    if installed && node {
        return Some(dir);
    }
    let reason = "node or tests/docs/node_modules is missing: run `npm ci` in tests/docs";
    if std::env::var_os("CI").is_some() {
        panic!("CI: the MDX check cannot run: {reason}");
    }
    eprintln!("skipping the MDX check: {reason}");
    None
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cep-mdx-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `connect-error-page docs` with `env`, written to `out`.
fn generate(out: &Path, lang: &str, env: &[(&str, &str)]) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_connect-error-page"));
    for (key, _) in std::env::vars() {
        if key.starts_with("CEP_") {
            command.env_remove(key);
        }
    }
    let status = command
        .envs(env.iter().copied())
        .args(["docs", "--format", "mdx", "--lang", lang, "--out"])
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success(), "docs --lang {lang} with {env:?}");
}

fn render(tools: &Path, files: &[PathBuf]) -> serde_json::Value {
    let out = Command::new("node")
        .arg(tools.join("render.mjs"))
        .args(files)
        .current_dir(tools)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn assert_all_render(result: &serde_json::Value) {
    for (file, outcome) in result["files"].as_object().unwrap() {
        assert!(
            outcome["error"].is_null(),
            "{file} is not valid MDX: {}",
            outcome["error"]
        );
        assert!(
            outcome["html"].as_str().unwrap().contains("<details"),
            "{file}"
        );
    }
    assert_eq!(result["ran"], serde_json::json!([]), "an expression ran");
}

#[test]
fn every_guide_compiles_and_renders_as_mdx_with_and_without_placeholders() {
    let Some(tools) = docs_tools() else { return };
    let dir = scratch("locales");
    let mut files = Vec::new();
    for lang in LOCALES {
        for (suffix, env) in [("plain", vec![]), ("placeholders", vec![PLACEHOLDERS])] {
            let out = dir.join(format!("{lang}-{suffix}.mdx"));
            generate(&out, lang, &env);
            files.push(out);
        }
    }
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/troubleshooting.mdx");
    files.push(committed);
    let result = render(&tools, &files);
    assert_all_render(&result);
    let with_placeholders =
        result["files"][dir.join("en-placeholders.mdx").to_str().unwrap()]["html"]
            .as_str()
            .unwrap();
    assert!(
        with_placeholders.contains(r#"href="https://help.example.com/new?reference=&amp;code=""#),
        "placeholders are filled, not left for MDX to read"
    );
}

#[test]
fn a_hostile_overrides_entry_stays_text_in_the_rendered_guide() {
    let Some(tools) = docs_tools() else { return };
    let dir = scratch("hostile");
    let overrides = dir.join("overrides.toml");
    std::fs::write(&overrides, HOSTILE).unwrap();
    let overrides = overrides.to_str().unwrap();
    let mut files = Vec::new();
    for lang in ["en", "ar"] {
        let out = dir.join(format!("{lang}.mdx"));
        generate(
            &out,
            lang,
            &[("CEP_CATALOG__OVERRIDES", overrides), PLACEHOLDERS],
        );
        files.push(out);
    }
    let result = render(&tools, &files);
    assert_all_render(&result);
    let html = result["files"][files[0].to_str().unwrap()]["html"]
        .as_str()
        .unwrap();
    assert!(html.contains(r#"id="code-hostile_entry""#));
    assert!(
        html.contains("{globalThis.__ran.push(&#x27;title&#x27;)}"),
        "shown as text"
    );
    for live in ["<script", "<img", "href=\"javascript:", "<Danger"] {
        assert!(!html.contains(live), "{live} is live markup in the guide");
    }
}
