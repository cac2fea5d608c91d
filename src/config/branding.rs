//! `[branding]`: product name, logo and accent colour.

use serde::Deserialize;

use super::ConfigError;
use super::values::non_empty;
use crate::branding::Branding;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBranding {
    product_name: String,
    logo_url: String,
    accent_color: String,
}

impl RawBranding {
    /// The branding and the product name; `top_level` is the older `product_name` key.
    pub(super) fn validate(
        self,
        top_level: String,
    ) -> Result<(Branding, Option<String>), ConfigError> {
        let product_name = product_name(top_level, self.product_name)?;
        let branding = Branding::parse(
            non_empty(self.logo_url).as_deref(),
            non_empty(self.accent_color).as_deref(),
        )?;
        Ok((branding, product_name))
    }
}

/// `[branding] product_name`, or the older top-level `product_name` it replaces.
fn product_name(top_level: String, branding: String) -> Result<Option<String>, ConfigError> {
    match (non_empty(top_level), non_empty(branding)) {
        (Some(old), Some(new)) if old != new => Err(ConfigError::new(
            "product_name",
            format!("is `{old}` while `branding.product_name` is `{new}`"),
            "set only `[branding] product_name`; the top-level key is an older alias",
        )),
        (old, new) => Ok(new.or(old)),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::tests::load_env;

    #[test]
    fn product_name_moves_to_branding_and_the_old_key_still_works() {
        let old = load_env(&[("CEP_PRODUCT_NAME", "Acme")]).unwrap();
        assert_eq!(old.product_name.as_deref(), Some("Acme"));
        let new = load_env(&[("CEP_BRANDING__PRODUCT_NAME", "Acme")]).unwrap();
        assert_eq!(new.product_name.as_deref(), Some("Acme"));
        let both = [
            ("CEP_PRODUCT_NAME", "Old"),
            ("CEP_BRANDING__PRODUCT_NAME", "New"),
        ];
        assert_eq!(load_env(&both).unwrap_err().key, "product_name");
    }

    #[test]
    fn a_pale_accent_is_named_by_its_key() {
        let err = load_env(&[("CEP_BRANDING__ACCENT_COLOR", "#7fb0ff")]).unwrap_err();
        assert_eq!(err.key, "branding.accent_color");
    }
}
