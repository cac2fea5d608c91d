//! The locales the page speaks, and how a request's language preferences pick one.

use std::fmt;

/// A supported locale. Parsed once at the edge; everything inside takes a `Locale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Locale {
    En,
    Es,
    Fr,
    De,
    PtBr,
    Ja,
    ZhCn,
    Ar,
}

impl Locale {
    pub const ALL: [Locale; 8] = [
        Locale::En,
        Locale::Es,
        Locale::Fr,
        Locale::De,
        Locale::PtBr,
        Locale::Ja,
        Locale::ZhCn,
        Locale::Ar,
    ];

    /// The BCP 47 tag, as used in `<html lang>`, the JSON and the translation file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
            Locale::Fr => "fr",
            Locale::De => "de",
            Locale::PtBr => "pt-BR",
            Locale::Ja => "ja",
            Locale::ZhCn => "zh-CN",
            Locale::Ar => "ar",
        }
    }

    /// The language's own name, for people choosing one.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Es => "Español",
            Locale::Fr => "Français",
            Locale::De => "Deutsch",
            Locale::PtBr => "Português (Brasil)",
            Locale::Ja => "日本語",
            Locale::ZhCn => "简体中文",
            Locale::Ar => "العربية",
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Locale::Ar
    }

    /// `dir` for `<html>`: `rtl` for Arabic, `ltr` otherwise.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    /// The supported locale a language tag asks for, if any: `pt` and `pt-PT` read
    /// pt-BR, `zh`, `zh-Hans` and `zh-CN` read zh-CN, `en-GB` reads en. Traditional
    /// Chinese (`zh-TW`, `zh-HK`, `zh-Hant`) is not simplified Chinese, so it matches nothing.
    pub fn match_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = tag.split('-');
        let language = subtags.next()?;
        let locale = match language {
            "en" => Locale::En,
            "es" => Locale::Es,
            "fr" => Locale::Fr,
            "de" => Locale::De,
            "pt" => Locale::PtBr,
            "ja" => Locale::Ja,
            "ar" => Locale::Ar,
            "zh" => {
                let traditional = subtags.any(|s| matches!(s, "hant" | "tw" | "hk" | "mo"));
                if traditional {
                    return None;
                }
                Locale::ZhCn
            }
            _ => return None,
        };
        Some(locale)
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a request says about its language, in the order it is consulted.
#[derive(Debug, Default)]
pub struct LanguagePreferences<'a> {
    /// OpenID Connect `ui_locales`: space-separated tags, most preferred first.
    pub ui_locales: Option<&'a str>,
    /// The `lang` query parameter.
    pub lang: Option<&'a str>,
    /// `Accept-Language` tags, already ordered by q-value, q=0 removed.
    pub accept_language: Vec<String>,
}

impl LanguagePreferences<'_> {
    /// The first supported locale asked for, else `default`.
    pub fn negotiate(&self, default: Locale) -> Locale {
        let ui_locales = self.ui_locales.into_iter().flat_map(str::split_whitespace);
        ui_locales
            .chain(self.lang)
            .chain(self.accept_language.iter().map(String::as_str))
            .find_map(Locale::match_tag)
            .unwrap_or(default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regional_and_script_variants_read_the_locale_we_have() {
        let cases = [
            ("en-GB", Some(Locale::En)),
            ("EN_us", Some(Locale::En)),
            ("pt", Some(Locale::PtBr)),
            ("pt-PT", Some(Locale::PtBr)),
            ("pt-BR", Some(Locale::PtBr)),
            ("zh", Some(Locale::ZhCn)),
            ("zh-Hans", Some(Locale::ZhCn)),
            ("zh-Hans-CN", Some(Locale::ZhCn)),
            ("zh-CN", Some(Locale::ZhCn)),
            ("zh-TW", None),
            ("zh-Hant", None),
            ("ar-EG", Some(Locale::Ar)),
            ("de-CH", Some(Locale::De)),
            ("ja-JP", Some(Locale::Ja)),
            ("it", None),
            ("*", None),
            ("", None),
        ];
        for (tag, expected) in cases {
            assert_eq!(Locale::match_tag(tag), expected, "{tag}");
        }
    }

    #[test]
    fn ui_locales_wins_then_lang_then_accept_language_then_the_default() {
        let all = LanguagePreferences {
            ui_locales: Some("it fr-CA de"),
            lang: Some("ja"),
            accept_language: vec!["es".into()],
        };
        assert_eq!(all.negotiate(Locale::En), Locale::Fr);
        let no_ui = LanguagePreferences {
            ui_locales: Some("it"),
            ..all
        };
        assert_eq!(no_ui.negotiate(Locale::En), Locale::Ja);
        let only_header = LanguagePreferences {
            ui_locales: None,
            lang: Some("klingon"),
            accept_language: vec!["zh-TW".into(), "pt".into()],
        };
        assert_eq!(only_header.negotiate(Locale::En), Locale::PtBr);
        assert_eq!(
            LanguagePreferences::default().negotiate(Locale::De),
            Locale::De
        );
    }

    #[test]
    fn only_arabic_is_right_to_left() {
        for locale in Locale::ALL {
            assert_eq!(locale.is_rtl(), locale == Locale::Ar);
        }
        assert_eq!(Locale::Ar.dir(), "rtl");
        assert_eq!(Locale::Fr.dir(), "ltr");
    }
}
