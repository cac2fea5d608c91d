//! Decoding and cleaning one untrusted value: lossy form-decoding, control and
//! direction characters, length caps.

/// Form-decodes lossily: `+` is a space, a bad `%` escape is kept as typed,
/// invalid UTF-8 becomes U+FFFD.
pub fn decode(raw: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => bytes.push(b' '),
            b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                (Some(h), Some(l)) => {
                    bytes.push(h << 4 | l);
                    i += 2;
                }
                _ => bytes.push(b'%'),
            },
            b => bytes.push(b),
        }
        i += 1;
    }
    // Valid UTF-8 (nearly always) is kept as decoded, without a second copy.
    String::from_utf8(bytes)
        .unwrap_or_else(|invalid| String::from_utf8_lossy(invalid.as_bytes()).into_owned())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Replaces each run of control characters (CR, LF, NUL, …) and invisible
/// direction overrides with one space, trims, and caps the length in characters.
pub fn clean_text(text: &str, max_chars: usize) -> String {
    // Plain ASCII without control characters (nearly every value) needs no walk.
    if text.is_ascii() && !text.bytes().any(|b| b.is_ascii_control()) {
        return truncate_chars(text.trim_end(), max_chars);
    }
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_control() || is_bidi_control(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    if let Some((cut, _)) = out.char_indices().nth(max_chars) {
        // As `truncate_chars`, in place: the first `max_chars - 1` characters and `…`.
        let cut = out[..cut].char_indices().next_back().map_or(0, |(i, _)| i);
        out.truncate(cut);
        out.push('…');
    }
    out
}

/// Cuts `text` to at most `max_chars` characters, marking the cut with `…`.
pub fn truncate_chars(text: &str, max_chars: usize) -> String {
    // No more bytes than the limit means no more characters either: nothing to count.
    if text.len() <= max_chars {
        return text.to_owned();
    }
    match text.char_indices().nth(max_chars) {
        None => text.to_owned(),
        Some(_) => {
            let cut = text
                .char_indices()
                .nth(max_chars - 1)
                .map_or(text.len(), |(i, _)| i);
            format!("{}…", &text[..cut])
        }
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}
