//! The error page for a raw query, without HTTP: what the benchmarks, the fuzzer and
//! the property tests drive. The route builds the same report from the same parts.

use askama::Template;
use time::OffsetDateTime;

use crate::config::Settings;
use crate::diagnosis::{CallbackQuery, Catalog, diagnose};
use crate::i18n::Texts;
use crate::reference::{Reference, format_utc};
use crate::views::{ErrorPage, ErrorReport};

/// Parses, diagnoses and builds the restart link, as a request would.
pub fn error_report<'c>(
    raw_query: &[u8],
    catalog: &'c Catalog,
    settings: &Settings,
) -> ErrorReport<'c> {
    let query = CallbackQuery::parse(raw_query);
    ErrorReport {
        diagnosis: diagnose(&query, catalog),
        reference: Reference::random(),
        time_utc: format_utc(OffsetDateTime::now_utc()),
        restart_url: settings
            .restart
            .link_for(query.connection_name.as_deref(), query.return_to.as_deref()),
    }
}

/// The HTML page for a raw query, in English.
pub fn error_page_html(
    raw_query: &[u8],
    catalog: &Catalog,
    settings: &Settings,
) -> askama::Result<String> {
    page_html(&error_report(raw_query, catalog, settings), settings)
}

/// The HTML page for a report, in English.
pub fn page_html(report: &ErrorReport<'_>, settings: &Settings) -> askama::Result<String> {
    ErrorPage::new(report, settings, Texts::english()).render()
}
