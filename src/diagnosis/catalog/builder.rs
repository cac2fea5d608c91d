//! Collects catalog families and operator entries, checking each as it arrives.

use std::collections::HashMap;

use serde::Deserialize;

use super::entry::{CatalogError, Entry, ProviderEvidence, normalise_code};
use super::phrases::PhraseIndex;
use super::provider::ProviderIndex;
use super::{Catalog, FALLBACK_CODE};

/// The built-in families, `(file name, text)`, embedded at compile time by `build.rs`.
const BUILT_IN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FamilyFile {
    family: String,
    #[serde(default)]
    provider: Option<ProviderEvidence>,
    #[serde(default)]
    entry: Vec<Entry>,
}

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
            crate::memory::release_embedded(text);
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
            for list in [
                &mut provider.hosts,
                &mut provider.markers,
                &mut provider.connection_names,
            ] {
                list.iter_mut().for_each(|s| *s = s.to_lowercase());
            }
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
        if let Some(phrase) = entry.phrases.iter().find(|p| too_short(p)) {
            return Err(error(
                "phrases",
                format!("`{phrase}` is too short to be specific"),
            ));
        }
        // A wrapper only says a step failed, so it is no more evidence than a generic code.
        if (entry.generic || entry.wrapper) && entry.category.needs_deciding_evidence() {
            let kind = if entry.generic { "generic" } else { "wrapper" };
            return Err(error(
                "category",
                format!(
                    "a {kind} code cannot claim `{}` on its own; use `unknown` and add phrase entries for the causes",
                    entry.category
                ),
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

    /// Scoped codes are keyed by family; an entry whose family names no provider could
    /// never be chosen by one, so that is refused.
    fn scoped_keys(&self) -> Result<HashMap<(String, String), usize>, CatalogError> {
        let mut scoped = HashMap::new();
        for (index, entry) in self.entries.iter().enumerate() {
            for code in &entry.scoped_codes {
                let error = |message: String| CatalogError {
                    source_name: format!("{}.toml", entry.family),
                    location: format!("entry `{}` field `scoped_codes`", entry.code),
                    message,
                };
                if !self.providers.iter().any(|p| p.family == entry.family) {
                    return Err(error(format!(
                        "`{code}` is scoped to family `{}`, which has no [provider] table",
                        entry.family
                    )));
                }
                // Knowing the sender does not decide what a generic code means.
                let shared = self.by_key.get(&normalise_code(code));
                if shared.is_some_and(|&i| self.entries[i].generic) && !entry.generic {
                    return Err(error(format!(
                        "`{code}` is a generic code, so an entry scoped to it must be `generic = true` too, with phrase entries for the causes"
                    )));
                }
                let key = (entry.family.clone(), normalise_code(code));
                if let Some(other) = scoped.insert(key, index) {
                    return Err(error(format!(
                        "`{code}` is already scoped by entry `{}`",
                        self.entries[other].code
                    )));
                }
            }
        }
        Ok(scoped)
    }

    pub fn build(self) -> Result<Catalog, CatalogError> {
        if !self.by_key.contains_key(FALLBACK_CODE) {
            return Err(CatalogError {
                source_name: "catalog".into(),
                location: format!("entry `{FALLBACK_CODE}`"),
                message: "the fallback entry is missing".into(),
            });
        }
        let scoped = self.scoped_keys()?;
        let providers = ProviderIndex::build(self.providers);
        let phrases = PhraseIndex::build(&self.entries, &providers.words())?;
        Ok(Catalog {
            entries: self.entries,
            connection_notes: HashMap::new(),
            by_key: self.by_key,
            scoped,
            phrases,
            providers,
        })
    }
}

/// Four ASCII letters, or three characters of a script that packs a word into fewer.
fn too_short(phrase: &str) -> bool {
    let phrase = phrase.trim();
    if phrase.is_ascii() {
        phrase.len() < 4
    } else {
        phrase.chars().count() < 3
    }
}

fn span_hint(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    span.map(|s| format!(" (line {})", text[..s.start].lines().count().max(1)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn family(provider: &str, entry_lines: &str) -> String {
        format!(
            "family = \"t\"\n{provider}\n[[entry]]\ncode = \"t_code\"\ntitle = \"T\"\nexplanation = \"x\"\nfixable_by = \"user\"\nretryable = true\nuser_steps = [\"s\"]\ndeveloper_steps = [\"d\"]\n{entry_lines}\n"
        )
    }

    #[test]
    fn knowing_the_provider_does_not_let_a_generic_code_claim_an_expired_session() {
        let mut builder = CatalogBuilder::built_in().unwrap();
        let text = family(
            "[provider]\nname = \"T\"\nconnection_names = [\"tee\"]",
            "category = \"session_expired\"\nscoped_codes = [\"invalid_grant\"]",
        );
        builder.add_family("t.toml", &text).unwrap();
        let err = builder.build().unwrap_err();
        assert_eq!(err.location, "entry `t_code` field `scoped_codes`");
        assert!(
            err.message.contains("`invalid_grant` is a generic code"),
            "{err}"
        );
    }

    #[test]
    fn a_wrapper_that_only_says_a_step_failed_cannot_claim_a_platform_fault() {
        let mut builder = CatalogBuilder::default();
        let text = family("", "wrapper = true\ncategory = \"platform_transient\"");
        let err = builder.add_family("t.toml", &text).unwrap_err();
        assert_eq!(err.location, "entry `t_code` field `category`");
        assert!(err.message.contains("a wrapper code cannot claim"), "{err}");
    }

    #[test]
    fn no_built_in_entry_reached_by_a_generic_code_claims_a_cause() {
        let catalog = CatalogBuilder::built_in().unwrap();
        for entry in &catalog.entries {
            let by_generic = entry
                .scoped_codes
                .iter()
                .any(|c| catalog.entry(c).is_some_and(|e| e.generic));
            if entry.generic || entry.wrapper || by_generic {
                assert!(
                    !entry.category.needs_deciding_evidence(),
                    "{} claims {} without deciding evidence",
                    entry.code,
                    entry.category
                );
            }
        }
    }
}
