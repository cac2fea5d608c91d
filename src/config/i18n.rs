//! `[i18n]`: the language when the request names none we speak.

use serde::Deserialize;

use super::ConfigError;
use crate::i18n::Locale;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawI18n {
    default_locale: String,
}

impl RawI18n {
    pub(super) fn validate(self) -> Result<Locale, ConfigError> {
        Locale::match_tag(&self.default_locale).ok_or_else(|| {
            ConfigError::new(
                "i18n.default_locale",
                format!("`{}` is not a supported locale", self.default_locale),
                format!("use one of {}", Locale::ALL.map(Locale::as_str).join(", ")),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::config::tests::load_env;
    use crate::i18n::Locale;

    #[test]
    fn the_default_locale_must_be_one_we_speak() {
        assert_eq!(Settings::defaults().default_locale, Locale::En);
        let pt = load_env(&[("CEP_I18N__DEFAULT_LOCALE", "pt")]).unwrap();
        assert_eq!(pt.default_locale, Locale::PtBr);
        let err = load_env(&[("CEP_I18N__DEFAULT_LOCALE", "tlh")]).unwrap_err();
        assert_eq!(err.key, "i18n.default_locale");
        assert!(err.fix.contains("pt-BR"), "{err}");
    }
}
