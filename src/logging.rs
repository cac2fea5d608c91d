//! env_logger set up as text (the default) or one JSON object per line (`LOG_FORMAT=json`).

use std::io::Write;

use log::kv::{Key, Value, VisitSource};
use serde_json::{Map, Value as Json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::config::ConfigError;

pub const LOG_FORMAT_VAR: &str = "LOG_FORMAT";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    /// Unset or empty means text; anything but `text` or `json` is a start-up error.
    pub fn parse(value: Option<&str>) -> Result<Self, ConfigError> {
        match value
            .map(|v| v.trim().to_ascii_lowercase())
            .unwrap_or_default()
            .as_str()
        {
            "" | "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            other => Err(ConfigError::new(
                LOG_FORMAT_VAR,
                format!("`{other}` is not a log format"),
                "set LOG_FORMAT=json for JSON lines, or text (the default)",
            )),
        }
    }
}

/// An error that stops start-up, on stderr: `error: …`, or with `LOG_FORMAT=json` one
/// JSON object like every other line, so log pipelines see why the process exited.
pub fn startup_error(message: &dyn std::fmt::Display) {
    let format = LogFormat::parse(std::env::var(LOG_FORMAT_VAR).ok().as_deref());
    if format == Ok(LogFormat::Json) {
        let ts = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        let line = serde_json::json!({
            "ts": ts,
            "level": "ERROR",
            "target": "connect_error_page",
            "msg": message.to_string(),
        });
        eprintln!("{line}");
    } else {
        eprintln!("error: {message}");
    }
}

/// `RUST_LOG` sets the level; the default is `info`.
pub fn init(format: LogFormat) {
    let mut builder =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"));
    if format == LogFormat::Json {
        builder.format(|buf, record| {
            let mut line = Map::new();
            let ts = OffsetDateTime::now_utc()
                .format(&Rfc3339)
                .unwrap_or_default();
            line.insert("ts".into(), ts.into());
            line.insert("level".into(), record.level().as_str().into());
            line.insert("target".into(), record.target().into());
            line.insert("msg".into(), record.args().to_string().into());
            let _ = record.key_values().visit(&mut Fields(&mut line));
            writeln!(buf, "{}", Json::Object(line))
        });
    }
    builder.init();
}

/// Structured fields of a log record (`log::info!(status = 200; "…")`) become JSON keys.
struct Fields<'a>(&'a mut Map<String, Json>);

impl<'kvs> VisitSource<'kvs> for Fields<'_> {
    fn visit_pair(&mut self, key: Key<'kvs>, value: Value<'kvs>) -> Result<(), log::kv::Error> {
        let json = if let Some(n) = value.to_u64() {
            n.into()
        } else if let Some(n) = value.to_f64() {
            n.into()
        } else {
            value.to_string().into()
        };
        self.0.insert(key.as_str().to_owned(), json);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_text_and_json_are_log_formats() {
        assert_eq!(LogFormat::parse(None).unwrap(), LogFormat::Text);
        assert_eq!(LogFormat::parse(Some("json")).unwrap(), LogFormat::Json);
        assert_eq!(LogFormat::parse(Some("JSON")).unwrap(), LogFormat::Json);
        assert_eq!(LogFormat::parse(Some("Text")).unwrap(), LogFormat::Text);
        let err = LogFormat::parse(Some("yaml")).unwrap_err();
        assert_eq!(err.key, "LOG_FORMAT");
    }
}
