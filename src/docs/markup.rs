//! Writing untrusted text into Markdown and MDX: catalog and overrides text, URLs and
//! settings may hold anything, and in MDX `{…}` is JavaScript and `<…>` is JSX.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::DocsFormat;

/// What a link destination may not carry literally: it would end the destination,
/// open JSX or an expression, or be read as a reference.
const DESTINATION: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'(')
    .add(b')')
    .add(b'[')
    .add(b']')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'`')
    .add(b'|');

/// Prose as text, never markup: no JSX or HTML, no expressions, no links, one line.
/// Code spans stay: their content is literal in Markdown and MDX alike.
pub fn escape(text: &str, format: DocsFormat) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match (c, format) {
            ('<', _) => out.push_str("&lt;"),
            ('>', _) => out.push_str("&gt;"),
            ('&', _) => out.push_str("&amp;"),
            ('[', _) => out.push_str("&#91;"),
            (']', _) => out.push_str("&#93;"),
            ('\\', _) => out.push_str("&#92;"),
            ('\n' | '\r', _) => out.push(' '),
            ('{', DocsFormat::Mdx) => out.push_str("&#123;"),
            ('}', DocsFormat::Mdx) => out.push_str("&#125;"),
            _ => out.push(c),
        }
    }
    out
}

/// A link to an absolute http(s) URL, its text the URL itself; anything else stays text.
/// Autolinks (`<https://…>`) are not MDX, so this is always `[text](destination)`.
pub fn link(url: &str, format: DocsFormat) -> String {
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return escape(url, format);
    }
    labelled_link(&escape(url, format), url.trim())
}

/// `[label](destination)`; `label` must already be escaped.
pub fn labelled_link(label: &str, destination: &str) -> String {
    format!(
        "[{label}]({})",
        utf8_percent_encode(destination, DESTINATION)
    )
}

/// The fragment of an entry's section: stable per code, and safe in an `id` attribute.
pub fn section_anchor(code: &str) -> String {
    let slug: String = code
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '_' | '-' | '.') => c,
            _ => '-',
        })
        .collect();
    format!("code-{slug}")
}

/// A YAML frontmatter value: plain when it is safe, else double-quoted (JSON strings are YAML).
pub fn yaml_scalar(value: &str) -> String {
    let plain = !value.contains([':', '#', '"', '\'', '\n'])
        && !value.starts_with(['-', '?', '[', '{', '&', '*', '!', '|', '>', '%', '@', '`']);
    if plain {
        value.to_owned()
    } else {
        serde_json::to_string(value).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontmatter_values_with_colons_are_quoted() {
        assert_eq!(yaml_scalar("Plain words"), "Plain words");
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
    }

    #[test]
    fn prose_cannot_become_markup_or_mdx_expressions() {
        assert_eq!(
            escape("a {b} <c> [d](e)", DocsFormat::Mdx),
            "a &#123;b&#125; &lt;c&gt; &#91;d&#93;(e)"
        );
        assert_eq!(escape("a {b}", DocsFormat::Md), "a {b}");
    }

    #[test]
    fn links_are_http_only_and_their_destinations_cannot_break_out() {
        assert_eq!(
            link("https://x.example/a b{c}(d)", DocsFormat::Mdx),
            "[https://x.example/a b&#123;c&#125;(d)](https://x.example/a%20b%7Bc%7D%28d%29)"
        );
        assert_eq!(
            link("javascript:alert(1)", DocsFormat::Mdx),
            "javascript:alert(1)"
        );
    }

    #[test]
    fn anchors_are_stable_and_attribute_safe() {
        assert_eq!(section_anchor("access_denied"), "code-access_denied");
        assert_eq!(section_anchor("AADSTS50020"), "code-aadsts50020");
        assert_eq!(section_anchor("x\"><script>"), "code-x---script-");
    }
}
