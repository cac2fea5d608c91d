//! Short support references (`CEP-7F3K2Q`) and the UTC time shown beside them.

use std::fmt;

use time::OffsetDateTime;
use time::macros::format_description;

/// Crockford's base 32: no I, L, O or U, so references survive being read aloud.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference(String);

impl Reference {
    pub fn random() -> Self {
        let mut bytes = [0u8; 6];
        // The OS generator failing is not worth a failed page; a clock-derived value still helps support.
        if !random_bytes(&mut bytes) {
            let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
            bytes.copy_from_slice(&nanos.to_le_bytes()[..6]);
        }
        Self::from_bytes(bytes)
    }

    fn from_bytes(bytes: [u8; 6]) -> Self {
        let code: String = bytes
            .iter()
            .map(|b| ALPHABET[usize::from(b % 32)] as char)
            .collect();
        Self(format!("CEP-{code}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Bytes from the OS generator, fetched 4 KiB at a time per thread: a system call per
/// page cost more than the rest of answering a kept page. Each byte is used once.
fn random_bytes(out: &mut [u8; 6]) -> bool {
    use std::cell::RefCell;
    const POOL: usize = 4096;
    thread_local! {
        static BYTES: RefCell<(Box<[u8; POOL]>, usize)> = RefCell::new((Box::new([0; POOL]), POOL));
    }
    BYTES.with_borrow_mut(|(pool, used)| {
        let n = out.len();
        if *used + n > POOL {
            if getrandom::fill(&mut pool[..]).is_err() {
                return false;
            }
            *used = 0;
        }
        out.copy_from_slice(&pool[*used..*used + n]);
        // Spent bytes are wiped, so no later reader of the pool sees a past reference.
        pool[*used..*used + n].fill(0);
        *used += n;
        true
    })
}

/// `2026-11-25 13:07:02 UTC`
pub fn format_utc(at: OffsetDateTime) -> String {
    at.format(format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
    ))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_unambiguous_and_vary() {
        let a = Reference::random();
        assert_eq!(a.as_str().len(), 10);
        assert!(a.as_str().starts_with("CEP-"));
        assert!(!a.as_str()[4..].contains(['I', 'L', 'O', 'U']));
        let distinct: std::collections::HashSet<_> = (0..50).map(|_| Reference::random()).collect();
        assert!(distinct.len() > 45);
    }

    #[test]
    fn utc_time_is_formatted_for_people() {
        let at = OffsetDateTime::from_unix_timestamp(1_764_075_422).unwrap();
        assert_eq!(format_utc(at), "2025-11-25 12:57:02 UTC");
    }
}
