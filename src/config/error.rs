//! The one error type of configuration: a key, what is wrong, and the fix.

use crate::branding::BrandingError;
use crate::popup::OriginError;
use crate::proxy::ProxyError;

/// A configuration problem, naming the key and how to fix it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration key `{key}`: {problem}. Fix: {fix}")]
pub struct ConfigError {
    pub key: String,
    pub problem: String,
    pub fix: String,
}

impl ConfigError {
    pub(crate) fn new(key: &str, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            key: key.to_owned(),
            // A trailing line break would split the message before ". Fix:".
            problem: problem.into().trim_end().to_owned(),
            fix: fix.into(),
        }
    }
}

impl From<BrandingError> for ConfigError {
    fn from(e: BrandingError) -> Self {
        Self::new(e.key, e.problem, e.fix)
    }
}

impl From<OriginError> for ConfigError {
    fn from(e: OriginError) -> Self {
        Self::new("popup.allowed_opener_origins", e.problem, e.fix)
    }
}

impl From<ProxyError> for ConfigError {
    fn from(e: ProxyError) -> Self {
        Self::new(
            "proxy.trusted_addresses",
            format!("`{}` is not an IP address or CIDR range", e.value),
            "list the proxy's addresses, e.g. [\"10.0.0.5\", \"10.1.0.0/16\", \"::1\"]",
        )
    }
}
