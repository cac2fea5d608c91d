//! One locale's catalog translations, packed: all of its text in one string, and every
//! field a span of it. Seven locales of 456 entries were some 20,000 separate strings,
//! each with its own allocation and header; packed they are seven.

use std::collections::HashMap;

use super::translations::EntryTranslation;

/// A field's place in the packed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    len: u32,
}

/// An entry's steps: its English, or a run of spans in a locale's packed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Steps<'a> {
    English(&'a [String]),
    Packed { text: &'a str, spans: &'a [Span] },
}

impl<'a> Steps<'a> {
    pub fn len(&self) -> usize {
        match self {
            Self::English(steps) => steps.len(),
            Self::Packed { spans, .. } => spans.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let (english, packed) = match *self {
            Self::English(steps) => (steps, None),
            Self::Packed { text, spans } => (&[][..], Some((text, spans))),
        };
        let packed = packed.into_iter().flat_map(|(text, spans)| {
            spans
                .iter()
                .map(move |s| &text[s.start as usize..(s.start + s.len) as usize])
        });
        english.iter().map(String::as_str).chain(packed)
    }
}

/// One entry's translated fields, each absent where the locale has none.
#[derive(Debug, Clone, Copy)]
pub struct Translated<'a> {
    pub title: Option<&'a str>,
    pub explanation: Option<&'a str>,
    pub user_steps: Option<Steps<'a>>,
    pub developer_steps: Option<Steps<'a>>,
}

#[derive(Debug)]
struct PackedEntry {
    code: Span,
    title: Option<Span>,
    explanation: Option<Span>,
    /// `(first, count)` in `PackedCatalog::steps`.
    user_steps: Option<(u32, u32)>,
    developer_steps: Option<(u32, u32)>,
}

#[derive(Debug, Default)]
pub struct PackedCatalog {
    text: Box<str>,
    /// Sorted by code.
    entries: Box<[PackedEntry]>,
    steps: Box<[Span]>,
}

impl PackedCatalog {
    pub fn pack(translations: HashMap<String, EntryTranslation>) -> Self {
        let mut sorted: Vec<_> = translations.into_iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut text = String::new();
        let mut steps = Vec::new();
        let mut push = |value: &str| {
            let span = Span {
                start: u32::try_from(text.len()).expect("translations under 4 GiB"),
                len: value.len() as u32,
            };
            text.push_str(value);
            span
        };
        let mut entries = Vec::with_capacity(sorted.len());
        for (code, t) in &sorted {
            let mut run = |values: &Option<Vec<String>>, push: &mut dyn FnMut(&str) -> Span| {
                values.as_ref().map(|values| {
                    let first = steps.len() as u32;
                    steps.extend(values.iter().map(|v| push(v)));
                    (first, values.len() as u32)
                })
            };
            entries.push(PackedEntry {
                code: push(code),
                title: t.title.as_deref().map(&mut push),
                explanation: t.explanation.as_deref().map(&mut push),
                user_steps: run(&t.user_steps, &mut push),
                developer_steps: run(&t.developer_steps, &mut push),
            });
        }
        Self {
            text: text.into_boxed_str(),
            entries: entries.into_boxed_slice(),
            steps: steps.into_boxed_slice(),
        }
    }

    fn str(&self, span: Span) -> &str {
        &self.text[span.start as usize..(span.start + span.len) as usize]
    }

    pub fn get(&self, code: &str) -> Option<Translated<'_>> {
        let at = self
            .entries
            .binary_search_by(|e| self.str(e.code).cmp(code))
            .ok()?;
        let entry = &self.entries[at];
        let steps = |run: Option<(u32, u32)>| {
            run.map(|(first, count)| Steps::Packed {
                text: &self.text,
                spans: &self.steps[first as usize..(first + count) as usize],
            })
        };
        Some(Translated {
            title: entry.title.map(|s| self.str(s)),
            explanation: entry.explanation.map(|s| self.str(s)),
            user_steps: steps(entry.user_steps),
            developer_steps: steps(entry.developer_steps),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translation(title: Option<&str>, steps: Option<&[&str]>) -> EntryTranslation {
        EntryTranslation {
            title: title.map(str::to_owned),
            explanation: None,
            user_steps: steps.map(|s| s.iter().map(|v| v.to_string()).collect()),
            developer_steps: Some(Vec::new()),
        }
    }

    #[test]
    fn every_field_reads_back_as_it_was_given() {
        let packed = PackedCatalog::pack(HashMap::from([
            (
                "b_code".to_owned(),
                translation(Some("Titre é"), Some(&["un", "deux"])),
            ),
            ("a_code".to_owned(), translation(None, None)),
            (
                "c_code".to_owned(),
                translation(Some("アクセス"), Some(&[])),
            ),
        ]));
        let b = packed.get("b_code").unwrap();
        assert_eq!(b.title, Some("Titre é"));
        assert_eq!(b.explanation, None);
        let steps = b.user_steps.unwrap();
        assert_eq!(steps.iter().collect::<Vec<_>>(), ["un", "deux"]);
        assert_eq!(steps.len(), 2);
        assert!(b.developer_steps.unwrap().is_empty());
        let a = packed.get("a_code").unwrap();
        assert_eq!((a.title, a.user_steps), (None, None));
        assert_eq!(packed.get("c_code").unwrap().title, Some("アクセス"));
        assert!(packed.get("d_code").is_none());
        assert!(packed.get("").is_none());
    }
}
