//! Tokens recognised by their shape wherever they appear, named or not.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::REDACTED;

/// The shapes of credentials providers issue, as (what it is, pattern).
pub const TOKEN_SHAPES: &[(&str, &str)] = &[
    // Segments may be split by spaces around the dots, or by spaces alone.
    (
        "JWT",
        r"eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*|\s*\.\s*[A-Za-z0-9_-]{16,}|\s+eyJ[A-Za-z0-9_-]{4,})*",
    ),
    // The token after `Bearer`, however short; `bearer token` as words survives.
    (
        "bearer credential",
        r"\b(?i:bearer)\s+[A-Za-z0-9._~+/=-]*[A-Z0-9._~+/=-][A-Za-z0-9._~+/=-]*",
    ),
    (
        "GitHub token",
        r"(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]{16,}",
    ),
    ("Slack token", r"xox[abposre]-[A-Za-z0-9-]{8,}"),
    ("Google access token", r"ya29\.[A-Za-z0-9_-]{8,}"),
    ("Google refresh token", r"1//0[A-Za-z0-9_-]{16,}"),
    ("Stripe key", r"[spr]k_(?:live|test)_[A-Za-z0-9]{8,}"),
    ("AWS access key", r"(?:AKIA|ASIA)[0-9A-Z]{16}"),
    ("GitLab token", r"glpat-[A-Za-z0-9_-]{16,}"),
];

static SHAPES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    TOKEN_SHAPES
        .iter()
        .map(|(_, pattern)| Regex::new(pattern).expect("valid regex"))
        .collect()
});

pub fn redact_token_shapes(text: &str) -> Cow<'_, str> {
    let mut text = Cow::Borrowed(text);
    for (shape, (name, _)) in SHAPES.iter().zip(TOKEN_SHAPES) {
        if !shape.is_match(&text) {
            continue;
        }
        let replaced = if *name == "bearer credential" {
            // Keep the scheme word: "Bearer [redacted]".
            shape
                .replace_all(&text, |c: &Captures| {
                    let scheme = c[0].split_whitespace().next().unwrap_or_default();
                    format!("{scheme} {REDACTED}")
                })
                .into_owned()
        } else {
            shape.replace_all(&text, REDACTED).into_owned()
        };
        text = Cow::Owned(replaced);
    }
    text
}

/// Long runs of token characters that mix letters and digits like a random token.
pub fn redact_long_runs(text: &str) -> Cow<'_, str> {
    if !has_long_run(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, run) in
        token_runs(text).filter(|(_, run)| run.len() >= LONG_RUN && looks_like_token(run))
    {
        out.push_str(&text[copied..at]);
        out.push_str(REDACTED);
        copied = at + run.len();
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// How many token characters in a row make a run worth a look.
const LONG_RUN: usize = 32;

/// A character tokens are made of: `[A-Za-z0-9._~+/=-]`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._~+/=-".contains(&b)
}

/// The whole runs of token characters in `text`, with where each starts.
fn token_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        at += bytes[at..]
            .iter()
            .take_while(|b| !is_token_byte(**b))
            .count();
        let start = at;
        at += bytes[at..]
            .iter()
            .take_while(|b| is_token_byte(**b))
            .count();
        (at > start).then(|| (start, &text[start..at]))
    })
}

/// True when `text` has a run of `LONG_RUN` token characters.
pub fn has_long_run(text: &str) -> bool {
    let mut run = 0;
    text.bytes().any(|b| {
        run = if is_token_byte(b) { run + 1 } else { 0 };
        run >= LONG_RUN
    })
}

/// A token mixes many letters and digits and is not a URL path or a GUID. Base64 may
/// hold several `/`, but unlike a path it has no dots and mixes cases and digits.
pub fn looks_like_token(run: &str) -> bool {
    let count = |f: fn(&u8) -> bool| run.bytes().filter(f).count();
    let digits = count(u8::is_ascii_digit);
    let upper = count(u8::is_ascii_uppercase);
    let lower = count(u8::is_ascii_lowercase);
    let slashes = count(|b| *b == b'/');
    let is_guid = run.len() == 36 && count(|b| *b == b'-') == 4;
    if is_guid {
        return false;
    }
    if slashes <= 1 {
        digits >= 4 && upper + lower >= 8
    } else {
        !run.contains('.') && digits >= 3 && upper >= 3 && lower >= 3
    }
}
