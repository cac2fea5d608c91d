//! The whole page through the real route (routing, locale, cache, diagnosis, render,
//! headers), kept and not kept, and the access log line from the request's side.

mod inputs;

use std::sync::Arc;
use std::time::Instant;

use actix_web::dev::Service;
use actix_web::http::Method;
use actix_web::{App, HttpResponse, test, web};
use connect_error_page::config::{FlagOverrides, Settings};
use connect_error_page::events::EventSink;
use connect_error_page::i18n::Translations;
use connect_error_page::logging::{self, LogFields, LogFormat};
use connect_error_page::metrics::Metrics;
use connect_error_page::routes::{self, CALLBACK_ERROR_PATH};
use connect_error_page::startup::{AppState, log_request};
use connect_error_page::state::LiveState;
use connect_error_page::status::StatusBoard;
use criterion::{Criterion, criterion_group, criterion_main};

fn state() -> web::Data<LiveState> {
    let settings = Settings::load(None, Vec::new(), &FlagOverrides::default()).expect("settings");
    let status = Arc::new(StatusBoard::new(
        settings.platform_status_link(),
        None,
        &Default::default(),
    ));
    let translations = Arc::new(Translations::built_in().expect("translations"));
    let state = AppState::for_settings(
        settings,
        translations,
        Arc::new(Metrics::new()),
        status,
        EventSink::default(),
    )
    .expect("state");
    web::Data::new(LiveState::new(state))
}

fn bench_page(c: &mut Criterion) {
    let rt = actix_web::rt::System::new();
    let app = rt.block_on(test::init_service(
        App::new()
            .app_data(state())
            .configure(|cfg| routes::configure(cfg, "", false)),
    ));
    let mut group = c.benchmark_group("page");
    for (name, raw) in inputs::all() {
        let cached = format!("{CALLBACK_ERROR_PATH}?{raw}");
        group.bench_function(format!("{name}/cached"), |b| {
            b.iter(|| {
                let req = test::TestRequest::get().uri(&cached).to_request();
                rt.block_on(app.call(req)).unwrap().status()
            })
        });
        // A new `state` each time: never the same raw query, but the same parsed one.
        // A new connection name each time: a page never seen, diagnosed and rendered.
        let mut n = 0u64;
        for (kind, parameter) in [
            ("same_parsed", "state=s"),
            ("uncached", "connection_name=c"),
        ] {
            group.bench_function(format!("{name}/{kind}"), |b| {
                b.iter(|| {
                    n += 1;
                    let uri = format!("{cached}&{parameter}{n}");
                    let req = test::TestRequest::get().uri(&uri).to_request();
                    rt.block_on(app.call(req)).unwrap().status()
                })
            });
        }
    }
    group.finish();
}

/// What the request thread pays for its log line: format it and hand it to the writer
/// (here writing to a sink, so the queue never fills).
fn bench_log(c: &mut Criterion) {
    logging::init_with_output(LogFormat::Text, std::io::sink());
    let mut response = HttpResponse::Ok().finish();
    response.extensions_mut().insert(LogFields {
        code: "post_auth_hook_failed".into(),
        reference: "CEP-7F3K2Q".into(),
        category: "platform_transient",
        error: "failed_to_exchange_token".into(),
        inner_code: "server_error".into(),
        connection_name: "acme-jira".into(),
        locale: "en",
        trace_id: "".into(),
    });
    let response = test::TestRequest::default().to_srv_response(response);
    c.bench_function("log_path/page_line", |b| {
        b.iter(|| log_request(&Method::GET, CALLBACK_ERROR_PATH, &response, Instant::now()))
    });
}

criterion_group!(benches, bench_page, bench_log);
criterion_main!(benches);
