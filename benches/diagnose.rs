//! `diagnose` on the typical callbacks and the worst case, and with the built-in
//! catalog against one grown by an overrides file of 10,000 entries: the cost must stay flat.

mod inputs;

use std::hint::black_box;
use std::time::{Duration, Instant};

use connect_error_page::diagnosis::{CallbackQuery, Catalog, diagnose};
use criterion::{Criterion, criterion_group};

const EXTRA_ENTRIES: usize = 10_000;

/// The built-in catalog plus an operator overrides file of `extra` new entries, each
/// with a code, an alias and a phrase, loaded the way `[catalog] overrides` loads it.
fn grown_catalog(extra: usize) -> Catalog {
    if extra == 0 {
        return Catalog::built_in().expect("built-in catalog");
    }
    let mut overrides = String::new();
    for i in 0..extra {
        overrides.push_str(&format!(
            r#"
[[entry]]
code = "tenant_rule_{i}"
aliases = ["TR-{i}"]
title = "Tenant rule {i} refused the connection"
explanation = "Rule {i} of your organisation blocks this app."
category = "user_action"
fixable_by = "user_admin"
retryable = false
user_steps = ["Ask your administrator to allow the app."]
developer_steps = ["Rule {i} is configured in the tenant."]
phrases = ["blocked by tenant rule number {i}"]
"#
        ));
    }
    Catalog::with_overrides("overrides.toml", &overrides).expect("grown catalog")
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
