//! `/ui-handlers/connect/callback/error`: query (or form body) -> diagnosis -> page.

use actix_web::body::MessageBody;
use actix_web::http::{ConnectionType, Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, Resource, web};
use askama::Template;
use futures_util::StreamExt;

use super::cors;
use super::locale::RequestLocale;
use super::negotiate::prefers_json;
use super::page::{self, Source};
use crate::diagnosis::CallbackQuery;
use crate::i18n::Locale;
use crate::proxy::TrustedProxies;
use crate::state::{AppState, State};
use crate::views::{MessagePage, PageFrame};

pub use crate::paths::CALLBACK_ERROR_PATH;
/// Queries and form bodies up to this size are read; longer ones get a clear 414 or 413.
pub const MAX_QUERY_BYTES: usize = 16 * 1024;

pub fn resource() -> Resource {
    web::resource(CALLBACK_ERROR_PATH)
        .route(web::get().to(show))
        .route(web::head().to(show))
        .route(web::post().to(show_form_post))
        .route(web::method(Method::OPTIONS).to(preflight))
        .default_service(web::to(method_not_allowed))
}

async fn show(req: HttpRequest, state: State, locale: RequestLocale) -> HttpResponse {
    if req.query_string().len() > MAX_QUERY_BYTES {
        return too_long(&req, &state, locale, StatusCode::URI_TOO_LONG);
    }
    page::respond(&req, &state, locale, Source::Query)
}

/// `response_mode=form_post`: the same parameters arrive as a form body.
async fn show_form_post(
    req: HttpRequest,
    body: web::Payload,
    state: State,
    locale: RequestLocale,
) -> HttpResponse {
    if req.query_string().len() > MAX_QUERY_BYTES {
        return too_long(&req, &state, locale, StatusCode::URI_TOO_LONG);
    }
    // A total deadline, so a body sent one byte at a time cannot hold the connection.
    let deadline = state.settings.limits.body_timeout;
    let body = match tokio::time::timeout(deadline, read_limited(body, MAX_QUERY_BYTES)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(status)) => return too_long(&req, &state, locale, status),
        Err(_elapsed) => return timed_out(&req, &state, locale),
    };
    let mut query = CallbackQuery::parse(req.query_string().as_bytes());
    query.merge_missing(CallbackQuery::parse(&body));
    let locale = RequestLocale::with_form(&req, &body);
    page::respond(&req, &state, locale, Source::Form(Box::new(query)))
}

/// Reads at most `limit` bytes; a longer body is refused without reading the rest.
async fn read_limited(mut body: web::Payload, limit: usize) -> Result<web::BytesMut, StatusCode> {
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|_| StatusCode::BAD_REQUEST)?;
        if bytes.len() + chunk.len() > limit {
            return Err(StatusCode::PAYLOAD_TOO_LARGE);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// This page's address without its query, for the support bundle; shown as text, never
/// used as a link. `Forwarded`/`X-Forwarded-*` count only from a trusted proxy, and only
/// http or https; a host with anything but host characters is not shown.
pub(super) fn page_base(req: &HttpRequest, trusted: &TrustedProxies) -> String {
    let direct_scheme = if req.app_config().secure() {
        "https"
    } else {
        "http"
    };
    let direct_host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or_default()
        .to_owned();
    let from_proxy = req
        .peer_addr()
        .is_some_and(|peer| trusted.contains(peer.ip()));
    let (scheme, host) = if from_proxy {
        let info = req.connection_info();
        let scheme = match info.scheme() {
            "https" => "https",
            "http" => "http",
            _ => direct_scheme,
        };
        (scheme, info.host().to_owned())
    } else {
        (direct_scheme, direct_host)
    };
    let host_chars = |b: u8| b.is_ascii_alphanumeric() || b".-:[]".contains(&b);
    let host = if (1..=255).contains(&host.len()) && host.bytes().all(host_chars) {
        host
    } else {
        "(unknown host)".to_owned()
    };
    format!("{scheme}://{host}{}", req.path())
}

pub(super) fn accept(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
}

pub(super) fn problem_json(status: StatusCode, body: impl MessageBody + 'static) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("application/problem+json")
        .body(body)
}

pub(super) fn html_response(status: StatusCode, html: impl MessageBody + 'static) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html)
}

fn too_long(
    req: &HttpRequest,
    state: &AppState,
    locale: RequestLocale,
    status: StatusCode,
) -> HttpResponse {
    let text = &state.translations.page(locale.0).page;
    if prefers_json(accept(req)) {
        let body = serde_json::json!({
            "type": "about:blank",
            "locale": locale.0.as_str(),
            "title": text.too_long_title,
            "detail": text.too_long_body,
            "status": status.as_u16(),
            "max_bytes": MAX_QUERY_BYTES,
        });
        let mut response = problem_json(status, body.to_string());
        cors::allow_json(req, &state.settings.cors, &mut response);
        return response;
    }
    message_page(
        state,
        locale,
        status,
        &text.too_long_title,
        &text.too_long_body,
    )
}

/// A CORS preflight from an allowed origin; anything else is an OPTIONS we do not answer.
async fn preflight(req: HttpRequest, state: State) -> HttpResponse {
    cors::preflight(&req, &state.settings.cors).unwrap_or_else(|| method_not_allowed_for(&state))
}

/// 408: the form body did not arrive within `[limits] body_timeout_ms`. The connection
/// closes after it, since the rest of the body is never read.
fn timed_out(req: &HttpRequest, state: &AppState, locale: RequestLocale) -> HttpResponse {
    let text = &state.translations.page(locale.0).page;
    let status = StatusCode::REQUEST_TIMEOUT;
    let mut response = if prefers_json(accept(req)) {
        let body = serde_json::json!({
            "type": "about:blank",
            "locale": locale.0.as_str(),
            "title": text.timed_out_title,
            "detail": text.timed_out_body,
            "status": status.as_u16(),
        });
        problem_json(status, body.to_string())
    } else {
        message_page(
            state,
            locale,
            status,
            &text.timed_out_title,
            &text.timed_out_body,
        )
    };
    response
        .head_mut()
        .set_connection_type(ConnectionType::Close);
    response
}

async fn method_not_allowed(state: State) -> HttpResponse {
    method_not_allowed_for(&state)
}

fn method_not_allowed_for(state: &AppState) -> HttpResponse {
    let mut response = message_page(
        state,
        RequestLocale(Locale::En),
        StatusCode::METHOD_NOT_ALLOWED,
        "Method not allowed",
        "This page answers GET, HEAD and POST only.",
    );
    response.headers_mut().insert(
        header::ALLOW,
        header::HeaderValue::from_static("GET, HEAD, POST"),
    );
    response
}

/// A short HTML page with a status, a headline and one paragraph.
pub fn message_page(
    state: &AppState,
    locale: RequestLocale,
    status: StatusCode,
    title: &str,
    body: &str,
) -> HttpResponse {
    let page = MessagePage {
        frame: PageFrame::new(locale.0, &state.settings),
        title,
        body,
    };
    html_response(status, page.render().unwrap_or_else(|_| body.to_owned()))
}
