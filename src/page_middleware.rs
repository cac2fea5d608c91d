//! What wraps the page's own routes, in the stand-alone server and in a host app alike:
//! the security headers and one access-log line (and timing metric) per request.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use actix_web::dev::{Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{Error, web};

use crate::metrics::Metrics;
use crate::routes::{self, LogFields};
use crate::state::LiveState;

/// The access log's target since before the page could be embedded, so existing
/// `RUST_LOG` filters keep working.
const ACCESS_LOG: &str = "connect_error_page::startup";

const FIXED_HEADERS: [(HeaderName, &str); 4] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
    (header::CACHE_CONTROL, "no-store"),
    (header::X_FRAME_OPTIONS, "DENY"),
];

/// Calls the route, then times it, logs it and adds the headers a route did not set.
/// The policy comes from the state current when the response is ready, so a reload that
/// changes the logo's origin changes `img-src` with it. Without `own_default`, a request
/// no route of the page matched is the host's: passed through untouched.
pub(crate) fn wrap_page<S, B>(
    live: &web::Data<LiveState>,
    metrics: &Arc<Metrics>,
    own_default: bool,
    req: ServiceRequest,
    srv: &S,
) -> impl Future<Output = Result<ServiceResponse<B>, Error>> + use<S, B>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
{
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let route = req.match_pattern();
    let ours = own_default || route.is_some();
    let route = route.unwrap_or_else(|| "unmatched".into());
    let live = live.clone();
    let metrics = metrics.clone();
    let call = srv.call(req);
    async move {
        let mut response = call.await?;
        if !ours {
            return Ok(response);
        }
        let headers = response.headers_mut();
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            headers.insert(header::CONTENT_SECURITY_POLICY, live.peek().csp.clone());
        }
        for (name, value) in FIXED_HEADERS {
            if !headers.contains_key(&name) {
                headers.insert(name, HeaderValue::from_static(value));
            }
        }
        metrics.observe_request(
            &route,
            response.status().as_u16(),
            started.elapsed().as_secs_f64(),
        );
        log_request(&method, &path, &response, started);
        Ok(response)
    }
}

/// `loggable_path` of the error page's path, worked out once: nearly every line has it.
fn logged_path(path: &str) -> std::borrow::Cow<'static, str> {
    static PAGE: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| crate::logging::loggable_path(routes::CALLBACK_ERROR_PATH));
    if path == routes::CALLBACK_ERROR_PATH {
        std::borrow::Cow::Borrowed(PAGE.as_str())
    } else {
        std::borrow::Cow::Owned(crate::logging::loggable_path(path))
    }
}

/// One line per request: method, path without the query, status, latency, and for the
/// error page what support needs to trace a reference (see `LogFields`). Public for the
/// framework-ceiling server in `benches/ceiling.rs`, which must log the very same line.
pub fn log_request<B>(
    method: &actix_web::http::Method,
    path: &str,
    response: &actix_web::dev::ServiceResponse<B>,
    started: Instant,
) {
    let path = logged_path(path);
    let path = &*path;
    let status = response.status().as_u16();
    let latency_ms = (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    let extensions = response.response().extensions();
    let Some(f) = extensions.get::<LogFields>() else {
        log::info!(
            target: ACCESS_LOG,
            method = method.as_str(), path = path, status = status, latency_ms = latency_ms,
            code = "-", reference = "-";
            "{method} {path} {status} {latency_ms:.2}ms code=\"-\" reference=-"
        );
        return;
    };
    // The fields again as key-values, so LOG_FORMAT=json gets them as JSON keys.
    log::info!(
        target: ACCESS_LOG,
        method = method.as_str(), path = path, status = status, latency_ms = latency_ms,
        code = &*f.code, reference = f.reference.as_str(), category = f.category,
        error = &*f.error, inner_code = &*f.inner_code,
        connection_name = &*f.connection_name, locale = f.locale,
        trace_id = &*f.trace_id;
        "{method} {path} {status} {latency_ms:.2}ms code={:?} reference={} category={} error={:?} inner_code={:?} connection_name={:?} locale={} trace_id={:?}",
        f.code, f.reference, f.category, f.error, f.inner_code, f.connection_name, f.locale, f.trace_id
    );
}
