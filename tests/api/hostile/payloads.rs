//! The hostile inputs, as bytes on the wire. Every payload carries a unique marker
//! (`cep17x`) right after a character that would break out of text or an attribute
//! (`<`, `"`, `'`), so finding `<cep17x` in a page means markup was reflected raw.

use url::form_urlencoded::byte_serialize;

/// Every parameter a callback can carry that the page reads or must ignore.
pub const PARAMS: [&str; 8] = [
    "error",
    "error_description",
    "error_uri",
    "state",
    "connection_name",
    "return_to",
    "ui_locales",
    "lang",
];

/// The size past which the server refuses a query (414) or a body (413).
pub const LIMIT_BYTES: usize = 16 * 1024;

/// One hostile value, already in wire form (percent-encoded where the text needs it).
pub struct Payload {
    pub kind: &'static str,
    pub wire: Vec<u8>,
}

/// Form-encodes text the way a browser would.
pub fn enc(text: &str) -> String {
    byte_serialize(text.as_bytes()).collect()
}

/// Payloads written as text: the server receives exactly this after decoding.
fn text_payloads(m: &str) -> Vec<(&'static str, String)> {
    vec![
        ("tag", format!("<{m}>")),
        (
            "closing tags",
            format!("</code></dd></dl></details></main><{m}>"),
        ),
        ("script", format!("\"><script><{m}>alert(1)</script>")),
        ("img onerror", format!("<{m} src=x onerror=alert(1)>")),
        ("svg onload", format!("<svg/onload=alert(1)><{m}>")),
        ("comment", format!("<!--<{m}>-->")),
        (
            "double-quoted attribute",
            format!("x\"{m} onmouseover=alert(1) \""),
        ),
        (
            "single-quoted attribute",
            format!("x'{m} onmouseover=alert(1) '"),
        ),
        ("javascript url", format!("javascript:alert('{m}')")),
        (
            "javascript url, spaced",
            format!(" \tjavascript:alert(\"{m}\")"),
        ),
        ("data url", format!("data:text/html,<{m}>")),
        ("vbscript url", format!("vbscript:msgbox(\"{m}\")")),
        ("template syntax", format!("{{{{ <{m}> }}}}{{% if %}}")),
        ("entity", format!("&lt;{m}&gt;&#x27;'{m}")),
        ("bidi override", format!("\u{202E}<{m}>\u{202D}x\u{202C}")),
        (
            "bidi isolates",
            format!("\u{2066}'{m}\u{2069}\u{200F}\u{200E}"),
        ),
        ("scheme-relative url", format!("//evil.example/<{m}>")),
        (
            "scheme-relative backslash",
            format!("\\\\evil.example\\\"{m}"),
        ),
        (
            "userinfo url",
            format!("https://app.example.com@evil.example/\"{m}"),
        ),
        (
            "credentials url",
            format!("https://user:pw@app.example.com/'{m}"),
        ),
        (
            "look-alike suffix",
            format!("https://app.example.com.evil.example/<{m}>"),
        ),
        (
            "IDN look-alike",
            format!("https://\u{0430}pp.example.com/\"{m}"),
        ),
        (
            "punycode look-alike",
            format!("https://xn--pp-8cd.example.com/'{m}"),
        ),
        (
            "fullwidth look-alike",
            format!("https://\u{FF41}pp.example.com/<{m}>"),
        ),
        (
            "backslash host",
            format!("https:\\\\app.example.com\\@evil.example/<{m}>"),
        ),
        ("wrong port", format!("https://app.example.com:8443/\"{m}")),
        (
            "docs host look-alike",
            format!("https://docs.github.com.evil.example/<{m}>"),
        ),
        (
            "docs host userinfo",
            format!("https://docs.github.com@evil.example/\"{m}"),
        ),
        (
            "docs host, markup in the path",
            format!("https://docs.github.com/<{m}>\"{m}'{m}"),
        ),
        ("http downgrade", format!("http://app.example.com/'{m}")),
        ("path traversal", format!("../../<{m}>/../etc/passwd")),
        (
            "css expression",
            format!("x;}}body{{background:url(\"{m}\")}}"),
        ),
        ("emoji and astral", format!("\u{1F600}<{m}>\u{10FFFF}")),
    ]
}

/// Payloads that only make sense on the wire: bad escapes, control bytes, overlong UTF-8.
fn wire_payloads(m: &str) -> Vec<(&'static str, String)> {
    vec![
        ("NUL", format!("a%00%3C{m}%3E%00")),
        (
            "CRLF header injection",
            format!("x%0D%0ASet-Cookie:%20{m}=1%0D%0A%0D%0A%3C{m}%3E"),
        ),
        ("bare LF", format!("x%0A%22{m}%0A")),
        ("invalid percent", format!("%zz%3C{m}%3E%G0%")),
        ("truncated percent", format!("%3C{m}%3E%2")),
        ("double encoded", format!("%253C{m}%253E%2522")),
        ("half-encoded", format!("%3C{m}>%22")),
        ("overlong less-than", format!("%C0%BC{m}%C0%BE")),
        ("overlong three-byte", format!("%E0%80%BC{m}%E0%80%BE")),
        ("lone continuation bytes", format!("%80%BF%3C{m}%3E%FF%FE")),
        ("UTF-16 surrogate", format!("%ED%A0%80%3C{m}%3E")),
        ("plus as space", format!("%3C{m}+onmouseover%3Dalert(1)%3E")),
    ]
}

/// Every payload for marker `m`, in wire form.
pub fn all(m: &str) -> Vec<Payload> {
    let text = text_payloads(m)
        .into_iter()
        .map(|(kind, t)| (kind, enc(&t)));
    text.chain(wire_payloads(m))
        .map(|(kind, wire)| Payload {
            kind,
            wire: wire.into_bytes(),
        })
        .collect()
}

/// Raw bytes no browser would encode that way, for form bodies only.
pub fn raw_body_payloads(m: &str) -> Vec<Payload> {
    [
        (
            "raw invalid UTF-8",
            [b"\xff\xfe<".as_slice(), m.as_bytes(), b">\xc0\xbc"].concat(),
        ),
        (
            "raw NUL and CR",
            [b"\0\r\n\"".as_slice(), m.as_bytes(), b"\0"].concat(),
        ),
        (
            "raw tag",
            [b"<".as_slice(), m.as_bytes(), b" a='b'>"].concat(),
        ),
    ]
    .into_iter()
    .map(|(kind, wire)| Payload { kind, wire })
    .collect()
}

/// The strings whose presence means the marker was reflected unescaped.
pub fn forbidden(m: &str) -> [String; 3] {
    [format!("<{m}"), format!("\"{m}"), format!("'{m}")]
}

/// `param=<payload>` repeated a thousand times: only the first may count, none may leak.
pub fn repeated(param: &str, m: &str) -> Vec<u8> {
    let one = format!("{param}={}", enc(&format!("'{m}")));
    vec![one; 1000].join("&").into_bytes()
}

/// A description of `bytes` bytes made of markup with the marker in it.
pub fn long_description(m: &str, bytes: usize) -> Vec<u8> {
    let unit = enc(&format!("<{m}>\"{m}' "));
    let mut wire = String::from("error_description=");
    while wire.len() + unit.len() <= bytes {
        wire.push_str(&unit);
    }
    while wire.len() < bytes {
        wire.push('x');
    }
    wire.into_bytes()
}
