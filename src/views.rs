//! What each page shows, built from a diagnosis and the settings; askama escapes it all.

use askama::Template;
use serde::Serialize;

use crate::config::Settings;
use crate::diagnosis::{
    CallbackQuery, Catalog, Diagnosis, ProviderSignal, ProviderTrace, diagnose,
};
use crate::docs::section_anchor;
use crate::i18n::{EntryText, Locale, Steps, Texts, Translations};
use crate::reference::{Reference, format_utc};
use crate::status::{ServiceStatus, StatusBoard, StatusReport};
use crate::support_bundle::{self, BundleInput};
use time::OffsetDateTime;

/// Everything the error page and its JSON twin say about one request.
#[derive(Debug, Clone)]
pub struct ErrorReport<'a> {
    pub diagnosis: Diagnosis<'a>,
    pub reference: Reference,
    pub time_utc: String,
    pub restart_url: Option<String>,
    pub service_status: ServiceStatus,
    /// The text support needs, secrets already removed.
    pub support_bundle: String,
    pub locale: Locale,
    /// The query's `connection_name` (the parser keeps only valid names).
    pub connection_name: Option<String>,
    /// The query's `opener_nonce` (the parser keeps only safe ones), for the popup message.
    pub opener_nonce: Option<String>,
}

impl ErrorReport<'_> {
    /// The support email as a mailto link prefilled with the subject and the bundle.
    fn support_mailto(&self, settings: &Settings) -> Option<String> {
        let email = settings.support.email.as_deref()?;
        Some(support_bundle::mailto(
            email,
            self.reference.as_str(),
            &self.diagnosis.code,
            &self.support_bundle,
        ))
    }

    /// This entry's section of the published guide, when `[docs] base_url` is set.
    fn learn_more_url(&self, settings: &Settings) -> Option<String> {
        let base = settings.docs_base_url.as_deref()?;
        let base = base.split('#').next().unwrap_or(base);
        Some(format!(
            "{base}#{}",
            section_anchor(&self.diagnosis.entry.code)
        ))
    }

    /// The support URL with `{reference}` and `{code}` filled in.
    fn support_url(&self, settings: &Settings) -> Option<String> {
        let template = settings.support.url.as_deref()?;
        Some(support_bundle::support_url(
            template,
            self.reference.as_str(),
            &self.diagnosis.code,
        ))
    }
}

/// What every page's `<html>` and `<head>` need: language, direction, assets.
#[derive(Debug, Clone, Copy)]
pub struct PageFrame<'a> {
    pub lang: &'a str,
    pub dir: &'a str,
    pub css_path: &'a str,
    pub brand_css_path: Option<&'a str>,
    pub js_path: &'a str,
    pub icon_path: &'a str,
    /// The callback route, for app.js: the only path its fragment rewrite may run on.
    pub page_path: &'a str,
}

impl<'a> PageFrame<'a> {
    pub fn new(locale: Locale, settings: &'a Settings) -> Self {
        Self {
            lang: locale.as_str(),
            dir: locale.dir(),
            css_path: &settings.paths.css,
            brand_css_path: settings.paths.brand_css.as_deref(),
            js_path: &settings.paths.js,
            icon_path: &settings.paths.icon,
            page_path: &settings.paths.page,
        }
    }
}

impl<'a> ErrorReport<'a> {
    /// Diagnoses the query and stamps it with a fresh reference, the current time,
    /// the status known now, and the support bundle. `page_base` is this page's
    /// address without its query, shown in the bundle as text.
    pub fn new(
        query: &CallbackQuery,
        catalog: &'a Catalog,
        settings: &Settings,
        status: &StatusBoard,
        page_base: &str,
        locale: Locale,
    ) -> Self {
        let stamp = (OffsetDateTime::now_utc(), Reference::random());
        Self::new_at(query, catalog, settings, status, page_base, locale, stamp)
    }

    /// As `new`, at a given time and with a given reference.
    pub fn new_at(
        query: &CallbackQuery,
        catalog: &'a Catalog,
        settings: &Settings,
        status: &StatusBoard,
        page_base: &str,
        locale: Locale,
        (now, reference): (OffsetDateTime, Reference),
    ) -> Self {
        let diagnosis = diagnose(query, catalog);
        let time_utc = format_utc(now);
        let support_bundle = support_bundle::support_bundle(&BundleInput {
            reference: reference.as_str(),
            time_utc: &time_utc,
            diagnosis: &diagnosis,
            query,
            page_base,
        });
        Self {
            service_status: status.status_for(diagnosis.entry, now),
            diagnosis,
            reference,
            time_utc,
            restart_url: settings
                .restart
                .link_for(query.connection_name.as_deref(), query.return_to.as_deref()),
            support_bundle,
            locale,
            connection_name: query.connection_name.clone(),
            opener_nonce: query.opener_nonce.clone(),
        }
    }

