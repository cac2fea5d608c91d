//! `[cors]`: which other web origins may read the JSON variant from a browser.

use serde::Deserialize;

use super::ConfigError;
use crate::popup::web_origin;

const KEY: &str = "cors.allowed_origins";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCors {
    #[serde(default)]
    pub allowed_origins: Vec<String>,
}

/// Serialised origins (`https://app.example.com`), compared exactly as browsers send them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorsSettings {
    allowed_origins: Vec<String>,
}

impl CorsSettings {
    /// The `Origin` header value itself when it is allowed: the only value we echo.
    pub fn allowed<'a>(&self, origin: &'a str) -> Option<&'a str> {
        self.allowed_origins
            .iter()
            .any(|allowed| allowed == origin)
            .then_some(origin)
    }

    pub fn is_enabled(&self) -> bool {
        !self.allowed_origins.is_empty()
    }
}

pub(super) fn cors(raw: &RawCors) -> Result<CorsSettings, ConfigError> {
    let allowed_origins = raw
        .allowed_origins
        .iter()
        .map(|value| {
            if value.trim() == "*" {
                return Err(ConfigError::new(
                    KEY,
                    "`*` would let every website read the diagnosis of anyone who visits it",
                    "list the origins of your own apps, e.g. [\"https://app.example.com\"]",
                ));
            }
            web_origin(value.trim()).map_err(|e| ConfigError::new(KEY, e.problem, e.fix))
        })
        .collect::<Result<_, _>>()?;
    Ok(CorsSettings { allowed_origins })
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::config::tests::load_env;

    #[test]
    fn no_origin_is_allowed_by_default() {
        assert!(!Settings::defaults().cors.is_enabled());
        assert_eq!(
            Settings::defaults().cors.allowed("https://app.example.com"),
            None
        );
    }

    #[test]
    fn listed_origins_are_normalised_and_matched_exactly() {
        let s = load_env(&[(
            "CEP_CORS__ALLOWED_ORIGINS",
            r#"["https://App.Example.com:443/"]"#,
        )])
        .unwrap();
        assert_eq!(
            s.cors.allowed("https://app.example.com"),
            Some("https://app.example.com")
        );
        assert_eq!(s.cors.allowed("https://app.example.com.evil.test"), None);
        assert_eq!(s.cors.allowed("http://app.example.com"), None);
    }

    #[test]
    fn a_wildcard_is_refused_at_start_up_with_the_key_and_a_fix() {
        let err = load_env(&[("CEP_CORS__ALLOWED_ORIGINS", r#"["*"]"#)]).unwrap_err();
        assert_eq!(err.key, "cors.allowed_origins");
        assert!(err.fix.contains("https://app.example.com"), "{err}");
        let err = load_env(&[(
            "CEP_CORS__ALLOWED_ORIGINS",
            r#"["https://app.example.com/path"]"#,
        )])
        .unwrap_err();
        assert_eq!(err.key, "cors.allowed_origins");
    }
}
