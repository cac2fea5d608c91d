//! `[branding]`: the logo and the accent colour, checked at start-up.
//! The accent reaches the page as a small stylesheet with a content-hashed name,
//! because the CSP allows no inline styles.

use crate::assets::fnv1a;

/// A branding value that cannot be used: the key, what is wrong, and the fix.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{key}: {problem}")]
pub struct BrandingError {
    pub key: &'static str,
    pub problem: String,
    pub fix: String,
}

impl BrandingError {
    fn new(key: &'static str, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            key,
            problem: problem.into(),
            fix: fix.into(),
        }
    }
}

/// Card backgrounds from `static/app.css`: links and the Restart button sit on these.
const LIGHT_CARD: Rgb = Rgb(0xff, 0xff, 0xff);
const DARK_CARD: Rgb = Rgb(0x1b, 0x20, 0x27);
/// Text on the accent button in dark mode, from `static/app.css`.
const DARK_BUTTON_TEXT: Rgb = Rgb(0x0b, 0x12, 0x20);
/// WCAG 2.2 AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

#[derive(Debug, Clone, Default)]
pub struct Branding {
    pub logo: Option<Logo>,
    pub stylesheet: Option<BrandStylesheet>,
}

/// An https logo; its origin joins the CSP's `img-src`.
#[derive(Debug, Clone)]
pub struct Logo {
    pub url: String,
    pub origin: String,
}

/// The accent as CSS custom properties, served at `path`.
#[derive(Debug, Clone)]
pub struct BrandStylesheet {
    pub path: String,
    pub css: String,
}

impl Branding {
    pub fn parse(
        logo_url: Option<&str>,
        accent_color: Option<&str>,
    ) -> Result<Self, BrandingError> {
        Ok(Self {
            logo: logo_url.map(Logo::parse).transpose()?,
            stylesheet: accent_color.map(BrandStylesheet::for_accent).transpose()?,
        })
    }
}

impl Logo {
    fn parse(value: &str) -> Result<Self, BrandingError> {
        let refuse = |problem: String| {
            BrandingError::new(
                "branding.logo_url",
                problem,
                "use an absolute https URL such as https://cdn.example.com/logo.svg, or leave it empty",
            )
        };
        let url = url::Url::parse(value).map_err(|_| refuse(format!("`{value}` is not a URL")))?;
        if url.scheme() != "https" || url.host().is_none() {
            return Err(refuse(format!("`{value}` is not an https URL")));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refuse(format!("`{value}` carries credentials")));
        }
        Ok(Self {
            url: url.to_string(),
            origin: url.origin().ascii_serialization(),
        })
    }
}

