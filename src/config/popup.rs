//! `[popup]`: the origins the page may post its result to.

use serde::Deserialize;

use super::ConfigError;
use crate::popup::OpenerOrigins;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPopup {
    allowed_opener_origins: Vec<String>,
}

impl RawPopup {
    pub(super) fn validate(self) -> Result<OpenerOrigins, ConfigError> {
        Ok(OpenerOrigins::parse(&self.allowed_opener_origins)?)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::tests::load_env;

    #[test]
    fn a_wildcard_opener_is_named_by_its_key() {
        let err = load_env(&[("CEP_POPUP__ALLOWED_OPENER_ORIGINS", "[\"*\"]")]).unwrap_err();
        assert_eq!(err.key, "popup.allowed_opener_origins");
        assert!(err.fix.contains("never"), "{err}");
    }
}
