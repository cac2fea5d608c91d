//! `[restart]`: the template of the restart link and the origins `return_to` may name.

use serde::Deserialize;

use super::ConfigError;
use super::values::non_empty;
use crate::restart::{Origin, RestartSettings, RestartTemplate};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRestart {
    url: String,
    allowed_return_origins: Vec<String>,
}

impl RawRestart {
    pub(super) fn validate(self) -> Result<RestartSettings, ConfigError> {
        let template = non_empty(self.url)
            .map(|url| {
                RestartTemplate::parse(&url).map_err(|problem| {
                    ConfigError::new(
                        "restart.url",
                        problem,
                        "use an absolute https URL whose only placeholders are {connection_name} and {return_to}, e.g. https://app.example.com/connect/{connection_name}/start",
                    )
                })
            })
            .transpose()?;
        let allowed_return_origins = self
            .allowed_return_origins
            .iter()
            .map(|o| {
                Origin::parse_config(o).map_err(|problem| {
                    ConfigError::new(
                        "restart.allowed_return_origins",
                        problem,
                        "list origins only, scheme and host with an optional port, e.g. \"https://app.example.com\"",
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(RestartSettings {
            template,
            allowed_return_origins,
        })
    }
}
