//! Phrase rules: one automaton over every entry's phrases, where the longest phrase found
//! anywhere in the text wins, built-in or the operator's.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::entry::{CatalogError, Entry};

/// A phrase found in a text, and the entry it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch<'p> {
    pub entry: usize,
    pub phrase: &'p str,
}

pub struct PhraseIndex {
    automaton: AhoCorasick,
    patterns: Vec<String>,
    /// For each pattern, the entry it points to.
    entries: Vec<usize>,
}

impl PhraseIndex {
    pub fn build(entries: &[Entry]) -> Result<Self, CatalogError> {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            for phrase in &entry.phrases {
                patterns.push(phrase.to_lowercase());
                owners.push(index);
            }
        }
        // Standard semantics, so that every overlapping match is reported and a phrase
        // hidden inside a longer one cannot shadow it.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| CatalogError {
                source_name: "catalog".into(),
                location: "phrases".into(),
                message: e.to_string(),
            })?;
        Ok(Self {
            automaton,
            patterns,
            entries: owners,
        })
    }

    /// The longest phrase in `lowercase_text`; on a tie, the one added last (operators'
    /// entries come after the built-in ones).
    pub fn longest(&self, lowercase_text: &str) -> Option<PhraseMatch<'_>> {
        self.automaton
            .find_overlapping_iter(lowercase_text)
            .max_by_key(|m| (m.len(), m.pattern().as_usize()))
            .map(|m| PhraseMatch {
                entry: self.entries[m.pattern().as_usize()],
                phrase: &self.patterns[m.pattern().as_usize()],
            })
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }
}
