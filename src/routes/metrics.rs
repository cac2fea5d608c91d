use actix_web::HttpResponse;

use crate::metrics::CONTENT_TYPE;
use crate::state::State;

/// Prometheus scrape endpoint (OpenMetrics text).
pub async fn metrics(state: State) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .body(state.metrics.render())
}
