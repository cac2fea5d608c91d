//! `diagnose` on the typical callbacks and the worst case, and with the built-in
//! catalog against one grown by 10,000 operator entries: the cost must stay flat.

mod inputs;

use std::hint::black_box;
use std::time::{Duration, Instant};

use connect_error_page::diagnosis::catalog::CatalogBuilder;
use connect_error_page::diagnosis::{CallbackQuery, Catalog, Category, Entry, FixableBy, diagnose};
use criterion::{Criterion, criterion_group};

const EXTRA_ENTRIES: usize = 10_000;

/// The built-in families plus `extra` entries, each with a code, an alias and a phrase,
/// added the way operator overrides are.
fn grown_catalog(extra: usize) -> Catalog {
    let built_in = Catalog::built_in().expect("built-in catalog");
    let mut builder = CatalogBuilder::default();
    for entry in built_in.entries() {
        builder
            .add_entry(&entry.family, entry.clone())
            .expect("built-in entry");
    }
    for i in 0..extra {
        builder
            .add_entry("overrides.toml", synthetic_entry(i))
            .expect("synthetic entry");
    }
    builder.build().expect("grown catalog")
}

fn synthetic_entry(i: usize) -> Entry {
    Entry {
        code: format!("tenant_rule_{i}"),
        aliases: vec![format!("TR-{i}")],
        title: format!("Tenant rule {i} refused the connection"),
        explanation: format!("Rule {i} of your organisation blocks this app."),
        category: Category::UserAction,
        fixable_by: FixableBy::UserAdmin,
        retryable: false,
        user_steps: vec!["Ask your administrator to allow the app.".into()],
        developer_steps: vec![format!("Rule {i} is configured in the tenant.")],
        phrases: vec![format!("blocked by tenant rule number {i}")],
        docs_url: None,
        family: "overrides".into(),
    }
}

fn bench_inputs(c: &mut Criterion) {
    let catalog = Catalog::built_in().expect("built-in catalog");
    let mut group = c.benchmark_group("diagnose");
    for (name, raw) in inputs::all() {
        group.bench_function(name, |b| {
            b.iter(|| {
                let query = CallbackQuery::parse(black_box(raw.as_bytes()));
                diagnose(&query, &catalog).code.len()
            })
        });
    }
    group.finish();
}

fn bench_catalog_size(c: &mut Criterion) {
    let mut group = c.benchmark_group("catalog_size");
    for (label, extra) in [("built_in", 0), ("plus_10000", EXTRA_ENTRIES)] {
        let catalog = grown_catalog(extra);
        for (name, raw) in [
            ("seed", inputs::SEED.to_owned()),
            ("nested_2kib", inputs::nested_2kib()),
        ] {
            let query = CallbackQuery::parse(raw.as_bytes());
            group.bench_function(format!("{label}/{name}"), |b| {
                b.iter(|| diagnose(black_box(&query), &catalog).code.len())
            });
        }
    }
    group.finish();
}

/// Mean time of one `diagnose` over a fixed number of runs.
fn mean_diagnose(catalog: &Catalog, query: &CallbackQuery) -> Duration {
    const RUNS: u32 = 20_000;
    let started = Instant::now();
    for _ in 0..RUNS {
        black_box(diagnose(black_box(query), catalog).code.len());
    }
    started.elapsed() / RUNS
}

/// Says in one line how much 10,000 more entries cost per request.
fn print_growth_ratio() {
    let (small, large) = (grown_catalog(0), grown_catalog(EXTRA_ENTRIES));
    println!(
        "catalog entries: {} built in, {} grown",
        small.len(),
        large.len()
    );
    for (name, raw) in [
        ("seed", inputs::SEED.to_owned()),
        ("nested_2kib", inputs::nested_2kib()),
    ] {
        let query = CallbackQuery::parse(raw.as_bytes());
        let (a, b) = (mean_diagnose(&small, &query), mean_diagnose(&large, &query));
        println!(
            "catalog growth, {name}: built-in {a:?}, +{EXTRA_ENTRIES} entries {b:?}, ratio {:.2}",
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
}

criterion_group!(benches, bench_inputs, bench_catalog_size);

fn main() {
    benches();
    // Under `cargo test` the benchmarks only run once each; the ratio is for `cargo bench`.
    if std::env::args().any(|a| a == "--bench") {
        print_growth_ratio();
    }
    Criterion::default().configure_from_args().final_summary();
}
