//! env_logger set up as text (the default) or one JSON object per line (`LOG_FORMAT=json`).

use std::fmt::Write as _;
use std::io::Write;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use log::kv::{Key, Value, VisitSource};
use serde_json::{Map, Value as Json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::config::ConfigError;
use crate::diagnosis::redact::redact_secrets;
use crate::log_writer::{Drain, QueueWriter};

pub const LOG_FORMAT_VAR: &str = "LOG_FORMAT";
/// Requests actix could not parse (400, 431) are logged here at INFO, not as errors:
/// anyone can send them, so `RUST_LOG=info,connect_error_page::malformed_request=off`
/// silences them without hiding real errors.
pub const MALFORMED_REQUEST_TARGET: &str = "connect_error_page::malformed_request";

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

/// What the access log line adds for the error page, so support can trace a reference:
/// the diagnosis, the raw `error` and inner code with credentials redacted, the
/// validated connection name, the locale and the provider's trace id. Never a token.
/// Shared strings: a cached page hands the same fields to every request it answers.
#[derive(Debug, Clone, Default)]
pub struct LogFields {
    pub code: Arc<str>,
    pub reference: String,
    pub category: &'static str,
    pub error: Arc<str>,
    pub inner_code: Arc<str>,
    pub connection_name: Arc<str>,
    pub locale: &'static str,
    pub trace_id: Arc<str>,
}

static DRAIN: OnceLock<Drain> = OnceLock::new();

/// `RUST_LOG` sets the level; the default is `info`. Lines go to stderr through
/// `log_writer`, so a request never waits for the write.
pub fn init(format: LogFormat) {
    init_with_output(format, std::io::stderr());
}

/// As `init`, writing to `out` (the log-path benchmark writes to a sink).
pub fn init_with_output(format: LogFormat, out: impl Write + Send + 'static) {
    let mut builder =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"));
    let (writer, drain) = QueueWriter::start(out);
    builder.target(env_logger::Target::Pipe(Box::new(writer)));
    let _ = DRAIN.set(drain);
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
            writeln!(buf, "{}", escape_invisible(&Json::Object(line).to_string()))
        });
    }
    let logger = builder.build();
    let max_level = logger.filter();
    if log::set_boxed_logger(Box::new(DemoteParseErrors(logger))).is_ok() {
        log::set_max_level(max_level);
    }
}

/// The request path as logged: secrets in it redacted (`/x;access_token=…`), and
/// anything invisible escaped.
pub fn loggable_path(path: &str) -> String {
    escape_invisible(&redact_secrets(path))
}

/// Characters that hide or reorder text, or end a line in JavaScript: line and paragraph
/// separators, direction controls and tag characters.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{061C}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{E0000}'..='\u{E007F}')
}

/// Writes each invisible character as `\uXXXX` (UTF-16 units), which is valid both in
/// JSON strings and as text; serde_json leaves them raw.
pub fn escape_invisible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// actix-http logs every unparsable request as ERROR ("stream error: …"); this passes
/// them on at INFO under `MALFORMED_REQUEST_TARGET`, and everything else unchanged.
struct DemoteParseErrors(env_logger::Logger);

impl DemoteParseErrors {
    fn is_parse_error(record: &log::Record) -> bool {
        record.level() == log::Level::Error
            && record.target().starts_with("actix_http::h1")
            && record.args().to_string().starts_with("stream error")
    }
}

impl log::Log for DemoteParseErrors {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        self.0.enabled(metadata) || metadata.target().starts_with("actix_http::h1")
    }

    fn log(&self, record: &log::Record) {
        if !Self::is_parse_error(record) {
            return self.0.log(record);
        }
        let message = record.args().to_string();
        let reason = message.trim_start_matches("stream error: ");
        self.0.log(
            &log::Record::builder()
                .level(log::Level::Info)
                .target(MALFORMED_REQUEST_TARGET)
                .args(format_args!("malformed request refused: {reason}"))
                .build(),
        );
    }

    /// Waits, briefly, for the queued lines to be written: called before the process exits.
    fn flush(&self) {
        self.0.flush();
        if let Some(drain) = DRAIN.get() {
            drain.wait(Duration::from_secs(2));
        }
    }
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
    fn invisible_characters_are_escaped_and_json_stays_valid() {
        let raw = "a\u{2028}b\u{2029}c\u{202E}d\u{2066}e\u{E0041}f\u{061C}g";
        let line = escape_invisible(&serde_json::json!({ "msg": raw }).to_string());
        assert_eq!(
            line,
            r#"{"msg":"a\u2028b\u2029c\u202ed\u2066e\udb40\udc41f\u061cg"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back["msg"], raw);
    }

    #[test]
    fn secrets_in_a_path_are_redacted_for_the_log() {
        assert_eq!(
            loggable_path("/x;access_token=abcdef123456"),
            "/x;access_token=[redacted]"
        );
        assert_eq!(loggable_path("/static/app.css"), "/static/app.css");
    }

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
