//! How completely each locale covers what English says: page keys and catalog entries.

use std::collections::BTreeSet;

use toml::{Table, Value};

use super::translations::{catalog_translations, page_file_name, page_table};
use super::{Locale, TranslationError};
use crate::diagnosis::{Catalog, Entry};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub locale: Locale,
    pub page_keys: usize,
    pub page_keys_total: usize,
    pub entries: usize,
    pub entries_total: usize,
    /// Every gap, naming the file and the key: missing, extra, empty, or a step count off.
    pub problems: Vec<String>,
}

impl Coverage {
    pub fn percent(&self) -> f64 {
        let covered = self.page_keys + self.entries;
        let total = self.page_keys_total + self.entries_total;
        if total == 0 {
            100.0
        } else {
            covered as f64 * 100.0 / total as f64
        }
    }
}

/// Coverage of every locale against English and the built-in `catalog`.
pub fn coverage(catalog: &Catalog) -> Result<Vec<Coverage>, TranslationError> {
    let english: BTreeSet<String> = page_keys(&page_table(Locale::En)?.unwrap_or_default());
    Locale::ALL
        .into_iter()
        .map(|locale| {
            let mut problems = Vec::new();
            let page_keys_found = if locale == Locale::En {
                english.clone()
            } else {
                let file = page_file_name(locale);
                match page_table(locale)? {
                    Some(table) => page_keys(&table),
                    None => {
                        problems.push(format!("src/i18n/{file} is missing"));
                        BTreeSet::new()
                    }
                }
            };
            for key in english.difference(&page_keys_found) {
                problems.push(format!("src/i18n/{locale}.toml lacks `{key}`"));
            }
            for key in page_keys_found.difference(&english) {
                problems.push(format!(
                    "src/i18n/{locale}.toml has `{key}`, which English does not"
                ));
            }
            let entries = if locale == Locale::En {
                catalog.len()
            } else {
                catalog_coverage(locale, catalog, &mut problems)?
            };
            Ok(Coverage {
                locale,
                page_keys: english.intersection(&page_keys_found).count(),
                page_keys_total: english.len(),
                entries,
                entries_total: catalog.len(),
                problems,
            })
        })
        .collect()
}

/// `table.key` for every non-empty string (or non-empty list) in a page file.
fn page_keys(table: &Table) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (section, value) in table {
        match value {
            Value::Table(inner) => {
                for (key, value) in inner {
                    if value.as_str().is_some_and(|s| !s.trim().is_empty()) {
                        keys.insert(format!("{section}.{key}"));
                    }
                }
            }
            other if other.as_str().is_some_and(|s| !s.trim().is_empty()) => {
                keys.insert(section.clone());
            }
            _ => {}
        }
    }
    keys
}

fn catalog_coverage(
    locale: Locale,
    catalog: &Catalog,
    problems: &mut Vec<String>,
) -> Result<usize, TranslationError> {
    let file = format!("src/i18n/catalog/{locale}.toml");
    let Some(translations) = catalog_translations(locale)? else {
        problems.push(format!("{file} is missing"));
        return Ok(0);
    };
    let mut covered = 0;
    for entry in catalog.entries() {
        let before = problems.len();
        match translations.get(&entry.code) {
            None => problems.push(format!("{file} lacks [\"{}\"]", entry.code)),
            Some(t) => {
                let mut check_text = |field: &str, value: &Option<String>| {
                    if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                        problems.push(format!("{file} [\"{}\"] lacks {field}", entry.code));
                    }
                };
                check_text("title", &t.title);
                check_text("explanation", &t.explanation);
                check_steps(
                    &file,
                    entry,
                    "user_steps",
                    &t.user_steps,
                    &entry.user_steps,
                    problems,
                );
                check_steps(
                    &file,
                    entry,
                    "developer_steps",
                    &t.developer_steps,
                    &entry.developer_steps,
                    problems,
                );
            }
        }
        if problems.len() == before {
            covered += 1;
        }
    }
    for code in translations.keys() {
        if !catalog.entries().iter().any(|e| &e.code == code) {
            problems.push(format!(
                "{file} has [\"{code}\"], which is not a catalog code"
            ));
        }
    }
    Ok(covered)
}

fn check_steps(
    file: &str,
    entry: &Entry,
    field: &str,
    own: &Option<Vec<String>>,
    english: &[String],
    problems: &mut Vec<String>,
) {
    match own {
        None => problems.push(format!("{file} [\"{}\"] lacks {field}", entry.code)),
        Some(own) if own.len() != english.len() => problems.push(format!(
            "{file} [\"{}\"] has {} {field}, English has {}",
            entry.code,
            own.len(),
            english.len()
        )),
        Some(own) if own.iter().any(|s| s.trim().is_empty()) => problems.push(format!(
            "{file} [\"{}\"] has an empty item in {field}",
            entry.code
        )),
        Some(_) => {}
    }
}

/// The coverage table as Markdown, as the README shows it.
pub fn markdown_table(coverage: &[Coverage]) -> String {
    let mut out =
        String::from("| locale | page keys | catalog entries covered | % |\n|---|---|---|---|\n");
    for c in coverage {
        out += &format!(
            "| `{}` {} | {}/{} | {}/{} | {:.0}% |\n",
            c.locale,
            c.locale.native_name(),
            c.page_keys,
            c.page_keys_total,
            c.entries,
            c.entries_total,
            c.percent().floor()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_every_string_english_has() {
        let catalog = Catalog::built_in().unwrap();
        let coverage = coverage(&catalog).unwrap();
        println!("{}", markdown_table(&coverage));
        let problems: Vec<&String> = coverage.iter().flat_map(|c| &c.problems).collect();
        assert!(
            problems.is_empty(),
            "{} translation gaps:\n{}",
            problems.len(),
            problems
                .iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(coverage.iter().all(|c| c.percent() == 100.0));
    }

    #[test]
    fn a_missing_key_is_named() {
        let mut table: Table = "[page]\nrestart = \"x\"\nstatus_link = \"y\""
            .parse()
            .unwrap();
        let full = page_keys(&table);
        table["page"].as_table_mut().unwrap().remove("status_link");
        let partial = page_keys(&table);
        let missing: Vec<_> = full.difference(&partial).collect();
        assert_eq!(missing, ["page.status_link"]);
    }
}