impl BrandStylesheet {
    /// Light mode uses the accent as given, which must read at 4.5:1 on white; dark mode
    /// uses the accent lightened until it reads at 4.5:1 on the dark card.
    fn for_accent(value: &str) -> Result<Self, BrandingError> {
        let accent = Rgb::parse(value).ok_or_else(|| {
            BrandingError::new(
                "branding.accent_color",
                format!("`{value}` is not a hex colour"),
                "use #rgb or #rrggbb, e.g. #1f5fbf, or leave it empty",
            )
        })?;
        let on_white = accent.contrast(LIGHT_CARD);
        if on_white < MIN_CONTRAST {
            let suggestion =
                accent.towards(Rgb(0, 0, 0), |c| c.contrast(LIGHT_CARD) >= MIN_CONTRAST);
            return Err(BrandingError::new(
                "branding.accent_color",
                format!(
                    "`{value}` has a contrast of {on_white:.2}:1 against the white card; links and the Restart button need {MIN_CONTRAST}:1 (WCAG 2.2 AA)"
                ),
                format!("use a darker shade, e.g. {suggestion}"),
            ));
        }
        let dark = accent.towards(Rgb(0xff, 0xff, 0xff), |c| {
            c.contrast(DARK_CARD) >= MIN_CONTRAST && c.contrast(DARK_BUTTON_TEXT) >= MIN_CONTRAST
        });
        let css = format!(
            ":root {{ --accent: {accent}; --accent-text: #ffffff; }}\n\
             @media (prefers-color-scheme: dark) {{ :root {{ --accent: {dark}; --accent-text: {DARK_BUTTON_TEXT}; }} }}\n"
        );
        let path = format!("/static/brand.{:016x}.css", fnv1a(css.as_bytes()));
        Ok(Self { path, css })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rgb(u8, u8, u8);

impl Rgb {
    fn parse(value: &str) -> Option<Self> {
        let hex = value.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            3 => {
                let d: Vec<u8> = hex
                    .chars()
                    .map(|c| channel(&format!("{c}{c}")))
                    .collect::<Option<_>>()?;
                Some(Self(d[0], d[1], d[2]))
            }
            6 => Some(Self(
                channel(&hex[0..2])?,
                channel(&hex[2..4])?,
                channel(&hex[4..6])?,
            )),
            _ => None,
        }
    }

    /// WCAG relative luminance.
    fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The first mix of `self` towards `target`, in 2% steps, that satisfies `good`.
    fn towards(self, target: Rgb, good: impl Fn(Rgb) -> bool) -> Rgb {
        let mix =
            |a: u8, b: u8, t: f64| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        (0..=50)
            .map(|step| {
                let t = f64::from(step) / 50.0;
                Rgb(
                    mix(self.0, target.0, t),
                    mix(self.1, target.1, t),
                    mix(self.2, target.2, t),
                )
            })
            .find(|c| good(*c))
            .unwrap_or(target)
    }
}

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_in_both_lengths_parse_and_anything_else_is_refused() {
        assert_eq!(Rgb::parse("#1f5fbf"), Some(Rgb(0x1f, 0x5f, 0xbf)));
        assert_eq!(Rgb::parse("#abc"), Some(Rgb(0xaa, 0xbb, 0xcc)));
        for bad in [
            "1f5fbf",
            "#1f5fb",
            "#ggg",
            "red",
            "#1f5fbf;}",
            "",
            "#+1+2+3",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn contrast_follows_wcag() {
        let black_on_white = Rgb(0, 0, 0).contrast(LIGHT_CARD);
        assert!((black_on_white - 21.0).abs() < 0.01);
        assert!((Rgb(0x76, 0x76, 0x76).contrast(LIGHT_CARD) - 4.54).abs() < 0.01);
    }

    #[test]
    fn a_pale_accent_is_refused_with_a_darker_suggestion() {
        let err = BrandStylesheet::for_accent("#7fb0ff").unwrap_err();
        assert_eq!(err.key, "branding.accent_color");
        assert!(err.problem.contains("4.5:1"), "{err}");
        let suggestion = err.fix.rsplit(' ').next().unwrap();
        assert!(Rgb::parse(suggestion).unwrap().contrast(LIGHT_CARD) >= MIN_CONTRAST);
    }

    #[test]
    fn a_readable_accent_gets_a_lighter_twin_for_dark_mode() {
        let sheet = BrandStylesheet::for_accent("#0b6e4f").unwrap();
        assert!(sheet.css.contains("--accent: #0b6e4f;"));
        let dark = sheet.css.split("--accent: ").nth(2).unwrap();
        let dark = Rgb::parse(&dark[..7]).unwrap();
        assert!(dark.contrast(DARK_CARD) >= MIN_CONTRAST);
        assert!(sheet.path.starts_with("/static/brand.") && sheet.path.ends_with(".css"));
    }

    #[test]
    fn logos_must_be_https_without_credentials() {
        let logo = Logo::parse("https://cdn.example.com/brand/logo.svg").unwrap();
        assert_eq!(logo.origin, "https://cdn.example.com");
        for bad in [
            "http://cdn.example.com/logo.svg",
            "javascript:alert(1)",
            "/logo.svg",
            "https://u:p@cdn.example.com/logo.svg",
            "data:image/svg+xml,<svg/>",
        ] {
            assert!(Logo::parse(bad).is_err(), "{bad}");
        }
    }
}