    /// The HTML page in the report's locale; if a template ever failed, a short true page
    /// instead of an error.
    pub fn to_html(&self, settings: &Settings, translations: &Translations) -> String {
        let entry_text = translations.entry_text(self.locale, self.diagnosis.entry);
        ErrorPage::new(self, settings, translations.page(self.locale), entry_text)
            .render()
            .unwrap_or_else(|e| {
                log::error!("rendering the error page failed: {e}");
                format!(
                    "<!doctype html><html lang=\"en\"><title>Connection error</title><p>The connection failed. Close this window and start again from the app you came from. Reference: {}</p></html>",
                    self.reference
                )
            })
    }

    /// RFC 9457 problem details, in the report's locale.
    pub fn to_json(&self, settings: &Settings, translations: &Translations) -> String {
        let entry_text = translations.entry_text(self.locale, self.diagnosis.entry);
        serde_json::to_string(&Problem::new(self, settings, entry_text))
            .unwrap_or_else(|_| r#"{"title":"Connection error"}"#.to_owned())
    }
}

#[derive(Template)]
#[template(path = "error_page.html")]
pub struct ErrorPage<'a> {
    pub text: &'a Texts,
    pub frame: PageFrame<'a>,
    pub product_name: Option<&'a str>,
    pub logo_url: Option<&'a str>,
    pub title: &'a str,
    pub explanation: &'a str,
    pub learn_more_url: Option<String>,
    pub category: &'a str,
    pub category_text: &'a str,
    pub retryable: bool,
    pub fixable_by_text: &'a str,
    pub retry_text: &'a str,
    pub recognised: bool,
    pub code: &'a str,
    pub user_steps: Vec<&'a str>,
    pub developer_steps: Vec<&'a str>,
    pub restart_url: Option<&'a str>,
    pub status_page_url: Option<&'a str>,
    pub support_email: Option<&'a str>,
    pub support_url: Option<String>,
    pub support_mailto: Option<String>,
    pub support_bundle: &'a str,
    pub service_status: &'a ServiceStatus,
    /// Status pages with a known incident, ours first: each gets a banner.
    pub banners: Vec<&'a StatusReport>,
    pub provider_status: Option<&'a StatusReport>,
    pub reference: &'a str,
    pub time_utc: &'a str,
    /// `time_utc` as an HTML global date-time, for `<time datetime>`.
    pub time_datetime: String,
    pub error: Option<&'a str>,
    pub description: Option<&'a str>,
    pub inner_code: Option<&'a str>,
    pub trace: &'a ProviderTrace,
    pub documentation_link: Option<&'a str>,
    pub connection_name: Option<&'a str>,
    /// Space-separated origins the popup script may post to.
    pub opener_origins: &'a str,
    pub opener_nonce: Option<&'a str>,
}

impl<'a> ErrorPage<'a> {
    pub fn new(
        report: &'a ErrorReport<'a>,
        settings: &'a Settings,
        text: &'a Texts,
        entry_text: EntryText<'a>,
    ) -> Self {
        let d = &report.diagnosis;
        let entry = d.entry;
        Self {
            text,
            frame: PageFrame::new(report.locale, settings),
            product_name: settings.product_name.as_deref(),
            logo_url: settings.branding.logo.as_ref().map(|l| l.url.as_str()),
            title: entry_text.title,
            explanation: entry_text.explanation,
            learn_more_url: report.learn_more_url(settings),
            category: entry.category.as_str(),
            retryable: entry.retryable,
            category_text: text.for_category(entry.category),
            fixable_by_text: text.for_fixable_by(entry.fixable_by),
            retry_text: text.for_retry(entry.category, entry.retryable),
            recognised: d.recognised,
            code: &d.code,
            user_steps: steps(entry_text.user_steps, &d.connection_user_steps),
            developer_steps: steps(entry_text.developer_steps, &d.connection_developer_steps),
            restart_url: report.restart_url.as_deref(),
            status_page_url: settings.status_page_url.as_deref(),
            support_email: settings.support.email.as_deref(),
            support_url: report.support_url(settings),
            support_mailto: report.support_mailto(settings),
            support_bundle: &report.support_bundle,
            service_status: &report.service_status,
            banners: std::iter::once(&report.service_status.platform)
                .chain(&report.service_status.provider)
                .filter(|r| r.has_incident())
                .collect(),
            provider_status: report.service_status.provider_to_show(entry.category),
            reference: report.reference.as_str(),
            time_utc: &report.time_utc,
            time_datetime: format!("{}Z", report.time_utc.trim_end_matches(" UTC")),
            error: d.error.as_deref(),
            description: d.description.as_deref(),
            inner_code: d.inner_code.as_deref(),
            trace: &d.trace,
            documentation_link: d.documentation_link.as_deref(),
            connection_name: report.connection_name.as_deref(),
            opener_origins: settings.opener_origins.joined(),
            opener_nonce: report.opener_nonce.as_deref(),
        }
    }
}

