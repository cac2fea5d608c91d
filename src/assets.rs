//! Static assets embedded in the binary, served under content-hashed names.

use std::sync::LazyLock;

pub const CSS: &[u8] = include_bytes!("../static/app.css");
/// Progressive enhancement only: the page is complete without it.
pub const JS: &[u8] = include_bytes!("../static/app.js");
/// The tab icon; without one, browsers ask for `/favicon.ico` and log a 404.
pub const ICON: &[u8] = include_bytes!("../static/icon.svg");

/// FNV-1a: a stable content hash, computed at compile time.
pub const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

const CSS_HASH: u64 = fnv1a(CSS);
const JS_HASH: u64 = fnv1a(JS);
const ICON_HASH: u64 = fnv1a(ICON);

/// `/static/app.<hash>.css`: a new name whenever the bytes change, so it can be cached forever.
pub fn css_path() -> &'static str {
    static PATH: LazyLock<String> = LazyLock::new(|| format!("/static/app.{CSS_HASH:016x}.css"));
    &PATH
}

/// `/static/app.<hash>.js`, named like the stylesheet.
pub fn js_path() -> &'static str {
    static PATH: LazyLock<String> = LazyLock::new(|| format!("/static/app.{JS_HASH:016x}.js"));
    &PATH
}

/// `/static/icon.<hash>.svg`.
pub fn icon_path() -> &'static str {
    static PATH: LazyLock<String> = LazyLock::new(|| format!("/static/icon.{ICON_HASH:016x}.svg"));
    &PATH
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_css_name_carries_its_content_hash() {
        assert_eq!(super::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert!(super::css_path().starts_with("/static/app."));
        assert!(super::css_path().ends_with(".css"));
        assert!(super::js_path().starts_with("/static/app."));
        assert!(super::js_path().ends_with(".js"));
    }
}
