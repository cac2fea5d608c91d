//! CORS for the JSON variant: the allowed origin is echoed, credentials never are.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};

use crate::config::CorsSettings;

/// How long a browser may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

fn allowed_origin<'r>(req: &'r HttpRequest, cors: &CorsSettings) -> Option<&'r str> {
    let origin = req.headers().get(header::ORIGIN)?.to_str().ok()?;
    cors.allowed(origin)
}

/// Lets an allowed origin read this JSON response. Responses differ by origin, so
/// caches are told, whenever CORS is on.
pub fn allow_json(req: &HttpRequest, cors: &CorsSettings, response: &mut HttpResponse) {
    if !cors.is_enabled() {
        return;
    }
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = allowed_origin(req, cors).and_then(|o| HeaderValue::from_str(o).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
}

/// The answer to a preflight for GET or HEAD from an allowed origin; `None` otherwise.
pub fn preflight(req: &HttpRequest, cors: &CorsSettings) -> Option<HttpResponse> {
    let origin = allowed_origin(req, cors)?;
    let method = req
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)?
        .to_str()
        .ok()?;
    if !matches!(method, "GET" | "HEAD") {
        return None;
    }
    Some(
        HttpResponse::NoContent()
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin))
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD"))
            .insert_header((
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "Accept, Accept-Language",
            ))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE))
            .insert_header((header::VARY, "Origin"))
            .finish(),
    )
}
