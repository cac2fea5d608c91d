//! Every real callback in `tests/corpus/` must get an accepted category and code.

use connect_error_page::diagnosis::{CallbackQuery, Catalog, diagnose};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    query: String,
    source: String,
    provider: String,
    accept_codes: Vec<String>,
    accept_categories: Vec<String>,
}

#[test]
fn every_real_callback_gets_an_accepted_category_and_code() {
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("corpus/real-callback-errors.json")).unwrap();
    let catalog = Catalog::built_in().unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let d = diagnose(&CallbackQuery::parse(case.query.as_bytes()), &catalog);
        let code_ok = case.accept_codes.iter().any(|c| c == &d.code);
        let category_ok = case
            .accept_categories
            .iter()
            .any(|c| c == d.category().as_str());
        if !(code_ok && category_ok) {
            failures.push(format!(
                "{} ({}): got {} / {}, want {:?} / {:?}",
                case.source,
                case.provider,
                d.code,
                d.category(),
                case.accept_codes,
                case.accept_categories
            ));
        }
    }
    println!(
        "corpus score: {}/{} entries diagnosed with an accepted category and code",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
