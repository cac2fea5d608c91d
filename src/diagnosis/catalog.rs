//! The catalog of known error codes: built-in TOML data plus operator overrides.
//! Lookups are hash-map and automaton based, so their cost does not grow with size.

mod builder;
mod entry;
mod notes;
mod phrases;
mod provider;

use std::collections::HashMap;
use std::fmt;

pub use builder::CatalogBuilder;
pub use entry::{CatalogError, Category, Entry, FixableBy, ProviderEvidence, normalise_code};
pub use notes::{ConnectionNotes, StepNotes};
pub use phrases::PhraseMatch;
pub use provider::{ProviderClues, ProviderMatch, ProviderSignal};

use provider::ProviderIndex;

use phrases::PhraseIndex;

/// The code every unrecognised error falls back to.
pub const FALLBACK_CODE: &str = "unknown_error";

/// What a lower-cased text holds for the catalog, read in one pass: the longest phrase,
/// and which providers' hosts and markers occur.
pub struct TextFindings<'c> {
    phrase: Option<PhraseMatch<'c>>,
    provider_words: Vec<usize>,
}

pub struct Catalog {
    entries: Vec<Entry>,
    connection_notes: HashMap<String, ConnectionNotes>,
    by_key: HashMap<String, usize>,
    /// `(family, normalised code)` to the entry that answers for that provider only.
    scoped: HashMap<(String, String), usize>,
    phrases: PhraseIndex,
    providers: ProviderIndex,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("entries", &self.entries.len())
            .field("phrases", &self.phrases.len())
            .finish()
    }
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn built_in() -> Result<Self, CatalogError> {
        CatalogBuilder::built_in()?.build()
    }

    /// Sets the operator's per-connection steps (see overrides).
    pub fn with_connection_notes(mut self, notes: HashMap<String, ConnectionNotes>) -> Self {
        self.connection_notes = notes;
        self
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
        connection_name
            .and_then(|n| self.connection_notes.get(n))
            .map(|notes| notes.steps_for(code))
            .unwrap_or_default()
    }

    /// Finds an entry by code or alias, ignoring case and `-`/`_`/`.`/space differences.
    pub fn lookup(&self, code: &str) -> Option<&Entry> {
        self.by_key
            .get(&normalise_code(code))
            .map(|&i| &self.entries[i])
    }

    /// Like `lookup`, but a code the evident provider scopes to its own entry finds that.
    pub fn lookup_from(&self, code: &str, provider: Option<&ProviderMatch>) -> Option<&Entry> {
        provider
            .and_then(|p| {
                self.scoped
                    .get(&(p.family.clone(), normalise_code(code)))
                    .map(|&i| &self.entries[i])
            })
            .or_else(|| self.lookup(code))
    }

    /// The entry whose longest phrase occurs in `text` (already lower-cased).
    pub fn match_phrase(&self, lowercase_text: &str) -> Option<&Entry> {
        self.find_phrase(lowercase_text).map(|(e, _)| e)
    }

    /// The entry whose longest phrase occurs in `text`, and that phrase.
    pub fn find_phrase(&self, lowercase_text: &str) -> Option<(&Entry, &str)> {
        self.phrase_in(&self.read_text(lowercase_text))
    }

    /// The provider the callback shows, if any (see `ProviderEvidence`).
    pub fn evident_provider(&self, clues: &ProviderClues) -> Option<ProviderMatch> {
        self.evident_provider_in(clues, &self.read_text(clues.lowercase_text))
    }

    /// Reads a lower-cased text once for both the phrases and the providers' words.
    pub fn read_text(&self, lowercase_text: &str) -> TextFindings<'_> {
        let mut provider_words = Vec::new();
        let phrase = self
            .phrases
            .scan(lowercase_text, |word| provider_words.push(word));
        provider_words.sort_unstable();
        provider_words.dedup();
        TextFindings {
            phrase,
            provider_words,
        }
    }

    /// `find_phrase` on a text already read.
    pub fn phrase_in<'c>(&'c self, findings: &TextFindings<'c>) -> Option<(&'c Entry, &'c str)> {
        findings.phrase.map(|m| (&self.entries[m.entry], m.phrase))
    }

    /// `evident_provider` with the clues' text already read.
    pub fn evident_provider_in(
        &self,
        clues: &ProviderClues,
        findings: &TextFindings,
    ) -> Option<ProviderMatch> {
        self.providers.evident(clues, &findings.provider_words)
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
        self.providers.providers()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
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

    /// One entry of family `t` with the given extra lines.
    fn family_with(provider: &str, entry_lines: &str) -> String {
        format!(
            "family = \"t\"\n{provider}\n[[entry]]\ncode = \"t_code\"\ntitle = \"T\"\nexplanation = \"x\"\nfixable_by = \"user\"\nretryable = true\nuser_steps = [\"s\"]\ndeveloper_steps = [\"d\"]\n{entry_lines}\n"
        )
    }

    #[test]
    fn a_generic_code_that_claims_an_expired_session_is_refused() {
        let mut builder = CatalogBuilder::default();
        let text = family_with("", "generic = true\ncategory = \"session_expired\"");
        let err = builder.add_family("t.toml", &text).unwrap_err();
        assert_eq!(err.location, "entry `t_code` field `category`");
        assert!(err.message.contains("generic code cannot claim"), "{err}");
    }

    #[test]
    fn a_scoped_code_needs_its_family_to_say_who_the_provider_is() {
        let mut builder = CatalogBuilder::built_in().unwrap();
        let text = family_with(
            "",
            "category = \"unknown\"\nscoped_codes = [\"unauthorized\"]",
        );
        builder.add_family("t.toml", &text).unwrap();
        let err = builder.build().unwrap_err();
        assert!(err.message.contains("has no [provider] table"), "{err}");
        let mut builder = CatalogBuilder::built_in().unwrap();
        let text = family_with(
            "[provider]\nname = \"T\"\nconnection_names = [\"tee\"]",
            "generic = true\ncategory = \"unknown\"\nscoped_codes = [\"unauthorized\"]",
        );
        builder.add_family("t.toml", &text).unwrap();
        assert!(builder.build().is_ok());
    }
}
