//! Small scanning steps the description parsers share. They replace regexes whose
//! compiled automata cost more heap and time than the few bytes they look at, and keep
//! the regex semantics those parsers relied on: `\s` is Unicode white space, `\b` and
//! `\W` use Unicode word characters, and a case-insensitive ASCII word also matches
//! the two non-ASCII letters that fold onto ASCII ones (`ſ` onto `s`, the Kelvin sign
//! onto `k`). Digits are ASCII only: no provider prints a code in other digits.

/// `ſ`, which case-folds onto `s`.
pub const LONG_S: char = '\u{17F}';
/// The Kelvin sign, which case-folds onto `k`.
pub const KELVIN: char = '\u{212A}';

/// A Unicode word character, as the regex `\w` has it.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::is_word_character(c)
    }
}

/// Whether a word boundary (`\b`) lies before a word character that starts `text[at..]`.
pub fn word_starts_at(text: &str, at: usize) -> bool {
    !text[..at].chars().next_back().is_some_and(is_word_char)
}

/// Whether a word boundary lies after a word character that ends `text[..at]`.
pub fn word_ends_at(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(is_word_char)
}

/// The ASCII lower-case letter `c` stands for ignoring case, if it stands for one.
pub fn folded_ascii(c: char) -> Option<u8> {
    match c {
        LONG_S => Some(b's'),
        KELVIN => Some(b'k'),
        c if c.is_ascii() => Some(c.to_ascii_lowercase() as u8),
        _ => None,
    }
}

/// The rest of `text` after `word` (ASCII, lower case), compared ignoring case.
pub fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let mut chars = text.char_indices();
    for expected in word.bytes() {
        let (_, c) = chars.next()?;
        if folded_ascii(c) != Some(expected) {
            return None;
        }
    }
    Some(chars.as_str())
}

/// How many bytes of ASCII digits `text` starts with.
pub fn digits_len(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// `text` after up to `max` non-word characters (`\W{0,max}`).
pub fn skip_non_word(text: &str, max: usize) -> &str {
    let mut rest = text;
    for _ in 0..max {
        let mut chars = rest.chars();
        match chars.next() {
            Some(c) if !is_word_char(c) => rest = chars.as_str(),
            _ => break,
        }
    }
    rest
}

/// `text` after up to `max` non-word characters and then white space (`\W{0,max}\s*`).
pub fn skip_punctuation(text: &str, max: usize) -> &str {
    skip_non_word(text, max).trim_start()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_compare_as_a_case_insensitive_regex_does() {
        assert_eq!(strip_word("ErRoR = x", "error"), Some(" = x"));
        assert_eq!(strip_word("de\u{17F}cription", "description"), Some(""));
        assert_eq!(strip_word("to\u{212A}en", "token"), Some(""));
        assert_eq!(strip_word("descrıption", "description"), None);
        assert_eq!(strip_word("err", "error"), None);
    }

    #[test]
    fn boundaries_use_unicode_word_characters() {
        assert!(word_starts_at("x error", 2));
        assert!(!word_starts_at("xerror", 1));
        assert!(!word_starts_at("éerror", "é".len()));
        assert!(word_starts_at("—error", "—".len()));
        assert!(word_ends_at("50011 x", 5));
        assert!(!word_ends_at("50011é", 5));
        assert!(!word_ends_at("50011_", 5));
    }

    #[test]
    fn punctuation_is_skipped_up_to_the_limit_then_white_space() {
        assert_eq!(skip_punctuation(": x", 3), "x");
        assert_eq!(skip_punctuation("：  x", 3), "x");
        assert_eq!(skip_punctuation(":::x", 3), "x");
        assert_eq!(skip_punctuation("::::x", 3), ":x");
        assert_eq!(skip_punctuation("x", 3), "x");
        assert_eq!(skip_punctuation(" \u{3000}\t x", 3), "x");
    }
}