/// The entry's steps in the page's language, then any an operator added for this connection.
fn steps<'a>(entry: Steps<'a>, connection: &[&'a str]) -> Vec<&'a str> {
    entry.iter().chain(connection.iter().copied()).collect()
}

/// The same diagnosis as RFC 9457 problem details.
#[derive(Debug, Serialize)]
pub struct Problem<'a> {
    #[serde(rename = "type")]
    pub problem_type: &'static str,
    pub locale: &'a str,
    pub title: &'a str,
    pub detail: &'a str,
    pub status: u16,
    pub error: Option<&'a str>,
    pub error_description: Option<&'a str>,
    pub diagnosis: ProblemDiagnosis<'a>,
    pub retryable: bool,
    pub reference: &'a str,
    pub time_utc: &'a str,
    pub restart_url: Option<&'a str>,
    pub status_page_url: Option<&'a str>,
    /// This code's section of the published guide (`[docs] base_url`).
    pub learn_more_url: Option<String>,
    pub support: ProblemSupport<'a>,
    pub service_status: &'a ServiceStatus,
    pub support_bundle: &'a str,
    pub user_steps: Vec<&'a str>,
    pub developer_steps: Vec<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct ProblemDiagnosis<'a> {
    pub code: &'a str,
    pub recognised: bool,
    pub category: &'a str,
    pub fixable_by: &'a str,
    pub matched_by: &'a str,
    /// The code as received, or the phrase, that decided the diagnosis.
    pub evidence: Option<&'a str>,
    /// The most specific received code the diagnosis rests on.
    pub identified_code: Option<&'a str>,
    pub provider: Option<ProblemProvider<'a>>,
    pub inner_code: Option<&'a str>,
    pub inner_description: Option<&'a str>,
    pub provider_trace: Option<&'a ProviderTrace>,
    pub documentation_link: Option<&'a str>,
}

/// The provider the callback showed, and what showed it.
#[derive(Debug, Serialize)]
pub struct ProblemProvider<'a> {
    pub name: &'a str,
    pub family: &'a str,
    pub evidence: ProviderSignal,
}

#[derive(Debug, Serialize)]
pub struct ProblemSupport<'a> {
    pub email: Option<&'a str>,
    pub url: Option<String>,
}

impl<'a> Problem<'a> {
    pub fn new(
        report: &'a ErrorReport<'a>,
        settings: &'a Settings,
        entry_text: EntryText<'a>,
    ) -> Self {
        let d = &report.diagnosis;
        Self {
            problem_type: "about:blank",
            locale: report.locale.as_str(),
            title: entry_text.title,
            detail: entry_text.explanation,
            status: settings.page_status,
            error: d.error.as_deref(),
            error_description: d.description.as_deref(),
            diagnosis: ProblemDiagnosis {
                code: &d.code,
                recognised: d.recognised,
                category: d.entry.category.as_str(),
                fixable_by: d.entry.fixable_by.as_str(),
                matched_by: d.matched_by.as_str(),
                evidence: d.evidence.as_deref(),
                identified_code: d.identified_code.as_deref(),
                provider: d.provider.as_ref().map(|p| ProblemProvider {
                    name: &p.name,
                    family: &p.family,
                    evidence: p.signal,
                }),
                inner_code: d.inner_code.as_deref(),
                inner_description: d.inner_description.as_deref(),
                provider_trace: (!d.trace.is_empty()).then_some(&d.trace),
                documentation_link: d.documentation_link.as_deref(),
            },
            retryable: d.entry.retryable,
            reference: report.reference.as_str(),
            time_utc: &report.time_utc,
            restart_url: report.restart_url.as_deref(),
            status_page_url: settings.status_page_url.as_deref(),
            learn_more_url: report.learn_more_url(settings),
            support: ProblemSupport {
                email: settings.support.email.as_deref(),
                url: report.support_url(settings),
            },
            service_status: &report.service_status,
            support_bundle: &report.support_bundle,
            user_steps: steps(entry_text.user_steps, &d.connection_user_steps),
            developer_steps: steps(entry_text.developer_steps, &d.connection_developer_steps),
        }
    }
}

/// A short page with a headline and one paragraph (404, 414, 413).
#[derive(Template)]
#[template(path = "message_page.html")]
pub struct MessagePage<'a> {
    pub frame: PageFrame<'a>,
    pub title: &'a str,
    pub body: &'a str,
}
