//! The layers, lowest first: embedded defaults, the TOML file, `CEP_*` environment, flags.

use std::path::Path;

use toml::{Table, Value};

use super::ConfigError;
pub(super) use crate::toml_merge::merge_tables;

pub(super) const DEFAULTS: &str = include_str!("../defaults.toml");
/// Environment variables with this prefix set keys; `__` separates a section: `CEP_SUPPORT__EMAIL`.
pub const ENV_PREFIX: &str = "CEP_";

/// Overrides given on the command line, applied last.
#[derive(Debug, Default, Clone)]
pub struct FlagOverrides {
    pub listen: Option<String>,
}

pub(super) fn read_file(path: &Path) -> Result<Table, ConfigError> {
    let key = "--config";
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::new(
            key,
            format!("cannot read {}: {e}", path.display()),
            "pass the path of a readable TOML file",
        )
    })?;
    text.parse::<Table>().map_err(|e| {
        ConfigError::new(
            key,
            format!("{} is not valid TOML: {}", path.display(), e.message()),
            "correct the TOML syntax",
        )
    })
}

/// `CEP_RESTART__URL=…` becomes `[restart] url = "…"`. Values that parse as TOML
/// (numbers, booleans, arrays) keep their type; anything else is a string.
pub(super) fn env_table(
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<Table, ConfigError> {
    let mut table = Table::new();
    for (name, value) in env {
        let Some(path) = name.strip_prefix(ENV_PREFIX) else {
            continue;
        };
        let keys: Vec<String> = path.split("__").map(str::to_lowercase).collect();
        if keys.iter().any(String::is_empty) {
            return Err(ConfigError::new(
                &name,
                "is not a valid setting name",
                "use CEP_KEY or CEP_SECTION__KEY, e.g. CEP_SUPPORT__EMAIL",
            ));
        }
        let value = format!("v = {value}")
            .parse::<Table>()
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or(Value::String(value));
        let (last, sections) = keys.split_last().expect("at least one key");
        let mut node = &mut table;
        for section in sections {
            node = match node
                .entry(section.clone())
                .or_insert_with(|| Value::Table(Table::new()))
            {
                Value::Table(t) => t,
                _ => {
                    return Err(ConfigError::new(
                        &name,
                        "mixes a key and a section",
                        "set only one of them",
                    ));
                }
            };
        }
        node.insert(last.clone(), value);
    }
    Ok(table)
}
