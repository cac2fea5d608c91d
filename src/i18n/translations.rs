//! Every locale's page strings and catalog strings, parsed once at start-up.
//! A translation is used only for the English it translates: a missing string, an
//! operator's own entry, or text an operator rewrote shows the entry's English.

use std::collections::HashMap;
use std::hash::{BuildHasher, DefaultHasher, Hash};

use serde::Deserialize;
use toml::Table;

use super::packed::{PackedCatalog, Steps};
use super::{Locale, Texts};
use crate::diagnosis::{Catalog, Entry};

/// `(file name, text)` for `src/i18n/*.toml` and `src/i18n/catalog/*.toml`, embedded by `build.rs`.
pub(super) const PAGE_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/i18n_page_files.rs"));
pub(super) const CATALOG_FILES: &[(&str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/i18n_catalog_files.rs"));

/// One catalog entry's text in one locale; every field is optional so English can fill gaps.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EntryTranslation {
    pub title: Option<String>,
    pub explanation: Option<String>,
    pub user_steps: Option<Vec<String>>,
    pub developer_steps: Option<Vec<String>>,
}

/// What the page and the JSON say about a catalog entry, in one locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryText<'a> {
    pub title: &'a str,
    pub explanation: &'a str,
    pub user_steps: Steps<'a>,
    pub developer_steps: Steps<'a>,
}

impl<'a> EntryText<'a> {
    pub fn english(entry: &'a Entry) -> Self {
        Self {
            title: &entry.title,
            explanation: &entry.explanation,
            user_steps: Steps::English(&entry.user_steps),
            developer_steps: Steps::English(&entry.developer_steps),
        }
    }
}

struct LocaleText {
    page: Texts,
    catalog: PackedCatalog,
}

/// A translation file that cannot be read, naming the file and the problem.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("translation file {file}: {message}")]
pub struct TranslationError {
    pub file: String,
    pub message: String,
}

pub struct Translations {
    /// Indexed by `Locale as usize`, in `Locale::ALL` order.
    locales: Vec<LocaleText>,
    /// A fingerprint of the built-in English of each entry, sorted by code: what the
    /// translations translate. Enough to tell whether an entry's English is still that.
    source: Box<[(Box<str>, EnglishPrint)]>,
}

/// Fingerprints of an entry's English title, explanation, user and developer steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct EnglishPrint([u64; 4]);

impl EnglishPrint {
    fn of(
        title: &str,
        explanation: &str,
        user_steps: &[String],
        developer_steps: &[String],
    ) -> Self {
        fn print(value: impl Hash) -> u64 {
            // Fixed keys: the same text always gives the same fingerprint.
            std::hash::BuildHasherDefault::<DefaultHasher>::default().hash_one(value)
        }
        Self([
            print(title),
            print(explanation),
            print(user_steps),
            print(developer_steps),
        ])
    }
}

/// The value for `code` in a slice sorted by code.
fn by_code<'a, T>(sorted: &'a [(Box<str>, T)], code: &str) -> Option<&'a T> {
    sorted
        .binary_search_by(|(c, _)| (**c).cmp(code))
        .ok()
        .map(|i| &sorted[i].1)
}

impl Translations {
    /// The translations compiled into the binary.
    pub fn built_in() -> Result<Self, TranslationError> {
        let english = page_table(Locale::En)?.unwrap_or_default();
        let locales = Locale::ALL
            .into_iter()
            .map(|locale| {
                let mut merged = english.clone();
                if let Some(own) = page_table(locale)? {
                    crate::toml_text::merge_tables(&mut merged, own);
                }
                let page = merged
                    .try_into()
                    .map_err(|e: toml::de::Error| error(&page_file_name(locale), e.message()))?;
                Ok(LocaleText {
                    page,
                    catalog: PackedCatalog::pack(catalog_translations(locale)?.unwrap_or_default()),
                })
            })
            .collect::<Result<_, TranslationError>>()?;
        let catalog =
            Catalog::built_in().map_err(|e| error("the built-in catalog", e.to_string()))?;
        let mut source: Vec<_> = catalog
            .entries()
            .iter()
            .map(|e| {
                let print =
                    EnglishPrint::of(&e.title, &e.explanation, &e.user_steps, &e.developer_steps);
                (e.code.as_str().into(), print)
            })
            .collect();
        source.sort_unstable_by(|a: &(Box<str>, _), b| a.0.cmp(&b.0));
        Ok(Self {
            locales,
            source: source.into_boxed_slice(),
        })
    }

    fn of(&self, locale: Locale) -> &LocaleText {
        &self.locales[locale as usize]
    }

