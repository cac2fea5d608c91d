//! Page strings and catalog strings per locale, kept as data; locale negotiation.

mod coverage;
mod locale;
mod packed;
mod translations;

use std::sync::LazyLock;

use serde::Deserialize;

use crate::diagnosis::{Category, FixableBy};

pub use coverage::{Coverage, coverage, markdown_table};
pub use locale::{LanguagePreferences, Locale};
pub use packed::Steps;
pub use translations::{EntryText, TranslationError, Translations};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageText {
    pub document_title: String,
    pub restart: String,
    pub start_again: String,
    pub start_again_help: String,
    pub status_link: String,
    pub what_you_can_do: String,
    pub who_can_fix: String,
    pub unknown_code: String,
    pub no_code: String,
    pub need_help: String,
    pub support_intro: String,
    pub support_email: String,
    pub support_url: String,
    pub reference: String,
    pub time_utc: String,
    pub technical_details: String,
    pub error_received: String,
    pub description_received: String,
    pub inner_code: String,
    pub diagnosed_as: String,
    pub provider_trace_id: String,
    pub provider_correlation_id: String,
    pub provider_timestamp: String,
    pub provider_docs: String,
    /// The link to this code's section of the published guide (`[docs] base_url`).
    pub learn_more: String,
    pub developer_steps: String,
    pub not_found_title: String,
    pub not_found_body: String,
    pub too_long_title: String,
    pub too_long_body: String,
    pub timed_out_title: String,
    pub timed_out_body: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryText {
    pub user_cancelled: String,
    pub user_action: String,
    pub session_expired: String,
    pub developer_config: String,
    pub platform_transient: String,
    pub provider_outage: String,
    pub unknown: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixableByText {
    pub user: String,
    pub user_admin: String,
    pub developer: String,
    pub platform: String,
    pub provider: String,
    pub depends: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryText {
    pub likely: String,
    pub unlikely: String,
    /// For an unknown cause: one more try is safe, then the steps in order.
    pub once: String,
}

/// Live status: the incident banner and the quiet all-clear line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusText {
    pub platform_incident: String,
    /// Has a `{provider}` placeholder, so each language can put the name where it belongs.
    pub provider_incident: String,
    pub likely_related: String,
    /// Has a `{time}` placeholder.
    pub no_known_incidents: String,
    /// Has a `{provider}` placeholder.
    pub provider_status_link: String,
}

impl StatusText {
    pub fn provider_incident_at(&self, provider: &str) -> String {
        self.provider_incident.replace("{provider}", provider)
    }

    pub fn no_known_incidents_as_of(&self, time: &str) -> String {
        self.no_known_incidents.replace("{time}", time)
    }

    pub fn provider_status_link_for(&self, provider: &str) -> String {
        self.provider_status_link.replace("{provider}", provider)
    }
}

/// The copyable block of details for support, and its button.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportBundleText {
    pub heading: String,
    pub connection: String,
    pub copy: String,
    pub copied: String,
    pub copy_failed: String,
}

/// Shown only when the page was opened as a popup.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PopupText {
    pub close: String,
}

/// The generated troubleshooting guide's own words (`connect-error-page docs --lang`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocsText {
    pub title: String,
    pub description: String,
    pub intro: String,
    pub heading_user_cancelled: String,
    pub heading_user_action: String,
    pub heading_session_expired: String,
    pub heading_developer_config: String,
    pub heading_platform_transient: String,
    pub heading_provider_outage: String,
    pub heading_unknown: String,
    pub what_it_means: String,
    pub who_can_fix: String,
    pub also_reported_as: String,
    pub user_steps: String,
    pub developer_steps: String,
    pub provider_docs: String,
    pub get_help: String,
    pub service_status: String,
    pub support: String,
    pub support_requests: String,
    pub quote_reference: String,
}

/// Every string one locale needs for the page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub page: PageText,
    pub category: CategoryText,
    pub fixable_by: FixableByText,
    pub retry: RetryText,
    pub status: StatusText,
    pub support_bundle: SupportBundleText,
    pub popup: PopupText,
    pub docs: DocsText,
}

impl Texts {
    pub fn english() -> &'static Texts {
        static EN: LazyLock<Texts> = LazyLock::new(|| {
            toml::from_str(include_str!("en.toml")).expect("en.toml matches Texts")
        });
        &EN
    }

    pub fn for_category(&self, category: Category) -> &str {
        let c = &self.category;
        match category {
            Category::UserCancelled => &c.user_cancelled,
            Category::UserAction => &c.user_action,
            Category::SessionExpired => &c.session_expired,
            Category::DeveloperConfig => &c.developer_config,
            Category::PlatformTransient => &c.platform_transient,
            Category::ProviderOutage => &c.provider_outage,
            Category::Unknown => &c.unknown,
        }
    }

    pub fn for_fixable_by(&self, fixable_by: FixableBy) -> &str {
        let f = &self.fixable_by;
        match fixable_by {
            FixableBy::User => &f.user,
            FixableBy::UserAdmin => &f.user_admin,
            FixableBy::Developer => &f.developer,
            FixableBy::Platform => &f.platform,
            FixableBy::Provider => &f.provider,
            FixableBy::Depends => &f.depends,
        }
    }

    /// Whether retrying helps, as certain as the diagnosis: an unknown cause promises nothing.
    pub fn for_retry(&self, category: Category, retryable: bool) -> &str {
        match (category, retryable) {
            (Category::Unknown, true) => &self.retry.once,
            (_, true) => &self.retry.likely,
            (_, false) => &self.retry.unlikely,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_texts_load_completely() {
        let t = Texts::english();
        assert_eq!(t.page.restart, "Restart connection");
        assert!(
            t.for_category(Category::PlatformTransient)
                .contains("temporary")
        );
    }
}
