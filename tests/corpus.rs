//! Every real callback in `tests/corpus/*.json`, scored as a whole and per split.
//!
//! Files named `held-out-*.json` are the part no rule was written against: their cases are
//! only ever counted, never listed. Set `CEP_CORPUS_SPLIT=training` to score the rest alone.

use std::collections::BTreeMap;
use std::path::Path;

use connect_error_page::diagnosis::catalog::normalise_code;
use connect_error_page::diagnosis::{CallbackQuery, Catalog, Category, diagnose};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    query: String,
    source: String,
    provider: String,
    #[serde(default)]
    family: Option<String>,
    accept_codes: Vec<String>,
    accept_categories: Vec<String>,
}

struct Scored {
    held_out: bool,
    family: String,
    got: Category,
    /// The category the case expected: the one diagnosed when accepted, else its first.
    expected: String,
    category_ok: bool,
    code_ok: bool,
    detail: String,
}

#[derive(Default)]
struct Tally {
    cases: usize,
    category: usize,
    code: usize,
}

impl Tally {
    fn add(&mut self, s: &Scored) {
        self.cases += 1;
        self.category += usize::from(s.category_ok);
        self.code += usize::from(s.code_ok);
    }
    fn pct(n: usize, of: usize) -> f64 {
        if of == 0 {
            100.0
        } else {
            100.0 * n as f64 / of as f64
        }
    }
    fn line(&self, name: &str) -> String {
        format!(
            "{name}: {} callbacks, category {}/{} ({:.1}%), code {}/{} ({:.1}%)",
            self.cases,
            self.category,
            self.cases,
            Self::pct(self.category, self.cases),
            self.code,
            self.cases,
            Self::pct(self.code, self.cases)
        )
    }
}

/// `Microsoft Entra ID (via ASP.NET Core)` -> `microsoft`.
fn family_of(case: &Case) -> String {
    if let Some(family) = &case.family {
        return family.to_lowercase();
    }
    let name = case.provider.split('(').next().unwrap_or_default().trim();
    name.split_whitespace()
        .next()
        .unwrap_or("unknown")
        .to_lowercase()
}

fn load() -> Vec<(bool, Case)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let only_training = std::env::var("CEP_CORPUS_SPLIT").is_ok_and(|s| s == "training");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let held_out = name.starts_with("held-out");
        if held_out && only_training {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let file: Vec<Case> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        cases.extend(file.into_iter().map(|c| (held_out, c)));
    }
    cases
}

fn score(catalog: &Catalog, held_out: bool, case: &Case) -> Scored {
    let d = diagnose(&CallbackQuery::parse(case.query.as_bytes()), catalog);
    let got = d.category();
    let category_ok = case.accept_categories.iter().any(|c| c == got.as_str());
    let accepted = |code: &str| {
        case.accept_codes
            .iter()
            .any(|a| normalise_code(a) == normalise_code(code))
    };
    // The received code the diagnosis rests on, or the entry that names it.
    let code_ok = accepted(d.identified_code.as_deref().unwrap_or("(none)")) || accepted(&d.code);
    Scored {
        held_out,
        family: family_of(case),
        got,
        expected: if category_ok {
            got.as_str().to_owned()
        } else {
            case.accept_categories.first().cloned().unwrap_or_default()
        },
        category_ok,
        code_ok,
        detail: format!(
            "{} ({}): got {} [{}] / {}, want {:?} / {:?}",
            case.source,
            case.provider,
            d.code,
            d.identified_code.as_deref().unwrap_or("-"),
            got,
            case.accept_codes,
            case.accept_categories
        ),
    }
}

fn confusion_matrix(scored: &[Scored]) -> String {
    let mut counts: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for s in scored {
        *counts
            .entry((s.expected.clone(), s.got.as_str()))
            .or_default() += 1;
    }
    let short = |c: &str| {
        c.split('_')
            .map(|w| &w[..w.len().min(4)])
            .collect::<Vec<_>>()
            .join("_")
    };
    let mut out = format!("{:<20}", "expected \\ got");
    for c in Category::ALL {
        out += &format!("{:>10}", short(c.as_str()));
    }
    out.push('\n');
    for row in Category::ALL {
        out += &format!("{:<20}", row.as_str());
        for col in Category::ALL {
            let n = counts
                .get(&(row.as_str().to_owned(), col.as_str()))
                .copied()
                .unwrap_or(0);
            out += &format!("{:>10}", n);
        }
        out.push('\n');
    }
    out
}

fn family_table(scored: &[Scored]) -> String {
    let mut by_family: BTreeMap<&str, Tally> = BTreeMap::new();
    for s in scored {
        by_family.entry(&s.family).or_default().add(s);
    }
    let mut out = String::from("| family | callbacks | category | code |\n|---|---|---|---|\n");
    for (family, t) in &by_family {
        out += &format!(
            "| {family} | {} | {}/{} | {}/{} |\n",
            t.cases, t.category, t.cases, t.code, t.cases
        );
    }
    out
}

/// Of the callbacks diagnosed as `category`, the share whose accepted categories include it.
fn precision(scored: &[Scored], category: Category) -> (usize, usize) {
    let claimed: Vec<_> = scored.iter().filter(|s| s.got == category).collect();
    (
        claimed.iter().filter(|s| s.category_ok).count(),
        claimed.len(),
    )
}

#[test]
fn the_corpus_gets_accepted_categories_and_codes_and_never_a_false_expiry_or_cancel() {
    let catalog = Catalog::built_in().unwrap();
    let scored: Vec<Scored> = load()
        .iter()
        .map(|(held_out, case)| score(&catalog, *held_out, case))
        .collect();
    let (mut training, mut held_out, mut whole) =
        (Tally::default(), Tally::default(), Tally::default());
    for s in &scored {
        whole.add(s);
        if s.held_out {
            held_out.add(s)
        } else {
            training.add(s)
        }
    }
    println!("{}", training.line("training"));
    println!("{}", held_out.line("held-out"));
    println!("{}", whole.line("whole corpus"));
    println!(
        "\ncategory confusion matrix (every file read)\n{}",
        confusion_matrix(&scored)
    );
    println!("per family (every file read)\n{}", family_table(&scored));
    // Held-out callbacks are only ever counted, never listed.
    let failures: Vec<&str> = scored
        .iter()
        .filter(|s| !s.held_out)
        .filter(|s| !(s.category_ok && s.code_ok))
        .map(|s| s.detail.as_str())
        .collect();
    if !failures.is_empty() {
        println!(
            "training callbacks not fully right:\n{}",
            failures.join("\n")
        );
    }
    for category in [Category::SessionExpired, Category::UserCancelled] {
        let (right, claimed) = precision(&scored, category);
        println!("precision of {category}: {right}/{claimed}");
        assert!(
            Tally::pct(right, claimed) >= 97.0,
            "{category} was claimed wrongly {} times in {claimed}",
            claimed - right
        );
    }
    assert!(
        Tally::pct(whole.category, whole.cases) >= 90.0,
        "{}",
        whole.line("whole corpus")
    );
    assert!(
        Tally::pct(whole.code, whole.cases) >= 90.0,
        "{}",
        whole.line("whole corpus")
    );
}
