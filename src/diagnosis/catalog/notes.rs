//! Steps an operator adds for one `connection_name`, for every code or for some.

use std::collections::HashMap;

use serde::Deserialize;

use super::entry::normalise_code;

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectionNotes {
    #[serde(default)]
    pub user_steps: Vec<String>,
    #[serde(default)]
    pub developer_steps: Vec<String>,
    #[serde(default)]
    pub codes: HashMap<String, StepNotes>,
}

#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepNotes {
    #[serde(default)]
    pub user_steps: Vec<String>,
    #[serde(default)]
    pub developer_steps: Vec<String>,
}

impl ConnectionNotes {
    /// `(user_steps, developer_steps)` for `code`: the connection's own, then the code's.
    pub fn steps_for(&self, code: &str) -> (Vec<&str>, Vec<&str>) {
        let for_code = self
            .codes
            .iter()
            .find(|(c, _)| normalise_code(c) == normalise_code(code))
            .map(|(_, n)| n);
        let user = self
            .user_steps
            .iter()
            .chain(for_code.into_iter().flat_map(|n| &n.user_steps));
        let developer = self
            .developer_steps
            .iter()
            .chain(for_code.into_iter().flat_map(|n| &n.developer_steps));
        (
            user.map(String::as_str).collect(),
            developer.map(String::as_str).collect(),
        )
    }
}
