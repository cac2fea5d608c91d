//! Phrase rules: one automaton over every entry's phrases, where the longest phrase found
//! anywhere in the text wins, built-in or the operator's. The same automaton also finds
//! the providers' words (see `provider`), so a text is read once for both.

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

/// Where one of the extra words (by its index among them) occurs.
pub type ExtraWord = usize;

impl PhraseIndex {
    /// The phrases of `entries`, and `extra` words to find in the same pass.
    pub fn build(entries: &[Entry], extra: &[&str]) -> Result<Self, CatalogError> {
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
            .build(
                patterns
                    .iter()
                    .map(String::as_str)
                    .chain(extra.iter().copied()),
            )
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
    /// entries come after the built-in ones). `extra_found` hears of every occurrence of
    /// an extra word.
    pub fn scan(
        &self,
        lowercase_text: &str,
        mut extra_found: impl FnMut(ExtraWord),
    ) -> Option<PhraseMatch<'_>> {
        let phrases = self.patterns.len();
        let mut longest: Option<(usize, usize)> = None;
        for m in self.automaton.find_overlapping_iter(lowercase_text) {
            let pattern = m.pattern().as_usize();
            if pattern >= phrases {
                extra_found(pattern - phrases);
            } else if longest.is_none_or(|best| (m.len(), pattern) > best) {
                longest = Some((m.len(), pattern));
            }
        }
        longest.map(|(_, pattern)| PhraseMatch {
            entry: self.entries[pattern],
            phrase: &self.patterns[pattern],
        })
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }
}
