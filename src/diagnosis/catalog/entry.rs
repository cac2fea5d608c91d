//! What one catalog entry says, and the words it is said in: categories, who can fix it,
//! and the evidence a family gives of who sent a callback.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    UserCancelled,
    UserAction,
    DeveloperConfig,
    PlatformTransient,
    ProviderOutage,
    SessionExpired,
    Unknown,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::UserCancelled,
        Category::UserAction,
        Category::SessionExpired,
        Category::DeveloperConfig,
        Category::PlatformTransient,
        Category::ProviderOutage,
        Category::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::UserCancelled => "user_cancelled",
            Category::UserAction => "user_action",
            Category::DeveloperConfig => "developer_config",
            Category::PlatformTransient => "platform_transient",
            Category::ProviderOutage => "provider_outage",
            Category::SessionExpired => "session_expired",
            Category::Unknown => "unknown",
        }
    }

    /// Claims that tell a person nothing is broken on their side, or that waiting fixes it:
    /// made only on deciding evidence, never from a generic code alone.
    pub fn needs_deciding_evidence(self) -> bool {
        matches!(
            self,
            Category::SessionExpired
                | Category::UserCancelled
                | Category::PlatformTransient
                | Category::ProviderOutage
        )
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixableBy {
    User,
    UserAdmin,
    Developer,
    Platform,
    Provider,
    /// Nobody can be named until the cause is known; the steps say who to try, in order.
    Depends,
}

impl FixableBy {
    pub fn as_str(self) -> &'static str {
        match self {
            FixableBy::User => "user",
            FixableBy::UserAdmin => "user_admin",
            FixableBy::Developer => "developer",
            FixableBy::Platform => "platform",
            FixableBy::Provider => "provider",
            FixableBy::Depends => "depends",
        }
    }
}

/// One known error condition and what to say about it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub code: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub title: String,
    pub explanation: String,
    pub category: Category,
    pub fixable_by: FixableBy,
    pub retryable: bool,
    pub user_steps: Vec<String>,
    pub developer_steps: Vec<String>,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub docs_url: Option<String>,
    /// Codes this entry answers to only when its family's provider is evident. Unlike
    /// aliases they may repeat another entry's code: `unauthorized` means something
    /// else from HubSpot than from anyone else.
    #[serde(default)]
    pub scoped_codes: Vec<String>,
    /// A code several senders use for different causes (`invalid_grant`): its entry must
    /// never claim a cause that needs deciding evidence, and the description's phrases refine it.
    #[serde(default)]
    pub generic: bool,
    /// A platform code that only says a step failed (`failed_to_exchange_token`): an
    /// unrecognised code inside its description is the real, unknown, cause.
    #[serde(default)]
    pub wrapper: bool,
    /// The source family (`standards`, `microsoft`, …), set from the file.
    #[serde(skip)]
    pub family: String,
}

/// What in a callback shows that this family's provider sent it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderEvidence {
    /// The provider's name as people know it (`HubSpot`).
    pub name: String,
    /// Hosts (and their subdomains) in `error_uri` or the description that reveal it.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// Lower-case words in the description that only this provider writes.
    #[serde(default)]
    pub markers: Vec<String>,
    /// `connection_name` values that name it (`hubspot`, also as a `hubspot-…` prefix).
    #[serde(default)]
    pub connection_names: Vec<String>,
    /// The family, set from the file.
    #[serde(skip)]
    pub family: String,
}

/// A catalog problem, naming the file, the entry and the field.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{source_name}: {location}: {message}")]
pub struct CatalogError {
    pub source_name: String,
    pub location: String,
    pub message: String,
}

/// The form codes are compared in: lower case, with `-`, `.` and spaces as `_`.
pub fn normalise_code(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for c in code.trim().chars() {
        let c = match c {
            '-' | '.' | ' ' | '_' => '_',
            c => c.to_ascii_lowercase(),
        };
        if !(c == '_' && (out.is_empty() || out.ends_with('_'))) {
            out.push(c);
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}
