//! glibc's allocator tuned for a small, long-running server: the bound is peak
//! RSS under load, and glibc's defaults trade memory for speed in two ways we do not need.

/// One allocation arena for every thread. By default each thread that allocates gets its
/// own arena (workers, the log writer, tokio's threads), and each keeps the memory it
/// once used; the threads here allocate little and briefly, and glibc's per-thread cache
/// keeps small allocations off the shared lock. Call before any thread starts.
pub fn one_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before other threads run.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Gives back to the system what start-up freed: parsing the catalog and eight
/// languages of text builds and drops large intermediate trees.
pub fn return_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap pages.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Drops this process's mapping of the pages wholly inside `text`, an embedded source
/// (catalog, translations) that has been parsed: about 3 MiB that would otherwise stay
/// resident for nothing. The pages are read-only and backed by the executable, so a later
/// read (another parse) faults the same bytes back in; nothing changes but RSS.
pub fn release_embedded(text: &'static str) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let start = (text.as_ptr() as usize).next_multiple_of(PAGE);
        let end = (text.as_ptr() as usize + text.len()) / PAGE * PAGE;
        if end > start {
            // SAFETY: the range lies inside a `&'static str` in the executable's read-only
            // data, which is never written; MADV_DONTNEED on such a private file mapping
            // only unmaps the pages, and the next access reads them from the file again.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
            }
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn released_pages_read_back_the_same() {
        static TEXT: &str = include_str!("defaults.toml");
        let before = TEXT.to_owned();
        super::release_embedded(TEXT);
        assert_eq!(TEXT, before);
    }
}
