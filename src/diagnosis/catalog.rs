//! The catalog of known error codes: built-in TOML data plus operator overrides.
//! Lookups are hash-map and automaton based, so their cost does not grow with size.

use std::collections::HashMap;
use std::fmt;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use super::overrides::ConnectionNotes;

/// The code every unrecognised error falls back to.
pub const FALLBACK_CODE: &str = "unknown_error";

/// The built-in families, `(file name, text)`, embedded at compile time by `build.rs`.
const BUILT_IN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

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
}

impl FixableBy {
    pub fn as_str(self) -> &'static str {
        match self {
            FixableBy::User => "user",
            FixableBy::UserAdmin => "user_admin",
            FixableBy::Developer => "developer",
            FixableBy::Platform => "platform",
            FixableBy::Provider => "provider",
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
    /// The source family (`standards`, `microsoft`, …), set from the file.
    #[serde(skip)]
    pub family: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyFile {
    family: String,
    #[serde(default)]
    provider: Option<ProviderEvidence>,
    #[serde(default)]
    entry: Vec<Entry>,
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

pub struct Catalog {
    entries: Vec<Entry>,
    connection_notes: HashMap<String, ConnectionNotes>,
    by_key: HashMap<String, usize>,
    phrases: AhoCorasick,
    /// For each phrase pattern, the entry it points to.
    phrase_entries: Vec<usize>,
    providers: Vec<ProviderEvidence>,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("entries", &self.entries.len())
            .field("phrases", &self.phrase_entries.len())
            .finish()
    }
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn built_in() -> Result<Self, CatalogError> {
        CatalogBuilder::built_in()?.build()
    }

    pub(super) fn set_connection_notes(&mut self, notes: HashMap<String, ConnectionNotes>) {
        self.connection_notes = notes;
    }

    /// Whether the operator's overrides name this connection (`[connections.NAME]`).
    pub fn has_connection(&self, connection_name: &str) -> bool {
        self.connection_notes.contains_key(connection_name)
    }

    /// Extra `(user_steps, developer_steps)` an operator added for this connection and code.
    pub fn connection_steps(
        &self,
        connection_name: Option<&str>,
        code: &str,
    ) -> (Vec<&str>, Vec<&str>) {
        let Some(notes) = connection_name.and_then(|n| self.connection_notes.get(n)) else {
            return (Vec::new(), Vec::new());
        };
        let for_code = notes
            .codes
            .iter()
            .find(|(c, _)| normalise_code(c) == normalise_code(code))
            .map(|(_, n)| n);
        let user = notes
            .user_steps
            .iter()
            .chain(for_code.into_iter().flat_map(|n| &n.user_steps));
        let developer = notes
            .developer_steps
            .iter()
            .chain(for_code.into_iter().flat_map(|n| &n.developer_steps));
        (
            user.map(String::as_str).collect(),
            developer.map(String::as_str).collect(),
        )
    }

    /// Finds an entry by code or alias, ignoring case and `-`/`_`/`.`/space differences.
    pub fn lookup(&self, code: &str) -> Option<&Entry> {
        self.by_key
            .get(&normalise_code(code))
            .map(|&i| &self.entries[i])
    }

    /// The entry whose longest phrase occurs in `text` (already lower-cased).
    pub fn match_phrase(&self, lowercase_text: &str) -> Option<&Entry> {
        self.phrases
            .find_iter(lowercase_text)
            .max_by_key(|m| m.len())
            .map(|m| &self.entries[self.phrase_entries[m.pattern().as_usize()]])
    }

    pub fn fallback(&self) -> &Entry {
        self.lookup(FALLBACK_CODE)
            .expect("catalog is built with a fallback entry")
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Each family's evidence of who sent a callback, where the family declares it.
    pub fn providers(&self) -> &[ProviderEvidence] {
        &self.providers
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Collects families, checking each entry as it arrives.
#[derive(Default)]
pub struct CatalogBuilder {
    entries: Vec<Entry>,
    by_key: HashMap<String, usize>,
    providers: Vec<ProviderEvidence>,
}

impl CatalogBuilder {
    /// A builder holding every built-in family.
    pub fn built_in() -> Result<Self, CatalogError> {
        let mut builder = Self::default();
        for (name, text) in BUILT_IN {
            builder.add_family(name, text)?;
        }
        Ok(builder)
    }

    pub fn contains(&self, code: &str) -> bool {
        self.by_key.contains_key(&normalise_code(code))
    }

    pub fn entry(&self, code: &str) -> Option<&Entry> {
        self.by_key
            .get(&normalise_code(code))
            .map(|&i| &self.entries[i])
    }

    /// Swaps in a changed version of an existing entry, re-checking its keys.
    pub fn replace_entry(&mut self, source_name: &str, entry: Entry) -> Result<(), CatalogError> {
        let index = self.by_key[&normalise_code(&entry.code)];
        let old = &self.entries[index];
        for key in std::iter::once(&old.code).chain(&old.aliases) {
            self.by_key.remove(&normalise_code(key));
        }
        self.register_keys(source_name, &entry, index)?;
        self.entries[index] = entry;
        Ok(())
    }

    pub fn add_family(&mut self, source_name: &str, text: &str) -> Result<(), CatalogError> {
        let file: FamilyFile = toml::from_str(text).map_err(|e| CatalogError {
            source_name: source_name.to_owned(),
            location: "file".to_owned(),
            message: e.message().to_owned() + &span_hint(text, e.span()),
        })?;
        if let Some(mut provider) = file.provider {
            provider.family.clone_from(&file.family);
            self.providers.push(provider);
        }
        for mut entry in file.entry {
            entry.family.clone_from(&file.family);
            self.add_entry(source_name, entry)?;
        }
        Ok(())
    }

    pub fn add_entry(&mut self, source_name: &str, entry: Entry) -> Result<(), CatalogError> {
        let error = |field: &str, message: String| CatalogError {
            source_name: source_name.to_owned(),
            location: format!("entry `{}` field `{field}`", entry.code),
            message,
        };
        for (field, value) in [("title", &entry.title), ("explanation", &entry.explanation)] {
            if value.trim().is_empty() {
                return Err(error(field, "must not be empty".into()));
            }
        }
        if entry.user_steps.is_empty() && entry.developer_steps.is_empty() {
            return Err(error(
                "user_steps",
                "an entry needs at least one step".into(),
            ));
        }
        if let Some(url) = entry
            .docs_url
            .as_ref()
            .filter(|u| !(u.starts_with("https://") || u.starts_with("http://")))
        {
            return Err(error("docs_url", format!("`{url}` is not an http(s) URL")));
        }
        if let Some(phrase) = entry.phrases.iter().find(|p| p.trim().len() < 4) {
            return Err(error(
                "phrases",
                format!("`{phrase}` is too short to be specific"),
            ));
        }
        self.register_keys(source_name, &entry, self.entries.len())?;
        self.entries.push(entry);
        Ok(())
    }

    /// Maps the entry's code and aliases to `index`; each may be defined only once.
    fn register_keys(
        &mut self,
        source_name: &str,
        entry: &Entry,
        index: usize,
    ) -> Result<(), CatalogError> {
        for (field, key) in std::iter::once(("code", &entry.code))
            .chain(entry.aliases.iter().map(|a| ("aliases", a)))
        {
            let error = |message: String| CatalogError {
                source_name: source_name.to_owned(),
                location: format!("entry `{}` field `{field}`", entry.code),
                message,
            };
            let normalised = normalise_code(key);
            if normalised.is_empty() {
                return Err(error("must not be empty".into()));
            }
            if let Some(&other) = self.by_key.get(&normalised) {
                let owner = &self.entries.get(other).map_or(&entry.code, |e| &e.code);
                return Err(error(format!(
                    "`{key}` is already defined by entry `{owner}`"
                )));
            }
            self.by_key.insert(normalised, index);
        }
        Ok(())
    }

    pub fn build(self) -> Result<Catalog, CatalogError> {
        if !self.by_key.contains_key(FALLBACK_CODE) {
            return Err(CatalogError {
                source_name: "catalog".into(),
                location: format!("entry `{FALLBACK_CODE}`"),
                message: "the fallback entry is missing".into(),
            });
        }
        let mut patterns = Vec::new();
        let mut phrase_entries = Vec::new();
        for (index, entry) in self.entries.iter().enumerate() {
            for phrase in &entry.phrases {
                patterns.push(phrase.to_lowercase());
                phrase_entries.push(index);
            }
        }
        let phrases = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| CatalogError {
                source_name: "catalog".into(),
                location: "phrases".into(),
                message: e.to_string(),
            })?;
        Ok(Catalog {
            entries: self.entries,
            connection_notes: HashMap::new(),
            by_key: self.by_key,
            phrases,
            phrase_entries,
            providers: self.providers,
        })
    }
}

fn span_hint(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    span.map(|s| format!(" (line {})", text[..s.start].lines().count().max(1)))
        .unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_ignoring_case_and_separators() {
        assert_eq!(normalise_code("Access-Denied"), "access_denied");
        assert_eq!(normalise_code(" ACCESS  denied "), "access_denied");
        let catalog = Catalog::built_in().unwrap();
        assert_eq!(
            catalog.lookup("Access-Denied").unwrap().code,
            "access_denied"
        );
    }

    #[test]
    fn built_in_catalog_has_every_foundation_code() {
        let catalog = Catalog::built_in().unwrap();
        for code in [
            "invalid_request",
            "unauthorized_client",
            "access_denied",
            "unsupported_response_type",
            "invalid_scope",
            "server_error",
            "temporarily_unavailable",
            "invalid_client",
            "invalid_grant",
            "unsupported_grant_type",
            "interaction_required",
            "login_required",
            "account_selection_required",
            "consent_required",
            "invalid_request_uri",
            "invalid_request_object",
            "request_not_supported",
            "request_uri_not_supported",
            "registration_not_supported",
            "failed_to_exchange_token",
            "redirect_uri_mismatch",
            "invalid_session",
            "session_expired",
            "invalid_state",
            FALLBACK_CODE,
        ] {
            assert!(catalog.lookup(code).is_some(), "missing {code}");
        }
    }

    #[test]
    fn every_built_in_entry_is_complete_and_distinct() {
        let catalog = Catalog::built_in().unwrap();
        assert!(catalog.len() >= 150, "{} entries", catalog.len());
        let microsoft = catalog
            .entries()
            .iter()
            .filter(|e| e.code.starts_with("AADSTS"))
            .count();
        assert!(microsoft >= 40, "{microsoft} AADSTS entries");
        for entry in catalog.entries() {
            assert!(
                !entry.user_steps.is_empty(),
                "{} has no user steps",
                entry.code
            );
            assert!(
                !entry.developer_steps.is_empty(),
                "{} has no developer steps",
                entry.code
            );
        }
        let mut titles = std::collections::HashSet::new();
        let mut explanations = std::collections::HashSet::new();
        for entry in catalog.entries() {
            assert!(
                titles.insert(&entry.title),
                "duplicate title: {}",
                entry.title
            );
            assert!(
                explanations.insert(&entry.explanation),
                "duplicate explanation in {}",
                entry.code
            );
        }
    }

    #[test]
    fn a_duplicate_code_names_the_entry_and_field() {
        let mut builder = CatalogBuilder::default();
        let text = r#"
family = "t"
[[entry]]
code = "a_code"
title = "A"
explanation = "x"
category = "unknown"
fixable_by = "platform"
retryable = true
user_steps = ["s"]
developer_steps = ["d"]
[[entry]]
code = "other"
aliases = ["A-CODE"]
title = "B"
explanation = "y"
category = "unknown"
fixable_by = "platform"
retryable = true
user_steps = ["s"]
developer_steps = ["d"]
"#;
        let err = builder.add_family("test.toml", text).unwrap_err();
        assert_eq!(err.location, "entry `other` field `aliases`");
        assert!(err.message.contains("already defined by entry `a_code`"));
    }

    #[test]
    fn a_bad_category_names_the_problem() {
        let mut builder = CatalogBuilder::default();
        let text = "family = \"t\"\n[[entry]]\ncode = \"x\"\ntitle = \"t\"\nexplanation = \"e\"\ncategory = \"nope\"\nfixable_by = \"user\"\nretryable = true\nuser_steps = []\ndeveloper_steps = []\n";
        let err = builder.add_family("bad.toml", text).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
        assert!(err.to_string().contains("line 6"), "{err}");
    }

    #[test]
    fn the_longest_matching_phrase_wins() {
        let catalog = Catalog::built_in().unwrap();
        let entry = catalog
            .match_phrase("error executing post auth hooks")
            .unwrap();
        assert_eq!(entry.category, Category::PlatformTransient);
    }
}
