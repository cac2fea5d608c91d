//! `[popup] allowed_opener_origins`: where the page may post its result when opened as a popup.

const FIX: &str = "list origins only, scheme and host with an optional port, e.g. \"https://app.example.com\"; never \"*\"";

/// An entry of `allowed_opener_origins` that is not a plain origin.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{problem}")]
pub struct OriginError {
    pub problem: String,
    pub fix: &'static str,
}

/// Serialised web origins (`https://app.example.com`), exactly as `postMessage` compares them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenerOrigins {
    origins: Vec<String>,
    /// Joined once at start-up, not on every page.
    joined: String,
}

impl OpenerOrigins {
    pub fn parse(values: &[String]) -> Result<Self, OriginError> {
        let origins: Vec<String> = values
            .iter()
            .map(|value| web_origin(value))
            .collect::<Result<_, _>>()?;
        let joined = origins.join(" ");
        Ok(Self { origins, joined })
    }

    pub fn as_slice(&self) -> &[String] {
        &self.origins
    }

    /// Space-separated, for the page's `data-opener-origins` attribute.
    pub fn joined(&self) -> &str {
        &self.joined
    }
}

/// One serialised web origin; `*`, paths and credentials are refused.
pub(crate) fn web_origin(value: &str) -> Result<String, OriginError> {
    let refuse = |problem: String| OriginError { problem, fix: FIX };
    let url = url::Url::parse(value).map_err(|_| refuse(format!("`{value}` is not an origin")))?;
    let only_origin = url.path() == "/"
        && !value.trim_end_matches('/').ends_with('?')
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(refuse(format!("`{value}` is not an http(s) origin")));
    }
    if !only_origin {
        return Err(refuse(format!(
            "`{value}` has more than scheme, host and port"
        )));
    }
    Ok(url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_as_browsers_compare_them() {
        let origins = OpenerOrigins::parse(&[
            "https://App.Example.com".into(),
            "https://app.example.com:443/".into(),
            "http://127.0.0.1:8081".into(),
        ])
        .unwrap();
        assert_eq!(
            origins.as_slice(),
            [
                "https://app.example.com",
                "https://app.example.com",
                "http://127.0.0.1:8081"
            ]
        );
    }

    #[test]
    fn wildcards_paths_and_other_schemes_are_refused() {
        for bad in [
            "*",
            "https://app.example.com/popup",
            "https://app.example.com?x=1",
            "https://u@app.example.com",
            "file:///tmp",
            "javascript:alert(1)",
            "app.example.com",
        ] {
            assert!(OpenerOrigins::parse(&[bad.into()]).is_err(), "{bad}");
        }
    }
}
