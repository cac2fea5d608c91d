//! The layers, lowest first: embedded defaults, the TOML file, `CEP_*` environment
//! (and the conventional `PORT`), flags.

use std::path::Path;

use toml::{Table, Value};

use super::ConfigError;
pub(super) use crate::toml_text::merge_tables;
use crate::toml_text::syntax_error;

pub(super) const DEFAULTS: &str = include_str!("../defaults.toml");
/// Environment variables with this prefix set keys; `__` separates a section: `CEP_SUPPORT__EMAIL`.
pub const ENV_PREFIX: &str = "CEP_";
/// The port platforms hand a process; it replaces the port of `listen`.
pub const PORT_VAR: &str = "PORT";

/// Overrides given on the command line, applied last.
#[derive(Debug, Default, Clone)]
pub struct FlagOverrides {
    pub listen: Option<String>,
}

/// The file as a table. A relative `[catalog] overrides` is taken relative to the file,
/// not to the working directory (which is `/` under systemd).
pub(super) fn read_file(path: &Path) -> Result<Table, ConfigError> {
    let key = "--config";
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::new(
            key,
            format!("cannot read {}: {e}", path.display()),
            "pass the path of a readable TOML file",
        )
    })?;
    let mut table = text.parse::<Table>().map_err(|e| {
        ConfigError::new(
            key,
            format!(
                "{} is not valid TOML: {}",
                path.display(),
                syntax_error(&text, &e)
            ),
            "correct the TOML syntax at that line",
        )
    })?;
    if let Some(Value::Table(catalog)) = table.get_mut("catalog")
        && let Some(Value::String(overrides)) = catalog.get_mut("overrides")
        && !overrides.trim().is_empty()
        && Path::new(overrides.trim()).is_relative()
    {
        let dir = path.parent().unwrap_or(Path::new(""));
        *overrides = dir.join(overrides.trim()).display().to_string();
    }
    Ok(table)
}

/// The environment's settings: the `CEP_*` table and the `PORT` value, if any.
pub(super) struct EnvLayer {
    pub table: Table,
    pub port: Option<String>,
}

/// `CEP_RESTART__URL=…` becomes `[restart] url = "…"`. A key whose default is a string
/// takes the value as written; other values are read as TOML (numbers, booleans,
/// arrays), and as a string when they are not TOML.
pub(super) fn env_table(
    env: impl IntoIterator<Item = (String, String)>,
    defaults: &Table,
) -> Result<EnvLayer, ConfigError> {
    let mut table = Table::new();
    let mut port = None;
    for (name, value) in env {
        if name == PORT_VAR {
            port = Some(value);
            continue;
        }
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
        let value = typed(&name, value, default_at(defaults, &keys))?;
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
    Ok(EnvLayer { table, port })
}

fn default_at<'a>(defaults: &'a Table, keys: &[String]) -> Option<&'a Value> {
    let (last, sections) = keys.split_last()?;
    let mut node = defaults;
    for section in sections {
        node = node.get(section)?.as_table()?;
    }
    node.get(last)
}

fn typed(name: &str, value: String, default: Option<&Value>) -> Result<Value, ConfigError> {
    if let Some(Value::String(_)) = default {
        return Ok(Value::String(value));
    }
    let parsed = format!("v = {value}")
        .parse::<Table>()
        .ok()
        .and_then(|mut t| t.remove("v"));
    match (default, parsed) {
        (Some(Value::Array(_)), Some(list @ Value::Array(_))) => Ok(list),
        (Some(Value::Array(_)), _) => Err(ConfigError::new(
            name,
            format!("`{value}` is not a list"),
            format!("write a list in TOML array syntax: {name}='[\"https://app.example.com\"]'"),
        )),
        (_, Some(parsed)) => Ok(parsed),
        (_, None) => Ok(Value::String(value)),
    }
}
