//! Every address the page serves or links to, under `[http] base_path`, built once at
//! start-up so a request joins nothing.

use crate::assets;
use crate::branding::Branding;

/// The error page's route, relative to `[http] base_path`.
pub const CALLBACK_ERROR_PATH: &str = "/ui-handlers/connect/callback/error";
/// The QA gallery's route, relative to `[http] base_path`.
pub const GALLERY_PATH: &str = "/ui-handlers/connect/callback/error/catalog";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SitePaths {
    /// The validated prefix, `""` at the root.
    pub base: String,
    pub page: String,
    pub gallery: String,
    pub css: String,
    pub js: String,
    pub icon: String,
    pub brand_css: Option<String>,
}

impl SitePaths {
    /// `base` must already be validated (see `config::http::base_path`).
    pub fn new(base: &str, branding: &Branding) -> Self {
        let under = |path: &str| format!("{base}{path}");
        Self {
            base: base.to_owned(),
            page: under(CALLBACK_ERROR_PATH),
            gallery: under(GALLERY_PATH),
            css: under(assets::css_path()),
            js: under(assets::js_path()),
            icon: under(assets::icon_path()),
            brand_css: branding.stylesheet.as_ref().map(|s| under(&s.path)),
        }
    }
}