    /// The page strings of `locale`, English where it has none.
    pub fn page(&self, locale: Locale) -> &Texts {
        &self.of(locale).page
    }

    /// An entry's text in `locale`: lookups by code, and per field the entry's own
    /// English wherever there is no translation of exactly that English (operator entries
    /// and rewritten fields are in English only).
    pub fn entry_text<'a>(&'a self, locale: Locale, entry: &'a Entry) -> EntryText<'a> {
        let english = EntryText::english(entry);
        let (Some(t), Some(source)) = (
            self.of(locale).catalog.get(&entry.code),
            by_code(&self.source, &entry.code),
        ) else {
            return english;
        };
        let now = EnglishPrint::of(
            &entry.title,
            &entry.explanation,
            &entry.user_steps,
            &entry.developer_steps,
        )
        .0;
        let unchanged = |field: usize| source.0[field] == now[field];
        let steps = |own: Option<Steps<'a>>, field: usize, en: Steps<'a>| match own {
            Some(own) if unchanged(field) && own.len() == en.len() => own,
            _ => en,
        };
        EntryText {
            title: t.title.filter(|_| unchanged(0)).unwrap_or(english.title),
            explanation: t
                .explanation
                .filter(|_| unchanged(1))
                .unwrap_or(english.explanation),
            user_steps: steps(t.user_steps, 2, english.user_steps),
            developer_steps: steps(t.developer_steps, 3, english.developer_steps),
        }
    }
}

pub(super) fn page_file_name(locale: Locale) -> String {
    format!("{locale}.toml")
}

fn error(file: &str, message: impl Into<String>) -> TranslationError {
    TranslationError {
        file: file.to_owned(),
        message: message.into(),
    }
}

fn embedded(files: &'static [(&str, &str)], name: &str) -> Option<&'static str> {
    files
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// `src/i18n/<locale>.toml` as a table, `None` when the locale has no page file.
pub(super) fn page_table(locale: Locale) -> Result<Option<Table>, TranslationError> {
    let name = page_file_name(locale);
    embedded(PAGE_FILES, &name)
        .map(|text| {
            let table = text.parse::<Table>().map_err(|e| error(&name, e.message()));
            crate::memory::release_embedded(text);
            table
        })
        .transpose()
}

/// `src/i18n/catalog/<locale>.toml` by code, `None` when the locale has no catalog file.
pub(super) fn catalog_translations(
    locale: Locale,
) -> Result<Option<HashMap<String, EntryTranslation>>, TranslationError> {
    let name = page_file_name(locale);
    embedded(CATALOG_FILES, &name)
        .map(|text| {
            let parsed =
                toml::from_str(text).map_err(|e| error(&format!("catalog/{name}"), e.message()));
            crate::memory::release_embedded(text);
            parsed
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnosis::Catalog;

    #[test]
    fn every_locale_loads_and_english_is_the_source() {
        let t = Translations::built_in().unwrap();
        assert_eq!(t.page(Locale::En).page.restart, "Restart connection");
        for locale in Locale::ALL {
            assert!(!t.page(locale).page.restart.is_empty(), "{locale}");
        }
    }

    #[test]
    fn an_entry_without_a_translation_reads_in_english() {
        let t = Translations::built_in().unwrap();
        let catalog = Catalog::built_in().unwrap();
        let mut operator_entry = catalog.fallback().clone();
        operator_entry.code = "acme_only_in_english".into();
        operator_entry.title = "Acme's own words".into();
        for locale in Locale::ALL {
            assert_eq!(
                t.entry_text(locale, &operator_entry),
                EntryText::english(&operator_entry)
            );
        }
    }

    #[test]
    fn text_an_operator_rewrote_reads_as_written_and_the_rest_stays_translated() {
        let t = Translations::built_in().unwrap();
        let catalog = Catalog::built_in().unwrap();
        let mut rewritten = catalog.lookup("access_denied").unwrap().clone();
        rewritten.title = "Acme's own title".into();
        let french = t.entry_text(Locale::Fr, &rewritten);
        assert_eq!(french.title, "Acme's own title");
        let untouched = t.entry_text(Locale::Fr, catalog.lookup("access_denied").unwrap());
        assert_eq!(french.explanation, untouched.explanation);
        assert_ne!(french.explanation, rewritten.explanation);
    }

    #[test]
    fn translated_entries_read_in_their_locale() {
        let t = Translations::built_in().unwrap();
        let catalog = Catalog::built_in().unwrap();
        let entry = catalog.lookup("access_denied").unwrap();
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            let text = t.entry_text(locale, entry);
            assert_ne!(text.title, entry.title, "{locale} has its own title");
            assert_eq!(text.user_steps.len(), entry.user_steps.len());
        }
    }
}
