//! What a request costs without HTTP: parse, diagnose, build the restart link and
//! render the page, for the typical callbacks and the worst-case description.

mod inputs;

use std::hint::black_box;

use connect_error_page::config::{FlagOverrides, Settings};
use connect_error_page::diagnosis::{CallbackQuery, Catalog};
use connect_error_page::i18n::{Locale, Translations};
use connect_error_page::status::StatusBoard;
use connect_error_page::views::ErrorReport;
use criterion::{Criterion, criterion_group, criterion_main};

fn bench_render(c: &mut Criterion) {
    let catalog = Catalog::built_in().expect("built-in catalog");
    let env = [
        (
            "CEP_RESTART__URL",
            "https://app.example.com/connect/{connection_name}/start",
        ),
        (
            "CEP_RESTART__ALLOWED_RETURN_ORIGINS",
            "[\"https://app.example.com\"]",
        ),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    let settings = Settings::load(None, env, &FlagOverrides::default()).expect("bench settings");
    let translations = Translations::built_in().expect("translations");
    let status = StatusBoard::new(settings.platform_status_link(), None, &Default::default());
    let page_base = "https://errors.example.com/ui-handlers/connect/callback/error";
    let mut group = c.benchmark_group("render_page");
    for (name, raw) in inputs::all() {
        let raw =
            format!("{raw}&connection_name=jira&return_to=https%3A%2F%2Fapp.example.com%2Fdone");
        group.bench_function(name, |b| {
            b.iter(|| {
                let query = CallbackQuery::parse(black_box(raw.as_bytes()));
                ErrorReport::new(&query, &catalog, &settings, &status, page_base, Locale::En)
                    .to_html(&settings, &translations)
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
