use connect_error_page::diagnosis::Catalog;
use connect_error_page::i18n::{Locale, Translations};

use crate::helpers::{SEED_QUERY, headline, spawn_app, spawn_app_with};

/// The seed error's title in `locale`, as the translation files say it.
fn seed_title(locale: Locale) -> String {
    let catalog = Catalog::built_in().unwrap();
    let entry = catalog.lookup("post_auth_hook_failed").unwrap();
    let translations = Translations::built_in().unwrap();
    translations.entry_text(locale, entry).title.to_owned()
}

fn html_tag(html: &str) -> &str {
    let start = html.find("<html").unwrap();
    &html[start..start + html[start..].find('>').unwrap() + 1]
}

async fn page_with(
    app: &crate::helpers::TestApp,
    query: &str,
    accept_language: Option<&str>,
) -> String {
    let mut request = app.client.get(app.error_url(query));
    if let Some(value) = accept_language {
        request = request.header("Accept-Language", value);
    }
    request.send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn ui_locales_wins_over_lang_and_accept_language() {
    let app = spawn_app().await;
    let query = format!("{SEED_QUERY}&ui_locales=it+fr-CA&lang=de");
    let html = page_with(&app, &query, Some("ja")).await;
    assert_eq!(html_tag(&html), r#"<html lang="fr" dir="ltr">"#);
    assert_eq!(headline(&html), seed_title(Locale::Fr));
    assert_ne!(seed_title(Locale::Fr), seed_title(Locale::En));
}

#[tokio::test]
async fn lang_wins_over_accept_language_and_accept_language_follows_q_values() {
    let app = spawn_app().await;
    let html = page_with(&app, &format!("{SEED_QUERY}&lang=pt"), Some("ja")).await;
    assert!(html_tag(&html).contains(r#"lang="pt-BR""#));
    let html = page_with(&app, SEED_QUERY, Some("de;q=0.5, zh-Hans;q=0.9, en;q=0")).await;
    assert!(html_tag(&html).contains(r#"lang="zh-CN""#));
    assert!(html.contains(&seed_title(Locale::ZhCn)));
}

#[tokio::test]
async fn a_language_refused_with_q_zero_is_never_chosen() {
    let app = spawn_app().await;
    let html = page_with(&app, SEED_QUERY, Some("fr;q=0, *;q=0.5")).await;
    assert!(html_tag(&html).contains(r#"lang="en""#));
}

#[tokio::test]
async fn arabic_reads_right_to_left() {
    let app = spawn_app().await;
    let html = page_with(&app, SEED_QUERY, Some("ar-EG,ar;q=0.9")).await;
    assert_eq!(html_tag(&html), r#"<html lang="ar" dir="rtl">"#);
    assert!(html.contains(&seed_title(Locale::Ar)));
}

#[tokio::test]
async fn an_unsupported_language_gets_the_configured_default() {
    let app = spawn_app_with(&[("CEP_I18N__DEFAULT_LOCALE", "es")]).await;
    let html = page_with(&app, SEED_QUERY, Some("zh-TW, it;q=0.8")).await;
    assert!(html_tag(&html).contains(r#"lang="es""#));
    assert!(html.contains(&seed_title(Locale::Es)));
    let english = spawn_app().await;
    let html = page_with(&english, SEED_QUERY, Some("tlh")).await;
    assert!(html_tag(&html).contains(r#"lang="en""#));
}

#[tokio::test]
async fn json_carries_the_same_locale_and_translated_text() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.error_url(&format!("{SEED_QUERY}&ui_locales=ja")))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    let json: serde_json::Value = response.json().await.unwrap();
    assert_eq!(json["locale"], "ja");
    assert_eq!(json["title"], seed_title(Locale::Ja));
    let catalog = Catalog::built_in().unwrap();
    let entry = catalog.lookup("post_auth_hook_failed").unwrap();
    let translations = Translations::built_in().unwrap();
    let ja = translations.entry_text(Locale::Ja, entry);
    assert_eq!(json["detail"], ja.explanation);
    assert_eq!(json["user_steps"][0], ja.user_steps.iter().next().unwrap());
    assert_eq!(json["diagnosis"]["code"], "post_auth_hook_failed");
}

#[tokio::test]
async fn the_not_found_page_speaks_the_language_too() {
    let app = spawn_app().await;
    let response = app.get("/nowhere?lang=de").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    let translations = Translations::built_in().unwrap();
    let de = &translations.page(Locale::De).page;
    assert!(html_tag(&html).contains(r#"lang="de""#));
    assert!(html.contains(&de.not_found_title));
}
