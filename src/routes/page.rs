//! The error page for one request: from the page cache when the same request, or one
//! that says the same, was answered this second; else diagnosed and rendered, and kept.
//! See `page_cache`.

use std::sync::Arc;

use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use time::OffsetDateTime;

use super::callback_error::{accept, html_response, page_base, problem_json};
use super::cors;
use super::locale::RequestLocale;
use super::negotiate::prefers_json;
use crate::diagnosis::CallbackQuery;
use crate::diagnosis::redact::redact_secrets;
use crate::events::PageEvent;
use crate::i18n::Locale;
use crate::logging::LogFields;
use crate::metrics::{Metrics, connection_label};
use crate::page_cache::{CachedPage, PageKey, RawKey, Template};
use crate::reference::Reference;
use crate::state::AppState;
use crate::status::board;
use crate::views::ErrorReport;

/// Where the parameters came from: a query is looked up raw first, then parsed; a form
/// body is looked up by what it says.
pub enum Source {
    Query,
    Form(Box<CallbackQuery>),
}

pub fn respond(
    req: &HttpRequest,
    state: &AppState,
    RequestLocale(locale): RequestLocale,
    source: Source,
) -> HttpResponse {
    let settings = &state.settings;
    let json = prefers_json(accept(req));
    let base = page_base(req, &settings.trusted_proxies);
    let now = OffsetDateTime::now_utc();
    // Read before building, so a reading stored meanwhile makes the page stale at once.
    let generation = board::generation();
    let current = |page: Option<Arc<CachedPage>>| {
        page.filter(|page| page.is_current(now.unix_timestamp(), generation))
    };
    let (query, raw) = match source {
        Source::Form(query) => (*query, None),
        Source::Query => {
            let raw = RawKey {
                json,
                locale,
                base: &base,
                query: req.query_string(),
            };
            if let Some(page) = current(state.pages.get(&raw)) {
                return answer(req, state, json, &page, now);
            }
            (CallbackQuery::parse(raw.query.as_bytes()), Some(raw))
        }
    };
    let key = PageKey::parsed(json, locale, &base, query);
    if let Some(page) = current(state.pages.get(&key)) {
        // Not kept under this raw query too: in an incident each person's `state` makes
        // it new, and keeping every one would only churn the cache.
        return answer(req, state, json, &page, now);
    }
    let page = Arc::new(build(state, &key, &base, locale, json, now, generation));
    state.pages.insert(key, page.clone());
    if let Some(raw) = raw {
        state.pages.insert(raw.into(), page.clone());
    }
    answer(req, state, json, &page, now)
}

/// Diagnoses and renders the page for `key`'s query, with a placeholder reference that
/// becomes the template's holes.
fn build(
    state: &AppState,
    key: &PageKey,
    base: &str,
    locale: Locale,
    json: bool,
    now: OffsetDateTime,
    generation: u64,
) -> CachedPage {
    let settings = &state.settings;
    let query = key.query().expect("a page is built from a parsed query");
    let placeholder = Reference::random();
    let report = ErrorReport::new_at(
        query,
        &state.catalog,
        settings,
        &state.status,
        base,
        locale,
        (now, placeholder.clone()),
    );
    let body = if json {
        report.to_json(settings, &state.translations)
    } else {
        report.to_html(settings, &state.translations)
    };
    let connection = connection_label(report.connection_name.as_deref(), |name| {
        state.catalog.has_connection(name)
    });
    CachedPage {
        template: Template::new(&body, placeholder.as_str()),
        second: now.unix_timestamp(),
        status_generation: generation,
        log: log_fields(&report),
        renders: state.metrics.render_counter(&Metrics::render_labels(
            &report.diagnosis,
            connection,
            report.restart_url.is_some(),
        )),
        event: page_event(&report),
    }
}

/// The page with a fresh reference, counted, announced and logged as a render.
fn answer(
    req: &HttpRequest,
    state: &AppState,
    json: bool,
    page: &CachedPage,
    now: OffsetDateTime,
) -> HttpResponse {
    let reference = Reference::random();
    // A HEAD probe is not a page anyone saw.
    if req.method() != Method::HEAD {
        page.renders.inc();
        if state.events.is_on() {
            state.events.publish(PageEvent {
                reference: reference.to_string(),
                time: PageEvent::timestamp(now),
                ..page.event.clone()
            });
        }
    }
    let settings = &state.settings;
    let status = StatusCode::from_u16(settings.page_status).unwrap_or(StatusCode::OK);
    let body = page.template.fill(reference.as_str());
    let mut response = if json {
        let mut response = problem_json(status, body);
        cors::allow_json(req, &settings.cors, &mut response);
        response
    } else {
        html_response(status, body)
    };
    response.extensions_mut().insert(LogFields {
        reference: reference.to_string(),
        ..page.log.clone()
    });
    response
}

/// What the access log line adds for this request (see `LogFields`), reference aside.
fn log_fields(report: &ErrorReport) -> LogFields {
    let d = &report.diagnosis;
    let redacted = |value: Option<&String>| -> Arc<str> {
        value.map(|v| redact_secrets(v)).unwrap_or_default().into()
    };
    LogFields {
        code: redact_secrets(&d.code).into(),
        reference: String::new(),
        category: d.entry.category.as_str(),
        error: redacted(d.error.as_ref()),
        inner_code: redacted(d.inner_code.as_ref()),
        connection_name: report.connection_name.as_deref().unwrap_or_default().into(),
        locale: report.locale.as_str(),
        trace_id: redacted(
            d.trace
                .trace_id
                .as_ref()
                .or(d.trace.correlation_id.as_ref()),
        ),
    }
}

/// The page event, reference and time aside (filled per request).
fn page_event(report: &ErrorReport) -> PageEvent {
    let d = &report.diagnosis;
    PageEvent {
        reference: String::new(),
        time: String::new(),
        category: d.entry.category.as_str(),
        code: d.code.clone(),
        recognised: d.recognised,
        provider_family: d.entry.family.clone(),
        connection_name: report.connection_name.clone(),
        description: d.description.clone(),
    }
}
